"""The protocol pieces: timestamp, signed strings, signers and their byte orders, certificate hash, tokens.
Signatures are checked with the local ESIA's own GOST code and, where the engine is installed, OpenSSL."""
import base64
import datetime as dt
import json
import shutil
import stat
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from copp.esia import gost as platform_gost
from copp.esia.options import esia_options
from copp.esia.protocol import authorization_url, esia_timestamp, logout_url, token_form
from copp.esia.refusals import EsiaRefusal
from copp.esia.signers import (
    OPENSSL_GOST_CONF,
    CryptoProSigner,
    GostcryptoSigner,
    HttpSigner,
    OpenSSLSigner,
    SignerError,
    certificate_hash_for,
    openssl_gost_engine,
    signer_for,
)
from copp.esia.tokens import oid_of, token_claims
from fakes.esia import gost

from .support import CLIENT_ID, platform_settings, start_fake

pytestmark = pytest.mark.django_db


def gost_engine_installed() -> bool:
    try:
        openssl_gost_engine()
    except SignerError:
        return False
    return shutil.which("openssl") is not None


needs_openssl_gost = pytest.mark.skipif(not gost_engine_installed(),
                                        reason="OpenSSL GOST engine (libengine-gost-openssl) is not installed")


def gost_conf(folder: Path) -> dict:
    """The environment of an openssl command with the gost engine loaded."""
    conf = folder / "openssl-gost.cnf"
    conf.write_text(OPENSSL_GOST_CONF.format(engine=openssl_gost_engine()))
    return {"OPENSSL_CONF": str(conf), "PATH": "/usr/bin:/bin"}


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def public_key(cert: Path):
    return gost.certificate_public_key(cert.read_bytes())


@pytest.fixture
def options(settings, esia_keys, fake_esia):
    settings.ESIA = platform_settings(esia_keys, fake_esia)
    return esia_options()


def test_timestamp_format():
    moment = dt.datetime(2026, 1, 15, 7, 0, tzinfo=dt.UTC)
    with timezone.override("Europe/Moscow"):
        assert esia_timestamp(moment) == "2026.01.15 10:00:00 +0300"


def test_authorization_url_carries_the_signed_string(options, esia_keys):
    signer = signer_for(options)
    url = authorization_url(options, signer, certificate_hash="AB" * 32, state="7648d7bd-6369-4073-b545-90250f68025e",
                            redirect_uri="https://copp.example/esia/callback", timestamp="2026.01.15 10:00:00 +0300")
    assert url.startswith(options.base_url + "/aas/oauth2/v2/ac?")
    assert "timestamp=2026.01.15+10%3A00%3A00+%2B0300" in url and "scope=openid+fullname" in url
    params = {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}
    signed = (f"{CLIENT_ID}openid fullname birthdate snils email mobile2026.01.15 10:00:00 +0300"
              "7648d7bd-6369-4073-b545-90250f68025ehttps://copp.example/esia/callback")
    xy, curve = public_key(esia_keys.platform_cert)
    assert gost.verify(xy, signed.encode(), unb64url(params["client_secret"]), curve)
    assert params["scope_org"] == "" and params["response_type"] == "code"


def test_token_form_signs_the_code_too(options, esia_keys):
    form = token_form(options, signer_for(options), certificate_hash="CD" * 32, code="the-code",
                      state="48d1a8dc-0000-4000-8000-000000000000", redirect_uri="https://copp.example/cb",
                      timestamp="2026.01.15 10:00:00 +0300")
    signed = (f"{CLIENT_ID}{form['scope']}2026.01.15 10:00:00 +030048d1a8dc-0000-4000-8000-000000000000"
              "https://copp.example/cbthe-code")
    xy, curve = public_key(esia_keys.platform_cert)
    assert gost.verify(xy, signed.encode(), unb64url(form["client_secret"]), curve)
    assert form["grant_type"] == "authorization_code" and form["token_type"] == "Bearer"


def test_logout_url(options):
    assert logout_url(options, "http://testserver/") == (
        f"{options.base_url}/idp/ext/Logout?client_id={CLIENT_ID}&redirect_url=http%3A%2F%2Ftestserver%2F")


