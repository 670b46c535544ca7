"""Organisations' applications: employers' mass applications and new-program requests (M11), teacher
lists of educational organisations in collection campaigns (M12)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from copp.core.audit import audit_record
from copp.core.validators import format_snils

from ..models import Application, ApplicationKind, ApplicationStatus, Campaign, Participant
from .common import advisory_lock, application_set_status, next_number, notify, record_change, search_text_of
from .individual import ApplicationRefused

_LOCK_CAMPAIGN_ORG = 7402
_LOCK_SUBMIT_TOKEN = 7403
PARTICIPANT_FIELDS = ("last_name", "first_name", "patronymic", "snils", "email", "phone", "position", "subject",
                      "experience_years")


def _participants(application: Application, rows) -> list[Participant]:
    people = []
    for order, row in enumerate(rows, start=1):
        values = {f: row.get(f) for f in PARTICIPANT_FIELDS}
        values = {f: (v if v is not None else ("" if f != "experience_years" else None)) for f, v in values.items()}
        if values["snils"]:
            values["snils"] = format_snils(values["snils"])
        if not row.get("consent"):
            raise ApplicationRefused(_("Confirm the consent of %(name)s to the processing of personal data.")
                                     % {"name": values["last_name"]})
        people.append(Participant(application=application, order=order, consent_confirmed=True,
                                  status=ApplicationStatus.SUBMITTED, **values))
    return people


def _repeat_of(token: str, organization) -> Application | None:
    """The application an earlier click with this form token made (marked `repeated`), if any."""
    mine = Application.objects.filter(submit_token=token).first() if token else None
    if mine is None:
        return None
    if mine.organization_id != organization.pk:
        raise ApplicationRefused(_("The application could not be sent. Please try again."))
    mine.repeated = True
    return mine


def _create(*, actor, organization, kind, program=None, campaign=None, rows=(), token="", comment="",
            extra=None) -> Application:
    """Create the application and its participants; with a form token already used, return the application
    that token made (marked `repeated`): parallel clicks queue on a lock of the token, so the second finds
    the first instead of hitting the unique column."""
    if token:
        advisory_lock(_LOCK_SUBMIT_TOKEN, token)
        mine = _repeat_of(token, organization)
        if mine is not None:
            return mine
    now = timezone.now()
    application = Application(
        number=next_number(), kind=kind, status=ApplicationStatus.SUBMITTED, program=program,
        provider_id=program.provider_id if program else None, applicant=actor, organization=organization,
        campaign=campaign, applicant_comment=comment or "", submitted_at=now, status_changed_at=now,
        submit_token=token or None, email=actor.email, phone=organization.phone or "", **(extra or {}))
    people = _participants(application, rows)
    application.participants_count = len(people)
    application.search_text = search_text_of(application, people) + " | " + organization.short_name.lower()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the token's unique column, should a writer skip the lock
        mine = _repeat_of(token, organization)
        if mine is None:
            raise ApplicationRefused(_("The application could not be sent. Please try again.")) from None
        return mine
    Participant.objects.bulk_create(people)
    record_change(application=application, actor=actor, source="", target=ApplicationStatus.SUBMITTED,
                  comment=comment or "")
    return application


@transaction.atomic
def mass_application_submit(*, actor, organization, program, rows, comment="", token="",
                            request=None) -> Application:
    """An employer's application for several employees to a program; all rows are saved or none."""
    if not rows:
        raise ApplicationRefused(_("Add at least one participant."))
    application = _create(actor=actor, organization=organization, kind=ApplicationKind.MASS, program=program,
                          rows=rows, token=token, comment=comment)
    if getattr(application, "repeated", False):
        return application
    audit_record(actor=actor, action="application.submitted", obj=application,
                 details={"kind": application.kind, "program": program.pk,
                          "participants": application.participants_count}, request=request)
    text = ngettext("Application № %(number)s for %(n)d employee to «%(program)s» has been sent.",
                    "Application № %(number)s for %(n)d employees to «%(program)s» has been sent.",
                    application.participants_count) % {
        "number": application.number, "n": application.participants_count, "program": program.title}
    notify(application, text, request)
    return application


@transaction.atomic
def new_program_request_submit(*, actor, organization, data: dict, token="", request=None) -> Application:
    """An employer's request to develop a new program: competencies, volume, people, dates, description."""
    fields = ("competencies_needed", "hours", "people_count", "desired_start", "desired_end", "description")
    application = _create(actor=actor, organization=organization, kind=ApplicationKind.NEW_PROGRAM, token=token,
                          extra={f: data.get(f) for f in fields})
    if getattr(application, "repeated", False):
        return application
    audit_record(actor=actor, action="application.submitted", obj=application,
                 details={"kind": application.kind}, request=request)
    text = _("Request № %(number)s for a new program has been sent. CoPP staff will contact you.") % {
        "number": application.number}
    notify(application, text, request)
    return application


