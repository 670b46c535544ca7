"""Writes of the demonstration exam register (D6): an exam entered or changed by its organisation, participants
added by hand or from an Excel list with their points (the grade follows the set's thresholds), the exam sent
for checking, returned or locked by ЦОПП staff. Every change of the participants recomputes the exam's totals
(`exam_models.summarize`), which the register's rows and statistics read."""
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from copp.accounts.models import User
from copp.core.access import has_capability
from copp.core.audit import audit_record
from copp.core.roles import Cap
from copp.core.workflow import TransitionNotAllowed
from copp.organizations.models import Organization
from copp.resources.models import StaffMember
from copp.resources.models.base import own_organization_ids
from copp.resources.models.staff import CompetencyLevel, StaffKind

from .exam_models import DemoExam, ExamParticipant, ExamStatus, summarize
from .workflow import EXAM

IMPORT_ROWS_MAX = 500


def exam_organizations(actor, exam: DemoExam | None = None):
    """The organisations the actor enters exams for: the own ones; ЦОПП staff checking an exam keep its own."""
    if not has_capability(actor, Cap.DEMO_EXAMS_ENTER):
        return Organization.objects.none()
    rule = Q(pk__in=own_organization_ids(actor))
    if exam is not None and exam.pk and has_capability(actor, Cap.DEMO_EXAMS_CHECK):
        rule |= Q(pk=exam.organization_id)
    return Organization.objects.filter(rule)


def experts_of(competency=None):
    """People of the staff registry with expert status in the competency: the competency among theirs, and the
    category «expert» or the expert level in it (any competency when none is given)."""
    expert = Q(kind=StaffKind.EXPERT) | Q(competency_levels__level=CompetencyLevel.EXPERT)
    if competency is not None:
        expert = Q(competency_levels__competency=competency) & expert
    return StaffMember.objects.filter(expert, is_active=True).distinct()


def can_edit(actor, exam: DemoExam) -> bool:
    """The exam's organisation changes it while it is being entered; ЦОПП staff also while they check it."""
    if exam.is_locked:
        return False
    if has_capability(actor, Cap.DEMO_EXAMS_CHECK):
        return True
    return (exam.status == ExamStatus.DRAFT
            and Organization.objects.filter(pk=exam.organization_id, pk__in=own_organization_ids(actor)).exists())


def _check_edit(actor, exam: DemoExam) -> None:
    if exam.is_locked:
        raise ValidationError(_("The exam is checked and locked: it can no longer be changed."))
    if not can_edit(actor, exam):
        raise PermissionDenied


def _exam_errors(*, competency, centre, starts_on, ends_on, accredited_until, chief_expert, experts,
                 thresholds, max_points) -> dict:
    errors = {}
    if not centre.is_demo_exam_center:
        errors["centre"] = _("The site is not a demonstration exam centre.")
    elif not centre.competencies.filter(pk=competency.pk).exists():
        errors["centre"] = _("The centre is not equipped for this competency.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The last day is before the first day.")
    if accredited_until < ends_on:
        errors["accredited_until"] = _("The centre's accreditation ends before the exam does.")
    allowed = set(experts_of(competency).values_list("pk", flat=True))
    people = [*experts, *([chief_expert] if chief_expert else [])]
    strangers = [str(p) for p in people if p.pk not in allowed]
    if strangers:
        errors["experts"] = _("Not experts in this competency: %(names)s.") % {"names": ", ".join(strangers)}
    t3, t4, t5 = thresholds
    if not (0 < t3 < t4 < t5 <= max_points):
        errors["threshold_3"] = _("The thresholds must grow from grade 3 to grade 5 and not pass the maximum.")
    return errors


@transaction.atomic
def exam_save(*, actor, exam: DemoExam | None = None, organization, competency, assessment_set: str, level: str,
              centre, accredited_until, starts_on, ends_on, chief_expert=None, experts=(), max_points,
              threshold_3, threshold_4, threshold_5, request=None) -> DemoExam:
    """Enter an exam (it starts «being entered») or change one that is not locked; grades follow new thresholds."""
    if not exam_organizations(actor, exam).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if exam is not None:
        exam = DemoExam.objects.select_for_update().get(pk=exam.pk)
        _check_edit(actor, exam)
    experts = list(experts)
    errors = _exam_errors(competency=competency, centre=centre, starts_on=starts_on, ends_on=ends_on,
                          accredited_until=accredited_until, chief_expert=chief_expert, experts=experts,
                          thresholds=(threshold_3, threshold_4, threshold_5), max_points=max_points)
    if errors:
        raise ValidationError(errors)
    is_new = exam is None
    exam = exam or DemoExam(created_by=actor)
    for name, value in {"organization": organization, "competency": competency,
                        "assessment_set": assessment_set.strip(), "level": level, "centre": centre,
                        "accredited_until": accredited_until, "starts_on": starts_on, "ends_on": ends_on,
                        "chief_expert": chief_expert, "max_points": max_points, "threshold_3": threshold_3,
                        "threshold_4": threshold_4, "threshold_5": threshold_5}.items():
        setattr(exam, name, value)
    if is_new:
        EXAM.move(exam, ExamStatus.DRAFT, actor=actor)
    else:
        exam.save()
        for participant in exam.participants.exclude(points=None):
            _grade(exam, participant)
    summarize([exam.pk])  # new thresholds may have changed the grades; the region's groups count a new exam
    exam.experts.set(experts)
    audit_record(actor=actor, action="demo_exam.create" if is_new else "demo_exam.update", obj=exam,
                 request=request)
    return exam


