"""The list toolkit: a count that stops at the cap, pages, the search text, the chips of active filters."""
import datetime

import pytest
from django import forms
from django.test import RequestFactory

from copp.core import lists
from copp.directories.models import Municipality

pytestmark = pytest.mark.django_db


class Filter(forms.Form):
    q = forms.CharField(label="Поиск", required=False)
    kind = forms.ChoiceField(label="Вид", required=False, choices=[("", "любой"), ("short", "Короткая")])
    municipality = forms.ModelChoiceField(label="Муниципалитет", required=False,
                                          queryset=Municipality.objects.all())
    since = forms.DateField(label="С даты", required=False)
    free = forms.BooleanField(label="Есть места", required=False)


def test_capped_count_stops_after_the_cap():
    total = Municipality.objects.count()
    assert total > 3
    assert lists.capped_count(Municipality.objects.all(), cap=2) == 3
    request = RequestFactory().get("/x/", {"page": "2"})
    for late_rows in (False, True):
        page = lists.page_of(request, Municipality.objects.order_by("pk"), 1, cap=2, late_rows=late_rows)
        assert page.number == 2 and page.paginator.count == 3
        assert lists.list_context(page)["count_cap"] == 2
    # Past the cap there is no page: a later number gives the last counted one.
    far = RequestFactory().get("/x/", {"page": str(total)})
    assert lists.page_of(far, Municipality.objects.order_by("pk"), 1, cap=2).number == 3
    assert lists.list_context(lists.page_of(far, Municipality.objects.all(), 1))["count_cap"] == lists.COUNT_CAP
    # A wrong page number gives a page, never an error.
    wrong = RequestFactory().get("/x/", {"page": "abc"})
    assert lists.page_of(wrong, Municipality.objects.order_by("pk"), 1).number == 1


def test_search_text_is_trimmed_and_cut():
    assert lists.search_text(RequestFactory().get("/x/", {"q": "  сварка  "})) == "сварка"
    assert len(lists.search_text(RequestFactory().get("/x/", {"q": "я" * 500}))) == lists.SEARCH_MAX_LENGTH


def test_chips_name_each_filter_and_link_to_the_list_without_it():
    town = Municipality.objects.order_by("pk").first()
    params = {"q": "сварка", "kind": "short", "municipality": town.pk, "since": "2026-12-01", "free": "on",
              "page": "3", "sort": "new"}
    request = RequestFactory().get("/list/", params)
    form = Filter(request.GET)
    assert form.is_valid()
    values = {"text": "сварка", "kind": "short", "municipality": town,
              "since": datetime.date(2026, 12, 1), "free": True}
    shown = {"q": "text", "kind": "kind", "municipality": "municipality", "since": "since", "free": "free"}
    found = lists.chips(request, form, values, shown, labels={"q": "Текст поиска"})
    assert [(c["label"], c["value"]) for c in found] == [
        ("Текст поиска", "сварка"), ("Вид", "Короткая"), ("Муниципалитет", str(town)), ("С даты", "01.12.2026"),
        ("Есть места", "да")]
    first = found[0]["url"]
    assert first.startswith("/list/?") and "q=" not in first and "page=" not in first and "sort=new" in first
    assert lists.chips(request, form, {}, shown) == []
