"""Hostile sign-ins through ESIA (issue 25): forged or incomplete tokens, unconfirmed accounts, links offered to
the wrong account, SNILS typed by hand, malformed answers and the signers' secrets; each one is refused with a
Russian message, changes nothing it must not, and is journalled."""
import stat
import sys
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from copp.accounts.models import User
from copp.core.models import AuditLog
from copp.esia.checks import esia_certificate_check
from copp.esia.models import EsiaEvent, Outcome
from copp.esia.signers import CryptoProSigner, OpenSSLSigner, SignerError
from fakes.esia.citizens import DEMO_CITIZENS

from .support import callback_path, esia_answer, sign_in, start_sign_in
from .test_protocol import needs_openssl_gost
from .test_refusals import assert_refused

pytestmark = pytest.mark.django_db

IVANOV, SMIRNOVA, SOKOLOV, KUZNETSOVA = (c.oid for c in DEMO_CITIZENS)
SECURITY = "не прошёл проверку"


def refused_check(response, check: str, *, token: str | None = None, users_before: int = 0):
    event = assert_refused(response, "token_invalid", SECURITY, users_before=users_before)
    assert event.details["check"] == check, event.details
    if token:
        assert event.details["token"] == token
    return event


# --- trust: ESIA's certificate, algorithm, times --------------------------------------------------------


def test_without_esias_certificate_no_token_is_accepted(client, settings, esia_on):
    settings.ESIA = {**settings.ESIA, "ESIA_CERT_PATH": ""}
    refused_check(sign_in(client, IVANOV), "esia_certificate")


def test_the_platform_refuses_to_start_with_esia_on_and_no_certificate(settings, esia_keys, tmp_path):
    settings.ESIA = {"ENABLED": True, "ESIA_CERT_PATH": ""}
    assert [e.id for e in esia_certificate_check()] == ["esia.E001"]
    with pytest.raises(SystemCheckError, match="esia.E001"):
        call_command("check", "--deploy")
    garbage = tmp_path / "esia.cer"
    garbage.write_text("not a certificate")
    settings.ESIA = {"ENABLED": True, "ESIA_CERT_PATH": str(garbage)}
    assert [e.id for e in esia_certificate_check()] == ["esia.E002"]
    settings.ESIA = {"ENABLED": True, "ESIA_CERT_PATH": str(esia_keys.esia_cert)}
    assert esia_certificate_check() == []
    settings.ESIA = {"ENABLED": False, "ESIA_CERT_PATH": ""}
    assert esia_certificate_check() == []


def test_token_signed_with_a_random_key(client, esia_on):
    esia_on.faults["bad_jwt_signature"] = True
    refused_check(sign_in(client, IVANOV), "signature", token="access")


@pytest.mark.parametrize("algorithm", ["HS256", "RS256", "none", "GOST3410_2012_512", "gost3410_2012_256"])
def test_token_of_another_algorithm_with_a_broken_signature(client, esia_on, algorithm):
    esia_on.faults["jwt_alg"] = algorithm
    esia_on.faults["bad_jwt_signature"] = True
    refused_check(sign_in(client, IVANOV), "alg")


@pytest.mark.parametrize("claim", ["exp", "nbf", "iat"])
@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e12", float("nan"), float("inf"), 1.5, True])
def test_time_claims_must_be_integers(client, esia_on, claim, value):
    esia_on.faults["access_claims"] = {claim: value}
    event = assert_refused(sign_in(client, IVANOV), "token_invalid", SECURITY, users_before=0)
    # NaN and Infinity as bare JSON constants are not JSON at all: the token is unreadable.
    assert event.details["check"] in ((claim,) if isinstance(value, str | bool) or value == 1.5 else ("format",))


def test_token_without_expiry(client, esia_on):
    esia_on.faults["access_claims"] = {"exp": None}
    refused_check(sign_in(client, IVANOV), "exp")


def test_small_clock_difference_is_tolerated(client, esia_on):
    import time

    esia_on.faults["access_claims"] = {"nbf": int(time.time()) + 30, "iat": int(time.time()) + 30}
    esia_on.faults["id_claims"] = {"nbf": int(time.time()) + 30, "iat": int(time.time()) + 30}
    response = sign_in(client, IVANOV)
    assert response["Location"] == reverse("esia_signup")