def test_certificate_hash_is_streebog_of_der(options, esia_keys):
    der = gost.unpem(esia_keys.platform_cert.read_bytes())
    assert certificate_hash_for(options) == gost.streebog256(der).hex().upper()
    assert platform_gost.certificate_hash(der) == certificate_hash_for(options)


def test_platform_and_fake_read_the_same_keys(esia_keys):
    key, curve = platform_gost.private_key(esia_keys.platform_key.read_bytes())
    fake_key = gost.KeyPair.from_pem(esia_keys.platform_key.read_bytes())
    assert key == fake_key.private_key and curve == fake_key.curve_oid
    assert platform_gost.certificate_public_key(esia_keys.platform_cert.read_bytes()) == public_key(
        esia_keys.platform_cert)


def test_gostcrypto_signer_and_garbage_key(esia_keys, tmp_path):
    signature = GostcryptoSigner(str(esia_keys.platform_key)).sign(b"data")
    xy, curve = public_key(esia_keys.platform_cert)
    assert len(signature) == 64 and gost.verify(xy, b"data", signature, curve)
    (tmp_path / "bad.key").write_text("not a key")
    with pytest.raises(SignerError):
        GostcryptoSigner(str(tmp_path / "bad.key"))


@needs_openssl_gost
def test_openssl_signer_matches_esia_layout(esia_keys):
    signature = OpenSSLSigner(str(esia_keys.platform_key)).sign(b"TEST111openid")
    xy, curve = public_key(esia_keys.platform_cert)
    assert gost.verify(xy, b"TEST111openid", signature, curve)


@needs_openssl_gost
def test_openssl_verifies_pure_python_signatures_and_hash(esia_keys, tmp_path):
    conf = gost_conf(tmp_path)
    message, sig, pub = tmp_path / "m", tmp_path / "s", tmp_path / "pub.pem"
    message.write_bytes("подписанная строка".encode())
    sig.write_bytes(GostcryptoSigner(str(esia_keys.platform_key)).sign(message.read_bytes()))
    subprocess.run(["openssl", "pkey", "-in", str(esia_keys.platform_key), "-pubout", "-out", str(pub)], env=conf,
                   check=True)
    done = subprocess.run(["openssl", "dgst", "-md_gost12_256", "-verify", str(pub), "-signature", str(sig),
                           str(message)], env=conf, capture_output=True, check=False)
    assert b"Verified OK" in done.stdout
    der = subprocess.run(["openssl", "x509", "-in", str(esia_keys.platform_cert), "-outform", "DER"], env=conf,
                         capture_output=True, check=True).stdout
    digest = subprocess.run(["openssl", "dgst", "-md_gost12_256"], input=der, env=conf, capture_output=True,
                            check=True).stdout.decode()
    assert digest.split("= ")[1].strip().upper() == platform_gost.certificate_hash(esia_keys.platform_cert.read_bytes())


