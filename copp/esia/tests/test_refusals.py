"""Each refused sign-in through ESIA: a clear Russian message, nothing created or linked, the event logged."""
import time

import pytest
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from copp.accounts.models import User
from copp.core.models import AuditLog
from copp.esia.models import EsiaEvent, Outcome
from fakes.esia import gost
from fakes.esia.citizens import DEMO_CITIZENS

from .support import callback_path, esia_answer, sign_in, start_sign_in

pytestmark = pytest.mark.django_db

IVANOV, SMIRNOVA, SOKOLOV, KUZNETSOVA = (c.oid for c in DEMO_CITIZENS)


def assert_refused(response, reason: str, message: str, *, users_before: int, accounts_before: int = 0,
                   status: int = 400):
    text = response.content.decode()
    assert response.status_code == status, (response.status_code, text[:300])
    assert "Не удалось войти через Госуслуги" in text
    assert message in text, text
    assert User.objects.count() == users_before
    assert SocialAccount.objects.count() == accounts_before
    event = EsiaEvent.objects.get(outcome=Outcome.REFUSED)
    assert event.reason == reason
    assert AuditLog.objects.filter(action="esia.refused", object_id=str(event.pk)).exists()
    return event


def linked(user, oid):
    return SocialAccount.objects.create(user=user, provider="esia", uid=str(oid))


def test_wrong_state(client, esia_on):
    location = esia_answer(start_sign_in(client), IVANOV)
    forged = callback_path(location).replace("state=", "state=0")
    assert_refused(client.get(forged), "state_mismatch", "ответ не относится ко входу, начатому здесь",
                   users_before=0)


def test_state_from_another_browser(client, esia_on):
    from django.test import Client

    location = esia_answer(start_sign_in(Client()), IVANOV)  # started in another session
    assert_refused(client.get(callback_path(location)), "state_mismatch", "Начните вход заново", users_before=0)


def test_replayed_code(client, esia_on, learner):
    linked(learner, IVANOV)
    first = esia_answer(start_sign_in(client), IVANOV)
    assert client.get(callback_path(first)).status_code == 302
    client.logout()
    second = esia_answer(start_sign_in(client), IVANOV)  # a new sign-in: its own state, the old code
    code = callback_path(first).split("code=")[1].split("&")[0]
    replay = callback_path(second).split("code=")[0] + "code=" + code + "&" + callback_path(second).split("&", 1)[1]
    event = assert_refused(client.get(replay), "code_rejected", "уже использован или истёк", users_before=1,
                           accounts_before=1)
    assert "ESIA-007011" in event.details["description"]


def test_expired_code(client, esia_on):
    location = esia_answer(start_sign_in(client), IVANOV)
    for grant in esia_on.codes.values():
        grant.issued_at = time.time() - 3600
    assert_refused(client.get(callback_path(location)), "code_rejected", "уже использован или истёк",
                   users_before=0)


def test_bad_signature(client, settings, esia_on, esia_keys):
    settings.ESIA = {**settings.ESIA, "KEY_PATH": str(esia_keys.other_key)}
    location = esia_answer(start_sign_in(client), IVANOV)
    assert "ESIA-007053" in location
    assert_refused(client.get(callback_path(location)), "signature_rejected", "не приняли электронную подпись",
                   users_before=0)


def test_wrong_certificate_hash(client, settings, esia_on, esia_keys):
    pem_hash = gost.streebog256(esia_keys.platform_cert.read_bytes()).hex()  # the PEM hashed, not the DER
    settings.ESIA = {**settings.ESIA, "CERT_HASH": pem_hash}
    location = esia_answer(start_sign_in(client), IVANOV)
    assert "ESIA-007002" in location
    assert_refused(client.get(callback_path(location)), "certificate_rejected", "не распознали сертификат",
                   users_before=0)


def test_missing_oid(client, esia_on):
    esia_on.faults["omit_oid"] = True
    assert_refused(sign_in(client, IVANOV), "missing_oid", "не передали идентификатор", users_before=0)


def test_oid_already_linked_to_another_account(client, esia_on, world):
    other = User.objects.get(email="learner2@example.ru")
    linked(other, SMIRNOVA)
    client.force_login(User.objects.get(email="learner1@example.ru"))
    users = User.objects.count()
    location = esia_answer(start_sign_in(client, process="connect"), SMIRNOVA)
    assert_refused(client.get(callback_path(location)), "oid_taken", "уже привязана к другой учётной записи",
                   users_before=users, accounts_before=1)
    assert SocialAccount.objects.get().user == other


def test_email_belonging_to_another_account(client, esia_on, learner):
    esia_on.citizens[IVANOV].email = learner.email.upper()
    response = sign_in(client, IVANOV)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    page = client.get(response["Location"])
    assert "с адресом электронной почты из Госуслуг уже есть" in page.content.decode()
    assert User.objects.count() == 1 and not SocialAccount.objects.exists()
    event = EsiaEvent.objects.get(outcome=Outcome.REFUSED)
    assert event.reason == "email_taken" and event.oid == str(IVANOV)
    assert AuditLog.objects.filter(action="esia.refused", object_id=str(event.pk)).exists()
    # Without signing in with the password, the link page sends the visitor to sign in.
    assert client.get(reverse("esia_link"))["Location"].startswith(reverse("account_login"))