# --- trust: scopes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("granted", [None, "openid", "openid fullname birthdate email mobile"])
def test_every_requested_scope_must_be_granted(client, esia_on, granted):
    esia_on.faults["granted_scope"] = granted
    event = assert_refused(sign_in(client, IVANOV), "scope_missing", "не предоставили доступ ко всем данным",
                           users_before=0)
    assert "snils" in event.details["missing"]
    assert client.get(reverse("esia_signup"))["Location"] == reverse("account_login")  # nothing waits


# --- trust: unconfirmed ESIA accounts --------------------------------------------------------------------


def test_unconfirmed_account_signs_up_but_confirms_nothing(client, esia_on):
    esia_on.citizens[IVANOV].trusted = False
    assert sign_in(client, IVANOV)["Location"] == reverse("esia_signup")
    page = client.get(reverse("esia_signup")).content.decode()
    assert "учётная запись на Госуслугах не подтверждена" in page
    assert "будет отмечен как подтверждённый" not in page
    client.post(reverse("esia_signup"), {"consent": "on"})
    user = User.objects.get(email="ivanov.esia@example.ru")
    assert user.last_name == "Иванов" and not user.confirmed_by_esia
    assert EsiaEvent.objects.get(outcome=Outcome.SIGNED_UP).user == user
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Подтверждено через Госуслуги" not in profile


def test_id_token_saying_unconfirmed_wins_over_the_person_answer(client, esia_on):
    esia_on.faults["id_claims"] = {"urn:esia:sbj": {"urn:esia:sbj:typ": "P", "urn:esia:sbj:is_tru": False,
                                                    "urn:esia:sbj:oid": IVANOV}}
    sign_in(client, IVANOV)
    client.post(reverse("esia_signup"), {"consent": "on"})
    assert not User.objects.get(email="ivanov.esia@example.ru").confirmed_by_esia


def test_region_may_refuse_unconfirmed_accounts(client, settings, esia_on):
    settings.ESIA = {**settings.ESIA, "ALLOW_UNCONFIRMED": False}
    esia_on.citizens[IVANOV].trusted = False
    assert_refused(sign_in(client, IVANOV), "unconfirmed_account", "не подтверждена", users_before=0)


def test_unconfirmed_account_drops_the_confirmation_at_the_next_sign_in(client, esia_on):
    sign_in(client, IVANOV)
    client.post(reverse("esia_signup"), {"consent": "on"})
    user = User.objects.get(email="ivanov.esia@example.ru")
    assert user.confirmed_by_esia
    client.logout()
    esia_on.citizens[IVANOV].trusted = False
    assert sign_in(client, IVANOV)["Location"] == reverse("portal:cabinet")
    user.refresh_from_db()
    assert not user.confirmed_by_esia
    assert "не отмечены как подтверждённые" in client.get(reverse("portal:cabinet")).content.decode()


# --- trust: the id_token ---------------------------------------------------------------------------------


def test_missing_id_token(client, esia_on):
    esia_on.faults["omit_id_token"] = True
    refused_check(sign_in(client, IVANOV), "missing", token="id")


def test_id_token_with_a_forged_signature(client, esia_on):
    esia_on.faults["bad_jwt_signature"] = "id"
    refused_check(sign_in(client, IVANOV), "signature", token="id")


def test_id_token_about_another_person(client, esia_on):
    esia_on.faults["id_token_sub"] = SMIRNOVA
    refused_check(sign_in(client, IVANOV), "sub", token="id")


@pytest.mark.parametrize(("claims", "check"), [({"aud": "OTHER"}, "aud"), ({"aud": None}, "aud"),
                                               ({"iss": "http://esia.example/"}, "iss"),
                                               ({"exp": "NaN"}, "exp")])
def test_id_token_for_another_client_or_issuer(client, esia_on, claims, check):
    esia_on.faults["id_claims"] = claims
    refused_check(sign_in(client, IVANOV), check, token="id")


