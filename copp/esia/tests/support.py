"""Test support: GOST keys made during the run, the local ESIA on a free port, the platform pointed at it,
and a walk through a whole sign-in as the browser would make it."""
import http.client
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from fakes.esia import gost
from fakes.esia.server import Client, FakeEsia

CLIENT_ID = "COPP-TEST"
CALLBACK = "http://testserver/accounts/esia/login/callback/"


@dataclass
class Keys:
    folder: Path
    platform_key: Path
    platform_cert: Path
    esia_key: gost.KeyPair
    esia_cert: Path
    other_key: Path  # a key whose certificate is not registered at ESIA


def make_keys(folder: Path) -> Keys:
    """Fresh GOST keys and self-signed certificates for the platform and for the local ESIA."""
    def pair(name: str, common_name: str) -> tuple[gost.KeyPair, Path, Path]:
        key = gost.KeyPair.generate()
        key_path, cert_path = folder / f"{name}.key", folder / f"{name}.cer"
        key_path.write_text(key.private_pem())
        cert_path.write_text(gost.pem("CERTIFICATE", key.certificate(common_name, "Тесты ЦОПП")))
        return key, key_path, cert_path

    _platform, platform_key, platform_cert = pair("platform", CLIENT_ID)
    esia_key, _esia_key_path, esia_cert = pair("esia", "Учебная ЕСИА")
    _other, other_key, _other_cert = pair("other", "Чужая система")
    return Keys(folder, platform_key, platform_cert, esia_key, esia_cert, other_key)


def start_fake(keys: Keys, redirect_uris: list[str]) -> FakeEsia:
    client = Client(CLIENT_ID, redirect_uris, keys.platform_cert.read_bytes())
    return FakeEsia(clients=[client], key=keys.esia_key).start()


def platform_settings(keys: Keys, fake: FakeEsia, **changes) -> dict:
    """settings.ESIA for the platform speaking to the local ESIA with the pure-Python signer."""
    return {
        "ENABLED": True, "ENVIRONMENT": "custom", "URL": fake.url, "CLIENT_ID": CLIENT_ID,
        "SCOPES": "openid fullname birthdate snils email mobile", "SIGNER": "gostcrypto",
        "CERT_PATH": str(keys.platform_cert), "KEY_PATH": str(keys.platform_key),
        "ESIA_CERT_PATH": str(keys.esia_cert), "TIMEOUT": 2, **changes,
    }


def raw_request(method: str, url: str, body: dict | None = None, headers: dict | None = None):
    """(status, headers, text) without following redirects."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    data = urlencode(body).encode() if body is not None else None
    all_headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})} if data else (headers or {})
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request(method, path, body=data, headers=all_headers)
    response = connection.getresponse()
    text = response.read().decode()
    connection.close()
    return response.status, dict(response.getheaders()), text


def esia_answer(authorize_url: str, oid: int | None) -> str:
    """Open the ESIA page the platform sent us to and allow (oid) or deny (None): ESIA's redirect back."""
    status, headers, text = raw_request("GET", authorize_url)
    if status == 302:
        return headers["Location"]
    assert status == 200, (status, text)
    request_id = unescape(re.search(r'name="request_id" value="([^"]+)"', text).group(1))
    choice = {"request_id": request_id, "action": "allow" if oid else "deny", "oid": oid or ""}
    status, headers, text = raw_request("POST", authorize_url.split("?")[0] + "/choice", choice)
    assert status == 302, (status, text)
    return headers["Location"]


def start_sign_in(client, **data):
    """POST the «Войти через Госуслуги» button; the platform's redirect to ESIA."""
    response = client.post("/accounts/esia/login/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def callback_path(location: str) -> str:
    parts = urlsplit(location)
    return f"{parts.path}?{parts.query}"


def sign_in(client, oid: int | None, **data):
    """A whole sign-in through ESIA with the Django test client; the platform's answer to the callback."""
    location = esia_answer(start_sign_in(client, **data), oid)
    return client.get(callback_path(location))
