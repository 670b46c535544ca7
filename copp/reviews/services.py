"""Writes of the review engine (M15): a subject sent to review opens a round; experts are assigned (never from
the author organisation), score, comment and give verdicts; the chairperson decides the round and the subject's
own service hears of it. Each write atomic and audited; letters go through the outbox on commit."""
import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.access import has_capability
from copp.core.audit import audit_record
from copp.core.roles import Cap
from copp.resources.models import CompetencyLevel, StaffCompetency, StaffMember

from . import notifications, registry
from .models import (
    Assignment,
    Comment,
    CriteriaSet,
    Decision,
    Expert,
    Review,
    ReviewStatus,
    Round,
    RoundStatus,
    Score,
)
from .selectors import expert_organization_ids
from .workflow import DECISION_STATUS, REVIEW_WORKFLOW

DEFAULT_DAYS = 14


@transaction.atomic
def review_submit(*, actor, kind_key: str, object_id: int, request=None) -> Round:
    """The authors send the subject to review: the subject's service freezes a version (its rules must hold),
    and a new round opens with the previous round's experts and its openness."""
    kind = registry.get(kind_key)
    subject = kind.editable_by(actor).filter(pk=object_id).first()
    if subject is None:
        raise PermissionDenied
    criteria_set = CriteriaSet.objects.filter(kind=kind.key, is_active=True).order_by("pk").first()
    if criteria_set is None:
        raise ValidationError(_("No criteria set is configured for this kind of review: ask the administrator."))
    version_ref, version_label = kind.submit(actor, subject, request)
    review = Review.objects.select_for_update().filter(kind=kind.key, object_id=subject.pk).first()
    if review is None:
        review = Review.objects.create(kind=kind.key, object_id=subject.pk, title=kind.title(subject),
                                       organization_id=kind.organization_id(subject), criteria_set=criteria_set)
        previous = None
    else:
        if review.rounds.filter(status=RoundStatus.OPEN).exists():
            raise ValidationError(_("The review already has a round in progress."))
        review.title = kind.title(subject)
        REVIEW_WORKFLOW.move(review, ReviewStatus.IN_REVIEW, actor=actor, update_fields=["title"])
        previous = review.rounds.order_by("-number").first()
    round_ = Round.objects.create(
        review=review, number=(previous.number + 1) if previous else 1, version_ref=version_ref,
        version_label=version_label, is_blind=previous.is_blind if previous else False,
        due_on=timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS), submitted_by=actor)
    if previous is not None:
        for assignment in previous.assignments.select_related("expert__staff").filter(expert__is_active=True):
            Assignment.objects.create(round=round_, expert=assignment.expert, assigned_by=actor)
            notifications.tell_assigned(round_, assignment.expert, request)
    audit_record(actor=actor, action="review.submitted", obj=review,
                 details={"round": round_.number, "version": version_label}, request=request)
    return round_


def _manage(actor) -> None:
    if not has_capability(actor, Cap.REVIEWS_MANAGE):
        raise PermissionDenied


def _open_round(round_: Round) -> Round:
    locked = Round.objects.select_for_update().select_related("review").get(pk=round_.pk)
    if locked.status != RoundStatus.OPEN:
        raise ValidationError(_("The round is already decided."))
    return locked


@transaction.atomic
def expert_assign(*, actor, round_: Round, expert: Expert, request=None) -> Assignment:
    """Assign an expert to an open round. An expert of the author organisation is refused (conflict of
    interest); assigning the same expert twice changes nothing."""
    _manage(actor)
    locked = _open_round(round_)
    if not expert.is_active or not expert.staff.user_id:
        raise ValidationError(_("This expert cannot be assigned: the record is inactive or has no account."))
    if locked.review.organization_id in expert_organization_ids(expert):
        raise ValidationError(_("Conflict of interest: %(name)s belongs to the organisation that wrote the "
                                "program and cannot review it.") % {"name": expert.staff.full_name})
    existing = locked.assignments.filter(expert=expert).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(round=locked, expert=expert, assigned_by=actor)
    except IntegrityError:  # a parallel double click got there first
        return locked.assignments.get(expert=expert)
    audit_record(actor=actor, action="review.expert_assigned", obj=locked.review,
                 details={"round": locked.number, "expert": expert.pk}, request=request)
    notifications.tell_assigned(locked, expert, request)
    return assignment


