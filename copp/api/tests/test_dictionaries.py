"""Public dictionaries: every one routed, active items only, filters, search, ordering, pagination."""
import pytest
from django.urls import reverse

from copp.api.urls import DICTIONARY_PREFIXES
from copp.directories.models import (
    DICTIONARIES,
    Competency,
    GradeScale,
    GradeValue,
    Municipality,
    Profession,
    Region,
)

pytestmark = pytest.mark.django_db


def url(prefix, pk=None):
    return reverse(f"api:{prefix}-detail", args=[pk]) if pk else reverse(f"api:{prefix}-list")


@pytest.mark.parametrize("model", DICTIONARIES, ids=lambda m: m.__name__)
def test_every_dictionary_is_public(api, model):
    response = api.get(url(DICTIONARY_PREFIXES[model.__name__]))
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    assert {"count", "next", "previous", "results"} <= set(body)
    assert body["count"] == model.objects.filter(is_active=True).count()


def test_inactive_items_are_hidden(api):
    active = Profession.objects.create(code="99001", name="Оператор станков с ЧПУ")
    inactive = Profession.objects.create(code="99002", name="Устаревшая профессия", is_active=False)
    codes = {item["code"] for item in api.get(url("professions"), {"page_size": 200}).json()["results"]}
    assert active.code in codes
    assert inactive.code not in codes
    assert api.get(url("professions", inactive.pk)).status_code == 404
    assert api.get(url("professions", active.pk)).json()["name"] == "Оператор станков с ЧПУ"


def test_competencies_filter_by_priority_and_group(api):
    Competency.objects.update(is_priority=False)
    priority = Competency.objects.create(code="T-1", name="Сварочные технологии", group="Промышленность",
                                         is_priority=True)
    Competency.objects.create(code="T-2", name="Кондитерское дело", group="Тестовая группа")
    results = api.get(url("competencies"), {"is_priority": "true"}).json()["results"]
    assert [item["code"] for item in results] == [priority.code]
    assert results[0]["group"] == "Промышленность"
    results = api.get(url("competencies"), {"group": "Тестовая группа"}).json()["results"]
    assert [item["code"] for item in results] == ["T-2"]


def test_municipalities_filter_by_region(api):
    north = Region.objects.create(code="T1", name="Северный край")
    south = Region.objects.create(code="T2", name="Южный край")
    town = Municipality.objects.create(code="T1-1", name="Северск", region=north)
    Municipality.objects.create(code="T2-1", name="Южноград", region=south)
    results = api.get(url("municipalities"), {"region": north.pk}).json()["results"]
    assert results == [{"id": town.pk, "code": "T1-1", "name": "Северск", "order": 0, "region": north.pk}]


def test_bad_filter_value_is_400_not_500(api):
    response = api.get(url("municipalities"), {"region": "не число"})
    assert response.status_code == 400
    assert "region" in response.json()


def test_grade_scales_nest_their_values(api, django_assert_max_num_queries):
    for i in range(3):
        scale = GradeScale.objects.create(code=f"T-{i}", name=f"Шкала {i}")
        GradeValue.objects.create(scale=scale, code="5", name="отлично", points=5)
        GradeValue.objects.create(scale=scale, code="2", name="неудовлетворительно", points=2,
                                  is_passing=False)
    api.get(url("grade-scales"))  # the region's settings (time zone) are read once, then cached
    with django_assert_max_num_queries(3):  # count, scales, values
        results = api.get(url("grade-scales"), {"search": "Шкала"}).json()["results"]
    assert len(results) == 3
    assert [v["code"] for v in results[0]["values"]] == ["5", "2"]
    assert results[0]["values"][1]["is_passing"] is False


def test_search_by_name_or_code_and_ordering(api):
    Profession.objects.create(code="T-100", name="Ямщик")
    Profession.objects.create(code="T-200", name="Аппаратчик")

    def codes(**params):
        return [p["code"] for p in api.get(url("professions"), params).json()["results"]]

    assert codes(search="ямщ") == ["T-100"]
    assert codes(search="T-200") == ["T-200"]
    assert codes(search="T-", ordering="-name") == ["T-100", "T-200"]
    assert codes(search="T-", ordering="name") == ["T-200", "T-100"]


def test_page_size_is_capped_at_200(api):
    Profession.objects.bulk_create(Profession(code=f"P-{i}", name=f"Профессия {i:03d}") for i in range(210))
    total = Profession.objects.filter(is_active=True).count()
    body = api.get(url("professions"), {"page_size": 1000}).json()
    assert len(body["results"]) == 200
    assert body["count"] == total
    assert body["next"]
    body = api.get(url("professions"), {"page_size": 5, "page": 2}).json()
    assert len(body["results"]) == 5
    assert api.get(url("professions"), {"page": 999}).status_code == 404
