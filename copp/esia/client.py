"""HTTP calls to ESIA: the token exchange and the person's REST data; failures become EsiaRefusal."""
import json
import logging
import ssl
import urllib.error
import urllib.request
from urllib.parse import urlencode

from .models import Reason
from .options import EsiaOptions
from .protocol import TOKEN_PATH
from .refusals import EsiaRefusal, reason_for_esia_error

logger = logging.getLogger("copp.esia")


def _context(options: EsiaOptions) -> ssl.SSLContext:
    """TLS with the system roots, or with the bundle that holds the Russian root CA when set."""
    return ssl.create_default_context(cafile=options.ca_bundle or None)


def _call(options: EsiaOptions, request: urllib.request.Request, what: str) -> tuple[int, bytes]:
    """(status, body) of a request; a time-out or a dead connection is refused as such."""
    if not request.full_url.startswith(("https://", "http://")):
        raise EsiaRefusal(Reason.UNAVAILABLE, call=what, error="the ESIA address is not http(s)")
    try:
        with urllib.request.urlopen(request, timeout=options.timeout,  # noqa: S310  the ESIA address is configured
                                    context=_context(options) if request.full_url.startswith("https") else None
                                    ) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except TimeoutError as exc:
        raise EsiaRefusal(Reason.TIMEOUT, call=what) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise EsiaRefusal(Reason.TIMEOUT, call=what) from exc
        raise EsiaRefusal(Reason.UNAVAILABLE, call=what, error=str(exc.reason)[:200]) from exc
    except OSError as exc:
        raise EsiaRefusal(Reason.UNAVAILABLE, call=what, error=str(exc)[:200]) from exc


def _json(body: bytes, what: str, status: int) -> dict:
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise EsiaRefusal(Reason.BAD_RESPONSE, call=what, status=status) from exc
    if not isinstance(payload, dict):
        raise EsiaRefusal(Reason.BAD_RESPONSE, call=what, status=status)
    return payload


def token_exchange(options: EsiaOptions, form: dict[str, str]) -> dict:
    """POST /aas/oauth2/v3/te; the answer must echo this request's state."""
    request = urllib.request.Request(  # noqa: S310  http(s) only, checked in _call
        options.endpoint(TOKEN_PATH), data=urlencode(form).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"})
    status, body = _call(options, request, "token")
    if status >= 500:
        raise EsiaRefusal(Reason.UNAVAILABLE, call="token", status=status)
    payload = _json(body, "token", status)
    if status != 200:
        description = str(payload.get("error_description", ""))
        raise EsiaRefusal(reason_for_esia_error(description, str(payload.get("error", ""))), call="token",
                          status=status, error=str(payload.get("error", "")), description=description[:300])
    if payload.get("state") != form["state"]:
        raise EsiaRefusal(Reason.TOKEN_STATE_MISMATCH, sent=form["state"], received=str(payload.get("state")))
    if not isinstance(payload.get("access_token"), str):
        raise EsiaRefusal(Reason.BAD_RESPONSE, call="token", missing="access_token")
    return payload


def rest_get(options: EsiaOptions, access_token: str, path: str, *, oid: str) -> dict:
    """GET a person resource with the Bearer token; 401/403 mean no access to the person's data."""
    request = urllib.request.Request(options.endpoint(path), method="GET",  # noqa: S310  checked in _call
                                     headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json"})
    status, body = _call(options, request, path.rsplit("/", 1)[-1])
    if status in (401, 403):
        raise EsiaRefusal(Reason.PERSON_FORBIDDEN, oid=oid, path=path, status=status)
    if status >= 500:
        raise EsiaRefusal(Reason.UNAVAILABLE, oid=oid, path=path, status=status)
    if status != 200:
        raise EsiaRefusal(Reason.ESIA_ERROR, oid=oid, path=path, status=status)
    return _json(body, path, status)


PERSON_TEXT = ("firstName", "lastName", "middleName", "birthDate", "snils", "gender", "citizenship", "inn")
ELEMENT_TEXT = {"ctts": ("type", "value", "vrfStu"),
                "docs": ("type", "series", "number", "issueDate", "issuedBy", "vrfStu")}


def _bad(path: str, where: str) -> EsiaRefusal:
    return EsiaRefusal(Reason.BAD_RESPONSE, call=path, schema=where)


def person_valid(person: dict, path: str, oid: str) -> dict:
    """The person answer in the shape integrations.md §1.9 gives: text fields are strings (or null), `trusted`
    a boolean, and an `oid`, when sent, is the person asked for."""
    for name in PERSON_TEXT:
        if person.get(name) is not None and not isinstance(person[name], str):
            raise _bad(path, name)
    if "trusted" in person and not isinstance(person["trusted"], bool):
        raise _bad(path, "trusted")
    if "oid" in person and str(person["oid"]) != oid:
        raise EsiaRefusal(Reason.TOKEN_INVALID, check="person_oid", received=str(person["oid"])[:40])
    return person


def elements_valid(collection: dict, path: str, kind: str) -> list[dict]:
    """A collection embedded with `?embed=(elements)`: `elements` is a list of objects whose fields are strings;
    an element given as a link (not embedded) or of another shape makes the whole answer unreadable."""
    elements = collection.get("elements", [])
    if not isinstance(elements, list):
        raise _bad(path, "elements")
    for index, item in enumerate(elements):
        if not isinstance(item, dict):
            raise _bad(path, f"elements[{index}]")
        for name in ELEMENT_TEXT[kind]:
            if item.get(name) is not None and not isinstance(item[name], str):
                raise _bad(path, f"elements[{index}].{name}")
    return elements


def person_read(options: EsiaOptions, access_token: str, oid: str, scopes: set[str]) -> dict:
    """The person, the contacts and, when the scopes allow, the identity documents, each checked against the
    shape ESIA answers with (a bad answer is refused as BAD_RESPONSE, never half-read)."""
    base = f"/rs/prns/{oid}"
    data = {"person": person_valid(rest_get(options, access_token, base, oid=oid), base, oid),
            "contacts": [], "documents": []}
    if scopes & {"email", "mobile", "contacts"}:
        path = f"{base}/ctts?embed=(elements)"
        data["contacts"] = elements_valid(rest_get(options, access_token, path, oid=oid), path, "ctts")
    if "id_doc" in scopes:
        path = f"{base}/docs?embed=(elements)"
        data["documents"] = elements_valid(rest_get(options, access_token, path, oid=oid), path, "docs")
    return data
