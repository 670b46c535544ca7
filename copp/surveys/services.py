"""Writes of the surveys app: building a questionnaire, opening and closing it, taking answers (one per person,
anonymous ones unlinked), scoring career tests, inviting and reminding the audience (M26, M9)."""
import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.core.workflow import TransitionNotAllowed

from . import notifications, scoring, selectors
from .answering import Filled
from .models import (
    Answer,
    Audience,
    Draft,
    Invitation,
    Participation,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
    SurveyKind,
    SurveyStatus,
)
from .presets import TEMPLATES
from .workflow import SURVEY

logger = logging.getLogger(__name__)


class SurveyRefused(Exception):
    """An answer or a change the rules refuse; the message is for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def closed_reason(survey: Survey, now: datetime.datetime | None = None) -> str:
    """Why the survey takes no answers now, or "" when it does."""
    now = now or timezone.now()
    if survey.status == SurveyStatus.DRAFT:
        return _("The survey has not been opened yet.")
    if survey.status == SurveyStatus.CLOSED or (survey.closes_at and survey.closes_at <= now):
        return _("The survey is closed: answers are no longer accepted.")
    return ""


def _questions(survey: Survey) -> list[Question]:
    return list(survey.questions.select_related("section").order_by("section__order", "order", "pk"))


def survey_questions(survey: Survey) -> list[Question]:
    """The questions in the order they are asked: by section, then by their own order."""
    return _questions(survey)


def response_submit(*, survey: Survey, user, filled: Filled) -> Response:
    """Store one filled questionnaire. Refused when the survey is closed, the person is not in its audience or
    has answered already (two submissions at once leave one response: the participation row is unique and
    locked). An anonymous survey's response holds no user; a scored test gets its points and types."""
    reason = closed_reason(survey)
    if reason:
        raise SurveyRefused(reason)
    if not selectors.may_answer(survey, user):
        raise SurveyRefused(_("This survey is meant for other people."))
    if filled.errors:
        raise SurveyRefused(_("Please correct the errors"))
    signed_in = getattr(user, "is_authenticated", False)
    now = timezone.now()
    with transaction.atomic():
        if signed_in:
            _take_part(survey, user, now)
        context = selectors.context_of(survey, user if signed_in else None)
        response = Response.objects.create(
            survey=survey, user=user if signed_in and not survey.is_anonymous else None, submitted_at=now,
            group=context["group"], program=context["program"], organization=context["organization"])
        for question_id, value in filled.values.items():
            # An upload is named by its checked content (GeneratedName), never by the sender's file name.
            Answer.objects.create(response=response, question_id=question_id, value=value,
                                  file=filled.files.get(question_id) or "")
        if survey.instrument:
            points = scoring.score(survey, filled.values)
            response.scores = points
            response.result_types = scoring.leading_types(survey.instrument, points)
            response.save(update_fields=["scores", "result_types"])
        if signed_in:
            Draft.objects.filter(survey=survey, user=user).delete()
    return response


def _take_part(survey: Survey, user, now) -> None:
    """Mark that the person answered; a second answer to a survey without repeats is refused. The row is made
    inside a savepoint, so of two concurrent first answers the second waits on the unique index and fails."""
    if survey.allow_repeat:
        updated = Participation.objects.filter(survey=survey, user=user).update(times=F("times") + 1, last_at=now)
        if updated:
            return
    try:
        with transaction.atomic():
            Participation.objects.create(survey=survey, user=user, last_at=now)
    except IntegrityError:
        if survey.allow_repeat:
            Participation.objects.filter(survey=survey, user=user).update(times=F("times") + 1, last_at=now)
            return
        raise SurveyRefused(_("You have already answered this survey. Thank you!")) from None


def draft_save(*, survey: Survey, user, filled: Filled) -> Draft:
    """Keep the answers given so far to continue later (files are attached on submission)."""
    reason = closed_reason(survey)
    if reason:
        raise SurveyRefused(reason)
    if not selectors.may_answer(survey, user):
        raise SurveyRefused(_("This survey is meant for other people."))
    data = {str(question_id): value for question_id, value in filled.values.items()
            if question_id not in filled.files}
    draft, _created = Draft.objects.update_or_create(survey=survey, user=user, defaults={"data": data})
    return draft


