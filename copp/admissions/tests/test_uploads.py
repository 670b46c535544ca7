"""Scans that never reach an application do not stay: a replaced draft scan, a failed resubmission, old drafts
(`admissions_purge_uploads`); the service itself checks the required documents and the consent."""
import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.core.workflow import TransitionNotAllowed

from .. import services
from ..models import Application, ApplicationDocument, ApplicationStatus, DocumentKind, RequiredDocument
from ..services import individual
from . import factories
from .test_citizen import apply, pdf, resubmit_data

pytestmark = pytest.mark.django_db


def stored(settings) -> set[str]:
    folder = settings.MEDIA_ROOT / "applications"
    return set(os.listdir(folder)) if folder.exists() else set()


def test_a_new_scan_of_the_same_kind_replaces_the_draft_one(world, program, login, settings,
                                                          django_capture_on_commit_callbacks):
    client = login(world.users[Role.LEARNER][0])
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, program, document_education=pdf("old.pdf"))
    first = ApplicationDocument.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        review = apply(client, program, document_education=pdf("new.pdf")).url  # «Изменить», another scan
    document = ApplicationDocument.objects.get()
    assert document.original_name == "new.pdf" and document.pk != first.pk
    assert stored(settings) == {os.path.basename(document.file.name)}  # the old file is gone from storage
    client.post(review, {"action": "submit"})
    assert Application.objects.get().documents.get() == document


def test_a_refused_resubmission_stores_no_file(world, program, login, settings):
    learner = world.users[Role.LEARNER][0]
    application = factories.application(learner, program, status=ApplicationStatus.IN_REVIEW)
    client = login(learner)
    response = client.post(reverse("admissions:my_resubmit", args=[application.pk]),
                           resubmit_data(application, comment="Вот", document=pdf("late.pdf")), follow=True)
    assert response.status_code == 200
    assert not ApplicationDocument.objects.exists() and stored(settings) == set()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_a_resubmission_failing_after_the_file_was_stored_deletes_it(world, program, settings, monkeypatch):
    learner = world.users[Role.LEARNER][0]
    application = factories.application(learner, program, status=ApplicationStatus.NEEDS_CHANGES)

    def broken(**kwargs):
        raise RuntimeError("audit is down")

    monkeypatch.setattr(individual, "audit_record", broken)
    with pytest.raises(RuntimeError):
        services.application_resubmit(actor=learner, application=application, comment="Вот",
                                      document=pdf("scan.pdf"), document_kind=DocumentKind.EDUCATION)
    assert not ApplicationDocument.objects.exists() and stored(settings) == set()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEEDS_CHANGES


def test_a_resubmission_by_someone_else_is_refused_before_storing(world, program, settings):
    application = factories.application(world.users[Role.LEARNER][0], program, status=ApplicationStatus.NEEDS_CHANGES)
    with pytest.raises(TransitionNotAllowed):
        services.application_resubmit(actor=world.users[Role.LEARNER][1], application=application, comment="Вот",
                                      document=pdf("scan.pdf"))
    assert stored(settings) == set()


