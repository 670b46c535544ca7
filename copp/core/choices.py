"""Choices that can be large (20 000 programs, 5 000 organisations, every teacher of the region) as one searchable
field (issue 15, M32): the form renders only the chosen option, the browser asks a JSON endpoint of the choice
source for the matches of what is typed (`core/autocomplete.js` turns the select into an ARIA combobox).

A source is a function `user -> queryset` giving the rows the user may choose (none for a user with no right to
them: deny by default), a label, and the fields searched. The same queryset is the form field's, so a value the
user may not see is refused by the form exactly as the endpoint does not offer it.

A choice of several (`autocomplete_multiple`): the page holds only the chosen rows, shown as removable chips
above the same combobox; each choice adds a chip, its button («Убрать …») removes it."""
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET

from .lists import SEARCH_MAX_LENGTH

PAGE_SIZE = 20  # options one answer gives; the list says «уточните запрос» beyond them


@dataclass(frozen=True)
class ChoiceSource:
    """Where the options of one kind of choice come from, for one user."""

    model: type
    rows: Callable  # user -> QuerySet of the rows the user may choose (asked only when `allowed`)
    allowed: Callable  # user -> bool: whether the user may ask at all (False answers 403)
    search: tuple[str, ...]  # fields searched with icontains (each needs a trigram index on Upper(field))
    order: tuple[str, ...]  # an indexed order, ending in a unique column
    label: Callable = str  # row -> the option's text

    def queryset(self, user) -> QuerySet:
        return self.rows(user) if self.allowed(user) else self.model._default_manager.none()

    def matches(self, user, text: str) -> QuerySet:
        qs = self.queryset(user)
        text = (text or "").strip()[:SEARCH_MAX_LENGTH]
        if text:
            condition = Q()
            for name in self.search:
                condition |= Q(**{f"{name}__icontains": text})
            qs = qs.filter(condition)
        return qs.order_by(*self.order)


def choices_view(source: ChoiceSource, *, public: bool = False):
    """The JSON endpoint of a source: `?q=` text, answers {"results": [{"id", "text"}], "more": bool}.

    `public` opens it to visitors without an account: only for a source whose rows a public page already shows
    (the catalogue's providers)."""

    @require_GET
    def view(request):
        if not source.allowed(request.user):
            raise PermissionDenied
        rows = list(source.matches(request.user, request.GET.get("q", ""))[:PAGE_SIZE + 1])
        return JsonResponse({"results": [{"id": row.pk, "text": source.label(row)} for row in rows[:PAGE_SIZE]],
                             "more": len(rows) > PAGE_SIZE})

    view.choice_source = source
    return login_not_required(view) if public else view


class AutocompleteSelect(forms.Select):
    """A select that renders only the empty and the chosen options and names the endpoint that searches the rest.

    Without JavaScript the chosen value is kept and can be cleared; with it the select becomes a combobox with a
    label, typing, arrow keys, Enter and Escape (core/autocomplete.js)."""

    def __init__(self, url, attrs=None):
        super().__init__(attrs)
        self.url = url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-autocomplete-url": str(self.url), "data-autocomplete-more": _("Type more to narrow the list"),
            "data-autocomplete-found": _("Options found:"), "data-autocomplete-none": _("Nothing found")})
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = [str(v) for v in value if v not in (None, "") and str(v).isdigit()]
        field = getattr(self.choices, "field", None)
        options = []
        if field is not None and field.empty_label is not None:
            options.append(("", field.empty_label))
        if chosen and field is not None:
            options += [self.choices.choice(row) for row in field.queryset.filter(pk__in=chosen[:1])]
        groups = []
        for index, (option_value, label) in enumerate(options):
            selected = str(option_value) in chosen or (not chosen and option_value == "")
            groups.append((None, [self.create_option(name, option_value, label, selected, index)], index))
        return groups


