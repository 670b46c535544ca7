"""Sign-up, sign-in, linking and logout through ESIA against the local ESIA (fakes/esia)."""
import datetime as dt
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from copp.accounts.models import ConsentRecord, User
from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.esia.models import EsiaEvent, EsiaSettings, Outcome
from fakes.esia.citizens import DEMO_CITIZENS

from .support import CLIENT_ID, callback_path, esia_answer, sign_in, start_sign_in

pytestmark = pytest.mark.django_db

IVANOV, SMIRNOVA, SOKOLOV, KUZNETSOVA = (c.oid for c in DEMO_CITIZENS)


def sign_up(client, oid, **form):
    response = sign_in(client, oid)
    assert response.status_code == 302 and response["Location"] == reverse("esia_signup")
    page = client.get(reverse("esia_signup"))
    assert page.status_code == 200
    return page, client.post(reverse("esia_signup"), {"consent": "on", **form}, REMOTE_ADDR="10.0.0.7")


def test_new_citizen_signs_up_as_a_confirmed_learner_after_consent(client, esia_on):
    page, response = sign_up(client, IVANOV)
    text = page.content.decode()
    assert "Иванов Иван Петрович" in text and "15 марта 1990" in text and "ivanov.esia@example.ru" in text
    assert response.status_code == 302 and response["Location"] == reverse("portal:cabinet")
    user = User.objects.get(email="ivanov.esia@example.ru")
    assert (user.last_name, user.first_name, user.patronymic) == ("Иванов", "Иван", "Петрович")
    assert user.birth_date == dt.date(1990, 3, 15) and user.snils == DEMO_CITIZENS[0].snils
    assert user.phone == "+7(912)3456701" and user.confirmed_by_esia and not user.has_usable_password()
    assert user.get_roles() == [Role.LEARNER]
    assert ConsentRecord.objects.get(user=user).ip == "10.0.0.7"
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(provider="esia", user=user).uid == str(IVANOV)
    assert EsiaEvent.objects.get(outcome=Outcome.SIGNED_UP).user == user
    assert AuditLog.objects.filter(action="esia.signed_up", actor=user).exists()
    assert client.get(reverse("portal:cabinet")).status_code == 200
    assert not mail.outbox  # the e-mail was confirmed on Gosuslugi


def test_the_platform_signs_and_sends_what_esia_expects(client, esia_on):
    sign_up(client, IVANOV)
    authorize = next(r for r in esia_on.requests if r["path"] == "/aas/oauth2/v2/ac")["params"]
    token = next(r for r in esia_on.requests if r["path"] == "/aas/oauth2/v3/te")["params"]
    assert re.fullmatch(r"\d{4}\.\d\d\.\d\d \d\d:\d\d:\d\d [+-]\d{4}", authorize["timestamp"])
    assert authorize["response_type"] == "code" and authorize["client_id"] == CLIENT_ID
    assert "=" not in authorize["client_secret"] and len(authorize["client_certificate_hash"]) == 64
    assert token["grant_type"] == "authorization_code" and token["token_type"] == "Bearer"
    assert token["state"] != authorize["state"]  # a fresh state for the token call
    assert token["redirect_uri"] == authorize["redirect_uri"] == "http://testserver/accounts/esia/login/callback/"


def test_sign_up_without_consent_creates_nothing(client, esia_on):
    _page, response = sign_up(client, IVANOV, consent="")
    assert response.status_code == 200
    assert "мы не можем вас зарегистрировать" in response.content.decode()
    assert not User.objects.filter(email="ivanov.esia@example.ru").exists()
    assert not SocialAccount.objects.exists()