def test_snils_typed_by_hand_in_another_account_does_not_block(client, esia_on, learner):
    learner.snils = DEMO_CITIZENS[0].snils  # typed by hand: not proven, so it blocks nobody (issue 25)
    learner.save()
    response = sign_in(client, IVANOV)
    assert response["Location"] == reverse("esia_signup")
    assert not EsiaEvent.objects.filter(outcome=Outcome.REFUSED).exists()
    assert User.objects.count() == 1 and not SocialAccount.objects.exists()


def test_user_refused_access_at_esia(client, esia_on):
    response = sign_in(client, None)
    event = assert_refused(response, "access_denied", "Вы не разрешили доступ к своим данным", users_before=0)
    assert "ESIA-007004" in event.details["description"]


def test_esia_timing_out(client, settings, esia_on):
    settings.ESIA = {**settings.ESIA, "TIMEOUT": 0.5}
    esia_on.faults["token_delay"] = 1.5
    assert_refused(sign_in(client, IVANOV), "timeout", "Госуслуги не ответили вовремя", users_before=0,
                   status=504)


def test_esia_answering_500(client, esia_on):
    esia_on.faults["token_status"] = 500
    assert_refused(sign_in(client, IVANOV), "unavailable", "Госуслуги временно недоступны", users_before=0,
                   status=502)


def test_esia_overloaded(client, esia_on):
    esia_on.faults["overload"] = True
    assert_refused(sign_in(client, IVANOV), "unavailable", "Госуслуги временно недоступны", users_before=0,
                   status=502)


def test_esia_down(client, settings, esia_on):
    settings.ESIA = {**settings.ESIA, "URL": "http://127.0.0.1:9"}
    location = start_sign_in(client)
    state = location.split("state=")[1].split("&")[0]
    response = client.get(f"/accounts/esia/login/callback/?code=abc&state={state}")
    assert_refused(response, "unavailable", "Госуслуги временно недоступны", users_before=0, status=502)


def test_token_answer_with_another_state(client, esia_on):
    esia_on.faults["wrong_state"] = True
    assert_refused(sign_in(client, IVANOV), "token_state_mismatch", "не соответствует нашему запросу",
                   users_before=0)


def test_token_with_a_bad_signature(client, esia_on):
    esia_on.faults["bad_jwt_signature"] = True
    event = assert_refused(sign_in(client, IVANOV), "token_invalid", "не прошёл проверку безопасности",
                           users_before=0)
    assert event.details["check"] == "signature"


def test_token_with_alg_none(client, esia_on):
    esia_on.faults["jwt_alg"] = "none"
    event = assert_refused(sign_in(client, IVANOV), "token_invalid", "не прошёл проверку", users_before=0)
    assert event.details["check"] == "alg"


def test_expired_token(client, settings, esia_on):
    esia_on.faults["expired_token"] = True
    esia_on.token_ttl = 3600
    event = assert_refused(sign_in(client, IVANOV), "token_invalid", "не прошёл проверку", users_before=0)
    assert event.details["check"] == "exp"


def test_token_from_another_issuer(client, esia_on):
    esia_on.faults["issuer"] = "http://esia.example/"
    event = assert_refused(sign_in(client, IVANOV), "token_invalid", "не прошёл проверку", users_before=0)
    assert event.details["check"] == "iss"


def test_unconfirmed_esia_account(client, esia_on):
    esia_on.faults["unconfirmed_account"] = True
    assert_refused(sign_in(client, IVANOV), "unconfirmed_account", "не подтверждена", users_before=0)


def test_request_time_rejected(client, esia_on):
    esia_on.max_skew = -1
    assert_refused(sign_in(client, IVANOV), "clock_skew", "не приняли время запроса", users_before=0)


def test_account_already_linked_to_another_oid(client, esia_on, learner):
    linked(learner, SMIRNOVA)
    client.force_login(learner)
    location = esia_answer(start_sign_in(client, process="connect"), IVANOV)
    assert_refused(client.get(callback_path(location)), "other_oid_linked", "уже привязана к другой учётной "
                   "записи Госуслуг", users_before=1, accounts_before=1)


def test_blocked_account(client, esia_on, learner):
    linked(learner, IVANOV)
    learner.is_active = False
    learner.save()
    assert_refused(sign_in(client, IVANOV), "account_inactive", "заблокирована", users_before=1, accounts_before=1)


def test_signer_failure(client, settings, esia_on):
    settings.ESIA = {**settings.ESIA, "KEY_PATH": "/nonexistent/key.pem"}
    response = client.post(reverse("esia_login"))
    assert_refused(response, "signer_failed", "не смогла подготовить запрос", users_before=0)
    assert not esia_on.requests


def test_person_data_forbidden(client, esia_on):
    esia_on.faults["person_status"] = 403
    assert_refused(sign_in(client, IVANOV), "person_forbidden", "не передали нам ваши персональные данные",
                   users_before=0)


def test_sign_up_page_without_esia_data(client, esia_on):
    response = client.get(reverse("esia_signup"))
    assert response["Location"] == reverse("account_login")
    assert "больше недоступны" in client.get(response["Location"]).content.decode()


def test_switched_off(client, settings, esia_on):
    settings.ESIA = {**settings.ESIA, "ENABLED": False}
    assert client.post(reverse("esia_login")).status_code == 404
    assert client.get(reverse("esia_callback")).status_code == 404
    assert not esia_on.requests
