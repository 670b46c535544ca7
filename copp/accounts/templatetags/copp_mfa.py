"""Template filters of two-factor sign-in: whether the second factor is obligatory for a user (copp.accounts.mfa)."""
from django import template

from copp.accounts.mfa import mfa_required as _mfa_required

register = template.Library()


@register.filter
def mfa_required(user) -> bool:
    return _mfa_required(user)
