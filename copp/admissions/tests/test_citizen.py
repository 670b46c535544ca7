"""A citizen applies (M10): the form from the profile, documents, «Проверьте данные», the number; one active
application per person and program; bad uploads and double submits change nothing."""
import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from copp.core.roles import Role

from ..models import Application, ApplicationDocument, ApplicationStatus, Notification
from . import factories

pytestmark = pytest.mark.django_db


def form_data(**extra):
    data = {"last_name": "Соколов", "first_name": "Дмитрий", "patronymic": "", "birth_date": "1990-05-01",
            "phone": "+7 900 000-00-00", "email": "sokolov@example.ru", "snils": "112-233-445 95",
            "education": "Среднее профессиональное", "comment": "", "consent": "on"}
    data.update(extra)
    return data


def pdf(name="diploma.pdf", content=factories.PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def apply(client, program, **extra):
    url = reverse("admissions:apply", args=[program.pk])
    data = form_data(**extra)
    data.setdefault("document_education", pdf())
    return client.post(url, data)


def test_form_is_filled_from_the_profile(world, program, login):
    learner = world.users[Role.LEARNER][0]
    learner.phone = "+7 912 345-67-89"
    learner.save()
    page = login(learner).get(reverse("admissions:apply", args=[program.pk])).content.decode()
    assert learner.last_name in page and "+7 912 345-67-89" in page and learner.email in page
    assert "Документ об образовании" in page
    assert "Проверьте данные" in page  # the steps


def test_apply_review_submit_done(world, program, login, django_capture_on_commit_callbacks):
    learner = world.users[Role.LEARNER][0]
    client = login(learner)
    response = apply(client, program)
    assert response.status_code == 302 and response.url.endswith("?step=review")
    review = client.get(response.url).content.decode()
    assert "Проверьте данные" in review and "diploma.pdf" in review
    assert not Application.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(response.url, {"action": "submit"})
    application = Application.objects.get()
    assert done.url == reverse("admissions:apply_done", args=[application.pk])
    assert re.fullmatch(r"\d{4}-\d{6}", application.number)
    assert application.documents.count() == 1
    assert application.documents.get().file.name.startswith("applications/")
    assert "diploma" not in application.documents.get().file.name  # stored under a generated name
    page = client.get(done.url).content.decode()
    assert f"Заявка № {application.number} отправлена" in page
    assert Notification.objects.filter(user=learner, application=application).exists()
    mine = client.get(reverse("admissions:mine")).content.decode()
    assert application.number in mine and "Подана" in mine


def test_numbers_come_from_a_sequence(world, program):
    first = factories.application(world.users[Role.LEARNER][0], program)
    Application.objects.all().delete()
    second = factories.application(world.users[Role.LEARNER][0], program)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1


def test_double_submit_creates_one(world, program, login):
    client = login(world.users[Role.LEARNER][0])
    review = apply(client, program).url
    client.post(review, {"action": "submit"})
    again = client.post(review, {"action": "submit"})
    assert Application.objects.count() == 1
    assert again.url == reverse("admissions:apply_done", args=[Application.objects.get().pk])


def test_one_active_application_per_person_and_program(world, program, login):
    learner = world.users[Role.LEARNER][0]
    existing = factories.application(learner, program)
    client = login(learner)
    page = client.get(reverse("admissions:apply", args=[program.pk])).content.decode()
    assert f"У вас уже есть активная заявка № {existing.number}" in page
    assert apply(client, program).status_code == 200
    assert Application.objects.count() == 1
    existing.status = ApplicationStatus.WITHDRAWN
    existing.save()
    assert apply(client, program).status_code == 302  # a withdrawn one does not block


def test_constraint_backs_the_rule(world, program):
    from django.db import IntegrityError, transaction

    learner = world.users[Role.LEARNER][0]
    factories.application(learner, program)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.application(learner, program)


@pytest.mark.parametrize(("upload", "message"), [
    (SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"),
     "Загрузите скан в формате PDF, JPEG или PNG."),
    (SimpleUploadedFile("big.pdf", factories.PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf"),
     "Файл слишком большой"),
])
def test_bad_upload_gives_a_clear_message_and_saves_nothing(world, program, login, upload, message):
    client = login(world.users[Role.LEARNER][0])
    response = apply(client, program, document_education=upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_a_valid_scan_is_kept_after_a_mistake_elsewhere(world, program, login):
    client = login(world.users[Role.LEARNER][0])
    response = apply(client, program, snils="123", document_education=pdf("мой-диплом.pdf"))
    page = response.content.decode()
    assert response.status_code == 200 and "СНИЛС" in page
    assert "Уже приложен: мой-диплом.pdf" in page
    assert "Приложите документ" not in page
    kept = ApplicationDocument.objects.get()
    assert kept.application is None and kept.original_name == "мой-диплом.pdf"
    # The corrected form is sent without choosing the file again; the kept scan goes with the application.
    data = form_data()
    response = client.post(reverse("admissions:apply", args=[program.pk]), data)
    assert response.status_code == 302 and response.url.endswith("?step=review")
    review = client.get(response.url).content.decode()
    assert "мой-диплом.pdf" in review
    client.post(response.url, {"action": "submit"})
    assert Application.objects.get().documents.get() == kept


def test_only_scans_kept_do_not_make_a_draft_to_review(world, program, login):
    client = login(world.users[Role.LEARNER][0])
    apply(client, program, snils="123")
    url = reverse("admissions:apply", args=[program.pk])
    assert client.get(url + "?step=review").url == url  # back to the form, not a review of half a draft
    page = client.get(url).content.decode()
    assert "Уже приложен: diploma.pdf" in page and 'value="Соколов"' not in page  # the form from the profile


def test_missing_document_and_consent(world, program, login):
    client = login(world.users[Role.LEARNER][0])
    data = form_data()
    data.pop("consent")
    response = client.post(reverse("admissions:apply", args=[program.pk]), data)
    page = response.content.decode()
    assert "Приложите документ" in page and "Без согласия мы не можем принять заявку" in page


def test_needs_changes_then_resubmit(world, program, login):
    learner = world.users[Role.LEARNER][0]
    application = factories.application(learner, program, status=ApplicationStatus.NEEDS_CHANGES,
                                        decision_comment="Приложите диплом с вкладышем")
    client = login(learner)
    page = client.get(reverse("admissions:my_detail", args=[application.pk])).content.decode()
    assert "Приложите диплом с вкладышем" in page and "Отправить повторно" in page
    client.post(reverse("admissions:my_resubmit", args=[application.pk]),
                resubmit_data(application, comment="Приложил", document=pdf("vkladysh.pdf"),
                              document_kind="education"))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.documents.filter(original_name="vkladysh.pdf").exists()


def resubmit_data(application, **extra):
    """What the resubmit form posts: the details as the application has them (a factory one lacks some)."""
    data = {f: getattr(application, f) or "" for f in ("last_name", "first_name", "patronymic", "phone", "email",
                                                         "snils", "education")}
    data |= {"birth_date": (application.birth_date or datetime.date(1990, 5, 1)).isoformat(),
             "phone": application.phone or "+7 900 000-00-00", "education": application.education or "СПО"}
    data.update(extra)
    return data


def test_withdraw(world, program, login):
    learner = world.users[Role.LEARNER][0]
    application = factories.application(learner, program)
    login(learner).post(reverse("admissions:my_withdraw", args=[application.pk]), {"comment": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_another_learner_gets_404(world, program, login):
    application = factories.application(world.users[Role.LEARNER][0], program)
    client = login(world.users[Role.LEARNER][1])
    assert client.get(reverse("admissions:my_detail", args=[application.pk])).status_code == 404


def test_draft_program_cannot_be_applied_to(world, login):
    from copp.organizations.models import OrganizationType
    from copp.programs.models import ProgramStatus

    draft = factories.program(world.orgs[OrganizationType.PARTNER][0], status=ProgramStatus.DRAFT)
    assert login(world.users[Role.LEARNER][0]).get(reverse("admissions:apply", args=[draft.pk])).status_code == 404
