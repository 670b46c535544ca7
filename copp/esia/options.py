"""The ESIA settings in force: the administrator's saved row, its blank fields filled from settings.ESIA."""
from dataclasses import dataclass

from django.conf import settings

from .models import Environment, EsiaSettings

HOSTS = {Environment.TEST: "https://esia-portal1.test.gosuslugi.ru",
         Environment.PRODUCTION: "https://esia.gosuslugi.ru"}
# The production issuer is documented; the test stand's is not (integrations.md §1.7): set it when known.
ISSUERS = {Environment.TEST: "http://esia-portal1.test.gosuslugi.ru/",
           Environment.PRODUCTION: "http://esia.gosuslugi.ru/"}


@dataclass(frozen=True)
class EsiaOptions:
    enabled: bool
    environment: str
    base_url: str
    client_id: str
    scopes: tuple[str, ...]
    redirect_uri: str
    signer: str
    certificate_path: str
    key_path: str
    certificate_hash: str
    openssl_bin: str
    openssl_conf: str
    csptest_path: str
    cryptopro_container: str
    cryptopro_pin: str
    signer_url: str
    signer_token: str
    esia_certificate_path: str
    issuer: str
    timeout: float
    ca_bundle: str
    allow_unconfirmed: bool = True

    @property
    def scope(self) -> str:
        return " ".join(self.scopes)

    def endpoint(self, path: str) -> str:
        return self.base_url.rstrip("/") + path


def _defaults() -> dict:
    return dict(getattr(settings, "ESIA", {}))


def esia_options() -> EsiaOptions:
    """Read on every use, so a change in the administration section applies at once."""
    env = _defaults()
    row = EsiaSettings.objects.first()

    def pick(field: str, key: str, default=""):
        value = getattr(row, field, None) if row is not None else None
        return value if value not in (None, "") else env.get(key, default)

    enabled = row.enabled if row is not None else bool(env.get("ENABLED"))
    environment = pick("environment", "ENVIRONMENT", Environment.TEST)
    if environment not in Environment.values:
        environment = Environment.TEST
    base_url = pick("custom_url", "URL") if environment == Environment.CUSTOM else HOSTS[environment]
    issuer = pick("issuer", "ISSUER") or ISSUERS.get(environment) or (base_url.rstrip("/") + "/")
    return EsiaOptions(
        enabled=enabled and bool(base_url),
        environment=environment,
        base_url=base_url,
        client_id=pick("client_id", "CLIENT_ID"),
        scopes=tuple(pick("scopes", "SCOPES", "openid fullname birthdate snils email mobile").split()),
        redirect_uri=pick("redirect_uri", "REDIRECT_URI"),
        signer=pick("signer", "SIGNER", "openssl"),
        certificate_path=pick("certificate_path", "CERT_PATH"),
        key_path=pick("key_path", "KEY_PATH"),
        certificate_hash=pick("certificate_hash", "CERT_HASH"),
        openssl_bin=env.get("OPENSSL_BIN") or "openssl",
        openssl_conf=env.get("OPENSSL_CONF", ""),
        csptest_path=env.get("CSPTEST_PATH") or "/opt/cprocsp/bin/amd64/csptest",
        cryptopro_container=pick("cryptopro_container", "CRYPTOPRO_CONTAINER"),
        cryptopro_pin=env.get("CRYPTOPRO_PIN", ""),
        signer_url=pick("signer_url", "SIGNER_URL"),
        signer_token=env.get("SIGNER_TOKEN", ""),
        esia_certificate_path=pick("esia_certificate_path", "ESIA_CERT_PATH"),
        issuer=issuer,
        timeout=float(pick("timeout", "TIMEOUT", 10)),
        ca_bundle=env.get("CA_BUNDLE", ""),
        allow_unconfirmed=bool(env.get("ALLOW_UNCONFIRMED", True)),
    )