def test_person_answer_about_another_person(client, esia_on):
    esia_on.faults["person_answer"] = {"oid": SMIRNOVA}
    refused_check(sign_in(client, IVANOV), "person_oid")


# --- linking ---------------------------------------------------------------------------------------------


def test_unverified_esia_email_of_a_learner_leads_nowhere_near_the_learner(client, esia_on, world):
    """The probe's takeover: an attacker's ESIA account carries the learner's address, unverified."""
    victim = User.objects.get(email="learner1@example.ru")
    surname, snils = victim.last_name, victim.snils  # the world's names are random: compare with them
    esia_on.citizens[KUZNETSOVA].email = victim.email  # Кузнецова's address is NOT_VERIFIED at ESIA
    response = sign_in(client, KUZNETSOVA)
    assert response["Location"] == reverse("esia_signup")  # not the learner's sign-in and link pages
    page = client.get(reverse("esia_signup")).content.decode()
    assert "уже используется учётной записью" in page and 'name="email"' in page
    # The learner later signs in with the password on this browser: no link is waiting for them.
    client.post(reverse("account_login"), {"login": victim.email, "password": world.password})
    assert client.get(reverse("esia_link"))["Location"] == reverse("esia_account")
    assert not SocialAccount.objects.exists()
    victim.refresh_from_db()
    assert (victim.last_name, victim.snils, victim.confirmed_by_esia) == (surname, snils, False)


def test_attacker_cannot_take_the_sign_up_with_the_learners_address(client, esia_on, world):
    victim = User.objects.get(email="learner1@example.ru")
    surname = victim.last_name
    esia_on.citizens[KUZNETSOVA].email = victim.email
    sign_in(client, KUZNETSOVA)
    response = client.post(reverse("esia_signup"), {"consent": "on", "email": victim.email})
    assert response.status_code == 200 and "уже используется" in response.content.decode()
    client.post(reverse("esia_signup"), {"consent": "on", "email": "kuznetsova@example.ru"})
    attacker = User.objects.get(email="kuznetsova@example.ru")
    assert SocialAccount.objects.get().user == attacker
    assert User.objects.get(pk=victim.pk).last_name == surname


def test_waiting_link_needs_the_owners_password_after_the_offer(client, esia_on, world):
    owner = User.objects.get(email="learner1@example.ru")
    esia_on.citizens[SOKOLOV].email = owner.email
    sign_in(client, SOKOLOV)
    client.force_login(owner)  # signed in, but not by proving the password in this flow
    EsiaEvent.objects.all().delete()  # the e-mail refusal that offered the link
    response = client.post(reverse("esia_link"), {"confirm": ""})
    assert_refused(response, "link_foreign", "ожидали привязки к другой учётной записи",
                   users_before=User.objects.count())
    assert client.get(reverse("esia_link"))["Location"] == reverse("esia_account")  # the flow has ended


def test_link_ends_when_the_flow_changes_hands(client, esia_on, world):
    owner = User.objects.get(email="learner1@example.ru")
    esia_on.citizens[SOKOLOV].email = owner.email
    sign_in(client, SOKOLOV)
    stranger = User.objects.get(email="learner2@example.ru")
    client.post(reverse("account_login"), {"login": stranger.email, "password": world.password})
    assert client.get(reverse("esia_link")).status_code == 400
    client.logout()
    client.post(reverse("account_login"), {"login": owner.email, "password": world.password})
    assert client.get(reverse("esia_link"))["Location"] == reverse("esia_account")
    assert not SocialAccount.objects.exists()


def test_link_page_names_the_esia_person_with_a_masked_snils_and_shows_what_changes(client, esia_on, world):
    owner = User.objects.get(email="learner1@example.ru")
    owner.last_name = "Прежняя"
    owner.save()
    client.force_login(owner)
    location = esia_answer(start_sign_in(client, process="connect"), SOKOLOV)
    assert client.get(callback_path(location))["Location"] == reverse("esia_link")
    page = client.get(reverse("esia_link")).content.decode()
    snils = DEMO_CITIZENS[2].snils
    assert "Соколов Дмитрий Андреевич" in page and f"***-***-{snils[8:]}" in page
    assert snils not in page
    assert "Прежняя → Соколов" in page