def autocomplete(field: forms.ModelChoiceField, source: ChoiceSource, user, url, *,
                 within: QuerySet | None = None) -> forms.ModelChoiceField:
    """Make a form's model choice field searchable: its rows are the source's for the user (narrowed to `within`
    when given), its widget asks `url`."""
    field.queryset = source.queryset(user)
    if within is not None:
        field.queryset = field.queryset.filter(pk__in=within.order_by().values("pk"))
    field.label_from_instance = source.label
    widget = AutocompleteSelect(url, attrs=dict(field.widget.attrs))
    widget.is_required = field.required
    widget.choices = field.choices
    field.widget = widget
    return field


SMALL_LIST = 30  # a choice among at most this many rows stays a plain select


def _few(rows: QuerySet) -> bool:
    """Whether `rows` are at most SMALL_LIST: one bounded query."""
    return len(rows.order_by()[:SMALL_LIST + 1].values_list("pk", flat=True)) <= SMALL_LIST


def autocomplete_if_many(field: forms.ModelChoiceField, source: ChoiceSource, user, url,
                         rows: QuerySet) -> forms.ModelChoiceField:
    """A plain select over `rows` when they are few (a partner's own organisations), else the searchable field
    over the source narrowed to them (every organisation of the region for CoPP staff): one bounded query."""
    if _few(rows):
        field.queryset = rows
        return field
    return autocomplete(field, source, user, url, within=rows)


class AutocompleteSelectMultiple(AutocompleteSelect, forms.SelectMultiple):
    """A multiple select that renders only the chosen options and names the endpoint that searches the rest.

    Without JavaScript the chosen values are kept and can be unselected; with it the select becomes a list of
    chips, each with a remove button, and a combobox that adds a row (core/autocomplete.js)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update({
            "data-autocomplete-chosen": _("Chosen"), "data-autocomplete-nothing-chosen": _("Nothing chosen yet"),
            "data-autocomplete-remove": _("Remove «{}»"), "data-autocomplete-added": _("Added:"),
            "data-autocomplete-removed": _("Removed:"),
            "data-autocomplete-placeholder": _("Start typing to add")})
        return context

    def optgroups(self, name, value, attrs=None):
        chosen = list(dict.fromkeys(str(v) for v in value if v not in (None, "") and str(v).isdigit()))
        field = getattr(self.choices, "field", None)
        if not chosen or field is None:
            return []
        rows = {str(row.pk): row for row in field.queryset.filter(pk__in=chosen)}
        groups = []
        for index, pk in enumerate(pk for pk in chosen if pk in rows):  # in the order chosen
            option_value, label = self.choices.choice(rows[pk])
            groups.append((None, [self.create_option(name, option_value, label, True, index)], index))
        return groups


def autocomplete_multiple(field: forms.ModelMultipleChoiceField, source: ChoiceSource, user, url, *,
                          within: QuerySet | None = None) -> forms.ModelMultipleChoiceField:
    """Make a form's choice of several rows searchable: its rows are the source's for the user (narrowed to
    `within` when given), its widget asks `url`; a value outside them is refused with a message that says so."""
    field.queryset = source.queryset(user)
    if within is not None:
        field.queryset = field.queryset.filter(pk__in=within.order_by().values("pk"))
    field.label_from_instance = source.label
    field.error_messages = {**field.error_messages, "invalid_choice": _lazy(
        "One of the chosen options is not available to you (%(value)s): remove it and choose from the list.")}
    widget = AutocompleteSelectMultiple(url, attrs={key: value for key, value in field.widget.attrs.items()
                                                    if key not in ("size", "data-filter-list")})
    widget.is_required = field.required
    widget.choices = field.choices
    field.widget = widget
    return field


def autocomplete_multiple_if_many(field: forms.ModelMultipleChoiceField, source: ChoiceSource, user, url,
                                  rows: QuerySet) -> forms.ModelMultipleChoiceField:
    """The field's own control (checkboxes, a list) over `rows` when they are few, else the searchable choice of
    several over the source narrowed to them: one bounded query."""
    if _few(rows):
        field.queryset = rows
        return field
    return autocomplete_multiple(field, source, user, url, within=rows)
