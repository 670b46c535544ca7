"""The ESIA protocol, current generation only: GET /aas/oauth2/v2/ac and POST /aas/oauth2/v3/te with the
signed strings, timestamp and certificate hash exactly as integrations.md §1.3-§1.5 give them."""
import base64
import datetime as dt
from urllib.parse import urlencode

from django.utils import timezone

from .options import EsiaOptions
from .signers import Signer

AUTHORIZE_PATH = "/aas/oauth2/v2/ac"
TOKEN_PATH = "/aas/oauth2/v3/te"
LOGOUT_PATH = "/idp/ext/Logout"


def esia_timestamp(moment: dt.datetime | None = None) -> str:
    """`yyyy.MM.dd HH:mm:ss Z`, e.g. 2026.01.15 10:00:00 +0300, in the platform's time zone."""
    return timezone.localtime(moment or timezone.now()).strftime("%Y.%m.%d %H:%M:%S %z")


def client_secret(signer: Signer, *parts: str) -> str:
    """base64url, unpadded, of the raw signature over the parts joined with no separator (UTF-8)."""
    signature = signer.sign("".join(parts).encode())
    return base64.urlsafe_b64encode(signature).rstrip(b"=").decode()


def authorization_url(options: EsiaOptions, signer: Signer, *, certificate_hash: str, state: str,
                      redirect_uri: str, timestamp: str, scope_org: str = "") -> str:
    """Signed string: client_id + scope + scope_org + timestamp + state + redirect_uri."""
    secret = client_secret(signer, options.client_id, options.scope, scope_org, timestamp, state, redirect_uri)
    params = {
        "client_id": options.client_id, "client_secret": secret, "client_certificate_hash": certificate_hash,
        "redirect_uri": redirect_uri, "scope": options.scope, "scope_org": scope_org, "response_type": "code",
        "state": state, "access_type": "online", "timestamp": timestamp,
    }
    # urlencode quotes space as "+" and the timestamp's "+" as "%2B", as PHP's http_build_query does.
    return f"{options.endpoint(AUTHORIZE_PATH)}?{urlencode(params)}"


def token_form(options: EsiaOptions, signer: Signer, *, certificate_hash: str, code: str, state: str,
               redirect_uri: str, timestamp: str, scope_org: str = "") -> dict[str, str]:
    """Signed string: client_id + scope + scope_org + timestamp + state + redirect_uri + code; `state` is a
    fresh UUID, not the one of the authorization request."""
    secret = client_secret(signer, options.client_id, options.scope, scope_org, timestamp, state, redirect_uri,
                           code)
    return {
        "client_id": options.client_id, "code": code, "grant_type": "authorization_code",
        "client_certificate_hash": certificate_hash, "client_secret": secret, "state": state,
        "redirect_uri": redirect_uri, "scope": options.scope, "scope_org": scope_org, "timestamp": timestamp,
        "token_type": "Bearer",
    }


def logout_url(options: EsiaOptions, redirect_url: str = "") -> str:
    """Ends the ESIA session; ESIA then returns the browser to redirect_url."""
    params = {"client_id": options.client_id}
    if redirect_url:
        params["redirect_url"] = redirect_url
    return f"{options.endpoint(LOGOUT_PATH)}?{urlencode(params)}"