@transaction.atomic
def organization_application_resubmit(*, actor, application: Application, comment: str, rows=None,
                                      request=None) -> Application:
    """After «needs changes»: the organisation corrects its participants' list and sends the application again.
    `rows` is the whole corrected list (None keeps it): a row with the `id` of a participant corrects that
    person, a row without one adds a person, a participant left out is withdrawn from the list (kept, with
    the change in their history). Rows are checked as on submission; a teacher list stays within the quota."""
    locked = application_set_status(actor=actor, application=application, target=ApplicationStatus.SUBMITTED,
                                    comment=comment, request=request)
    if rows is None or locked.kind not in (ApplicationKind.MASS, ApplicationKind.UPSKILLING):
        return locked
    if not rows:
        raise ApplicationRefused(_("Add at least one participant."))
    current = {p.pk: p for p in locked.participants.exclude(status=ApplicationStatus.WITHDRAWN)}
    if locked.kind == ApplicationKind.UPSKILLING and locked.campaign_id:
        advisory_lock(_LOCK_CAMPAIGN_ORG, locked.campaign_id, locked.organization_id)
        from ..selectors import campaign_used

        left = locked.campaign.quota - (campaign_used(locked.campaign, locked.organization) - len(current))
        if len(rows) > left:
            raise ApplicationRefused(ngettext(
                "The quota is exceeded: your organisation can add %(left)d more teacher, the list has %(n)d.",
                "The quota is exceeded: your organisation can add %(left)d more teachers, the list has %(n)d.",
                left) % {"left": max(left, 0), "n": len(rows)})
    people = _participants(locked, rows)
    kept, added, changed = set(), [], []
    last = max([p.order for p in current.values()] + [0])
    for row, person in zip(rows, people, strict=True):
        pk = row.get("id")
        if pk:
            old = current.get(int(pk))
            if old is None:
                raise ApplicationRefused(_("The list has changed meanwhile: open the application again."))
            kept.add(old.pk)
            fields = [f for f in PARTICIPANT_FIELDS if getattr(old, f) != getattr(person, f)]
            if fields:
                for field in fields:
                    setattr(old, field, getattr(person, field))
                old.save(update_fields=fields)
                changed.append(old.pk)
        else:
            last += 1
            person.order = last
            added.append(person)
    if added and locked.campaign_id and locked.campaign.deadline <= timezone.now():
        # After the deadline a list may still be corrected, but nobody new joins it.
        raise ApplicationRefused(_("The campaign is closed: lists were accepted until %(deadline)s.") % {
            "deadline": timezone.localtime(locked.campaign.deadline).strftime("%d.%m.%Y %H:%M")})
    Participant.objects.bulk_create(added)
    removed = [p for pk, p in current.items() if pk not in kept]
    for person in removed:
        record_change(application=locked, actor=actor, source=person.status, target=ApplicationStatus.WITHDRAWN,
                      comment=_("Removed from the list by the organisation."), participant=person)
    Participant.objects.filter(pk__in=[p.pk for p in removed]).update(status=ApplicationStatus.WITHDRAWN)
    listed = list(locked.participants.exclude(status=ApplicationStatus.WITHDRAWN))
    locked.participants_count = len(listed)
    locked.search_text = search_text_of(locked, listed) + " | " + locked.organization.short_name.lower()
    locked.save(update_fields=["participants_count", "search_text", "updated_at"])
    application.participants_count = locked.participants_count
    audit_record(actor=actor, action="application.participants_corrected", obj=locked,
                 details={"added": len(added), "changed": changed, "removed": [p.pk for p in removed]},
                 request=request)
    return locked


def campaign_quota_left(campaign: Campaign, organization) -> int:
    from ..selectors import campaign_used

    return max(campaign.quota - campaign_used(campaign, organization), 0)


@transaction.atomic
def upskilling_list_submit(*, actor, organization, campaign: Campaign, program, rows, token="",
                           request=None) -> Application:
    """An educational organisation's list of teachers for a campaign program, before the deadline and
    within its quota (lists of one organisation queue on a lock, so two at once cannot pass the quota)."""
    advisory_lock(_LOCK_CAMPAIGN_ORG, campaign.pk, organization.pk)
    if token:
        advisory_lock(_LOCK_SUBMIT_TOKEN, token)
        mine = _repeat_of(token, organization)
        if mine is not None:
            return mine
    if campaign.deadline <= timezone.now():
        raise ApplicationRefused(_("The campaign is closed: lists were accepted until %(deadline)s.") % {
            "deadline": timezone.localtime(campaign.deadline).strftime("%d.%m.%Y %H:%M")})
    if not campaign.programs.filter(pk=program.pk).exists():
        raise ApplicationRefused(_("This program is not part of the campaign."))
    if not rows:
        raise ApplicationRefused(_("Add at least one participant."))
    left = campaign_quota_left(campaign, organization)
    if len(rows) > left:
        raise ApplicationRefused(ngettext(
            "The quota is exceeded: your organisation can add %(left)d more teacher, the list has %(n)d.",
            "The quota is exceeded: your organisation can add %(left)d more teachers, the list has %(n)d.",
            left) % {"left": left, "n": len(rows)})
    application = _create(actor=actor, organization=organization, kind=ApplicationKind.UPSKILLING,
                          program=program, campaign=campaign, rows=rows, token="")
    if token:
        Application.objects.filter(pk=application.pk).update(submit_token=token)
    audit_record(actor=actor, action="application.submitted", obj=application,
                 details={"kind": application.kind, "campaign": campaign.pk, "program": program.pk,
                          "participants": application.participants_count}, request=request)
    text = _("List № %(number)s for the campaign «%(campaign)s» has been sent.") % {
        "number": application.number, "campaign": campaign.title}
    notify(application, text, request)
    return application


@transaction.atomic
def campaign_open(*, actor, title: str, description: str, programs, deadline, quota: int,
                  request=None) -> Campaign:
    """Open a collection campaign for teacher upskilling (M12)."""
    campaign = Campaign.objects.create(title=title, description=description, deadline=deadline, quota=quota,
                                       created_by=actor)
    campaign.programs.set(programs)
    audit_record(actor=actor, action="campaign.opened", obj=campaign,
                 details={"programs": [p.pk for p in programs], "quota": quota}, request=request)
    return campaign