def results_claim(*, user, keys) -> int:
    """Attach a visitor's career-test results (by the keys kept in the session) to the account they signed
    up or in with; a key works once."""
    keys = [key for key in keys if key]
    if not keys or not getattr(user, "is_authenticated", False):
        return 0
    with transaction.atomic():
        claimed = list(Response.objects.select_for_update().filter(
            result_key__in=keys, user__isnull=True, survey__kind=SurveyKind.CAREER_TEST))
        now = timezone.now()
        for response in claimed:
            response.user = user
            response.save(update_fields=["user"])
            _take_part(response.survey, user, now)
    return len(claimed)


# --- Building -----------------------------------------------------------------------------------------------

def _check_audience(survey: Survey, actor) -> None:
    """A partner targets only what is their own: their groups, programs and events."""
    from copp.core.access import has_capability
    from copp.core.roles import Cap

    if has_capability(actor, Cap.SURVEYS_ALL):
        return
    own = selectors.own_organization_ids(actor)
    if survey.audience_group_id and not survey.audience_group.__class__.objects.filter(
            pk=survey.audience_group_id, provider__in=own).exists():
        raise SurveyRefused(_("Choose a group of your own organisation."))
    if survey.audience_program_id and not survey.audience_program.__class__.objects.filter(
            pk=survey.audience_program_id, provider__in=own).exists():
        raise SurveyRefused(_("Choose a program of your own organisation."))
    if survey.audience_event_id and not survey.audience_event.__class__.objects.filter(
            pk=survey.audience_event_id, organizer__in=own).exists():
        raise SurveyRefused(_("Choose an event of your own organisation."))
    if survey.audience in (Audience.ROLE, Audience.CONTACTS):
        raise SurveyRefused(_("Only CoPP staff send surveys to a whole role or to organisations' contacts."))


def survey_save(*, actor, survey: Survey, organization=None, organizations=None) -> Survey:
    """Create or change a survey's settings (its audience checked against what the actor owns). `organizations`
    are the organisations whose contacts answer (kept only for that audience); None leaves them as they are."""
    creating = survey.pk is None
    _check_audience(survey, actor)
    with transaction.atomic():
        if creating:
            survey.created_by = actor
            survey.owner_organization = organization
            SURVEY.move(survey, SurveyStatus.DRAFT, actor=actor)
        else:
            survey.save()
        if organizations is not None or survey.audience != Audience.CONTACTS:
            survey.audience_organizations.set(list(organizations or ()) if survey.audience == Audience.CONTACTS
                                              else [])
        audit_record(actor=actor, action="surveys.created" if creating else "surveys.changed", obj=survey)
    return survey


def question_save(*, actor, question: Question) -> Question:
    """Add or change a question; a condition may point only to an earlier question of the same survey."""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING) and \
            len(question.choices) < 2:
        raise SurveyRefused(_("Give at least two options, one per line."))
    if question.kind == QuestionKind.MATRIX and not question.rows:
        raise SurveyRefused(_("Give the lines of the matrix, one per line."))
    if question.survey.responses.exists():
        raise SurveyRefused(_("The survey already has answers: its questions can no longer be changed."))
    with transaction.atomic():
        if question.pk is None:
            question.order = (question.survey.questions.order_by("-order").values_list("order", flat=True).first()
                              or 0) + 1
        if question.show_if_question_id:
            source = question.show_if_question
            if source.survey_id != question.survey_id or source.pk == question.pk or (
                    source.order >= question.order):
                raise SurveyRefused(_("A condition may depend only on an earlier question of this survey."))
        question.save()
        audit_record(actor=actor, action="surveys.question_saved", obj=question.survey,
                     details={"question": question.pk})
    return question


