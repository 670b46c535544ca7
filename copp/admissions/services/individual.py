"""A citizen's application to a program (M10): documents, submission, resubmission after changes."""
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.core.validators import format_snils

from ..files import sniff
from ..models import (
    ACTIVE_STATUSES,
    Application,
    ApplicationDocument,
    ApplicationKind,
    ApplicationStatus,
    DocumentKind,
)
from .common import advisory_lock, application_set_status, next_number, notify, record_change, search_text_of

_LOCK_PERSON_PROGRAM = 7401
PERSON_FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "phone", "email", "snils", "education")


class ApplicationRefused(Exception):
    """The application cannot be sent; the message says why in the user's language."""


def document_kinds_for(program) -> list[tuple[str, bool]]:
    """(kind, required) of the documents the program asks for; the education document at least."""
    rows = [(d.kind, d.is_required) for d in program.required_documents.all().order_by("kind")]
    if not any(kind == DocumentKind.EDUCATION for kind, _required in rows):
        rows.insert(0, (DocumentKind.EDUCATION, True))
    return rows


def active_application_of(user, program) -> Application | None:
    return Application.objects.filter(applicant=user, program=program, kind=ApplicationKind.INDIVIDUAL,
                                      status__in=ACTIVE_STATUSES).first()


def duplicate_message(existing: Application) -> str:
    return _("You already have an active application № %(number)s to this program. You can follow it in "
             "«My applications».") % {"number": existing.number}


@transaction.atomic
def document_upload(*, owner, kind: str, file) -> ApplicationDocument:
    """Keep an uploaded scan (already validated by the form) under a generated name until it is sent."""
    return ApplicationDocument.objects.create(owner=owner, kind=kind, file=file, original_name=file.name[:255],
                                              content_type=sniff(file) or "", size=file.size)


@transaction.atomic
def application_submit(*, actor, program, person: dict, documents, comment: str = "", token: str = "",
                       request=None) -> Application:
    """Send a citizen's application: one active per person and program; a repeated click finds the first."""
    advisory_lock(_LOCK_PERSON_PROGRAM, actor.pk, program.pk)
    if token:
        mine = Application.objects.filter(submit_token=token, applicant=actor).first()
        if mine is not None:
            return mine
    existing = active_application_of(actor, program)
    if existing is not None:
        raise ApplicationRefused(duplicate_message(existing))
    now = timezone.now()
    person = {field: person.get(field) or ("" if field != "birth_date" else None) for field in PERSON_FIELDS}
    if person["snils"]:
        person["snils"] = format_snils(person["snils"])
    application = Application(
        number=next_number(), kind=ApplicationKind.INDIVIDUAL, status=ApplicationStatus.SUBMITTED,
        program=program, provider_id=program.provider_id, applicant=actor, applicant_comment=comment or "",
        submitted_at=now, status_changed_at=now, submit_token=token or None, **person)
    application.search_text = search_text_of(application)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the partial unique constraint: a parallel request won
        existing = active_application_of(actor, program)
        raise ApplicationRefused(duplicate_message(existing) if existing else
                                 _("The application could not be sent. Please try again.")) from None
    attached = ApplicationDocument.objects.filter(pk__in=[d.pk for d in documents], owner=actor,
                                                  application__isnull=True).update(application=application)
    record_change(application=application, actor=actor, source="", target=ApplicationStatus.SUBMITTED,
                  comment=comment or "")
    audit_record(actor=actor, action="application.submitted", obj=application,
                 details={"kind": application.kind, "program": program.pk, "documents": attached}, request=request)
    text = _("Application № %(number)s to the program «%(program)s» has been sent. We will tell you the "
             "decision by e-mail.") % {"number": application.number, "program": program.title}
    transaction.on_commit(partial(notify, application, text, request))
    return application


@transaction.atomic
def application_resubmit(*, actor, application: Application, comment: str, documents=(),
                         request=None) -> Application:
    """After «needs changes»: attach the corrected documents and send the application again."""
    ApplicationDocument.objects.filter(pk__in=[d.pk for d in documents], owner=actor,
                                       application__isnull=True).update(application=application)
    return application_set_status(actor=actor, application=application, target=ApplicationStatus.SUBMITTED,
                                  comment=comment, request=request)
