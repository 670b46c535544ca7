"""System checks of the ESIA settings: with ESIA on, ESIA's certificate must be there, or nothing starts."""
from pathlib import Path

from django.conf import settings
from django.core import checks

from . import gost


@checks.register(checks.Tags.security)
def esia_certificate_check(app_configs=None, **kwargs):
    """ESIA_ENABLED needs ESIA_ESIA_CERT_PATH: a GOST R 34.10-2012 certificate that checks the token signatures.

    Runs with every management command that checks (runserver, migrate, check --deploy), so a platform with
    ESIA on and no certificate refuses to start rather than accept unchecked tokens."""
    esia = getattr(settings, "ESIA", {}) or {}
    if not esia.get("ENABLED"):
        return []
    path = esia.get("ESIA_CERT_PATH") or ""
    hint = ("Set ESIA_ESIA_CERT_PATH to ESIA's certificate published by the Ministry of Digital Development "
            "(see docs/esia.md), or switch ESIA off (ESIA_ENABLED=false).")
    if not path:
        return [checks.Error("ESIA is enabled but ESIA's certificate (ESIA_ESIA_CERT_PATH) is not set: token "
                             "signatures could not be checked.", hint=hint, id="esia.E001")]
    try:
        gost.certificate_public_key(Path(path).read_bytes())
    except (OSError, gost.GostError) as exc:
        return [checks.Error(f"ESIA's certificate {path!r} cannot be used: {exc}", hint=hint, id="esia.E002")]
    return []
