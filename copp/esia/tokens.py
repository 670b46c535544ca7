"""Checks of the ESIA access token (JWT): signature when ESIA's certificate is set, algorithm, time,
issuer and client; then the oid (integrations.md §1.7)."""
import base64
import binascii
import json
import time
from pathlib import Path

from . import gost
from .models import Reason
from .options import EsiaOptions
from .refusals import EsiaRefusal

GOST_ALGORITHM = "GOST3410_2012_256"
LEEWAY = 60  # seconds of clock difference tolerated between ESIA and the platform


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _invalid(check: str) -> EsiaRefusal:
    return EsiaRefusal(Reason.TOKEN_INVALID, check=check)


def token_claims(options: EsiaOptions, token: str, *, now: float | None = None) -> dict:
    """The claims of a token that passed every check; EsiaRefusal(TOKEN_INVALID) names the failed one."""
    try:
        header_part, payload_part, signature_part = token.split(".")
        header = json.loads(_b64url(header_part))
        claims = json.loads(_b64url(payload_part))
        signature = _b64url(signature_part)
    except (ValueError, binascii.Error) as exc:
        raise _invalid("format") from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise _invalid("format")
    algorithm = str(header.get("alg", "")).lower()
    if algorithm in ("", "none"):
        raise _invalid("alg")
    if options.esia_certificate_path:
        if header.get("alg") != GOST_ALGORITHM:
            raise _invalid("alg")
        try:
            public_xy, curve = gost.certificate_public_key(Path(options.esia_certificate_path).read_bytes())
        except (OSError, gost.GostError) as exc:
            raise EsiaRefusal(Reason.TOKEN_INVALID, check="esia_certificate", error=str(exc)[:200]) from exc
        if not gost.verify(public_xy, curve, f"{header_part}.{payload_part}".encode(), signature):
            raise _invalid("signature")
    now = time.time() if now is None else now
    try:
        if float(claims["exp"]) < now - LEEWAY:
            raise _invalid("exp")
        if float(claims.get("nbf", now)) > now + LEEWAY or float(claims.get("iat", now)) > now + LEEWAY:
            raise _invalid("nbf")
    except (KeyError, TypeError, ValueError) as exc:
        raise _invalid("exp") from exc
    if claims.get("iss") != options.issuer:
        raise _invalid("iss")
    audience = claims.get("client_id", claims.get("aud"))
    if audience != options.client_id and not (isinstance(audience, list) and options.client_id in audience):
        raise _invalid("client_id")
    return claims


def oid_of(claims: dict) -> str:
    """The person's oid: `urn:esia:sbj_id` of the access token."""
    oid = claims.get("urn:esia:sbj_id")
    if isinstance(oid, bool) or not isinstance(oid, int | str) or not str(oid).strip().isdigit():
        raise EsiaRefusal(Reason.MISSING_OID)
    return str(oid).strip()
