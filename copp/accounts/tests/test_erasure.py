"""Withdrawing consent and erasing a subject's data (152-ФЗ): the page, the letters, the daily command, the admin
action, and what stays (education records) after erasure."""
import datetime
import json
import os

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from copp.accounts.models import ConsentRecord, ConsentText, ErasureRequest, User
from copp.accounts.services import account_erase, consent_withdraw, erasure_due_run
from copp.admissions.models import ApplicationDocument, DocumentKind
from copp.admissions.tests import factories as admissions
from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.esia.models import EsiaEvent, Outcome
from copp.organizations.models import OrganizationType
from copp.training.tests.factories import enrol, make_group
from tests.factories import UserFactory, make_snils

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def person(world):
    """A learner with a full profile, consents, a Gosuslugi link, an application with a scan and a finished
    enrolment with its completion document."""
    user = UserFactory(email="erase.me@example.ru", last_name="Стиранова", first_name="Агата",
                       patronymic="Петровна", phone="+7 900 111-22-33", snils=make_snils(777),
                       birth_date=datetime.date(1990, 5, 17), roles=[Role.LEARNER])
    text, _ = ConsentText.objects.get_or_create(kind="personal_data", version=99,
                                                defaults={"title": "Согласие", "body": "Текст"})
    ConsentRecord.objects.create(user=user, text=text, ip="10.0.0.1")
    ConsentRecord.objects.create(user=user, text=text, ip="10.0.0.2")
    SocialAccount.objects.create(user=user, provider="esia", uid="100500", extra_data={"snils": user.snils})
    EsiaEvent.objects.create(user=user, outcome=Outcome.SIGNED_IN, oid="100500", ip="10.0.0.3")
    partner = world.orgs[OrganizationType.PARTNER][0]
    program = admissions.program(partner)
    application = admissions.application(user, program, phone=user.phone, birth_date=user.birth_date,
                                         education="Среднее профессиональное")
    document = ApplicationDocument.objects.create(
        application=application, owner=user, kind=DocumentKind.EDUCATION, file=admissions.pdf_file(),
        original_name="diploma.pdf", content_type="application/pdf", size=10)
    draft = ApplicationDocument.objects.create(
        owner=user, kind=DocumentKind.IDENTITY, file=admissions.pdf_file("passport.pdf"),
        original_name="passport.pdf", content_type="application/pdf", size=10)
    enrolment = enrol(make_group(partner, program=program), user, application=application, status="completed",
                      document_type="upskilling_certificate", document_series="66", document_number="000901",
                      document_date=datetime.date(2026, 6, 1))
    user.files = [document.file.path, draft.file.path]
    user.application, user.enrolment = application, enrolment
    user.studying = enrol(make_group(partner, program=program), user)
    return user


def test_withdrawal_page_withdraws_consents_blocks_signs_out_and_writes_letters(
        client, world, person, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(person)
    page = client.get(reverse("accounts:my_data"))
    assert reverse("accounts:consent_withdraw") in page.content.decode()
    response = client.get(reverse("accounts:consent_withdraw"))
    assert response.status_code == 200
    due = timezone.localtime(response.context["due"]).date()
    assert due == timezone.localdate() + datetime.timedelta(days=30)
    assert f"{due.day} " in response.content.decode() and str(due.year) in response.content.decode()

    refused = client.post(reverse("accounts:consent_withdraw"), {})
    assert refused.status_code == 400 and not ErasureRequest.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("accounts:consent_withdraw"), {"understood": "on"})
    assert done.status_code == 200 and "_auth_user_id" not in client.session
    erasure = ErasureRequest.objects.get(user=person)
    assert erasure.due_at - erasure.requested_at == datetime.timedelta(days=30) and erasure.done_at is None
    assert not ConsentRecord.objects.filter(user=person, withdrawn_at__isnull=True).exists()
    person.refresh_from_db()
    assert not person.is_active
    assert AuditLog.objects.filter(action="consent.withdrawn", object_id=str(person.pk)).exists()

    to_user = [m for m in mailoutbox if m.to == [person.email]]
    to_admins = [m for m in mailoutbox if world.users[Role.ADMIN][0].email in m.to]
    assert len(to_user) == 1 and len(to_admins) == 1
    assert "заблокирован" in to_user[0].body
    due = erasure.due_at.astimezone(timezone.get_current_timezone())
    assert str(due.year) in to_user[0].body
    assert set(to_admins[0].to) == {u.email for u in world.users[Role.ADMIN]}
    assert reverse("admin:accounts_erasurerequest_change", args=[erasure.pk]) in to_admins[0].body

    # Signed out, and the page no longer opens; a repeated withdrawal returns the open request.
    assert client.get(reverse("accounts:consent_withdraw")).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        again = consent_withdraw(user=person)
    assert again.pk == erasure.pk and ErasureRequest.objects.filter(user=person).count() == 1
    assert len(mailoutbox) == 2

    response = client.post(reverse("account_login"), {"login": "erase.me@example.ru", "password": world.password})
    assert not response.wsgi_request.user.is_authenticated