def test_connect_link_is_for_the_account_that_started_it(client, esia_on, world):
    owner = User.objects.get(email="learner1@example.ru")
    client.force_login(owner)
    location = esia_answer(start_sign_in(client, process="connect"), SMIRNOVA)
    client.get(callback_path(location))
    client.force_login(User.objects.get(email="learner2@example.ru"))  # someone else takes the browser
    assert client.post(reverse("esia_link"), {"confirm": ""})["Location"] == reverse("esia_account")
    assert not SocialAccount.objects.exists()  # the session of the first account, and its link, are gone


# --- SNILS -----------------------------------------------------------------------------------------------


def test_snils_typed_by_hand_gives_way_to_the_owner_esia_confirms(client, esia_on, learner,
                                                                  django_capture_on_commit_callbacks):
    learner.snils = DEMO_CITIZENS[0].snils
    learner.save()
    assert sign_in(client, IVANOV)["Location"] == reverse("esia_signup")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("esia_signup"), {"consent": "on"})
    owner = User.objects.get(email="ivanov.esia@example.ru")
    learner.refresh_from_db()
    assert owner.snils == DEMO_CITIZENS[0].snils and owner.confirmed_by_esia
    assert learner.snils == ""
    record = AuditLog.objects.get(action="profile.snils_released")
    assert record.object_id == str(learner.pk) and record.details["oid"] == str(IVANOV)
    assert DEMO_CITIZENS[0].snils not in str(record.details)
    letter = next(m for m in mail.outbox if m.to == [learner.email])
    assert "СНИЛС" in letter.subject and DEMO_CITIZENS[0].snils[8:] in letter.body


def test_snils_confirmed_for_another_account_is_refused(client, esia_on, learner):
    learner.snils, learner.confirmed_by_esia = DEMO_CITIZENS[0].snils, True
    learner.save()
    SocialAccount.objects.create(user=learner, provider="esia", uid="999")
    assert_refused(sign_in(client, IVANOV), "snils_taken", "уже подтверждён через Госуслуги", users_before=1,
                   accounts_before=1)
    learner.refresh_from_db()
    assert learner.snils == DEMO_CITIZENS[0].snils


def test_unconfirmed_esia_account_claims_no_snils(client, esia_on, learner):
    learner.snils = DEMO_CITIZENS[0].snils
    learner.save()
    esia_on.citizens[IVANOV].trusted = False
    sign_in(client, IVANOV)
    client.post(reverse("esia_signup"), {"consent": "on"})
    learner.refresh_from_db()
    assert learner.snils == DEMO_CITIZENS[0].snils
    assert User.objects.get(email="ivanov.esia@example.ru").snils == ""


def test_confirmed_fields_are_read_only_while_linked(client, esia_on):
    sign_in(client, IVANOV)
    client.post(reverse("esia_signup"), {"consent": "on"})
    user = User.objects.get(email="ivanov.esia@example.ru")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Подтверждено через Госуслуги" in page
    response = client.post(reverse("accounts:profile"), {
        "last_name": "Подменный", "first_name": "Иван", "patronymic": "", "birth_date": "2000-01-01",
        "snils": "112-233-445 95", "phone": "+7 900 000-00-00"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.last_name, user.patronymic, user.snils) == ("Иванов", "Петрович", DEMO_CITIZENS[0].snils)
    assert user.phone == "+7 900 000-00-00"  # not confirmed by ESIA: still the person's own
    assert user.confirmed_by_esia
    SocialAccount.objects.filter(user=user).delete()  # the link is gone: the fields are the person's again
    client.post(reverse("accounts:profile"), {"last_name": "Новая", "first_name": "Иван", "snils": ""})
    user.refresh_from_db()
    assert user.last_name == "Новая"


def test_snils_typed_by_hand_is_shown_as_not_confirmed(client, learner):
    learner.snils = DEMO_CITIZENS[1].snils
    learner.save()
    client.force_login(learner)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Не подтверждён: введён вручную" in page and "Подтверждено через Госуслуги" not in page


# --- malformed answers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", [{"contacts_answer": {"elements": 5}}, {"contacts_answer": {"elements": None}},
                                   {"contacts_answer": {"elements": ["https://esia/ctts/1"]}},
                                   {"contacts_answer": {"elements": [{"type": "EML", "value": 5}]}},
                                   {"person_answer": {"snils": 10120230300}},
                                   {"person_answer": {"lastName": ["Иванов"]}},
                                   {"person_answer": {"trusted": "yes"}}])
