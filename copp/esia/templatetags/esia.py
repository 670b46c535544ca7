"""Template tags of the ESIA app: whether the «Войти через Госуслуги» button shows, and where it returns."""
from django import template

from copp.esia.options import esia_options

register = template.Library()


@register.simple_tag
def esia_enabled() -> bool:
    return esia_options().enabled


@register.simple_tag(takes_context=True)
def esia_next(context) -> str:
    """The page to return to after the sign-in: allauth's redirect field, else ?next= of the request."""
    request = context.get("request")
    return context.get("redirect_field_value") or (request.GET.get("next", "") if request else "")
