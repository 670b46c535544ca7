"""Signers of ESIA requests behind one interface: raw GOST R 34.10-2012 signature s||r (64 bytes) of the
bytes given (integrations.md §1.5.1). Chosen by the `signer` setting; keys never come from the repo."""
import base64
import glob
import json
import os
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from . import gost
from .models import SignerKind
from .options import EsiaOptions

SIGNATURE_SIZE = 64
OPENSSL_GOST_CONF = """openssl_conf = openssl_def
[openssl_def]
engines = engine_section
[engine_section]
gost = gost_section
[gost_section]
engine_id = gost
dynamic_path = {engine}
default_algorithms = ALL
"""


class SignerError(Exception):
    """The request could not be signed: no key, a tool missing or failing, the service down."""


class Signer(Protocol):
    def sign(self, data: bytes) -> bytes: ...


def _checked(signature: bytes, source: str) -> bytes:
    if len(signature) != SIGNATURE_SIZE:
        raise SignerError(f"{source} returned {len(signature)} bytes instead of a 64-byte GOST signature")
    return signature


class GostcryptoSigner:
    """Pure Python (gostcrypto): for tests and the demo; not a certified crypto tool (СКЗИ)."""

    def __init__(self, key_path: str):
        try:
            self.key, self.curve = gost.private_key(Path(key_path).read_bytes())
        except (OSError, gost.GostError) as exc:
            raise SignerError(f"cannot read the private key {key_path!r}: {exc}") from exc

    def sign(self, data: bytes) -> bytes:
        return gost.sign(self.key, self.curve, data)


def openssl_gost_engine() -> str:
    """The path of Debian's gost engine (libengine-gost-openssl)."""
    engines = sorted(glob.glob("/usr/lib/*/engines-3/gost.so")) + sorted(glob.glob("/usr/lib*/engines-3/gost.so"))
    if not engines:
        raise SignerError("the OpenSSL GOST engine is not installed (Debian: libengine-gost-openssl)")
    return engines[0]


class OpenSSLSigner:
    """`openssl dgst -md_gost12_256 -sign key.pem`: its output is ESIA's layout as is.

    Without a configured OPENSSL_CONF, the config that loads the gost engine is written for each signature
    into a private temporary folder (mode 0700) that is removed afterwards: a shared fixed path in /tmp could
    be replaced by another local user between two signatures."""

    def __init__(self, key_path: str, openssl_bin: str = "openssl", openssl_conf: str = "", timeout: float = 10):
        if not key_path or not Path(key_path).is_file():
            raise SignerError(f"the private key file {key_path!r} does not exist")
        self.key_path, self.openssl_bin, self.timeout = key_path, openssl_bin, timeout
        self.openssl_conf = openssl_conf

    def sign(self, data: bytes) -> bytes:
        if self.openssl_conf:
            return self._run(data, self.openssl_conf)
        engine = openssl_gost_engine()
        with tempfile.TemporaryDirectory(prefix="copp-esia-openssl-") as folder:
            conf = Path(folder) / "openssl-gost.cnf"
            conf.write_text(OPENSSL_GOST_CONF.format(engine=engine))
            return self._run(data, str(conf))

    def _run(self, data: bytes, conf: str) -> bytes:
        env = {**os.environ, "OPENSSL_CONF": conf}
        try:
            done = subprocess.run([self.openssl_bin, "dgst", "-md_gost12_256", "-sign", self.key_path],
                                  input=data, capture_output=True, env=env, timeout=self.timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SignerError(f"openssl failed: {exc}") from exc
        if done.returncode != 0:
            raise SignerError(f"openssl failed: {done.stderr.decode(errors='replace').strip()[:300]}")
        return _checked(done.stdout, "openssl")


class CryptoProSigner:
    """CryptoPro CSP `csptest -keyset -sign GOST12_256`; its signature is little-endian, so it is reversed
    byte by byte (digital.gov.ru/ru/documents/6186, integrations.md §1.5.1).

    The PIN is never put on the command line, where `ps` shows it to every local user. No way of giving
    csptest the PIN through a file descriptor or the environment could be confirmed from public sources, so
    the container must be usable without typing the PIN (the PIN saved in CryptoPro for the service user,
    as the public clients that call csptest without a PIN assume), or the http signer is used instead."""

    def __init__(self, csptest_path: str, container: str, pin: str = "", timeout: float = 20):
        if not container:
            raise SignerError("the CryptoPro key container is not set")
        if pin:
            raise SignerError("ESIA_CRYPTOPRO_PIN is set, but csptest takes a PIN only on its command line, "
                              "visible to every local user: save the PIN in CryptoPro for the service user and "
                              "unset ESIA_CRYPTOPRO_PIN, or use the signing service (ESIA_SIGNER=http)")
        self.csptest, self.container, self.timeout = csptest_path, container, timeout

    def sign(self, data: bytes) -> bytes:
        with tempfile.TemporaryDirectory(prefix="copp-esia-") as folder:
            message, signature = Path(folder) / "message", Path(folder) / "signature"
            message.write_bytes(data)
            command = [self.csptest, "-keyset", "-sign", "GOST12_256", "-container", self.container,
                       "-keytype", "exchange", "-in", str(message), "-out", str(signature)]
            try:
                done = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, timeout=self.timeout,
                                      check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise SignerError(f"csptest failed: {exc}") from exc
            if done.returncode != 0 or not signature.exists():
                output = (done.stdout + done.stderr).decode(errors="replace")
                raise SignerError(f"csptest failed: {output[-300:]}")
            return _checked(signature.read_bytes()[::-1], "csptest")


class HttpSigner:
    """A signing service (certified gateway, HSM): POST the bytes, get {"signature": "<base64>"} back."""

    def __init__(self, url: str, token: str = "", timeout: float = 10):
        if not url:
            raise SignerError("the address of the signing service is not set")
        self.url, self.token, self.timeout = url, token, timeout

    def sign(self, data: bytes) -> bytes:
        headers = {"Content-Type": "application/octet-stream", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read())
            text = payload["signature"]
            signature = base64.b64decode(text.replace("-", "+").replace("_", "/") + "=" * (-len(text) % 4))
        except (OSError, ValueError, KeyError, TypeError, urllib.error.URLError) as exc:
            raise SignerError(f"the signing service failed: {exc}") from exc
        return _checked(signature, "the signing service")


def signer_for(options: EsiaOptions) -> Signer:
    """The signer the settings choose."""
    if options.signer == SignerKind.OPENSSL:
        return OpenSSLSigner(options.key_path, options.openssl_bin, options.openssl_conf, options.timeout)
    if options.signer == SignerKind.CRYPTOPRO:
        return CryptoProSigner(options.csptest_path, options.cryptopro_container, options.cryptopro_pin)
    if options.signer == SignerKind.HTTP:
        return HttpSigner(options.signer_url, options.signer_token, options.timeout)
    if options.signer == SignerKind.GOSTCRYPTO:
        return GostcryptoSigner(options.key_path)
    raise SignerError(f"unknown signer {options.signer!r}")


def certificate_hash_for(options: EsiaOptions) -> str:
    """client_certificate_hash: the configured value, else Streebog-256 of the certificate file."""
    if options.certificate_hash:
        return options.certificate_hash.strip().upper()
    try:
        return gost.certificate_hash(Path(options.certificate_path).read_bytes())
    except OSError as exc:
        raise SignerError(f"cannot read the certificate {options.certificate_path!r}: {exc}") from exc