@transaction.atomic
def expert_unassign(*, actor, assignment: Assignment, request=None) -> None:
    """Take an expert off an open round before they give a verdict."""
    _manage(actor)
    _open_round(assignment.round)
    if assignment.verdict:
        raise ValidationError(_("The expert has already given a verdict."))
    assignment.delete()
    audit_record(actor=actor, action="review.expert_unassigned", obj=assignment.round.review,
                 details={"expert": assignment.expert_id}, request=request)


@transaction.atomic
def round_settings_save(*, actor, round_: Round, due_on: datetime.date, is_blind: bool, request=None) -> Round:
    """The due date and whether the authors see the experts' names."""
    _manage(actor)
    locked = _open_round(round_)
    if due_on < timezone.localdate():
        raise ValidationError(_("The due date cannot be in the past."))
    locked.due_on, locked.is_blind = due_on, is_blind
    locked.save(update_fields=["due_on", "is_blind"])
    return locked


def _own_assignment(actor, assignment: Assignment) -> Assignment:
    locked = Assignment.objects.select_for_update().select_related("round__review", "expert__staff").get(
        pk=assignment.pk)
    if locked.expert.staff.user_id != actor.pk:
        raise PermissionDenied
    _open_round(locked.round)
    return locked


@transaction.atomic
def scorecard_save(*, actor, assignment: Assignment, scores: dict[int, tuple[int, str]], verdict: str = "",
                   conclusion: str = "", request=None) -> Assignment:
    """Save the expert's scores (criterion id -> (score, comment)) and, when given, the verdict. Every criterion
    of the set gets a score within its scale; a score below the criterion's threshold needs a comment; a
    verdict other than «approve» needs a conclusion. Errors: field -> message; nothing is saved."""
    locked = _own_assignment(actor, assignment)
    criteria = list(locked.round.review.criteria_set.criteria.all())
    errors = {}
    for criterion in criteria:
        value, comment = scores.get(criterion.pk, (None, ""))
        if value is None:
            if verdict:
                errors[f"score-{criterion.pk}"] = _("Score the criterion «%(title)s».") % {"title": criterion.title}
            continue
        if not 1 <= value <= criterion.scale_max:
            errors[f"score-{criterion.pk}"] = _("A score from 1 to %(max)d.") % {"max": criterion.scale_max}
        elif value < criterion.comment_below and not comment.strip():
            errors[f"comment-{criterion.pk}"] = _("Explain a score below %(n)d for «%(title)s».") % {
                "n": criterion.comment_below, "title": criterion.title}
    if verdict and verdict not in Decision.values:
        errors["verdict"] = _("Choose a verdict.")
    elif verdict in (Decision.REVISE, Decision.REJECT) and not conclusion.strip():
        errors["conclusion"] = _("Write what the authors should change or why the program is rejected.")
    if errors:
        raise ValidationError(errors)
    for criterion in criteria:
        value, comment = scores.get(criterion.pk, (None, ""))
        if value is None:
            continue
        Score.objects.update_or_create(assignment=locked, criterion=criterion,
                                       defaults={"value": value, "comment": comment.strip()})
    locked.conclusion = conclusion.strip()
    fields = ["conclusion"]
    if verdict:
        locked.verdict, locked.verdict_at = verdict, timezone.now()
        fields += ["verdict", "verdict_at"]
    locked.save(update_fields=fields)
    audit_record(actor=actor, action="review.scored", obj=locked.round.review,
                 details={"round": locked.round.number, "verdict": verdict}, request=request)
    return locked


@transaction.atomic
def comment_add(*, actor, assignment: Assignment, anchor: str, text: str, request=None) -> Comment:
    """A remark anchored to a section or module of the reviewed version."""
    locked = _own_assignment(actor, assignment)
    kind = registry.get(locked.round.review.kind)
    sections = dict(kind.sections(locked.round.version_ref))
    if anchor not in sections:
        raise ValidationError({"anchor": _("Choose the section the remark is about.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the remark.")})
    # A repeated submission of the same remark adds nothing.
    existing = locked.comments.filter(anchor=anchor, text=text.strip()).first()
    if existing is not None:
        return existing
    return Comment.objects.create(assignment=locked, anchor=anchor, anchor_label=sections[anchor], text=text.strip())


