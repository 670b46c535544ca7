"""Shared writes of applications: numbers, status changes with history, notifications written with the change."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.core.links import absolute_url
from copp.core.workflow import TransitionNotAllowed

from ..models import Application, ApplicationKind, ApplicationStatus, Notification, Participant, StatusChange
from ..selectors import can_process, is_applicant_side
from ..workflow import APPLICANT_TARGETS, APPLICATION, COMMENT_REQUIRED, PARTICIPANT, PARTICIPANT_TARGETS

NUMBER_SEQUENCE = "admissions_application_number_seq"


def next_number() -> str:
    """«2026-000123»: the year and a database sequence (never a count, so numbers are never reused)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [NUMBER_SEQUENCE])
        value = cursor.fetchone()[0]
    return f"{timezone.localdate().year}-{value:06d}"


def advisory_lock(namespace: int, *values) -> None:
    """Serialise writes about one key (e.g. a person and a program) until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [namespace, ":".join(map(str, values))])


def search_text_of(application: Application, participants=()) -> str:
    """Lower-case names and SNILS digits of the applicant and every participant."""
    parts = [application.full_name, application.snils.replace("-", "").replace(" ", "")]
    for person in participants:
        parts += [person.full_name, person.snils.replace("-", "").replace(" ", "")]
    return " | ".join(p.lower() for p in parts if p)


def record_change(*, application, actor, source, target, comment="", participant=None) -> StatusChange:
    return StatusChange.objects.create(application=application, participant=participant, from_status=source,
                                       to_status=target, actor=actor if getattr(actor, "pk", None) else None,
                                       comment=comment)


def recipients_of(application: Application):
    """Who hears about an application: the citizen, or the applying organisation's active representatives."""
    from copp.organizations.models import Membership, MembershipRole

    if application.kind == ApplicationKind.INDIVIDUAL or application.organization_id is None:
        return [application.applicant]
    users = [m.user for m in Membership.objects.filter(
        organization_id=application.organization_id, is_active=True, user__is_active=True,
        role__in=[MembershipRole.REPRESENTATIVE, MembershipRole.HEAD]).select_related("user")]
    return users or [application.applicant]


def status_message(application: Application, target: str, comment: str = "") -> str:
    text = _("Application № %(number)s: the status is now «%(status)s».") % {
        "number": application.number, "status": ApplicationStatus(target).label}
    if comment:
        text += " " + _("Comment: %(comment)s") % {"comment": comment}
    return text


def notify(application: Application, text: str, request=None) -> None:
    """An in-app notification and an e-mail to each recipient, written in the caller's transaction (the
    letter leaves the outbox once it commits)."""
    name = "admissions:my_detail" if application.kind == ApplicationKind.INDIVIDUAL else "admissions:org_detail"
    url = reverse(name, args=[application.pk])
    absolute = absolute_url(url, request)
    users = recipients_of(application)
    Notification.objects.bulk_create([Notification(user=u, application=application, text=text, url=url)
                                      for u in users])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Application № %(number)s") % {"number": application.number}
        for user in users:
            body = "\n\n".join([_("Hello!"), text, _("Details: %(url)s") % {"url": absolute},
                                _("This letter was sent automatically, please do not reply to it.")])
            send_mail(subject, body, None, [user.email], fail_silently=True)


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _check_actor(actor, application: Application, target: str) -> None:
    """The applicant's side makes the applicant's moves; processors make the rest."""
    if target in APPLICANT_TARGETS:
        if not is_applicant_side(actor, application):
            raise TransitionNotAllowed(_("Only the applicant can do this."))
    elif not can_process(actor, application):
        raise TransitionNotAllowed(_("You are not allowed to make this status change."))


def _already(application: Application, target: str) -> str:
    return _("Application № %(number)s is already «%(status)s».") % {
        "number": application.number, "status": ApplicationStatus(target).label}


