"""Middleware: idle session timeout for privileged roles; the active role of the cabinet."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .access import roles_of
from .roles import PRIVILEGED_ROLES

ACTIVE_ROLE_KEY = "active_role"
LAST_SEEN_KEY = "last_seen"


class IdleSessionTimeoutMiddleware:
    """Staff and administrators are signed out after STAFF_IDLE_TIMEOUT seconds without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and roles_of(user) & PRIVILEGED_ROLES:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if last_seen and now - last_seen > settings.STAFF_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity. Please sign in again."))
                return redirect(settings.LOGIN_URL)
            request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class ActiveRoleMiddleware:
    """request.active_role: the role whose cabinet the user is in (a user may hold several)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.active_role = None
        roles = roles_of(request.user)
        if roles:
            chosen = request.session.get(ACTIVE_ROLE_KEY)
            request.active_role = chosen if chosen in roles else sorted(roles)[0]
        return self.get_response(request)