def test_unconfirmed_esia_email_is_sent_a_confirmation(client, esia_on, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the letter leaves the outbox on commit
        _page, response = sign_up(client, KUZNETSOVA)
    assert response.status_code == 302
    user = User.objects.get(email="kuznetsova.esia@example.ru")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kuznetsova.esia@example.ru"]


def test_linked_citizen_signs_in_again(client, esia_on):
    sign_up(client, IVANOV)
    client.logout()
    response = sign_in(client, IVANOV)
    assert response.status_code == 302 and response["Location"] == reverse("portal:cabinet")
    assert EsiaEvent.objects.filter(outcome=Outcome.SIGNED_IN, oid=str(IVANOV)).count() == 1
    assert User.objects.filter(email="ivanov.esia@example.ru").count() == 1
    assert client.get(reverse("portal:cabinet")).context["user"].email == "ivanov.esia@example.ru"


def test_next_url_is_kept_and_foreign_one_dropped(client, esia_on):
    sign_up(client, IVANOV)
    client.logout()
    response = sign_in(client, IVANOV, next="/cabinet/profile/")
    assert response["Location"] == "/cabinet/profile/"
    client.logout()
    response = sign_in(client, IVANOV, next="https://evil.example/")
    assert response["Location"] == reverse("portal:cabinet")


def test_existing_email_links_only_after_password_sign_in_and_confirmation(client, esia_on, world):
    owner = User.objects.get(email="learner1@example.ru")
    esia_on.citizens[SOKOLOV].email = owner.email
    response = sign_in(client, SOKOLOV)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not SocialAccount.objects.exists()
    assert EsiaEvent.objects.get(outcome=Outcome.REFUSED).reason == "email_taken"
    page = client.get(response["Location"])
    assert "Войдите в неё с паролем" in page.content.decode()
    response = client.post(response["Location"], {"login": owner.email, "password": world.password})
    assert response.status_code == 302 and response["Location"] == reverse("esia_link")
    page = client.get(reverse("esia_link"))
    assert "Соколов Дмитрий Андреевич" in page.content.decode()
    assert not SocialAccount.objects.exists()  # nothing linked before the confirmation
    response = client.post(reverse("esia_link"), {"confirm": ""})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert SocialAccount.objects.get(provider="esia", uid=str(SOKOLOV)).user == owner
    assert owner.confirmed_by_esia and owner.last_name == "Соколов" and owner.snils == DEMO_CITIZENS[2].snils
    assert EsiaEvent.objects.filter(outcome=Outcome.LINKED, user=owner).exists()
    client.logout()
    response = sign_in(client, SOKOLOV)
    assert response["Location"] == reverse("portal:cabinet")
    assert client.get(reverse("portal:cabinet")).context["user"] == owner


def test_waiting_link_does_not_go_to_another_account_signing_in_on_the_same_browser(client, esia_on, world):
    owner = User.objects.get(email="learner1@example.ru")
    esia_on.citizens[SOKOLOV].email = owner.email
    response = sign_in(client, SOKOLOV)  # the owner walks away before signing in with the password
    assert response["Location"].startswith(reverse("account_login"))
    stranger = User.objects.get(email="learner2@example.ru")
    client.post(reverse("account_login"), {"login": stranger.email, "password": world.password})
    response = client.post(reverse("esia_link"), {"confirm": ""})
    assert not SocialAccount.objects.exists()
    stranger.refresh_from_db()
    assert not stranger.confirmed_by_esia and stranger.last_name != "Соколов"
    assert response.status_code == 400 and 'data-esia-refusal="link_foreign"' in response.content.decode()


def test_cancelling_the_link_links_nothing(client, esia_on, world):
    owner = User.objects.get(email="learner1@example.ru")
    client.force_login(owner)
    location = esia_answer(start_sign_in(client, process="connect"), SMIRNOVA)
    assert client.get(callback_path(location))["Location"] == reverse("esia_link")
    client.post(reverse("esia_link"), {"cancel": ""})
    assert not SocialAccount.objects.exists()
    assert client.get(reverse("esia_link"))["Location"] == reverse("esia_account")


def test_signed_in_user_links_from_the_cabinet(client, esia_on, world):
    owner = User.objects.get(email="learner1@example.ru")
    client.force_login(owner)
    page = client.get(reverse("esia_account"))
    assert "Привязать Госуслуги" in page.content.decode()
    location = esia_answer(start_sign_in(client, process="connect"), SMIRNOVA)
    response = client.get(callback_path(location))
    assert response["Location"] == reverse("esia_link")
    client.post(reverse("esia_link"), {"confirm": ""})
    assert SocialAccount.objects.get(provider="esia").user == owner
    assert "Привязана" in client.get(reverse("esia_account")).content.decode()


def test_logout_ends_the_esia_session_only_for_esia_sessions(client, esia_on, world):
    sign_up(client, IVANOV)
    response = client.post(reverse("account_logout"))
    assert response["Location"].startswith(f"{esia_on.url}/idp/ext/Logout?client_id={CLIENT_ID}")
    assert "redirect_url=http%3A%2F%2Ftestserver%2F" in response["Location"]
    client.force_login(User.objects.get(email="learner1@example.ru"))
    assert client.post(reverse("account_logout"))["Location"] == "/"


def test_documents_are_read_when_the_scope_allows(client, settings, esia_on):
    settings.ESIA = {**settings.ESIA, "SCOPES": "openid fullname birthdate snils email mobile id_doc"}
    sign_up(client, IVANOV)
    data = SocialAccount.objects.get(provider="esia").extra_data
    assert data["documents"][0]["type"] == "RF_PASSPORT" and data["documents"][0]["number"] == "123456"
    assert any(r["path"].endswith("/docs") for r in esia_on.requests)


def test_without_the_scope_documents_are_not_asked_for(client, esia_on):
    sign_up(client, IVANOV)
    assert "documents" not in SocialAccount.objects.get(provider="esia").extra_data
    assert not any(r["path"].endswith("/docs") for r in esia_on.requests)


def test_admin_settings_override_the_environment(client, esia_on):
    EsiaSettings.objects.create(enabled=False)
    assert client.get(reverse("esia_login")).status_code == 404
    assert "Войти через Госуслуги" not in client.get(reverse("account_login")).content.decode()
    EsiaSettings.objects.update(enabled=True, client_id="UNKNOWN")
    assert "Войти через Госуслуги" in client.get(reverse("account_login")).content.decode()
    location = start_sign_in(client)
    assert "client_id=UNKNOWN" in location


def test_button_shows_on_sign_in_and_sign_up_pages_only_when_on(client, esia_on, settings):
    for name in ("account_login", "account_signup"):
        assert "Войти через Госуслуги" in client.get(reverse(name)).content.decode()
    settings.ESIA = {**settings.ESIA, "ENABLED": False}
    for name in ("account_login", "account_signup"):
        assert "Войти через Госуслуги" not in client.get(reverse(name)).content.decode()
    assert client.get(reverse("esia_login")).status_code == 404


def test_get_on_login_asks_before_leaving_for_esia(client, esia_on):
    page = client.get(reverse("esia_login"))
    assert page.status_code == 200 and "Перейти на Госуслуги" in page.content.decode()
    assert not esia_on.requests
