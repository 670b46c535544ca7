"""Checks of the ESIA tokens (JWT): GOST signature against ESIA's certificate, algorithm, integer times,
issuer and client of the access token; audience and subject of the id_token (integrations.md §1.7)."""
import base64
import binascii
import json
import time
from pathlib import Path

from . import gost
from .models import Reason
from .options import EsiaOptions
from .refusals import EsiaRefusal

# Only what ESIA signs with today (integrations.md §1.7) and what gost.verify checks: a 512-bit key, RS256,
# HS256 or "none" are refused, whatever the token says.
GOST_ALGORITHMS = ("GOST3410_2012_256",)
GOST_ALGORITHM = GOST_ALGORITHMS[0]
LEEWAY = 60  # seconds of clock difference tolerated between ESIA and the platform (docs/esia.md)


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _no_constant(name: str):
    raise ValueError(f"{name} is not JSON")  # NaN, Infinity: Python's json accepts them, JSON does not


def _json(part: str):
    return json.loads(_b64url(part), parse_constant=_no_constant)


def _invalid(check: str, kind: str = "access") -> EsiaRefusal:
    return EsiaRefusal(Reason.TOKEN_INVALID, check=check, token=kind)


def _seconds(claims: dict, name: str, *, required: bool, token: str) -> int | None:
    """A time claim: an integer number of seconds only (no float, string, bool, NaN or Infinity)."""
    if name not in claims and not required:
        return None
    value = claims.get(name)
    if type(value) is not int:
        raise _invalid(name, token)
    return value


def esia_public_key(options: EsiaOptions) -> tuple[bytes, str]:
    """ESIA's public key from its certificate; a sign-in is refused without it (there is no unchecked mode)."""
    if not options.esia_certificate_path:
        raise EsiaRefusal(Reason.TOKEN_INVALID, check="esia_certificate", error="ESIA's certificate is not set")
    try:
        return gost.certificate_public_key(Path(options.esia_certificate_path).read_bytes())
    except (OSError, gost.GostError) as exc:
        raise EsiaRefusal(Reason.TOKEN_INVALID, check="esia_certificate", error=str(exc)[:200]) from exc


def verified_claims(options: EsiaOptions, token: str, *, kind: str, now: float | None = None) -> dict:
    """Claims of a token signed by ESIA, in its validity period and from ESIA's issuer."""
    if not isinstance(token, str):
        raise _invalid("format", kind)
    try:
        header_part, payload_part, signature_part = token.split(".")
        header = _json(header_part)
        claims = _json(payload_part)
        signature = _b64url(signature_part)
    except (ValueError, binascii.Error) as exc:
        raise _invalid("format", kind) from exc
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise _invalid("format", kind)
    if header.get("alg") not in GOST_ALGORITHMS:
        raise _invalid("alg", kind)
    public_xy, curve = esia_public_key(options)
    if not gost.verify(public_xy, curve, f"{header_part}.{payload_part}".encode(), signature):
        raise _invalid("signature", kind)
    now = int(time.time() if now is None else now)
    expires = _seconds(claims, "exp", required=True, token=kind)
    not_before = _seconds(claims, "nbf", required=False, token=kind)
    issued = _seconds(claims, "iat", required=False, token=kind)
    if expires < now - LEEWAY:
        raise _invalid("exp", kind)
    if (not_before is not None and not_before > now + LEEWAY) or (issued is not None and issued > now + LEEWAY):
        raise _invalid("nbf", kind)
    if claims.get("iss") != options.issuer:
        raise _invalid("iss", kind)
    return claims


def token_claims(options: EsiaOptions, token: str, *, now: float | None = None) -> dict:
    """The claims of an access token that passed every check; EsiaRefusal(TOKEN_INVALID) names the failed one."""
    claims = verified_claims(options, token, kind="access", now=now)
    if claims.get("client_id") != options.client_id:
        raise _invalid("client_id")
    return claims


def id_token_claims(options: EsiaOptions, token, oid: str, *, now: float | None = None) -> dict:
    """The id_token's claims, when it is ESIA's, for this client (`aud`) and about the person `oid` (`sub`
    and `urn:esia:sbj:oid`): the person whose data is then read."""
    if not token:
        raise _invalid("missing", "id")
    claims = verified_claims(options, token, kind="id", now=now)
    audience = claims.get("aud")
    if audience != options.client_id and not (isinstance(audience, list) and options.client_id in audience):
        raise _invalid("aud", "id")
    subject = claims.get("urn:esia:sbj")
    subjects = {_oid_text(claims.get("sub"))}
    if isinstance(subject, dict) and "urn:esia:sbj:oid" in subject:
        subjects.add(_oid_text(subject.get("urn:esia:sbj:oid")))
    if subjects != {oid}:
        raise EsiaRefusal(Reason.TOKEN_INVALID, oid=oid, check="sub", token="id")
    return claims


def id_token_trusted(claims: dict) -> bool | None:
    """`urn:esia:sbj:is_tru` of the id_token: whether ESIA has confirmed the account, when it says so."""
    subject = claims.get("urn:esia:sbj")
    value = subject.get("urn:esia:sbj:is_tru") if isinstance(subject, dict) else None
    return value if isinstance(value, bool) else None


def _oid_text(value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return ""
    return str(value).strip()


def oid_of(claims: dict) -> str:
    """The person's oid: `urn:esia:sbj_id` of the access token."""
    oid = claims.get("urn:esia:sbj_id")
    if isinstance(oid, bool) or not isinstance(oid, int | str) or not str(oid).strip().isdigit():
        raise EsiaRefusal(Reason.MISSING_OID)
    return str(oid).strip()


def granted_scopes(claims: dict) -> set[str]:
    """The scopes the access token grants (a space-separated string)."""
    scope = claims.get("scope")
    return set(scope.split()) if isinstance(scope, str) else set()
