"""Citizen sign-up (M5), e-mail confirmation, bad input, lockout, «Мои данные» (152-ФЗ)."""
import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from copp.accounts.models import ConsentRecord, User
from copp.core.roles import Role

pytestmark = pytest.mark.django_db

GOOD = {
    "last_name": "Соколов", "first_name": "Дмитрий", "patronymic": "Андреевич", "birth_date": "1990-05-04",
    "phone": "+7 912 000-00-00", "snils": "112-233-445 95", "email": "sokolov@example.ru",
    "password1": "Надёжный-пароль-42", "password2": "Надёжный-пароль-42", "consent": "on",
}


def signup(client, **changes):
    return client.post(reverse("account_signup"), {**GOOD, **changes}, REMOTE_ADDR="10.1.2.3")


def test_citizen_signup_creates_learner_with_consent_and_sends_confirmation(
        client, django_capture_on_commit_callbacks):
    # The confirmation is queued in the outbox with the sign-up and delivered once it commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="sokolov@example.ru")
    assert user.get_roles() == [Role.LEARNER]
    assert user.snils == "112-233-445 95" and user.patronymic == "Андреевич"
    consent = ConsentRecord.objects.get(user=user)
    assert consent.ip == "10.1.2.3" and consent.text.version == 1
    assert len(mail.outbox) == 1 and "sokolov@example.ru" in mail.outbox[0].to
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    client.post(link)
    assert user.emailaddress_set.get().verified


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"snils": "112-233-445 94"}, "snils", "СНИЛС в формате 123-456-789 01"),
        ({"password1": "12345678", "password2": "12345678"}, "password1", "пароль"),
        ({"last_name": "Я" * 101}, "last_name", "не более 100"),
        ({"consent": ""}, "consent", "Без согласия"),
        ({"email": "не-почта"}, "email", "адрес электронной почты"),
    ],
)
def test_bad_input_is_refused_with_a_russian_message(client, changes, field, message):
    response = signup(client, **changes)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message.lower() in errors.lower()
    assert not User.objects.exists()
    assert "Исправьте ошибки" in response.content.decode()


def test_duplicate_email_and_snils_are_refused(client, world):
    existing = world.users[Role.LEARNER][0]
    existing.snils = "112-233-445 95"
    existing.save()
    response = signup(client, email=existing.email.upper())
    assert response.status_code == 200
    assert "уже зарегистрирован" in " ".join(response.context["form"].errors["email"])
    assert "уже используется" in " ".join(response.context["form"].errors["snils"])
    assert User.objects.filter(email__iexact=existing.email).count() == 1


def test_double_submit_creates_one_account(client):
    signup(client)
    second = signup(client)
    assert second.status_code == 200
    assert User.objects.filter(email="sokolov@example.ru").count() == 1


def test_lockout_message_does_not_reveal_whether_account_exists(client, world):
    user = world.users[Role.LEARNER][0]
    url = reverse("account_login")
    texts = {}
    for email in (user.email, "nobody@example.ru"):
        for _ in range(5):
            client.post(url, {"login": email, "password": "wrong-password"})
        response = client.post(url, {"login": email, "password": world.password})
        assert not response.wsgi_request.user.is_authenticated
        texts[email] = " ".join(response.context["form"].non_field_errors())
    assert "Слишком много" in texts[user.email]
    assert texts[user.email] == texts["nobody@example.ru"]


def test_login_and_cabinet(client, world):
    user = world.users[Role.LEARNER][0]
    response = client.post(reverse("account_login"), {"login": user.email, "password": world.password})
    assert response.status_code == 302 and response.url == reverse("portal:cabinet")
    assert "Здравствуйте" in client.get(response.url).content.decode()


def test_my_data_shows_only_own_data_and_downloads_json(login, world):
    me, other = world.users[Role.LEARNER]
    client = login(me)
    page = client.get(reverse("accounts:my_data")).content.decode()
    assert me.email in page and other.email not in page
    payload = json.loads(client.get(reverse("accounts:my_data_download")).content)
    users = payload["data"]["accounts.User"]
    assert [u["email"] for u in users] == [me.email]


def test_profile_update_validates_snils(login, world):
    client = login(world.users[Role.LEARNER][0])
    response = client.post(reverse("accounts:profile"), {"last_name": "Новиков", "first_name": "Иван",
                                                         "snils": "123"})
    assert response.status_code == 200
    response = client.post(reverse("accounts:profile"), {"last_name": "Новиков", "first_name": "Иван",
                                                         "snils": "11223344595"})
    assert response.status_code == 302
    assert User.objects.get(pk=world.users[Role.LEARNER][0].pk).snils == "112-233-445 95"
