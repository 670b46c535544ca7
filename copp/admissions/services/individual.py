"""A citizen's application to a program (M10): documents, submission, resubmission after changes."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.audit import audit_record
from copp.core.uploads import reencoded
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
from .uploads import delete_on_commit, delete_stored

_LOCK_PERSON_PROGRAM = 7401
PERSON_FIELDS = ("last_name", "first_name", "patronymic", "birth_date", "phone", "email", "snils", "education",
                 "category")


class ApplicationRefused(Exception):
    """The application cannot be sent; the message says why in the user's language."""


class ApplicationIncomplete(ApplicationRefused, ValidationError):
    """The application lacks a required document or the consent: a validation error for forms and the API,
    and an ApplicationRefused for the views that show the reason as a message."""

    def __init__(self, message):
        ValidationError.__init__(self, message, code="incomplete")

    def __str__(self):
        return " ".join(self.messages)


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
def document_upload(*, owner, kind: str, file, replaces=None) -> ApplicationDocument:
    """Keep an uploaded scan (already validated by the form) under a generated name until it is sent.
    `replaces`: the pk of the owner's earlier draft scan of the same kind; it is deleted with its file."""
    content_type = sniff(file) or ""
    original_name = file.name[:255]
    file = reencoded(file, content_type)  # photos of documents lose their EXIF (location, camera) here
    document = ApplicationDocument.objects.create(owner=owner, kind=kind, file=file, original_name=original_name,
                                                  content_type=content_type, size=file.size)
    if replaces:
        for old in ApplicationDocument.objects.filter(pk=replaces, owner=owner, application__isnull=True):
            old.delete()
            delete_on_commit(old.file.name)
    return document


def check_complete(*, program, documents, consent: bool) -> None:
    """The rule of a complete application: the consent and every document the program requires."""
    if not consent:
        raise ApplicationIncomplete(_("Without consent we cannot accept the application."))
    have = {d.kind for d in documents}
    labels = dict(DocumentKind.choices)
    missing = [labels[kind] for kind, required in document_kinds_for(program) if required and kind not in have]
    if missing:
        raise ApplicationIncomplete(_("Attach the documents the program requires: %(kinds)s.")
                                    % {"kinds": ", ".join(str(m) for m in missing)})


@transaction.atomic
def application_submit(*, actor, program, person: dict, documents, consent: bool = False, comment: str = "",
                       token: str = "", request=None) -> Application:
    """Send a citizen's application: one active per person and program, with the consent and the documents
    the program requires (raises ApplicationIncomplete otherwise); a repeated click finds the first."""
    advisory_lock(_LOCK_PERSON_PROGRAM, actor.pk, program.pk)
    if token:
        mine = Application.objects.filter(submit_token=token, applicant=actor).first()
        if mine is not None:
            return mine
    existing = active_application_of(actor, program)
    if existing is not None:
        raise ApplicationRefused(duplicate_message(existing))
    # Only the actor's own scans that no application holds yet count (and get attached).
    documents = list(ApplicationDocument.objects.filter(pk__in=[d.pk for d in documents], owner=actor,
                                                        application__isnull=True))
    check_complete(program=program, documents=documents, consent=consent)
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
    attached = ApplicationDocument.objects.filter(pk__in=[d.pk for d in documents]).update(application=application)
    record_change(application=application, actor=actor, source="", target=ApplicationStatus.SUBMITTED,
                  comment=comment or "")
    audit_record(actor=actor, action="application.submitted", obj=application,
                 details={"kind": application.kind, "program": program.pk, "documents": attached}, request=request)
    text = _("Application № %(number)s to the program «%(program)s» has been sent. We will tell you the "
             "decision by e-mail.") % {"number": application.number, "program": program.title}
    notify(application, text, request)
    return application


def application_resubmit(*, actor, application: Application, comment: str, person: dict | None = None,
                         document=None, document_kind: str = DocumentKind.OTHER, request=None) -> Application:
    """After «needs changes»: correct the person's details sent with the application, attach a corrected scan
    and send it again. The scan is stored only with a successful status change (removed if anything fails)."""
    stored = []
    try:
        with transaction.atomic():
            locked = application_set_status(actor=actor, application=application, target=ApplicationStatus.SUBMITTED,
                                            comment=comment, request=request)
            changed = _correct_person(locked, person) if person is not None else []
            if document is not None:
                content_type = sniff(document) or ""
                original_name = document.name[:255]
                document = reencoded(document, content_type)  # without EXIF (location, camera)
                scan = ApplicationDocument.objects.create(
                    application=locked, owner=actor, kind=document_kind or DocumentKind.OTHER, file=document,
                    original_name=original_name, content_type=content_type, size=document.size)
                stored.append(scan.file.name)
            if changed or stored:
                audit_record(actor=actor, action="application.corrected", obj=locked,
                             details={"fields": changed, "documents": len(stored)}, request=request)
    except BaseException:
        for name in stored:  # the row is rolled back: the file must not outlive it
            delete_stored(name)
        raise
    application.__dict__.update({f: getattr(locked, f) for f in PERSON_FIELDS})
    return locked


def _correct_person(application: Application, person: dict) -> list[str]:
    """Write the corrected details into the application's snapshot; returns the names of changed fields."""
    values = {field: person.get(field) or ("" if field != "birth_date" else None) for field in PERSON_FIELDS}
    if values["snils"]:
        values["snils"] = format_snils(values["snils"])
    changed = [f for f, v in values.items() if getattr(application, f) != v]
    if changed:
        for field in changed:
            setattr(application, field, values[field])
        application.search_text = search_text_of(application)
        application.save(update_fields=[*changed, "search_text", "updated_at"])
    return changed
