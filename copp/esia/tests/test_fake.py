"""The local ESIA checks what the real one checks (integrations.md §1.11): tested over HTTP, as a client."""
import base64
import datetime as dt
import json
import time
import uuid
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from fakes.esia import gost
from fakes.esia.server import Grant

from .support import CALLBACK, CLIENT_ID, raw_request

SCOPE = "openid fullname snils email"


def now_stamp(shift: int = 0) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=shift)).astimezone(
        dt.timezone(dt.timedelta(hours=3))).strftime("%Y.%m.%d %H:%M:%S %z")


def b64(data: bytes, pad: bool = False) -> str:
    text = base64.urlsafe_b64encode(data).decode()
    return text if pad else text.rstrip("=")


@pytest.fixture
def key(esia_keys):
    return gost.KeyPair.from_pem(esia_keys.platform_key.read_bytes())


def authorize_params(key, esia_keys, **changes):
    params = {"client_id": CLIENT_ID, "scope": SCOPE, "scope_org": "", "timestamp": now_stamp(),
              "state": str(uuid.uuid4()), "redirect_uri": CALLBACK, "response_type": "code",
              "access_type": "online",
              "client_certificate_hash": gost.certificate_hash(esia_keys.platform_cert.read_bytes()), **changes}
    signed = "".join(params[k] for k in ("client_id", "scope", "scope_org", "timestamp", "state", "redirect_uri"))
    params.setdefault("client_secret", b64(key.sign(signed.encode())))
    return params


def authorize(fake, params, raw_query: str | None = None):
    return raw_request("GET", f"{fake.url}/aas/oauth2/v2/ac?{raw_query or urlencode(params)}")


def error_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["error_description"][0]


def test_valid_request_shows_the_choice_page_and_padded_secret_is_accepted(fake_esia, key, esia_keys):
    params = authorize_params(key, esia_keys)
    signed = "".join(params[k] for k in ("client_id", "scope", "scope_org", "timestamp", "state", "redirect_uri"))
    params["client_secret"] = b64(key.sign(signed.encode()), pad=True)
    status, _headers, text = authorize(fake_esia, params)
    assert status == 200 and "Предоставить доступ" in text and "Иванов" in text


@pytest.mark.parametrize(("changes", "code"), [
    ({"client_secret": ""}, "ESIA-007014"),
    ({"state": "not-a-uuid"}, "ESIA-007003"),
    ({"timestamp": now_stamp(-3600)}, "ESIA-007015"),
    ({"client_certificate_hash": "00" * 32}, "ESIA-007002"),
    ({"client_secret": b64(b"\x01" * 64)}, "ESIA-007053"),
    ({"scope": "openid fullname superpowers"}, "ESIA-007006"),
    ({"response_type": "token"}, "ESIA-007012"),
])
def test_bad_authorization_requests_return_with_an_error(fake_esia, key, esia_keys, changes, code):
    status, headers, _text = authorize(fake_esia, authorize_params(key, esia_keys, **changes))
    assert status == 302 and headers["Location"].startswith(CALLBACK)
    assert code in error_of(headers["Location"])


def test_plus_in_the_timestamp_must_be_percent_encoded(fake_esia, key, esia_keys):
    params = authorize_params(key, esia_keys)
    raw = urlencode(params).replace("%2B", "+")
    status, headers, _text = authorize(fake_esia, params, raw)
    assert status == 302 and "ESIA-007015" in error_of(headers["Location"])


def test_a_string_signed_in_the_legacy_order_is_refused(fake_esia, key, esia_keys):
    params = authorize_params(key, esia_keys)
    legacy = params["scope"] + params["timestamp"] + params["client_id"] + params["state"]
    params["client_secret"] = b64(key.sign(legacy.encode()))
    _status, headers, _text = authorize(fake_esia, params)
    assert "ESIA-007053" in error_of(headers["Location"])


def test_unregistered_redirect_uri_gets_an_error_page_not_a_redirect(fake_esia, key, esia_keys):
    status, headers, text = authorize(fake_esia, authorize_params(key, esia_keys, redirect_uri="https://evil.example/"))
    assert status == 400 and "Location" not in headers and "ESIA-007023" in text


def token_params(key, esia_keys, code, **changes):
    params = {"client_id": CLIENT_ID, "code": code, "grant_type": "authorization_code",
              "client_certificate_hash": gost.certificate_hash(esia_keys.platform_cert.read_bytes()),
              "state": str(uuid.uuid4()), "redirect_uri": CALLBACK, "scope": SCOPE, "scope_org": "",
              "timestamp": now_stamp(), "token_type": "Bearer", **changes}
    signed = "".join(params[k] for k in ("client_id", "scope", "scope_org", "timestamp", "state", "redirect_uri",
                                         "code"))
    params["client_secret"] = b64(key.sign(signed.encode()))
    return params


def grant(fake, oid=1000000101, scope=SCOPE, access_type="online"):
    code = f"code-{uuid.uuid4()}"
    fake.codes[code] = Grant(code, CLIENT_ID, CALLBACK, scope, oid, access_type, time.time())
    return code


