"""API rate limits (M33): a number of requests per minute for each integrator key (or signed-in person) and for
each anonymous address; past it the answer is 429 with `Retry-After`. Rates come from settings at each request."""
import math

from django.utils.translation import ngettext
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self):
        # Read at each request, not at import: a changed setting (tests, a reloaded configuration) applies at once.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class TokenRateThrottle(_SettingsRate):
    """One budget per integrator key; a person signed in on the site has one budget per account."""

    scope = "token"

    def get_cache_key(self, request, view):
        token = getattr(request, "auth", None)
        if token is not None and getattr(token, "pk", None) is not None:
            ident = f"key-{token.pk}"
        elif getattr(request.user, "is_authenticated", False) and request.user.pk is not None:
            ident = f"user-{request.user.pk}"
        else:
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_SettingsRate):
    """One budget per client address for requests without a key or a session."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if getattr(request.user, "is_authenticated", False):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def exception_handler(exc, context):
    """DRF's handler, with the 429 answer said plainly in the user's language (DRF's own text puts the number of
    seconds into an untranslatable English sentence)."""
    response = drf_exception_handler(exc, context)
    if isinstance(exc, Throttled) and response is not None:
        wait = math.ceil(exc.wait) if exc.wait is not None else 60
        response.data = {"detail": ngettext(
            "Too many requests: the rate limit is spent. Retry in %(seconds)d second.",
            "Too many requests: the rate limit is spent. Retry in %(seconds)d seconds.", wait) % {"seconds": wait}}
    return response