def _grade(exam: DemoExam, participant: ExamParticipant) -> None:
    grade = exam.grade_for(participant.points) if participant.points is not None else None
    if grade != participant.grade:
        participant.grade = grade
        participant.save(update_fields=["grade", "updated_at"])


def _points(exam: DemoExam, value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        points = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        raise ValidationError({"points": _("Enter the points as a number, for example 63.5.")}) from None
    if points < 0 or points > exam.max_points:
        raise ValidationError({"points": _("Points are from 0 to %(max)s.") % {"max": exam.max_points}})
    return points


@transaction.atomic
def participant_add(*, actor, exam: DemoExam, full_name: str, points=None, learner: User | None = None,
                    request=None) -> ExamParticipant:
    """Add a student with the points (the grade follows the thresholds)."""
    participant = _participant_add(actor=actor, exam=exam, full_name=full_name, points=points, learner=learner,
                                   request=request)
    summarize([exam.pk])
    return participant


def _participant_add(*, actor, exam: DemoExam, full_name: str, points, learner: User | None,
                     request) -> ExamParticipant:
    """participant_add without the totals' recomputation, which a list of students does once at its end."""
    exam = DemoExam.objects.select_for_update().get(pk=exam.pk)
    _check_edit(actor, exam)
    full_name = " ".join((full_name or (learner.get_full_name() if learner else "")).split())
    if not full_name:
        raise ValidationError({"full_name": _("Enter the student's full name.")})
    if learner is not None and exam.participants.filter(learner=learner).exists():
        raise ValidationError({"learner": _("This learner is already on the exam's list.")})
    value = _points(exam, points)
    participant = ExamParticipant.objects.create(exam=exam, learner=learner, full_name=full_name, points=value,
                                                 grade=exam.grade_for(value) if value is not None else None)
    audit_record(actor=actor, action="demo_exam.participant_add", obj=exam, request=request,
                 details={"participant": participant.pk})
    return participant


@transaction.atomic
def participant_remove(*, actor, participant: ExamParticipant, request=None) -> None:
    """Take a student off the list of an exam that is not locked (a wrong row or points typed wrong)."""
    exam = DemoExam.objects.select_for_update().get(pk=participant.exam_id)
    _check_edit(actor, exam)
    audit_record(actor=actor, action="demo_exam.participant_remove", obj=exam, request=request,
                 details={"participant": participant.pk, "name": participant.full_name})
    participant.delete()
    summarize([exam.pk])


def participants_import(*, actor, exam: DemoExam, rows, request=None) -> dict:
    """Add a list of students read from Excel: [(row number, (full name, points, e-mail of a platform learner
    or empty))]. Every row is checked first; with any error nothing is added and the errors name their rows."""
    if len(rows) > IMPORT_ROWS_MAX:
        raise ValidationError(_("The list has more than %(n)s rows.") % {"n": IMPORT_ROWS_MAX})
    parsed, errors = [], []
    for number, row in rows:
        name, points, email = (list(row) + [None, None, None])[:3]
        name = " ".join(str(name or "").split())
        learner = None
        if email and str(email).strip():
            learner = User.objects.filter(email__iexact=str(email).strip()).first()
            if learner is None:
                errors.append(_("Row %(n)s: no learner with the e-mail %(email)s.") % {"n": number, "email": email})
                continue
            name = name or " ".join(learner.get_full_name().split())
        if not name:
            errors.append(_("Row %(n)s: the full name is empty.") % {"n": number})
            continue
        try:
            value = _points(exam, points)
        except ValidationError as error:
            errors.append(_("Row %(n)s: %(error)s") % {"n": number, "error": " ".join(error.messages)})
            continue
        parsed.append((name, value, learner))
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_("The list has no students."))
    with transaction.atomic():
        for name, value, learner in parsed:
            _participant_add(actor=actor, exam=exam, full_name=name, points=value, learner=learner, request=request)
        summarize([exam.pk])  # once for the list: it rebuilds the region's statistics groups
    return {"added": len(parsed)}


@transaction.atomic
def exam_move(*, actor, exam: DemoExam, target: str, comment: str = "", request=None) -> DemoExam:
    """Send for checking (the organisation), return for corrections or check and lock (ЦОПП staff). An exam is
    sent only with participants, and locked only when every participant has points."""
    exam = DemoExam.objects.select_for_update().get(pk=exam.pk)
    if not DemoExam.objects.visible_to(actor).filter(pk=exam.pk).exists():
        raise PermissionDenied
    if target in (ExamStatus.SUBMITTED, ExamStatus.FINISHED):
        if not exam.participants.exists():
            raise ValidationError(_("Add the participants first."))
        if exam.participants.filter(points=None).exists():
            raise ValidationError(_("Enter the points of every participant first."))
    if target == ExamStatus.DRAFT and not comment.strip():
        raise ValidationError({"comment": _("Say what to correct.")})
    source = exam.status
    exam.status_comment = comment.strip()
    try:
        EXAM.move(exam, target, actor=actor, comment=comment.strip(), update_fields=["status_comment"])
    except TransitionNotAllowed as error:
        raise ValidationError(str(error)) from None
    audit_record(actor=actor, action="demo_exam.status_changed", obj=exam, request=request,
                 details={"from": source, "to": target, "comment": comment})
    return exam
