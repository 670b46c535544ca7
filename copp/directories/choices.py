"""The professions (ОКПДТР, thousands of entries) as a searchable choice (copp.core.choices, issue 15): the vacancy
search's filter, an employer's vacancy, a vacancy's matching, a program and a library module name one."""
from django.urls import reverse_lazy

from copp.core.choices import ChoiceSource, autocomplete_if_many

from .models import Profession


def _active(_user=None):
    return Profession.objects.filter(is_active=True)


# Reference data every public page may show: the source answers anyone, signed in or not.
PROFESSIONS = ChoiceSource(model=Profession, rows=_active, allowed=lambda user: True, search=("name",),
                           order=("name", "pk"))


def profession_choice(field):
    """A form's profession field: a plain select while the dictionary is short (a demo stand), the searchable field
    over the active professions when it is long (the region's ОКПДТР)."""
    return autocomplete_if_many(field, PROFESSIONS, None, reverse_lazy("directories:profession_choices"),
                                rows=_active().order_by("name", "pk"))