def test_malformed_answers_are_refused_and_journalled(client, esia_on, fault):
    esia_on.faults.update(fault)
    event = assert_refused(sign_in(client, IVANOV), "bad_response", "не удалось прочитать", users_before=0,
                           status=502)
    assert event.oid == str(IVANOV) and event.details["schema"]


# --- signers ---------------------------------------------------------------------------------------------

STAND_IN_OPENSSL = """#!{python}
import os, stat, sys
conf = os.environ["OPENSSL_CONF"]
folder = os.path.dirname(conf)
open({report!r}, "w").write(conf + "\\n" + oct(stat.S_IMODE(os.stat(folder).st_mode)) + "\\n" + open(conf).read())
sys.stdout.buffer.write(bytes(64))
"""


def test_openssl_signer_keeps_its_config_private_and_temporary(esia_keys, tmp_path, monkeypatch):
    monkeypatch.setattr("copp.esia.signers.openssl_gost_engine", lambda: "/usr/lib/engines-3/gost.so")
    report, script = tmp_path / "report", tmp_path / "openssl"
    script.write_text(STAND_IN_OPENSSL.format(python=sys.executable, report=str(report)))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    signer = OpenSSLSigner(str(esia_keys.platform_key), openssl_bin=str(script))
    signer.sign(b"one")
    first_conf, mode, text = report.read_text().split("\n", 2)
    signer.sign(b"two")
    second_conf = report.read_text().split("\n", 1)[0]
    assert mode == "0o700" and "dynamic_path = /usr/lib/engines-3/gost.so" in text
    assert first_conf != second_conf and "copp-esia-openssl-gost.cnf" not in first_conf
    assert not Path(first_conf).exists() and not Path(first_conf).parent.exists()


def test_cryptopro_pin_never_goes_on_the_command_line(tmp_path):
    with pytest.raises(SignerError, match="command line"):
        CryptoProSigner(str(tmp_path / "csptest"), "ЦОПП", pin="1234")


@needs_openssl_gost
def test_token_signed_by_openssl_with_esias_key_is_accepted_and_a_flipped_bit_is_not(settings, esia_keys, fake_esia):
    """Cross-check with OpenSSL's gost engine: a JWT signed by `openssl dgst -md_gost12_256 -sign` with ESIA's
    key passes the platform's check; the same token with one signature bit changed does not."""
    import base64
    import json
    import time

    from copp.esia.options import esia_options
    from copp.esia.refusals import EsiaRefusal
    from copp.esia.tokens import token_claims

    from .support import platform_settings

    settings.ESIA = platform_settings(esia_keys, fake_esia)
    options = esia_options()

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    now = int(time.time())
    claims = {"iss": options.issuer, "client_id": options.client_id, "urn:esia:sbj_id": IVANOV, "exp": now + 60,
              "iat": now, "nbf": now, "scope": options.scope}
    signing_input = f'{b64(json.dumps({"alg": "GOST3410_2012_256", "typ": "JWT"}).encode())}.' \
                    f'{b64(json.dumps(claims).encode())}'
    signature = OpenSSLSigner(str(esia_keys.folder / "esia.key")).sign(signing_input.encode())
    assert token_claims(options, f"{signing_input}.{b64(signature)}")["urn:esia:sbj_id"] == IVANOV
    flipped = bytes([signature[0] ^ 1]) + signature[1:]
    with pytest.raises(EsiaRefusal) as refused:
        token_claims(options, f"{signing_input}.{b64(flipped)}")
    assert refused.value.details["check"] == "signature"
