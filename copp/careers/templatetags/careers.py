"""Template helpers of the careers app: a vacancy's status badge, its salary in words."""
from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

BADGES = {"draft": "text-bg-secondary", "moderation": "text-bg-info", "returned": "text-bg-warning",
          "published": "text-bg-success", "closed": "text-bg-dark"}


@register.simple_tag
def vacancy_badge(vacancy):
    return format_html('<span class="badge {}">{}</span>', BADGES.get(vacancy.status, "text-bg-secondary"),
                       vacancy.get_status_display())


def _money(value) -> str:
    return f"{intcomma(value)} ₽".replace(",", "\u00a0")


@register.filter
def salary(vacancy) -> str:
    """«от 60 000 до 90 000 ₽», «от 60 000 ₽», «до 90 000 ₽» or «зарплата не указана»."""
    low, high = vacancy.salary_from, vacancy.salary_to
    if low and high:
        return _("%(low)s – %(high)s") % {"low": _money(low).replace(" ₽", ""), "high": _money(high)}
    if low:
        return _("from %(low)s") % {"low": _money(low)}
    if high:
        return _("up to %(high)s") % {"high": _money(high)}
    return _("salary not stated")