def token(fake, params):
    status, _headers, text = raw_request("POST", f"{fake.url}/aas/oauth2/v3/te", params)
    return status, json.loads(text)


def test_token_exchange_once_per_code(fake_esia, key, esia_keys):
    code = grant(fake_esia, access_type="offline")
    params = token_params(key, esia_keys, code)
    status, answer = token(fake_esia, params)
    assert status == 200 and answer["state"] == params["state"] and answer["expires_in"] == 3600
    assert answer["refresh_token"] and answer["id_token"].count(".") == 2
    header, payload, signature = answer["access_token"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["urn:esia:sbj_id"] == 1000000101 and claims["client_id"] == CLIENT_ID
    assert json.loads(base64.urlsafe_b64decode(header + "=="))["alg"] == "GOST3410_2012_256"
    status, answer = token(fake_esia, token_params(key, esia_keys, code))
    assert status == 400 and answer["error"] == "invalid_grant" and "ESIA-007011" in answer["error_description"]


def test_token_call_must_sign_the_code(fake_esia, key, esia_keys):
    params = token_params(key, esia_keys, grant(fake_esia))
    params["code"] = grant(fake_esia)  # another code than the one signed
    status, answer = token(fake_esia, params)
    assert status == 400 and "ESIA-007053" in answer["error_description"]


def test_token_call_for_another_redirect_uri(fake_esia, key, esia_keys):
    fake_esia.clients[CLIENT_ID].redirect_uris.append("http://testserver/other/")
    status, answer = token(fake_esia, token_params(key, esia_keys, grant(fake_esia),
                                                   redirect_uri="http://testserver/other/"))
    assert status == 400 and "ESIA-007011" in answer["error_description"]


def test_token_call_without_a_parameter(fake_esia, key, esia_keys):
    params = token_params(key, esia_keys, grant(fake_esia))
    del params["timestamp"]
    status, answer = token(fake_esia, params)
    assert status == 400 and "ESIA-007014" in answer["error_description"]


def access_token(fake, key, esia_keys, scope=SCOPE):
    return token(fake, token_params(key, esia_keys, grant(fake, scope=scope), scope=scope))[1]["access_token"]


def rest(fake, path, bearer):
    status, _headers, text = raw_request("GET", f"{fake.url}{path}", headers={"Authorization": f"Bearer {bearer}"})
    return status, json.loads(text)


def test_person_data_follows_the_scopes(fake_esia, key, esia_keys):
    bearer = access_token(fake_esia, key, esia_keys)
    status, person = rest(fake_esia, "/rs/prns/1000000101", bearer)
    assert status == 200 and person["lastName"] == "Иванов" and person["snils"]
    assert "birthDate" not in person  # no birthdate scope
    status, contacts = rest(fake_esia, "/rs/prns/1000000101/ctts", bearer)
    assert status == 200 and contacts["size"] == 1 and contacts["elements"][0].startswith(fake_esia.url)
    status, element = rest(fake_esia, urlsplit(contacts["elements"][0]).path, bearer)
    assert element["type"] == "EML"
    status, embedded = rest(fake_esia, "/rs/prns/1000000101/ctts?embed=(elements)", bearer)
    assert embedded["elements"][0]["value"] == "ivanov.esia@example.ru"
    assert rest(fake_esia, "/rs/prns/1000000101/docs", bearer)[0] == 403  # no id_doc scope
    assert rest(fake_esia, "/rs/prns/1000000102", bearer)[0] == 403  # another person's oid
    assert rest(fake_esia, "/rs/prns/1000000101", bearer[:-6] + "AAAAAA")[0] == 401


def test_documents_with_the_scope(fake_esia, key, esia_keys):
    bearer = access_token(fake_esia, key, esia_keys, scope="openid id_doc")
    status, docs = rest(fake_esia, "/rs/prns/1000000101/docs?embed=(elements)", bearer)
    assert status == 200 and docs["elements"][0]["type"] == "RF_PASSPORT"


def test_expired_bearer_token(fake_esia, key, esia_keys):
    fake_esia.faults["expired_token"] = True
    bearer = access_token(fake_esia, key, esia_keys)
    assert rest(fake_esia, "/rs/prns/1000000101", bearer)[0] == 401


def test_logout_returns_only_to_a_registered_origin(fake_esia):
    status, headers, _text = raw_request("GET", f"{fake_esia.url}/idp/ext/Logout?client_id={CLIENT_ID}"
                                                "&redirect_url=http%3A%2F%2Ftestserver%2F")
    assert status == 302 and headers["Location"] == "http://testserver/" and "Max-Age=0" in headers["Set-Cookie"]
    status, headers, text = raw_request("GET", f"{fake_esia.url}/idp/ext/Logout?client_id={CLIENT_ID}"
                                               "&redirect_url=https%3A%2F%2Fevil.example%2F")
    assert status == 200 and "Сеанс на Госуслугах завершён" in text
    assert fake_esia.logouts == 2
