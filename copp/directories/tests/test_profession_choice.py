"""The profession is a searchable choice once the dictionary is long (issue 15): the vacancy search draws only the
chosen profession, so its size does not grow with ОКПДТР; the public endpoint finds professions by a part of the
name, offers only those in use and keeps the chosen filter working."""
import pytest
from django.urls import reverse

from copp.core.choices import SMALL_LIST
from copp.directories.models import Profession

pytestmark = pytest.mark.django_db


def _professions(n: int, start: int = 0):
    return Profession.objects.bulk_create([Profession(code=f"9{i:04}", name=f"Оператор станка {i:04}")
                                           for i in range(start, start + n)])


def _options(html: str) -> int:
    start = html.index('name="profession"')
    return html[start:html.index("</select>", start)].count("<option")


def test_a_short_dictionary_stays_a_plain_select(client):
    few = Profession.objects.filter(is_active=True).count()
    assert 0 < few <= SMALL_LIST  # the seeded dictionary
    html = client.get(reverse("careers:list")).content.decode()
    assert "data-autocomplete-url" not in html[html.index('name="profession"') - 400:html.index('name="profession"')]
    assert _options(html) == few + 1  # «Любая профессия» and every profession


def test_a_long_dictionary_draws_only_the_chosen_profession_and_is_searched_by_anyone(client):
    rows = _professions(SMALL_LIST + 20)
    Profession.objects.filter(pk=rows[3].pk).update(is_active=False)
    chosen = rows[7]
    html = client.get(reverse("careers:list"), {"profession": chosen.pk}).content.decode()
    assert reverse("directories:profession_choices") in html
    assert _options(html) == 2 and "Оператор станка 0007" in html  # the empty option and the chosen one
    more = _professions(200, SMALL_LIST + 20)
    assert more and _options(client.get(reverse("careers:list")).content.decode()) == 1
    # The endpoint is public, finds a part of the name in any case, never offers a profession out of use.
    answer = client.get(reverse("directories:profession_choices"), {"q": "СТАНКА 000"}).json()
    assert [row["text"] for row in answer["results"]] == [f"Оператор станка {i:04}" for i in range(10) if i != 3]
    assert answer["more"] is False
    assert client.get(reverse("directories:profession_choices")).json()["more"] is True