def question_delete(*, actor, question: Question) -> None:
    if question.survey.responses.exists():
        raise SurveyRefused(_("The survey already has answers: its questions can no longer be changed."))
    with transaction.atomic():
        audit_record(actor=actor, action="surveys.question_deleted", obj=question.survey,
                     details={"question": question.pk, "text": question.text})
        question.delete()


def section_add(*, actor, survey: Survey, title: str, show_if_question=None, show_if_value: str = "") -> Section:
    order = (survey.sections.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    return section_save(actor=actor, section=Section(survey=survey, title=title, order=order),
                        show_if_question=show_if_question, show_if_value=show_if_value)


def section_save(*, actor, section: Section, show_if_question=None, show_if_value: str = "") -> Section:
    """Add or change a section with its condition (shown only when an earlier question has the answer): the
    question must be of the same survey and not inside the section itself, and for a choice question the answer
    must be one of its options. A survey with answers keeps its sections as they are."""
    survey = section.survey
    if survey.responses.exists():
        raise SurveyRefused(_("The survey already has answers: its questions can no longer be changed."))
    value = (show_if_value or "").strip()[:300]
    if show_if_question is not None:
        if show_if_question.survey_id != survey.pk:
            raise SurveyRefused(_("The condition must be a question of the same survey."))
        if section.pk and show_if_question.section_id == section.pk:
            raise SurveyRefused(_("A section cannot depend on a question inside it."))
        if not value:
            raise SurveyRefused(_("Enter the answer that shows this section."))
        if show_if_question.choices and value not in show_if_question.choices:
            raise SurveyRefused(_("The answer must be one of the question's options: %(options)s.")
                                % {"options": ", ".join(show_if_question.choices)})
    section.show_if_question = show_if_question
    section.show_if_value = value if show_if_question is not None else ""
    with transaction.atomic():
        created = section.pk is None
        section.save()
        audit_record(actor=actor, action="surveys.section_added" if created else "surveys.section_changed",
                     obj=survey, details={"section": section.pk, "show_if_question": section.show_if_question_id,
                                          "show_if_value": section.show_if_value})
    return section


def survey_move(*, actor, survey: Survey, target: str, by_platform: bool = False) -> Survey:
    """Open or close a survey through the TRANSITIONS table; an empty survey is not opened."""
    if target == SurveyStatus.OPEN and not survey.questions.exists():
        raise SurveyRefused(_("Add at least one question before opening the survey."))
    if target == SurveyStatus.OPEN and survey.closes_at and survey.closes_at <= timezone.now():
        raise SurveyRefused(_("Set a deadline in the future before opening the survey again."))
    try:
        with transaction.atomic():
            if target == SurveyStatus.OPEN and not survey.opens_at:
                survey.opens_at = timezone.now()
            SURVEY.move(survey, target, actor=actor, by_platform=by_platform, update_fields=["opens_at"])
            audit_record(actor=actor, action=f"surveys.{target}", obj=survey)
    except TransitionNotAllowed as refused:
        raise SurveyRefused(str(refused)) from None
    return survey


def survey_from_template(*, actor, code: str, organization=None, open_now: bool = False, **audience) -> Survey:
    """A new survey from a ready template (satisfaction after a program or an event, employer satisfaction,
    teacher feedback), with its questions; opened at once when a scheduled job launches it."""
    template = TEMPLATES[code]
    survey = Survey(title=template["title"], description=template["description"], template=code,
                    is_anonymous=template.get("anonymous", True), audience=template["audience"],
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                    owner_organization=organization, **audience)
    if "closes_in_days" in template:
        survey.closes_at = timezone.now() + datetime.timedelta(days=template["closes_in_days"])
    with transaction.atomic():
        if open_now:
            survey.opens_at = timezone.now()
            SURVEY.move(survey, SurveyStatus.OPEN, actor=actor, by_platform=True)
        else:
            SURVEY.move(survey, SurveyStatus.DRAFT, actor=actor)
        for order, spec in enumerate(template["questions"], start=1):
            Question.objects.create(survey=survey, order=order, kind=spec["kind"], text=spec["text"],
                                    choices=spec.get("choices", []), rows=spec.get("rows", []),
                                    required=spec.get("required", True))
        audit_record(actor=actor, action="surveys.created", obj=survey, details={"template": code})
    return survey


# --- Scheduled jobs ------------------------------------------------------------------------------------------

def invitations_send(survey: Survey, now=None) -> int:
    """Invite everyone of an open targeted survey's audience not invited yet (one letter each)."""
    now = now or timezone.now()
    if survey.status != SurveyStatus.OPEN or survey.audience == Audience.PUBLIC:
        return 0
    people = list(selectors.audience_users(survey).exclude(survey_invitations__survey=survey)
                  .exclude(survey_participations__survey=survey))
    for person in people:
        with transaction.atomic():
            _created = Invitation.objects.get_or_create(survey=survey, user=person, defaults={"sent_at": now})[1]
            if _created:
                notifications.invite(survey, person)
    return len(people)


def reminders_send(survey: Survey, now=None) -> int:
    """Remind those invited who have not answered, once the pause since the last letter is over, at most
    `max_reminders` times."""
    now = now or timezone.now()
    if survey.status != SurveyStatus.OPEN:
        return 0
    pause = datetime.timedelta(days=survey.remind_after_days)
    due = (Invitation.objects.filter(survey=survey, reminders__lt=survey.max_reminders)
           .exclude(user__survey_participations__survey=survey).select_related("user"))
    sent = 0
    for invitation in due:
        last = invitation.reminded_at or invitation.sent_at
        if last + pause > now:
            continue
        with transaction.atomic():
            updated = Invitation.objects.filter(pk=invitation.pk, reminders=invitation.reminders).update(
                reminders=F("reminders") + 1, reminded_at=now)
            if updated:  # a second worker reminding at once changes nothing
                notifications.remind(survey, invitation.user)
                sent += 1
    return sent


def surveys_close_due(now=None) -> int:
    """Close the open surveys whose deadline has passed."""
    now = now or timezone.now()
    closed = 0
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, closes_at__lte=now):
        survey_move(actor=None, survey=survey, target=SurveyStatus.CLOSED, by_platform=True)
        closed += 1
    return closed


