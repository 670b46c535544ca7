"""Pages of the sign-in through ESIA: start, callback, sign-up confirmation, link confirmation, status."""
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from copp.accounts.services import NoConsentText

from .flow import (
    authorization_start,
    callback_identity,
    pending_clear,
    pending_link_holder_ok,
    pending_store,
    pending_take,
    session_mark,
)
from .forms import EsiaSignupForm
from .models import Reason
from .options import esia_options
from .refusals import EsiaRefusal
from .services import (
    PROVIDER,
    esia_account_of,
    esia_decide,
    esia_link,
    esia_link_check,
    esia_refusal_record,
    esia_sign_in,
    esia_sign_up,
    link_changes,
)

# HTTP status of the refusal page: ESIA's own failures are gateway errors, the rest are refusals.
REFUSAL_STATUS = {Reason.TIMEOUT: 504, Reason.UNAVAILABLE: 502, Reason.BAD_RESPONSE: 502}


def _options():
    options = esia_options()
    if not options.enabled:
        raise Http404
    return options


def _safe_next(request, value: str) -> str:
    allowed = url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                              require_https=request.is_secure())
    return value if value and allowed else ""


def _refused(request, refusal: EsiaRefusal):
    esia_refusal_record(refusal, request=request)
    return render(request, "esia/refused.html", {"refusal": refusal, "message": refusal.message},
                  status=REFUSAL_STATUS.get(refusal.reason, 400))


def _sign_in(request, user, oid: str, next_url: str, *, signup: bool = False):
    record_authentication(request, user, "socialaccount", provider=PROVIDER, uid=oid)
    response = perform_login(request, user, email_verification=EmailVerificationMethod.NONE, signup=signup,
                             redirect_url=next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    session_mark(request, oid)
    return response


@login_not_required
@require_http_methods(["GET", "POST"])
def login(request):
    """GET explains and asks to continue (no sign-in starts on a GET); POST sends the browser to ESIA."""
    options = _options()
    asked = request.POST.get("process") or request.GET.get("process")
    process = "connect" if asked == "connect" and request.user.is_authenticated else "login"
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    if request.method == "GET":
        return render(request, "esia/login.html", {"next": next_url, "process": process})
    try:
        return redirect(authorization_start(request, options, process=process, next_url=next_url))
    except EsiaRefusal as refusal:
        return _refused(request, refusal)


@login_not_required
@require_http_methods(["GET"])
def callback(request):
    """ESIA returns the browser here with a code (or an error) and the state of the sign-in."""
    options = _options()
    identity = None
    try:
        identity, stashed = callback_identity(request, options)
        decision = esia_decide(identity=identity, process=stashed["process"], current_user=request.user)
    except EsiaRefusal as refusal:
        if refusal.reason == Reason.EMAIL_TAKEN and identity is not None:
            # The owner of the account with the address ESIA verified may link ESIA, in this browser, after
            # signing in with the password (issue 3); nobody else may take the data (issue 25).
            esia_refusal_record(refusal, request=request)
            pending_store(request, identity, purpose="link", target=refusal.details.get("target"),
                          password_needed=True)
            messages.warning(request, refusal.message)
            return redirect(f"{reverse('account_login')}?{urlencode({'next': reverse('esia_link')})}")
        return _refused(request, refusal)
    next_url = stashed.get("next", "")
    if decision.action == "sign_in":
        esia_sign_in(user=decision.user, identity=identity, request=request)
        if not identity.trusted:
            messages.warning(request, _("Your Gosuslugi account is not confirmed, so the data in your profile is not "
                                        "marked as confirmed by Gosuslugi. Confirm the account on Gosuslugi and sign "
                                        "in through Gosuslugi again."))
        return _sign_in(request, decision.user, identity.oid, next_url)
    if decision.action == "already_linked":
        messages.info(request, _("This Gosuslugi account is already linked to your account."))
        return redirect("esia_account")
    pending_store(request, identity, purpose="link" if decision.action == "confirm_link" else "sign_up",
                  next_url=next_url, target=request.user.pk if decision.action == "confirm_link" else None)
    return redirect("esia_link" if decision.action == "confirm_link" else "esia_signup")


@login_not_required
@require_http_methods(["GET", "POST"])
def signup(request):
    """The data from ESIA and the consent: the learner account is created only after this page."""
    _options()
    identity, next_url = pending_take(request, "sign_up")
    if identity is None:
        messages.error(request, EsiaRefusal(Reason.LINK_EXPIRED).message)
        return redirect("account_login")
    form = EsiaSignupForm(request.POST or None, identity=identity)
    if request.method == "POST" and form.is_valid():
        try:
            user = esia_sign_up(identity=identity, email=form.email_value, request=request)
        except NoConsentText:
            form.add_error(None, _("Registration is temporarily unavailable: the consent text is not published."))
        except EsiaRefusal as refusal:
            pending_clear(request)
            return _refused(request, refusal)
        else:
            pending_clear(request)
            address = EmailAddress.objects.get(user=user, primary=True)
            if not address.verified:
                address.send_confirmation(request, signup=True)
            messages.success(request, _("You are registered with the data from Gosuslugi."))
            return _sign_in(request, user, identity.oid, next_url, signup=True)
    return render(request, "esia/signup.html", {"form": form, "identity": identity})


@require_http_methods(["GET", "POST"])
def link(request):
    """The signed-in owner confirms linking the Gosuslugi account whose data waits in the session."""
    _options()
    identity, _next = pending_take(request, "link")
    if identity is None:
        messages.error(request, EsiaRefusal(Reason.LINK_EXPIRED).message)
        return redirect("esia_account")
    if not pending_link_holder_ok(request):
        # The flow changed hands (another account signed in, or the owner did not prove itself): it ends here.
        pending_clear(request)
        return _refused(request, EsiaRefusal(Reason.LINK_FOREIGN, oid=identity.oid))
    if request.method == "POST":
        pending_clear(request)
        if "cancel" in request.POST:
            messages.info(request, _("Gosuslugi was not linked to your account."))
            return redirect("esia_account")
        try:
            esia_link(user=request.user, identity=identity, request=request)
        except EsiaRefusal as refusal:
            return _refused(request, refusal)
        session_mark(request, identity.oid)
        messages.success(request, _("Gosuslugi is linked: you can now sign in through Gosuslugi."))
        return redirect("esia_account")
    try:
        esia_link_check(identity, request.user)
    except EsiaRefusal as refusal:
        pending_clear(request)
        return _refused(request, refusal)
    changes = [{"field": field, "old": getattr(request.user, field), "new": value}
               for field, value in link_changes(request.user, identity).items()]
    return render(request, "esia/link.html", {"identity": identity, "changes": changes})


@require_http_methods(["GET"])
def account(request):
    """Whether the signed-in user's account is linked to Gosuslugi, with the button to link it."""
    _options()
    linked: SocialAccount | None = esia_account_of(request.user)
    return render(request, "esia/account.html", {"linked": linked,
                                                 "data": linked.extra_data if linked else {}})
