"""Template filters of the resources pages."""
from django import template

from ..display import as_text

register = template.Library()


@register.filter
def amount(value) -> str:
    """A quantity as people write it: «12,5», «1 000», never «1E+3»."""
    return as_text(value)
