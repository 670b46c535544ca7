"""Every write about groups, enrolments and the journal that carries a rule; atomic and audited (M20, D8)."""
import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.accounts.services import InvitationRefused, learner_account_for
from copp.admissions.models import Application, ApplicationKind, ApplicationStatus, Participant
from copp.admissions.services import application_set_status, participant_advance
from copp.core.audit import audit_record
from copp.core.workflow import TransitionNotAllowed
from copp.organizations.models import Membership
from copp.programs.selectors import published_version

from . import notifications
from .models import (
    CalendarToken,
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupStatus,
    Lesson,
    Mark,
    MarkChange,
    MarkSource,
    ModuleGrade,
)
from .selectors import group_providers_for
from .workflow import CLOSED_GROUP, EDITABLE_GROUP, ENROLMENT, GROUP


class MarkRefused(Exception):
    """A journal cell the rules do not allow; the message says why, in the teacher's words."""


class EnrolmentRefused(Exception):
    """The learner cannot be enrolled, moved, expelled or completed as asked."""


class GroupRefused(Exception):
    """The group cannot be saved or moved as asked; `errors` maps a field name (or None) to the message."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(str(m) for m in errors.values()))
        self.errors = errors


def _check_manage(actor, group: Group) -> None:
    if not Group.objects.manageable_by(actor).filter(pk=group.pk).exists():
        raise PermissionDenied


# A mistyped year must neither overflow the calendar nor reach the database.
GROUP_FIRST_DAY, GROUP_LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)


def _group_errors(*, group, code, program, provider, starts_on, ends_on, capacity, site, teachers, curator) -> dict:
    """The rules of a group's facts: its program, site, teachers and curator are its provider's own (lessons book
    only the provider's resources), the period is sane, there is a place, the code is not taken."""
    errors = {}
    if not (code or "").strip():
        errors["code"] = _("Give the group's code.")
    elif Group.objects.filter(code=code.strip()).exclude(pk=group.pk if group else None).exists():
        errors["code"] = _("A group with this code already exists.")
    if program.provider_id != provider.pk:
        errors["program"] = _("Choose a program of the group's provider.")
    if site is not None and site.organization_id != provider.pk:
        errors["site"] = _("Choose a site of the group's provider.")
    if any(teacher.organization_id != provider.pk for teacher in teachers):
        errors["teachers"] = _("Choose teachers of the group's provider.")
    if curator is not None and not Membership.objects.filter(user=curator, organization=provider,
                                                             is_active=True).exists():
        errors["curator"] = _("Choose a curator who works at the group's provider.")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("A group needs at least one place.")
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if not (GROUP_FIRST_DAY <= day <= GROUP_LAST_DAY):
            errors[name] = _("Give a date between 2000 and 2100.")
    if "ends_on" not in errors and ends_on < starts_on:
        errors["ends_on"] = _("The studies cannot end before they start.")
    return errors


@transaction.atomic
def group_save(*, actor, group: Group | None = None, code: str, program, provider, starts_on, ends_on,
               capacity: int, study_form=None, site=None, teachers=(), curator=None, grade_scale=None,
               request=None) -> Group:
    """Create a group (it starts «forming») or change the facts of one that is still forming or studying."""
    if not group_providers_for(actor).filter(pk=provider.pk).exists():
        raise PermissionDenied
    teachers = list(teachers)
    if group is not None:
        _check_manage(actor, group)
        group = Group.objects.select_for_update().get(pk=group.pk)
        if group.status not in EDITABLE_GROUP:
            raise GroupRefused({None: _("The group is «%(status)s»: it can no longer be changed.") % {
                "status": group.get_status_display()}})
    errors = _group_errors(group=group, code=code, program=program, provider=provider, starts_on=starts_on,
                           ends_on=ends_on, capacity=capacity, site=site, teachers=teachers, curator=curator)
    if errors:
        raise GroupRefused(errors)
    is_new = group is None
    group = group or Group()
    values = {"code": code.strip(), "program": program, "provider": provider, "starts_on": starts_on,
              "ends_on": ends_on, "capacity": capacity, "study_form": study_form, "site": site, "curator": curator,
              "grade_scale": grade_scale}
    changed = [name for name, value in values.items() if getattr(group, name, None) != value]
    for name, value in values.items():
        setattr(group, name, value)
    if is_new or (group.status == GroupStatus.FORMING and "program" in changed):
        # A forming group follows the version published now; once it studies, it keeps its version.
        group.program_version = published_version(program)
    if is_new:
        GROUP.move(group, GroupStatus.FORMING, actor=actor)
    else:
        group.save()
    group.teachers.set(teachers)
    audit_record(actor=actor, action="group.create" if is_new else "group.update", obj=group, request=request,
                 details={"fields": changed})
    return group


# A cancellation is explained to the group's staff and learners.
GROUP_COMMENT_REQUIRED = frozenset({GroupStatus.CANCELLED})


@transaction.atomic
def group_set_status(*, actor, group: Group, target: str, comment: str = "", request=None) -> Group:
    """Start, finish or cancel a group through its TRANSITIONS table; a group with learners still studying is
    not finished (complete or expel them first)."""
    _check_manage(actor, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    comment = (comment or "").strip()
    if target in GROUP_COMMENT_REQUIRED and not comment:
        raise GroupRefused({"comment": _("Give the reason.")})
    if target == GroupStatus.COMPLETED and group.enrolments.filter(status=EnrolmentStatus.STUDYING).exists():
        raise GroupRefused({None: _("Some learners still study in the group: record their completion or expel "
                                    "them before finishing the group.")})
    source = group.status
    update_fields = []
    if target == GroupStatus.ACTIVE and source == GroupStatus.FORMING:
        # The group starts on the version published at its start and keeps it (M14).
        group.program_version = published_version(group.program) or group.program_version
        update_fields = ["program_version"]
    try:
        GROUP.move(group, target, actor=actor, comment=comment, update_fields=update_fields)
    except TransitionNotAllowed as error:
        raise GroupRefused({None: str(error)}) from None
    audit_record(actor=actor, action="group.status_changed", obj=group, request=request,
                 details={"from": source, "to": target, "comment": comment})
    return group


def _places_left(group: Group) -> int:
    taken = Enrolment.objects.filter(group=group, status=EnrolmentStatus.STUDYING).count()
    return group.capacity - taken


# Organisation applications whose people are enrolled one by one (M20).
PARTICIPANT_KINDS = (ApplicationKind.MASS, ApplicationKind.UPSKILLING)


def _enrol(*, actor, group: Group, learner, application=None, sent_by=None, participant=None,
           request=None) -> Enrolment:
    if group.status in CLOSED_GROUP:
        raise EnrolmentRefused(_("The group is closed: no one can be enrolled in it."))
    if _places_left(group) <= 0:
        raise EnrolmentRefused(_("There are no free places in the group %(group)s.") % {"group": group.code})
    earlier = Enrolment.objects.select_for_update().filter(group=group, learner=learner).first()
    if earlier is not None and earlier.status in (EnrolmentStatus.STUDYING, EnrolmentStatus.COMPLETED):
        raise EnrolmentRefused(_("%(name)s is already in the group.") % {"name": learner})
    if earlier is not None:
        # Back in a group one was moved out of or expelled from (by mistake): the old place, with its marks,
        # studies again; one row per learner and group stays the rule.
        earlier.status_comment = ""
        earlier.application = application or earlier.application
        earlier.participant = participant or earlier.participant
        earlier.sent_by = sent_by or earlier.sent_by
        ENROLMENT.move(earlier, EnrolmentStatus.STUDYING, actor=actor, comment=_("Back in the group."),
                       update_fields=["status_comment", "application", "participant", "sent_by"])
        audit_record(actor=actor, action="enrolment.return", obj=earlier, request=request)
        return earlier
    enrolment = ENROLMENT.move(Enrolment(group=group, learner=learner, application=application, sent_by=sent_by,
                                         participant=participant), EnrolmentStatus.STUDYING, actor=actor)
    audit_record(actor=actor, action="enrolment.create", obj=enrolment, request=request,
                 details={"application": application.number if application else None})
    return enrolment


@transaction.atomic
def enrol_from_application(*, actor, group: Group, application: Application, request=None) -> Enrolment:
    """Enrol the applicant of an accepted application; the application becomes «enrolled»."""
    _check_manage(actor, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    if application.kind != ApplicationKind.INDIVIDUAL or application.status != ApplicationStatus.ACCEPTED:
        raise EnrolmentRefused(_("Application № %(number)s is not an accepted personal application.") % {
            "number": application.number})
    if application.program_id != group.program_id:
        raise EnrolmentRefused(_("Application № %(number)s is for another program.") % {
            "number": application.number})
    enrolment = _enrol(actor=actor, group=group, learner=application.applicant, application=application,
                       sent_by=application.organization, request=request)
    try:
        application_set_status(actor=actor, application=application, target=ApplicationStatus.ENROLLED,
                               comment=_("Enrolled in the group %(group)s.") % {"group": group.code},
                               request=request)
    except TransitionNotAllowed as error:
        raise EnrolmentRefused(str(error)) from None
    return enrolment


@transaction.atomic
def enrol_participant(*, actor, group: Group, participant: Participant, request=None) -> Enrolment:
    """Enrol an accepted person of an organisation's application (employer or teacher list): their learner
    account is found by SNILS or e-mail, or made with an invitation letter; the participant becomes
    «enrolled», and the application too once all its accepted people are."""
    _check_manage(actor, group)
    group = Group.objects.select_for_update().get(pk=group.pk)
    # The application first, then the participant: the order every admissions service locks them in.
    application = Application.objects.select_for_update(of=("self",)).select_related("organization").get(
        pk=participant.application_id)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if (application.kind not in PARTICIPANT_KINDS or application.status != ApplicationStatus.ACCEPTED
            or participant.status != ApplicationStatus.ACCEPTED):
        raise EnrolmentRefused(_("%(name)s (application № %(number)s) is not an accepted participant.") % {
            "name": participant.full_name, "number": application.number})
    if application.program_id != group.program_id:
        raise EnrolmentRefused(_("Application № %(number)s is for another program.") % {
            "number": application.number})
    organization = application.organization
    person = {f: getattr(participant, f) for f in ("last_name", "first_name", "patronymic", "snils", "email",
                                                   "phone")}
    try:
        learner, _created = learner_account_for(actor=actor, person=person, request=request,
                                                invited_by=organization.short_name if organization else "")
    except InvitationRefused as error:
        raise EnrolmentRefused(str(error)) from None
    enrolment = _enrol(actor=actor, group=group, learner=learner, application=application, sent_by=organization,
                       participant=participant, request=request)
    try:
        participant_advance(actor=actor, participant=participant, target=ApplicationStatus.ENROLLED,
                            comment=_("Enrolled in the group %(group)s.") % {"group": group.code},
                            request=request)
    except TransitionNotAllowed as error:
        raise EnrolmentRefused(str(error)) from None
    notifications.tell_enrolled(enrolment, request)
    return enrolment


def enrol_many(*, actor, group: Group, applications=(), participants=(), request=None):
    """Enrol many accepted applications and participants; each goes on its own (its own transaction), the
    refused ones say why. Returns (enrolments, [(label, reason)])."""
    done, refused = [], []
    for application in applications:
        try:
            done.append(enrol_from_application(actor=actor, group=group, application=application, request=request))
        except EnrolmentRefused as error:
            refused.append((_("Application № %(number)s") % {"number": application.number}, str(error)))
    for participant in participants:
        try:
            done.append(enrol_participant(actor=actor, group=group, participant=participant, request=request))
        except EnrolmentRefused as error:
            refused.append((participant.full_name, str(error)))
    return done, refused


def _works_for(learner, organization) -> bool:
    """The person is a member of the organisation, or a participant of one of its applications."""
    if Membership.objects.filter(user=learner, organization=organization, is_active=True).exists():
        return True
    person = Q(email__iexact=learner.email) | (Q(snils=learner.snils) if learner.snils else Q(pk__in=[]))
    return Participant.objects.filter(person, application__organization=organization).exists()


@transaction.atomic
def learner_add(*, actor, group: Group, learner, sent_by=None, request=None) -> Enrolment:
    """Add a learner to a group by hand (without an application). A sending organisation is recorded only when
    the person works there or is on one of its applications: it then sees the person's attendance and results."""
    _check_manage(actor, group)
    if sent_by is not None and not _works_for(learner, sent_by):
        raise EnrolmentRefused(_("%(name)s is neither a member of «%(organization)s» nor on its applications: "
                                 "choose the organisation that sent the person, or leave the field empty.") % {
            "name": learner, "organization": sent_by.short_name})
    group = Group.objects.select_for_update().get(pk=group.pk)
    enrolment = _enrol(actor=actor, group=group, learner=learner, sent_by=sent_by, request=request)
    notifications.tell_enrolled(enrolment, request)
    return enrolment


def _studying(enrolment: Enrolment) -> Enrolment:
    locked = Enrolment.objects.select_for_update().select_related("group").get(pk=enrolment.pk)
    if locked.status != EnrolmentStatus.STUDYING:
        raise EnrolmentRefused(_("%(name)s no longer studies in the group.") % {"name": locked.learner})
    return locked


@transaction.atomic
def enrolment_expel(*, actor, enrolment: Enrolment, reason: str, request=None) -> Enrolment:
    """Expel a learner from a group with a reason."""
    _check_manage(actor, enrolment.group)
    reason = (reason or "").strip()
    if not reason:
        raise EnrolmentRefused(_("Give the reason for the expulsion."))
    enrolment = _studying(enrolment)
    enrolment.status_comment = reason
    ENROLMENT.move(enrolment, EnrolmentStatus.EXPELLED, actor=actor, comment=reason, update_fields=["status_comment"])
    audit_record(actor=actor, action="enrolment.expel", obj=enrolment, details={"reason": reason}, request=request)
    notifications.tell_expelled(enrolment, request)
    return enrolment


@transaction.atomic
def enrolment_move(*, actor, enrolment: Enrolment, target: Group, reason: str = "", request=None) -> Enrolment:
    """Move a learner to another group of the same program; the old place is kept as «moved»."""
    _check_manage(actor, enrolment.group)
    _check_manage(actor, target)
    enrolment = _studying(enrolment)
    if target.pk == enrolment.group_id or target.program_id != enrolment.group.program_id:
        raise EnrolmentRefused(_("Choose another group of the same program."))
    target = Group.objects.select_for_update().get(pk=target.pk)
    moved = _enrol(actor=actor, group=target, learner=enrolment.learner, application=enrolment.application,
                   sent_by=enrolment.sent_by, participant=enrolment.participant, request=request)
    enrolment.status_comment = (reason or "").strip() or _("Moved to the group %(group)s.") % {"group": target.code}
    ENROLMENT.move(enrolment, EnrolmentStatus.MOVED, actor=actor, comment=enrolment.status_comment,
                   update_fields=["status_comment"])
    audit_record(actor=actor, action="enrolment.move", obj=enrolment, details={"to": target.code},
                 request=request)
    notifications.tell_moved(moved, request)
    return moved


@transaction.atomic
def enrolment_complete(*, actor, enrolment: Enrolment, final_grade, document_type: str, document_series: str,
                       document_number: str, document_date, request=None) -> Enrolment:
    """Record the final result and the issued document; the learner completes and the application closes."""
    _check_manage(actor, enrolment.group)
    enrolment = _studying(enrolment)
    if final_grade is not None and not final_grade.is_passing:
        raise EnrolmentRefused(_("A learner with a failing final grade cannot complete the program."))
    if not (document_number or "").strip() or document_date is None:
        raise EnrolmentRefused(_("Give the number and the date of the issued document."))
    enrolment.final_grade = final_grade
    enrolment.document_type = document_type
    enrolment.document_series = (document_series or "").strip()
    enrolment.document_number = document_number.strip()
    enrolment.document_date = document_date
    ENROLMENT.move(enrolment, EnrolmentStatus.COMPLETED, actor=actor, comment=_("Completed the program."),
                   update_fields=["final_grade", "document_type", "document_series", "document_number",
                                  "document_date"])
    try:
        if enrolment.participant_id and enrolment.participant.status == ApplicationStatus.ENROLLED:
            # One person of an organisation's list: the application closes when all its people have.
            participant_advance(actor=actor, participant=enrolment.participant, target=ApplicationStatus.COMPLETED,
                                comment=_("Completed the program."), request=request)
        elif (enrolment.application_id and enrolment.application.kind == ApplicationKind.INDIVIDUAL
              and enrolment.application.status == ApplicationStatus.ENROLLED):
            application_set_status(actor=actor, application=enrolment.application,
                                   target=ApplicationStatus.COMPLETED, comment=_("Completed the program."),
                                   request=request)
    except TransitionNotAllowed as error:
        raise EnrolmentRefused(str(error)) from None
    audit_record(actor=actor, action="enrolment.complete", obj=enrolment, request=request, details={
        "document": f"{enrolment.document_series} {enrolment.document_number}".strip()})
    notifications.tell_completed(enrolment, request)
    return enrolment


def _code(value) -> str:
    return value.code if value is not None else ""


def _lock_lesson(lesson) -> None:
    """One journal write per lesson at a time: a cell saved while the column is filled waits for it, so no
    cell is created twice (the unique (enrolment, lesson) rule would otherwise fail one of them)."""
    list(Lesson.objects.select_for_update().filter(pk=lesson.pk).values_list("pk", flat=True))


def lesson_takes_marks(lesson) -> bool:
    """Whether the journal accepts marks for the lesson: from the lesson's day on (in the region's zone), so
    the register can be taken as the lesson starts, never for a lesson still to come."""
    return timezone.localdate(lesson.starts_at) <= timezone.localdate()


def _check_mark(mark: Mark, lesson, field: str, value) -> None:
    """The journal's rules, as a teacher expects them: no marks before the lesson's day; a grade needs the
    learner there (present or late); a learner with a grade cannot be marked away or unmarked, the grade
    goes first. Past marks may be corrected: every change stays in the cell's history."""
    if not lesson_takes_marks(lesson):
        raise MarkRefused(_("The lesson has not taken place yet: marks are set from its day on."))
    if field == "grade" and value is not None and not (mark.attendance and mark.attendance.counts_as_present):
        raise MarkRefused(_("A grade needs the learner present or late: mark the attendance first."))
    if field == "attendance" and mark.grade_id and not (value and value.counts_as_present):
        raise MarkRefused(_("The learner has a grade for this lesson: remove the grade first."))


def mark_set(*, actor, enrolment: Enrolment, lesson, field: str, value, source: str = MarkSource.TEACHER) -> Mark:
    """Set one journal cell (attendance or grade) under the journal's rules and keep the change in its history.
    The caller has checked the journal is the actor's (views pass rows from markable_by); MarkRefused says
    which rule a refused change breaks, and nothing is changed. `source` says where the value came from (B10)."""
    if field not in ("attendance", "grade"):
        raise ValueError(field)
    if enrolment.group_id != lesson.group_id:
        raise EnrolmentRefused(_("The learner is not in this lesson's group."))
    with transaction.atomic():
        _lock_lesson(lesson)
        mark, _created = (Mark.objects.select_for_update(of=("self",)).select_related("attendance", "grade")
                          .get_or_create(enrolment=enrolment, lesson=lesson))
        old = getattr(mark, field)
        if old == value and getattr(mark, f"{field}_source") == source:
            return mark
        _check_mark(mark, lesson, field, value)
        setattr(mark, field, value)
        setattr(mark, f"{field}_source", source)
        mark.save(update_fields=[field, f"{field}_source", "updated_at"])
        MarkChange.objects.create(mark=mark, field=field, old_value=_code(old), new_value=_code(value), actor=actor,
                                  source=source)
    return mark


def module_grade_set(*, actor, enrolment: Enrolment, module, value,
                     source: str = MarkSource.TEACHER) -> ModuleGrade | None:
    """Set (or, with None, clear) a learner's intermediate grade for a module of the group's program and keep
    the change in the cell's history. Only the group's teachers and CoPP staff may (markable_by); the grade must
    be of the group's scale (the view picks it there)."""
    # A system feeding the journal (Moodle's grade sync) acts for the platform, not for a teacher.
    if source == MarkSource.TEACHER and not Group.objects.markable_by(actor).filter(pk=enrolment.group_id).exists():
        raise PermissionDenied
    if module.program_id != enrolment.group.program_id:
        raise EnrolmentRefused(_("The module is not a part of the group's program."))
    with transaction.atomic():
        cells = ModuleGrade.objects.select_for_update(of=("self",)).select_related("grade")
        if value is None:
            cell = cells.filter(enrolment=enrolment, module=module).first()
            if cell is None:
                return None
        else:
            cell, _created = cells.get_or_create(enrolment=enrolment, module=module)
        old = cell.grade
        if old == value and cell.source == source:
            return cell
        # A cleared grade keeps its row (grade empty): the history hangs on it.
        cell.grade, cell.source = value, source
        cell.save(update_fields=["grade", "source", "updated_at"])
        MarkChange.objects.create(module_grade=cell, field="grade", old_value=_code(old), new_value=_code(value),
                                  actor=actor, source=source)
    return cell


@transaction.atomic
def column_fill(*, actor, lesson, attendance) -> int:
    """Give every studying learner without an attendance mark at the lesson the same mark; refused (MarkRefused)
    for a lesson still to come. A graded cell without attendance gets a presence mark but never an absence."""
    if not lesson_takes_marks(lesson):
        raise MarkRefused(_("The lesson has not taken place yet: marks are set from its day on."))
    _lock_lesson(lesson)
    marked = Mark.objects.filter(lesson=lesson, attendance__isnull=False)
    if not attendance.counts_as_present:
        marked = Mark.objects.filter(lesson=lesson).filter(Q(attendance__isnull=False) | Q(grade__isnull=False))
    marked = marked.values("enrolment_id")
    enrolments = list(Enrolment.objects.filter(group_id=lesson.group_id, status=EnrolmentStatus.STUDYING)
                      .exclude(pk__in=marked))
    existing = {m.enrolment_id: m for m in Mark.objects.filter(lesson=lesson, enrolment__in=enrolments)}
    new = [Mark(enrolment=e, lesson=lesson, attendance=attendance) for e in enrolments if e.pk not in existing]
    Mark.objects.bulk_create(new)
    now = timezone.now()
    for mark in existing.values():
        mark.attendance, mark.attendance_source, mark.updated_at = attendance, MarkSource.TEACHER, now
    Mark.objects.bulk_update(existing.values(), ["attendance", "attendance_source", "updated_at"])
    marks = new + list(existing.values())
    MarkChange.objects.bulk_create([MarkChange(mark=m, field="attendance", new_value=attendance.code, actor=actor)
                                    for m in marks])
    if marks:
        audit_record(actor=actor, action="journal.fill_column", obj=lesson,
                     details={"attendance": attendance.code, "count": len(marks)})
    return len(marks)


def calendar_token_of(user) -> str:
    """The secret of the person's calendar feed, made on first use."""
    return CalendarToken.objects.get_or_create(user=user)[0].token


@transaction.atomic
def calendar_token_renew(*, user) -> str:
    """A new secret: the old feed address stops working."""
    import secrets

    CalendarToken.objects.update_or_create(user=user, defaults={"token": secrets.token_urlsafe()})
    return calendar_token_of(user)
