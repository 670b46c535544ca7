"""Registers the admissions app's personal-data models and its eraser (core.personal_data)."""
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from copp.core.personal_data import register, register_eraser

from .models import Application, ApplicationDocument, ApplicationKind, Notification

register(Application, fields=["number", "kind", "status", "program__title", "last_name", "first_name", "patronymic",
                              "birth_date", "phone", "email", "snils", "education", "submitted_at"],
         subject_lookup="applicant", purpose=_("Applications to training programs"))
register(Notification, fields=["text", "created_at", "read_at"], subject_lookup="user",
         purpose=_("Notifications about applications"))


@register_eraser
def erase_applicant(user) -> int:
    """A subject's erasure (152-ФЗ): the scans they uploaded or sent with their own applications are deleted with
    their files, the person fields their individual applications copied are blanked (the application itself,
    its number and status stay: a completion record may cite it), their notifications are deleted."""
    from .services.uploads import delete_on_commit

    own = Application.objects.filter(applicant=user, kind=ApplicationKind.INDIVIDUAL)
    documents = ApplicationDocument.objects.filter(Q(owner=user) | Q(application__in=own))
    touched = 0
    for document in documents.only("pk", "file"):
        delete_on_commit(document.file.name)
        touched += 1
    documents.delete()
    touched += own.update(last_name="", first_name="", patronymic="", birth_date=None, phone="", email="",
                          snils="", education="", applicant_comment="", search_text="")
    touched += Notification.objects.filter(user=user).delete()[0]
    return touched