@transaction.atomic
def application_set_status(*, actor, application: Application, target: str, comment: str = "",
                           request=None) -> Application:
    """Move an application along TRANSITIONS, record who/when/why, tell the applicant."""
    comment = (comment or "").strip()
    locked = _lock(application)
    source = locked.status
    if source == target:
        raise TransitionNotAllowed(_already(locked, target))
    _check_actor(actor, locked, target)
    APPLICATION.check(source, target, actor)
    if target in COMMENT_REQUIRED and not comment:
        raise TransitionNotAllowed(_("Give the reason: the applicant will read it."))
    now = timezone.now()
    locked.status = target
    locked.status_changed_at = now
    fields = ["status", "status_changed_at", "updated_at"]
    if target not in APPLICANT_TARGETS:
        locked.decision_comment = comment
        fields.append("decision_comment")
    locked.save(update_fields=fields)
    # Participants still following the application move with it; decided ones keep their own status.
    followers = Participant.objects.filter(application=locked, status=source)
    if target == ApplicationStatus.WITHDRAWN:
        followers = Participant.objects.filter(application=locked).exclude(status=ApplicationStatus.REJECTED)
    followers.update(status=target)
    record_change(application=locked, actor=actor, source=source, target=target, comment=comment)
    audit_record(actor=actor, action=f"application.{target}", obj=locked,
                 details={"from": source, "to": target, "comment": comment}, request=request)
    if target not in APPLICANT_TARGETS or target == ApplicationStatus.SUBMITTED:
        notify(locked, status_message(locked, target, comment), request)
    application.__dict__.update({f: getattr(locked, f) for f in ("status", "status_changed_at",
                                                                 "decision_comment", "updated_at")})
    return locked


def application_bulk_set_status(*, actor, applications, target: str, comment: str = "",
                                request=None) -> tuple[list[Application], list[tuple[Application, str]]]:
    """Apply one status change to many applications; each moves on its own, the ones that cannot say why."""
    done, failed = [], []
    for application in applications:
        try:
            done.append(application_set_status(actor=actor, application=application, target=target,
                                               comment=comment, request=request))
        except TransitionNotAllowed as error:
            failed.append((application, str(error)))
    return done, failed


@transaction.atomic
def participant_set_status(*, actor, participant: Participant, target: str, comment: str = "",
                           request=None) -> Participant:
    """Accept or refuse one participant of an organisation's application that is in review."""
    comment = (comment or "").strip()
    application = _lock(participant.application)
    if not can_process(actor, application):
        raise TransitionNotAllowed(_("You are not allowed to make this status change."))
    if target not in PARTICIPANT_TARGETS or application.status != ApplicationStatus.IN_REVIEW:
        raise TransitionNotAllowed(_("Participants are decided on while the application is in review."))
    if target == ApplicationStatus.REJECTED and not comment:
        raise TransitionNotAllowed(_("Give the reason: the applicant will read it."))
    source = participant.status
    if source == target:
        raise TransitionNotAllowed(_("The participant already has this status."))
    Participant.objects.filter(pk=participant.pk).update(status=target)
    participant.status = target
    record_change(application=application, actor=actor, source=source, target=target, comment=comment,
                  participant=participant)
    audit_record(actor=actor, action=f"participant.{target}", obj=application,
                 details={"participant": participant.pk, "from": source, "to": target, "comment": comment},
                 request=request)
    text = _("Application № %(number)s: %(name)s — «%(status)s».") % {
        "number": application.number, "name": participant.full_name, "status": ApplicationStatus(target).label}
    if comment:
        text += " " + _("Comment: %(comment)s") % {"comment": comment}
    notify(application, text, request)
    return participant


@transaction.atomic
def participant_advance(*, actor, participant: Participant, target: str, comment: str = "",
                        request=None) -> Participant:
    """Move one participant along PARTICIPANT (accepted → enrolled → completed, set by training); once no
    participant of the application is left at the old status, the application itself moves on."""
    application = _lock(participant.application)
    locked = Participant.objects.select_for_update().get(pk=participant.pk)
    source = locked.status
    if source == target:
        raise TransitionNotAllowed(_("%(name)s is already «%(status)s».") % {
            "name": locked.full_name, "status": ApplicationStatus(target).label})
    PARTICIPANT.check(source, target, actor)
    Participant.objects.filter(pk=locked.pk).update(status=target)
    participant.status = locked.status = target
    record_change(application=application, actor=actor, source=source, target=target, comment=comment,
                  participant=locked)
    audit_record(actor=actor, action=f"participant.{target}", obj=application,
                 details={"participant": locked.pk, "from": source, "to": target, "comment": comment},
                 request=request)
    left_behind = Participant.objects.filter(application=application, status=source).exists()
    if application.status == source and not left_behind:
        application_set_status(actor=actor, application=application, target=target, comment=comment,
                               request=request)
    return participant


@transaction.atomic
def application_assign(*, actor, application: Application, assignee, request=None) -> Application:
    """Give an application to a staff member (or take it back when `assignee` is None)."""
    locked = _lock(application)
    if not can_process(actor, locked):
        raise TransitionNotAllowed(_("You are not allowed to process this application."))
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    audit_record(actor=actor, action="application.assigned", obj=locked,
                 details={"assignee": getattr(assignee, "pk", None)}, request=request)
    application.assignee = assignee
    return locked