def test_the_command_erases_only_due_requests(world, person, capsys):
    waiting = UserFactory(roles=[Role.LEARNER])
    consent_withdraw(user=person)
    consent_withdraw(user=waiting)
    ErasureRequest.objects.filter(user=person).update(due_at=timezone.now() - datetime.timedelta(minutes=1))

    call_command("accounts_erase_due", "--dry-run")
    assert "Would erase the personal data of 1 user(s)." in capsys.readouterr().out
    assert ErasureRequest.objects.filter(done_at__isnull=True).count() == 2

    call_command("accounts_erase_due")
    assert "Erased the personal data of 1 user(s)." in capsys.readouterr().out
    assert ErasureRequest.objects.get(user=person).done_at is not None
    assert ErasureRequest.objects.get(user=waiting).done_at is None
    waiting.refresh_from_db()
    assert waiting.last_name and waiting.email.endswith("@example.ru")

    # Frozen time: thirty days and a minute on, the other one comes due too.
    assert erasure_due_run(now=timezone.now() + datetime.timedelta(days=30, minutes=1)) == 1
    assert not ErasureRequest.objects.filter(done_at__isnull=True).exists()


def test_erasure_destroys_personal_data_and_keeps_the_education_record(client, world, person,
                                                                     django_capture_on_commit_callbacks):
    consent_withdraw(user=person)
    files = person.files
    assert all(os.path.exists(f) for f in files)
    actor = world.users[Role.ADMIN][0]
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=person, actor=actor)

    user = User.objects.get(pk=person.pk)
    assert user.email == f"erased-{user.pk}@invalid.local" and not user.has_usable_password()
    assert (user.last_name, user.first_name, user.patronymic, user.phone, user.snils) == ("", "", "", "", "")
    assert user.birth_date is None and user.education_level is None and user.municipality is None
    assert not user.is_active
    assert not EmailAddress.objects.filter(user=user).exists()
    assert not SocialAccount.objects.filter(user=user).exists()
    assert not EsiaEvent.objects.filter(oid="100500").exists()
    assert not ApplicationDocument.objects.filter(owner=user).exists()
    assert not any(os.path.exists(f) for f in files)
    application = type(person.application).objects.get(pk=person.application.pk)
    assert (application.last_name, application.email, application.snils, application.phone) == ("", "", "", "")
    assert application.birth_date is None and application.search_text == ""
    enrolment = type(person.enrolment).objects.get(pk=person.enrolment.pk)
    assert enrolment.learner_id == user.pk and enrolment.document_number == "000901"
    studying = type(person.enrolment).objects.get(pk=person.studying.pk)
    assert studying.status == "expelled" and "отозвал согласие" in studying.status_comment
    assert not User.history.filter(id=user.pk, last_name="Стиранова").exists()
    erasure = ErasureRequest.objects.get(user=user)
    assert erasure.done_at and erasure.done_by == actor
    assert AuditLog.objects.filter(action="personal_data.erased", object_id=str(user.pk)).exists()
    assert not AuditLog.objects.filter(object_type="accounts.User", object_id=str(user.pk),
                                       object_repr__contains="Стиранова").exists()

    # «Мои данные» export of the erased user holds none of the old values.
    user.is_active = True  # only to open the page as this user in the test
    user.save(update_fields=["is_active"])
    client.force_login(user)
    response = client.get(reverse("accounts:my_data_download"))
    exported = json.dumps(json.loads(response.content), ensure_ascii=False)
    for value in ("Стиранова", "Агата", "Петровна", "900 111", person.snils, "1990-05-17", "erase.me@",
                  "100500", "diploma.pdf", "passport.pdf"):
        assert value not in exported, value
    assert "000901" in exported  # the completion document the law requires keeping


def test_admin_erases_chosen_open_requests_now(client, world, person):
    other = UserFactory(roles=[Role.LEARNER])
    mine = consent_withdraw(user=person)
    consent_withdraw(user=other)
    admin_user = world.users[Role.ADMIN][0]
    client.force_login(admin_user)
    url = reverse("admin:accounts_erasurerequest_changelist")
    assert client.get(url, {"state": "open"}).status_code == 200
    assert client.get(reverse("admin:accounts_erasurerequest_change", args=[mine.pk])).status_code == 200
    response = client.post(url, {"action": "erase_now", "_selected_action": [mine.pk]})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.done_at and mine.done_by == admin_user
    assert User.objects.get(pk=person.pk).email.endswith("@invalid.local")
    assert ErasureRequest.objects.get(user=other).done_at is None
    assert client.get(url, {"state": "done"}).status_code == 200


def test_only_administrators_see_erasure_requests(client, world, person):
    erasure = consent_withdraw(user=person)
    client.force_login(world.users[Role.STAFF][0])
    assert client.get(reverse("admin:accounts_erasurerequest_change", args=[erasure.pk])).status_code == 302
