"""Integrator token authentication: `Authorization: Token <key>`; request.auth is the IntegratorToken."""
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

# last_used_at is a hint for the administrator; writing it on every call would cost a write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


class IntegratorPrincipal:
    """request.user for a token bound to no user: signed in, holds no roles, acts for the organisation."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = id = None
    _copp_roles = frozenset()  # read by copp.core.access.roles_of: no capabilities

    def __init__(self, token):
        self.token = token
        self.organization = token.organization

    def __str__(self):
        return str(self.token)

    def get_roles(self) -> list[str]:
        return []

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perms, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False


class IntegratorTokenAuthentication(BaseAuthentication):
    """Looks the key up by its hash; revoked, expired and unknown keys get 401 with a clear message."""

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Invalid token header: expected “Authorization: Token <key>”."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid token.")) from None
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key: str):
        from .selectors import integrator_token_by_key  # models need the app registry, settings import us

        token = integrator_token_by_key(key)
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        if token.is_revoked:
            raise AuthenticationFailed(_("The token has been revoked. Ask the administrator for a new one."))
        if token.is_expired:
            raise AuthenticationFailed(_("The token has expired. Ask the administrator for a new one."))
        if token.user_id and not token.user.is_active:
            raise AuthenticationFailed(_("The user the token is issued to is blocked."))
        self._touch(token)
        return (token.user if token.user_id else IntegratorPrincipal(token)), token

    @staticmethod
    def _touch(token) -> None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now

    def authenticate_header(self, request):
        return self.keyword
