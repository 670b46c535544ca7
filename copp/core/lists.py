"""The list toolkit of every list page: a count capped so no exact COUNT runs over a big table, its paginator, the
search text and the removable chips of the active filters. Selectors give a queryset; this pages, counts and
renders the chips (DESIGN.md, performance)."""
import base64
import datetime
from dataclasses import dataclass

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

COUNT_CAP = 10_000
SEARCH_MAX_LENGTH = 100


def capped_count(qs: QuerySet, cap: int | None = None) -> int:
    """The number of rows up to `cap` + 1 (COUNT_CAP by default): past it a page says «более 10 000»."""
    cap = COUNT_CAP if cap is None else cap
    return qs.order_by()[: cap + 1].count()


class CappedPaginator(Paginator):
    """A paginator whose count stops at `cap` + 1 rows (COUNT_CAP by default)."""

    def __init__(self, object_list, per_page, *, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self):
        return capped_count(self.object_list, self.cap)


class LateRowPaginator(CappedPaginator):
    """A paginator that reads a page's ids first (from an index that holds the order's columns), then only
    the page's rows: a deep page skips ids, not whole rows with their joins (a «late row lookup»). `rows`, when
    given, adds what only the shown rows need (per-row subqueries, annotations) to the query of the page's rows,
    so that the count and the ids read the filtered table alone."""

    def __init__(self, object_list, per_page, *, rows=None, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, cap=cap, **kwargs)
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        page_rows = self.object_list.filter(pk__in=ids).order_by()
        if self.rows is not None:
            page_rows = self.rows(page_rows)
        rows = {row.pk: row for row in page_rows}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


def page_of(request, qs: QuerySet, per_page: int, *, late_rows: bool = False, rows=None,
            cap: int | None = None) -> Page:
    """The page the request asks for (`?page=`), a wrong number giving the first or the last page; with
    `late_rows` the page's ids are read before its rows (LateRowPaginator), `rows` adding to the page's rows
    only what they show; rows past `cap` (COUNT_CAP by default) are neither counted nor paged to."""
    if not late_rows:
        return CappedPaginator(qs, per_page, cap=cap).get_page(request.GET.get("page"))
    return LateRowPaginator(qs, per_page, rows=rows, cap=cap).get_page(request.GET.get("page"))


def list_context(page: Page) -> dict:
    """What the shared list templates (`templates/includes/list/`) read about a page and its count."""
    return {"page_obj": page, "count": page.paginator.count, "count_cap": getattr(page.paginator, "cap", COUNT_CAP)}


def search_text(request, param: str = "q") -> str:
    """The search box's text, trimmed and cut to a sane length."""
    return request.GET.get(param, "").strip()[:SEARCH_MAX_LENGTH]


def _chip_text(field, value) -> str:
    if isinstance(value, bool):
        return _("yes")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(field, forms.ModelChoiceField) or hasattr(value, "pk"):
        return str(value)
    choices = getattr(field, "choices", None)
    if choices is not None:
        return str(next((label for code, label in choices if str(code) == str(value)), value))
    return str(value)


def chips(request, form, values: dict, shown: dict, *, url: str | None = None, labels: dict | None = None,
          dropped: tuple = ("page",)) -> list[dict]:
    """The active filters as removable chips: {label, value, url without that filter}.

    `shown` maps a query parameter to its key in `values` (a form's cleaned values); `labels` names a chip whose
    parameter is no field of the form; `dropped` are the paging parameters a changed filter resets."""
    base = request.path if url is None else url
    found = []
    for param, key in shown.items():
        value = values.get(key)
        field = form.fields.get(param)
        if not value or (field is None and param not in (labels or {})):
            continue
        label = (labels or {}).get(param) or field.label
        query = request.GET.copy()
        query.pop(param, None)
        for name in dropped:
            query.pop(name, None)
        found.append({"label": label, "value": _chip_text(field, value),
                      "url": base + ("?" + query.urlencode() if query else "")})
    return found


@dataclass
class KeysetPage:
    """One page of a keyset-paged list: rows, the cursor of the next page (or ""), whether this is the first."""

    rows: list
    next_cursor: str
    is_first: bool


def _name_cursor(name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{pk}|{name}".encode()).decode().rstrip("=")


def _name_position(cursor: str) -> tuple[str, int] | None:
    """(name, pk) of a cursor; None for a broken one (the first page is shown)."""
    try:
        pk, name = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split("|", 1)
        return name, int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def name_keyset_page(qs: QuerySet, *, cursor: str, size: int) -> KeysetPage:
    """The rows after the cursor in (name, id) order, read from an index on (name, id) and stopped after the page:
    a filter that must be checked row by row (an EXISTS) costs the page's rows, not the table's, and no COUNT runs
    (OFFSET pages need one to number themselves)."""
    qs = qs.order_by("name", "pk")
    position = _name_position(cursor) if cursor else None
    if position:
        name, pk = position
        qs = qs.filter(Q(name__gt=name) | Q(name=name, pk__gt=pk))
    rows = list(qs[: size + 1])
    next_cursor = _name_cursor(rows[size - 1].name, rows[size - 1].pk) if len(rows) > size else ""
    return KeysetPage(rows=rows[:size], next_cursor=next_cursor, is_first=position is None)
