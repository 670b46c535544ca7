"""Authentication backend that lets the capability table grant Django admin permissions."""
from django.contrib.auth.backends import ModelBackend

from .access import has_capability
from .roles import Cap


class CapabilityBackend(ModelBackend):
    """Administrators (by role, not by is_superuser) hold every model permission in the admin."""

    def has_perm(self, user_obj, perm, obj=None):
        if has_capability(user_obj, Cap.ADMINISTRATION):
            return True
        return super().has_perm(user_obj, perm, obj)

    def has_module_perms(self, user_obj, app_label):
        if has_capability(user_obj, Cap.ADMINISTRATION):
            return True
        return super().has_module_perms(user_obj, app_label)