def test_purge_deletes_old_draft_uploads_and_orphans_only(world, program, settings,
                                                         django_capture_on_commit_callbacks):
    learner = world.users[Role.LEARNER][0]
    old = services.document_upload(owner=learner, kind=DocumentKind.EDUCATION, file=pdf("old.pdf"))
    fresh = services.document_upload(owner=learner, kind=DocumentKind.EDUCATION, file=pdf("fresh.pdf"))
    sent = services.document_upload(owner=learner, kind=DocumentKind.EDUCATION, file=pdf("sent.pdf"))
    application = factories.application(learner, program)
    ApplicationDocument.objects.filter(pk=sent.pk).update(application=application)
    day_ago = timezone.now() - datetime.timedelta(hours=25)
    ApplicationDocument.objects.filter(pk__in=[old.pk, sent.pk]).update(uploaded_at=day_ago)
    folder = settings.MEDIA_ROOT / "applications"
    (folder / "orphan-old.pdf").write_bytes(factories.PDF)  # a file whose row was rolled back long ago
    os.utime(folder / "orphan-old.pdf", (day_ago.timestamp(), day_ago.timestamp()))
    (folder / "orphan-new.pdf").write_bytes(factories.PDF)  # may belong to an upload being saved right now
    with django_capture_on_commit_callbacks(execute=True):
        call_command("admissions_purge_uploads", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert set(ApplicationDocument.objects.values_list("pk", flat=True)) == {fresh.pk, sent.pk}
    assert stored(settings) == {os.path.basename(fresh.file.name), os.path.basename(sent.file.name),
                                "orphan-new.pdf"}


def test_purge_dry_run_changes_nothing(world, settings):
    learner = world.users[Role.LEARNER][0]
    old = services.document_upload(owner=learner, kind=DocumentKind.EDUCATION, file=pdf("old.pdf"))
    ApplicationDocument.objects.filter(pk=old.pk).update(uploaded_at=timezone.now() - datetime.timedelta(days=2))
    from io import StringIO

    out = StringIO()
    call_command("admissions_purge_uploads", "--dry-run", stdout=out)
    assert "1 draft upload" in out.getvalue()
    assert ApplicationDocument.objects.filter(pk=old.pk).exists() and len(stored(settings)) == 1


# --- The service checks what the form checks -------------------------------------------------------------

PERSON = {"last_name": "Соколов", "first_name": "Дмитрий", "email": "sokolov@example.ru", "education": "СПО"}


def test_service_refuses_without_consent(world, program):
    learner = world.users[Role.LEARNER][0]
    scan = services.document_upload(owner=learner, kind=DocumentKind.EDUCATION, file=pdf())
    with pytest.raises(ValidationError) as error:
        services.application_submit(actor=learner, program=program, person=PERSON, documents=[scan])
    assert isinstance(error.value, services.ApplicationRefused)
    assert str(error.value) == "Без согласия мы не можем принять заявку."
    assert not Application.objects.exists()


def test_service_refuses_without_the_required_documents(world, program):
    learner = world.users[Role.LEARNER][0]
    RequiredDocument.objects.create(program=program, kind=DocumentKind.IDENTITY, is_required=True)
    RequiredDocument.objects.create(program=program, kind=DocumentKind.EMPLOYMENT, is_required=False)
    with pytest.raises(services.ApplicationIncomplete) as error:
        services.application_submit(actor=learner, program=program, person=PERSON, documents=[], consent=True)
    assert "Приложите документы, которые требует программа" in str(error.value)
    assert "Документ об образовании" in str(error.value) and "Документ, удостоверяющий личность" in str(error.value)
    assert "Трудовая" not in str(error.value)  # an optional one is not asked for
    education = services.document_upload(owner=learner, kind=DocumentKind.EDUCATION, file=pdf())
    with pytest.raises(services.ApplicationIncomplete):
        services.application_submit(actor=learner, program=program, person=PERSON, documents=[education],
                                    consent=True)
    # Someone else's scan does not count as the applicant's.
    foreign = services.document_upload(owner=world.users[Role.LEARNER][1], kind=DocumentKind.IDENTITY, file=pdf())
    with pytest.raises(services.ApplicationIncomplete):
        services.application_submit(actor=learner, program=program, person=PERSON,
                                    documents=[education, foreign], consent=True)
    assert not Application.objects.exists()
    identity = services.document_upload(owner=learner, kind=DocumentKind.IDENTITY, file=pdf())
    application = services.application_submit(actor=learner, program=program, person=PERSON,
                                              documents=[education, identity], consent=True)
    assert set(application.documents.values_list("kind", flat=True)) == {"education", "identity"}


# --- The citizen corrects the application's details --------------------------------------------------------

def test_resubmit_corrects_the_details_of_the_application(world, program, login):
    learner = world.users[Role.LEARNER][0]
    profile_name = learner.last_name
    application = factories.application(learner, program, status=ApplicationStatus.NEEDS_CHANGES,
                                        decision_comment="Фамилия не совпадает с дипломом")
    client = login(learner)
    page = client.get(reverse("admissions:my_detail", args=[application.pk])).content.decode()
    assert f'value="{application.last_name}"' in page and "ваш профиль останется прежним" in page
    client.post(reverse("admissions:my_resubmit", args=[application.pk]),
                resubmit_data(application, comment="Исправил фамилию", last_name="Соколова-Иванова",
                              snils="11223344595", education="Высшее, «Сварка», 2012"))
    application.refresh_from_db()
    learner.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.last_name == "Соколова-Иванова" and application.snils == "112-233-445 95"
    assert "соколова-иванова" in application.search_text and learner.last_name == profile_name
    staff_page = login(world.users[Role.STAFF][0]).get(reverse("admissions:inbox_detail", args=[application.pk]))
    assert "Соколова-Иванова" in staff_page.content.decode() and "Высшее, «Сварка», 2012" in staff_page.content.decode()


def test_resubmit_with_a_bad_detail_keeps_the_form_and_changes_nothing(world, program, login, settings):
    learner = world.users[Role.LEARNER][0]
    application = factories.application(learner, program, status=ApplicationStatus.NEEDS_CHANGES)
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = login(learner).post(reverse("admissions:my_resubmit", args=[application.pk]),
                                   resubmit_data(application, comment="Исправил", birth_date=future,
                                                 last_name="Новая", document=pdf()))
    page = response.content.decode()
    assert response.status_code == 200 and "Укажите дату рождения в прошлом" in page
    assert 'value="Новая"' in page  # what was typed stays in the form
    application.refresh_from_db()
    assert application.status == ApplicationStatus.NEEDS_CHANGES and application.last_name != "Новая"
    assert not ApplicationDocument.objects.exists() and stored(settings) == set()


@pytest.mark.parametrize("content", [
    b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n%%EOF",  # PDF/HTML polyglot
    factories.PDF[:-60],  # cut short
])
def test_a_scan_that_does_not_parse_is_refused(world, program, login, settings, content):
    client = login(world.users[Role.LEARNER][0])
    response = apply(client, program, document_education=pdf("diploma.pdf", content))
    assert response.status_code == 200  # the form again, with the message
    assert "PDF" in response.content.decode()
    assert not ApplicationDocument.objects.exists() and stored(settings) == set()


def test_a_photographed_document_is_stored_without_its_exif(world, program, login, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import exif_with_location, sample_image

    client = login(world.users[Role.LEARNER][0])
    photo = SimpleUploadedFile("диплом.jpg", sample_image("JPEG", size=(50, 70), exif=exif_with_location()),
                               content_type="image/jpeg")
    apply(client, program, document_education=photo)
    document = ApplicationDocument.objects.get()
    data = document.file.read()
    assert document.content_type == "image/jpeg" and document.size == len(data)
    assert b"PhoneMaker" not in data and data.startswith(b"\xff\xd8\xff")