@needs_openssl_gost
def test_openssl_made_key_and_certificate_work_with_the_pure_python_code(tmp_path):
    conf = gost_conf(tmp_path)
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(["openssl", "genpkey", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A", "-out", str(key)],
                   env=conf, check=True, capture_output=True)
    subprocess.run(["openssl", "req", "-new", "-x509", "-key", str(key), "-md_gost12_256", "-subj", "/CN=TESTIS",
                    "-days", "30", "-out", str(cert)], env=conf, check=True, capture_output=True)
    signature = OpenSSLSigner(str(key)).sign(b"abc")
    xy, curve = platform_gost.certificate_public_key(cert.read_bytes())
    assert platform_gost.verify(xy, curve, b"abc", signature)
    fake_xy, fake_curve = public_key(cert)
    assert gost.verify(fake_xy, b"abc", signature, fake_curve)
    own = GostcryptoSigner(str(key)).sign(b"abc")
    assert platform_gost.verify(xy, curve, b"abc", own)


ROOT = Path(__file__).resolve().parents[3]
STAND_IN_CSPTEST = """#!{python}
import sys
sys.path[:0] = {path!r}
from fakes.esia import gost
args = sys.argv[1:]
assert args[:5] == ["-keyset", "-sign", "GOST12_256", "-container", "ЦОПП"], args
data = open(args[args.index("-in") + 1], "rb").read()
signature = gost.KeyPair({key}).sign(data)
open(args[args.index("-out") + 1], "wb").write(signature[::-1])  # CryptoPro's little-endian layout
"""


def test_cryptopro_signer_reverses_the_bytes(esia_keys, tmp_path):
    """csptest is proprietary; a stand-in writes the little-endian signature CryptoPro produces."""
    key = gost.KeyPair.from_pem(esia_keys.platform_key.read_bytes())
    script = tmp_path / "csptest"
    script.write_text(STAND_IN_CSPTEST.format(python=sys.executable, path=[str(ROOT), *sys.path],
                                              key=key.private_key))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    signature = CryptoProSigner(str(script), "ЦОПП").sign(b"payload")
    assert gost.verify(key.public_xy, b"payload", signature)
    with pytest.raises(SignerError):
        CryptoProSigner(str(tmp_path / "missing"), "ЦОПП").sign(b"payload")


def test_http_signer(esia_keys):
    key = gost.KeyPair.from_pem(esia_keys.platform_key.read_bytes())

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):  # noqa: N802
            assert self.headers["Authorization"] == "Bearer t0ken"
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = json.dumps({"signature": base64.b64encode(key.sign(body)).decode()}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sign"
        signature = HttpSigner(url, "t0ken").sign(b"payload")
        assert gost.verify(key.public_xy, b"payload", signature)
    finally:
        server.shutdown()
        server.server_close()
    with pytest.raises(SignerError):
        HttpSigner(url, "t0ken", timeout=1).sign(b"payload")


def test_token_checks(options, fake_esia):
    grant = type("G", (), {"oid": 1000000101, "scope": "openid fullname", "client_id": CLIENT_ID,
                           "access_type": "online"})
    token = fake_esia.issue_tokens(grant, "s")["access_token"]
    claims = token_claims(options, token)
    assert oid_of(claims) == "1000000101"
    header, payload, signature = token.split(".")
    for forged, check in [
        (f"{header}.{payload}.{signature[:-4]}AAAA", "signature"),
        (f"{header}.{payload}", "format"),
        (base64.urlsafe_b64encode(b'{"alg":"none"}').decode().rstrip("=") + f".{payload}.", "alg"),
    ]:
        with pytest.raises(EsiaRefusal) as refused:
            token_claims(options, forged)
        assert refused.value.details["check"] == check
    with pytest.raises(EsiaRefusal) as refused:
        token_claims(options, token, now=claims["exp"] + 3600)
    assert refused.value.details["check"] == "exp"
    with pytest.raises(EsiaRefusal) as refused:
        oid_of({"urn:esia:sbj_id": None})
    assert refused.value.reason == "missing_oid"


def test_token_for_another_client(settings, esia_keys, fake_esia):
    settings.ESIA = platform_settings(esia_keys, fake_esia, CLIENT_ID="OTHER")
    grant = type("G", (), {"oid": 1000000101, "scope": "openid", "client_id": CLIENT_ID, "access_type": "online"})
    with pytest.raises(EsiaRefusal) as refused:
        token_claims(esia_options(), fake_esia.issue_tokens(grant, "s")["access_token"])
    assert refused.value.details["check"] == "client_id"


def test_fake_generates_demo_keys_on_first_start(tmp_path):
    from fakes.esia.__main__ import ensure_key_pair

    key, cert = ensure_key_pair(tmp_path / "esia", "copp-demo", "COPP-DEMO")
    again, same = ensure_key_pair(tmp_path / "esia", "copp-demo", "COPP-DEMO")
    assert again.private_key == key.private_key and same == cert
    assert (tmp_path / "esia" / "copp-demo.key").stat().st_mode & 0o077 == 0
    fake = start_fake(type("K", (), {"platform_cert": cert, "esia_key": key})(), ["http://x/cb"])
    fake.stop()
