"""Two-factor sign-in (TOTP through django-allauth's MFA, with recovery codes): required for the roles in
COPP_MFA_REQUIRED_ROLES (staff, coordinators, administrators), optional for everyone else (issue 14)."""
import time

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from copp.core.access import roles_of


def mfa_required(user) -> bool:
    """Whether the user holds a role that may work only with a second factor."""
    required = set(settings.COPP_MFA_REQUIRED_ROLES)
    return bool(required) and bool(roles_of(user) & required)


def totp_enabled(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` at time `at` (now by default)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int((time.time() if at is None else at) // app_settings.TOTP_PERIOD)))


def totp_set(user, secret: str) -> None:
    """Give the user a TOTP authenticator with a known secret and recovery codes (the demo's accounts: their
    codes are printed by `manage.py demo_logins`); an existing authenticator is replaced."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)


class MFAAdapter(DefaultMFAAdapter):
    """The platform's MFA rules over allauth's: a person who needs a second factor cannot remove it."""

    def can_delete_authenticator(self, authenticator) -> bool:
        if authenticator.type == Authenticator.Type.TOTP and mfa_required(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)

    def get_totp_issuer(self) -> str:
        return settings.MFA_TOTP_ISSUER or super().get_totp_issuer()


# Where a person who still has to set up the second factor may go: the set-up itself (allauth's pages under
# /accounts/2fa/, with the password asked again before it), signing out, the language switch, static files.
SETUP_PATHS = ("/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/logout/", "/i18n/", "/static/")


class RequireMfaMiddleware:
    """A signed-in person whose role requires a second factor and who has none is sent to set one up; until
    then no other page (and no API call by session) answers. Signing in with one is allauth's own stage."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (user.is_authenticated and mfa_required(user) and not request.path.startswith(SETUP_PATHS)
                and not totp_enabled(user)):
            message = _("Your role requires two-factor sign-in. Set up an authenticator app to continue.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            if request.method == "GET":
                messages.warning(request, message)
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
