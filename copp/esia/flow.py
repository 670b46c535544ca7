"""One sign-in through ESIA from the browser's side: the signed redirect out, the callback checks
(state, error, code exchange, token, person data) and what waits in the session between pages."""
import time
import uuid

from allauth.account.authentication import get_authentication_records
from django.urls import reverse

from .client import person_read, token_exchange
from .identity import EsiaIdentity
from .models import Reason
from .options import EsiaOptions
from .protocol import authorization_url, esia_timestamp, logout_url, token_form
from .refusals import EsiaRefusal, reason_for_esia_error
from .signers import SignerError, certificate_hash_for, signer_for
from .tokens import granted_scopes, id_token_claims, id_token_trusted, oid_of, token_claims

STATES_KEY = "esia_states"
PENDING_KEY = "esia_pending"
SESSION_KEY = "esia_session"
STATE_TTL = 600  # seconds a started sign-in may take at ESIA
PENDING_TTL = 900  # seconds the person data waits for the sign-up or link confirmation
MAX_STATES = 5


def redirect_uri_for(request, options: EsiaOptions) -> str:
    return options.redirect_uri or request.build_absolute_uri(reverse("esia_callback"))


def _signing(options: EsiaOptions):
    try:
        return signer_for(options), certificate_hash_for(options)
    except SignerError as exc:
        raise EsiaRefusal(Reason.SIGNER_FAILED, error=str(exc)[:300]) from exc


def authorization_start(request, options: EsiaOptions, *, process: str, next_url: str = "") -> str:
    """The signed v2/ac address to send the browser to; its state (UUID v4) waits in the session."""
    signer, certificate_hash = _signing(options)
    state = str(uuid.uuid4())
    try:
        url = authorization_url(options, signer, certificate_hash=certificate_hash, state=state,
                                redirect_uri=redirect_uri_for(request, options), timestamp=esia_timestamp())
    except SignerError as exc:
        raise EsiaRefusal(Reason.SIGNER_FAILED, error=str(exc)[:300]) from exc
    now = time.time()
    states = {key: value for key, value in request.session.get(STATES_KEY, {}).items()
              if now - value.get("at", 0) < STATE_TTL}
    states[state] = {"process": process, "next": next_url, "at": now,
                     "user": request.user.pk if request.user.is_authenticated else None}
    request.session[STATES_KEY] = dict(sorted(states.items(), key=lambda item: item[1]["at"])[-MAX_STATES:])
    return url


def _state_take(request) -> dict:
    """The stashed state the callback echoes, used once; a foreign or stale one is refused."""
    state = request.GET.get("state", "")
    states = request.session.get(STATES_KEY, {})
    stashed = states.pop(state, None) if state else None
    request.session[STATES_KEY] = states
    if stashed is None or time.time() - stashed.get("at", 0) > STATE_TTL:
        raise EsiaRefusal(Reason.STATE_MISMATCH, state=state[:64])
    current = request.user.pk if request.user.is_authenticated else None
    if stashed["process"] == "connect" and stashed["user"] != current:
        raise EsiaRefusal(Reason.STATE_MISMATCH, state=state[:64], user_changed=True)
    return stashed


def callback_identity(request, options: EsiaOptions) -> tuple[EsiaIdentity, dict]:
    """Check the callback, exchange the code (fresh state, echo checked), check the token and read the
    person; returns the identity and the stashed state of this sign-in."""
    stashed = _state_take(request)
    if "error" in request.GET:
        description = request.GET.get("error_description", "")
        raise EsiaRefusal(reason_for_esia_error(description, request.GET.get("error", "")),
                          error=request.GET.get("error", "")[:100], description=description[:300])
    code = request.GET.get("code", "")
    if not code:
        raise EsiaRefusal(Reason.BAD_RESPONSE, missing="code")
    signer, certificate_hash = _signing(options)
    try:
        form = token_form(options, signer, certificate_hash=certificate_hash, code=code, state=str(uuid.uuid4()),
                          redirect_uri=redirect_uri_for(request, options), timestamp=esia_timestamp())
    except SignerError as exc:
        raise EsiaRefusal(Reason.SIGNER_FAILED, error=str(exc)[:300]) from exc
    answer = token_exchange(options, form)
    claims = token_claims(options, answer["access_token"])
    oid = oid_of(claims)
    # Every requested scope must be granted: without fullname, birthdate or snils a sign-up would make a
    # «confirmed» profile with nothing confirmed in it.
    missing = set(options.scopes) - granted_scopes(claims)
    if missing:
        raise EsiaRefusal(Reason.SCOPE_MISSING, oid=oid, missing=sorted(missing),
                          granted=str(claims.get("scope", ""))[:300])
    id_claims = id_token_claims(options, answer.get("id_token"), oid)
    try:
        data = person_read(options, answer["access_token"], oid, set(options.scopes))
    except EsiaRefusal as refusal:
        refusal.oid = oid
        raise
    identity = EsiaIdentity.from_esia(oid, data)
    # Both ESIA's answers must call the account confirmed for it to confirm anything here.
    identity.trusted = identity.trusted and id_token_trusted(id_claims) is not False
    if not identity.trusted and not options.allow_unconfirmed:
        raise EsiaRefusal(Reason.UNCONFIRMED_ACCOUNT, oid=oid, where="person")
    return identity, stashed


def pending_store(request, identity: EsiaIdentity, *, purpose: str, next_url: str = "", target: int | None = None,
                  password_needed: bool = False) -> None:
    """Keep the checked person data until the user confirms the sign-up or the link. A link waits for one
    account only (`target`); with `password_needed` that account must also sign in with its password in this
    browser after this moment."""
    request.session[PENDING_KEY] = {"identity": identity.to_session(), "purpose": purpose, "next": next_url,
                                    "at": time.time(), "target": target, "password_needed": password_needed}


def pending_take(request, purpose: str) -> tuple[EsiaIdentity | None, str]:
    """(identity, next URL) waiting for this purpose, or (None, "") when none or too old."""
    pending = request.session.get(PENDING_KEY)
    if not pending or pending.get("purpose") != purpose or time.time() - pending.get("at", 0) > PENDING_TTL:
        return None, ""
    return EsiaIdentity.from_session(pending["identity"]), pending.get("next", "")


def pending_link_holder_ok(request) -> bool:
    """Whether the waiting link belongs to the signed-in user: the account it was offered to and, when the
    offer came from a sign-in through ESIA, that account signed in with its password after the offer."""
    pending = request.session.get(PENDING_KEY) or {}
    if not request.user.is_authenticated or pending.get("target") != request.user.pk:
        return False
    if not pending.get("password_needed"):
        return True
    records = get_authentication_records(request, request.user)  # this user's records only
    return any(record.get("method") == "password" and record.get("at", 0) >= pending.get("at", 0)
               for record in records)


def pending_clear(request) -> None:
    request.session.pop(PENDING_KEY, None)


def session_mark(request, oid: str) -> None:
    """This session came from ESIA: signing out ends the ESIA session too."""
    request.session[SESSION_KEY] = {"oid": oid}


def session_logout_url(request, options: EsiaOptions, back_to: str) -> str | None:
    """ESIA's logout address when the current session came from ESIA."""
    if not options.enabled or not request.session.get(SESSION_KEY):
        return None
    return logout_url(options, request.build_absolute_uri(back_to))