@transaction.atomic
def round_decide(*, actor, round_: Round, decision: str, comment: str = "", publish: bool = False,
                 request=None) -> Round:
    """The chairperson's decision once every assigned expert has given a verdict; the subject's own service
    hears it (an approved program version may be published at once), and the authors get a letter."""
    _manage(actor)
    locked = _open_round(round_)
    if decision not in Decision.values:
        raise ValidationError(_("Choose a decision."))
    verdicts = list(locked.assignments.values_list("verdict", flat=True))
    if not verdicts:
        raise ValidationError(_("Assign at least one expert before deciding."))
    if "" in verdicts:
        raise ValidationError(_("Not every expert has given a verdict yet."))
    if decision != Decision.APPROVE and not comment.strip():
        raise ValidationError(_("Explain the decision to the authors."))
    review = Review.objects.select_for_update().get(pk=locked.review_id)
    kind = registry.get(review.kind)
    locked.status, locked.decision, locked.decision_comment = RoundStatus.DECIDED, decision, comment.strip()
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.save(update_fields=["status", "decision", "decision_comment", "decided_by", "decided_at"])
    review.chair = actor
    REVIEW_WORKFLOW.move(review, DECISION_STATUS[decision], actor=actor, comment=comment, update_fields=["chair"])
    kind.decided(actor, locked.version_ref, decision, comment, publish and kind.can_publish, request)
    audit_record(actor=actor, action="review.decided", obj=review,
                 details={"round": locked.number, "decision": decision, "publish": publish}, request=request)
    notifications.tell_decided(locked, request)
    return locked


def reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the experts whose open round is due within two days or overdue, once a day each."""
    today = today or timezone.localdate()
    due = (Assignment.objects.filter(round__status=RoundStatus.OPEN, verdict="",
                                     round__due_on__lte=today + datetime.timedelta(days=2))
           .exclude(reminded_at__date__gte=today).select_related("round__review", "expert__staff__user"))
    sent = 0
    for assignment in due:
        with transaction.atomic():
            notifications.tell_reminder(assignment, today)
            assignment.reminded_at = timezone.now()
            assignment.save(update_fields=["reminded_at"])
            sent += 1
    return sent


@transaction.atomic
def expert_set(*, actor, staff, is_expert: bool, competencies=(), note: str = "", request=None) -> Expert | None:
    """ЦОПП staff mark a person of the staff registry as an expert with the competencies they review, or unmark
    them. An expert signs in to score programs, so a person without an account is refused; the competencies
    become the staff record's (levels already recorded stay, new ones at the expert level, others removed).
    Unmarking keeps the record (and past rounds) but the person is offered to no new round."""
    if not has_capability(actor, Cap.REVIEWS_MANAGE):
        raise PermissionDenied
    staff = StaffMember.objects.select_for_update().get(pk=staff.pk)
    expert = Expert.objects.filter(staff=staff).first()
    if is_expert:
        if not staff.user_id:
            raise ValidationError(_("%(name)s has no account on the platform: an expert signs in to score "
                                    "programs. Link the staff record to an account first.")
                                  % {"name": staff.full_name})
        wanted = {c.pk for c in competencies}
        staff.competency_levels.exclude(competency_id__in=wanted).delete()
        have = set(staff.competency_levels.values_list("competency_id", flat=True))
        StaffCompetency.objects.bulk_create([StaffCompetency(staff=staff, competency_id=pk,
                                                             level=CompetencyLevel.EXPERT)
                                             for pk in sorted(wanted - have)])
        if expert is None:
            expert = Expert.objects.create(staff=staff, note=note.strip())
        else:
            expert.is_active, expert.note = True, note.strip()
            expert.save(update_fields=["is_active", "note", "updated_at"])
        action = "review.expert_marked"
    else:
        if expert is None or not expert.is_active:
            return expert
        expert.is_active = False
        expert.note = note.strip() or expert.note
        expert.save(update_fields=["is_active", "note", "updated_at"])
        action = "review.expert_unmarked"
    audit_record(actor=actor, action=action, obj=expert, request=request,
                 details={"staff": staff.pk, "competencies": sorted(c.pk for c in competencies)})
    return expert
