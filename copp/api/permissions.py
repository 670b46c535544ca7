"""Permission classes of the API, matching the capability table (DESIGN.md, "Access")."""
from rest_framework.permissions import BasePermission

from copp.core.access import has_capability

from .authentication import IntegratorTokenAuthentication


def integrator_token_of(request):
    """The IntegratorToken a request was authenticated with, or None for session and anonymous callers."""
    if isinstance(getattr(request, "successful_authenticator", None), IntegratorTokenAuthentication):
        return request.auth
    return None


class HasCapability(BasePermission):
    """The caller's roles hold `capability`. A token's scope is its organisation, so token callers
    hold no capabilities even when a user is bound to the token."""

    capability = ""

    def has_permission(self, request, view):
        if integrator_token_of(request) is not None:
            return False
        return has_capability(request.user, self.capability)


def requires_capability(capability: str) -> type[HasCapability]:
    """A permission class for one capability: `permission_classes = [requires_capability(Cap.X)]`."""
    name = "Requires_" + capability.replace(".", "_")
    return type(name, (HasCapability,), {"capability": capability})


class IsIntegrator(BasePermission):
    """The request carries a valid integrator token."""

    def has_permission(self, request, view):
        return integrator_token_of(request) is not None