def surveys_launch_due(now=None) -> int:
    """Launch the satisfaction surveys the platform sends by itself: after a group completes its program and
    after an event ends (in the last two weeks), each once."""
    from copp.events.models import Event, EventStatus
    from copp.training.models import Group, GroupStatus

    now = now or timezone.now()
    launched = 0
    since = now - datetime.timedelta(days=14)
    groups = (Group.objects.filter(status=GroupStatus.COMPLETED, updated_at__gte=since)
              .exclude(surveys__template="program_satisfaction").select_related("program", "provider"))
    for group in groups:
        survey = survey_from_template(actor=None, code="program_satisfaction", organization=group.provider,
                                      open_now=True, audience_group=group)
        survey.title = f"{survey.title}: {group.program.title} ({group.code})"[:300]
        survey.save(update_fields=["title"])
        launched += 1
    events = (Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__lte=now, ends_at__gte=since)
              .exclude(surveys__template="event_satisfaction").select_related("organizer"))
    for event in events:
        survey = survey_from_template(actor=None, code="event_satisfaction", organization=event.organizer,
                                      open_now=True, audience_event=event)
        survey.title = f"{survey.title}: {event.title}"[:300]
        survey.save(update_fields=["title"])
        launched += 1
    return launched


def surveys_dispatch(now=None) -> dict:
    """The scheduled round: close what is due, launch the automatic surveys, invite and remind."""
    now = now or timezone.now()
    result = {"closed": surveys_close_due(now), "launched": surveys_launch_due(now), "invited": 0, "reminded": 0}
    for survey in Survey.objects.filter(status=SurveyStatus.OPEN, kind=SurveyKind.SURVEY).exclude(
            audience=Audience.PUBLIC):
        result["invited"] += invitations_send(survey, now)
        result["reminded"] += reminders_send(survey, now)
    return result
