"""Access helpers: who holds which role and capability; the @requires view decorator (DESIGN.md)."""
from functools import wraps

from django.core.exceptions import PermissionDenied

from .roles import capabilities_of


def roles_of(user) -> frozenset[str]:
    """The roles a user holds; cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_copp_roles", None)
    if cached is None:
        cached = frozenset(user.get_roles())
        user._copp_roles = cached
    return cached


def has_capability(user, capability: str) -> bool:
    return capability in capabilities_of(roles_of(user))


def requires(capability: str):
    """View decorator: signed-in users without the capability get 403 (anonymous ones are
    redirected to the login page by LoginRequiredMiddleware)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not has_capability(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability
        return wrapper

    return decorator
