"""The region-wide registry: filters, chips, empty state, pages, Excel export; query counts stay flat."""
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core import lists
from copp.directories.models import Municipality

from ..kinds import KINDS
from ..models import Condition, StaffCompetency
from . import factories

pytestmark = pytest.mark.django_db
REGISTRY = reverse("resources:registry")


def names(response):
    return sorted(str(row["record"]) for row in response.context["rows"])


@pytest.fixture
def browse(client, staff_user):
    client.force_login(staff_user)
    return client


def test_sites_are_found_by_competency_municipality_kind_and_availability(browse, org_a, org_b):
    welding, wiring = factories.competency("Сварочные технологии"), factories.competency("Электромонтаж")
    tagil = factories.municipality("Нижний Тагил")
    weld = factories.site(org_a, name="Сварочная мастерская")
    weld.competencies.add(welding, wiring)  # two matches must still list the site once
    wire = factories.site(org_b, name="Электромонтажная мастерская", municipality=tagil)
    wire.competencies.add(wiring)
    factories.site(org_b, name="Закрытый класс", kind="classroom", is_bookable=False, municipality=tagil)

    assert names(browse.get(REGISTRY)) == ["Закрытый класс", "Сварочная мастерская", "Электромонтажная мастерская"]
    assert names(browse.get(REGISTRY, {"competency": wiring.pk})) == [
        "Сварочная мастерская", "Электромонтажная мастерская"]
    assert names(browse.get(REGISTRY, {"municipality": tagil.pk})) == ["Закрытый класс", "Электромонтажная мастерская"]
    assert names(browse.get(REGISTRY, {"type": "classroom"})) == ["Закрытый класс"]
    assert names(browse.get(REGISTRY, {"municipality": tagil.pk, "available": "on"})) == [
        "Электромонтажная мастерская"]
    assert names(browse.get(REGISTRY, {"q": "сварочн"})) == ["Сварочная мастерская"]


def test_equipment_is_found_through_its_site(browse, org_a, org_b):
    welding = factories.competency("Сварочные технологии")
    tagil = factories.municipality("Нижний Тагил")
    workshop = factories.site(org_b, municipality=tagil)
    workshop.competencies.add(welding)
    factories.equipment(org_b, name="Сварочный пост", site=workshop)
    factories.equipment(org_a, name="Сломанный аппарат", condition=Condition.OUT_OF_ORDER)
    own = factories.equipment(org_a, name="Аппарат со своей компетенцией")
    own.competencies.add(welding)
    params = {"kind": "equipment"}
    assert names(browse.get(REGISTRY, {**params, "competency": welding.pk})) == [
        "Аппарат со своей компетенцией", "Сварочный пост"]
    assert names(browse.get(REGISTRY, {**params, "municipality": tagil.pk})) == ["Сварочный пост"]
    assert "Сломанный аппарат" not in names(browse.get(REGISTRY, {**params, "available": "on"}))
    item = factories.equipment(org_a, name="Станок", inventory_number="УПК-777")
    assert names(browse.get(REGISTRY, {**params, "q": "упк-777"})) == [str(item)]
    by_type = browse.get(REGISTRY, {**params, "type": item.equipment_type_id})
    assert by_type.context["chips"][0]["value"] == item.equipment_type.name


def test_staff_are_found_by_competency_and_municipality(browse, org_a, org_b):
    welding = factories.competency("Сварочные технологии")
    expert = factories.staff(org_a, last_name="Громов")
    StaffCompetency.objects.create(staff=expert, competency=welding, level="expert")
    factories.staff(org_b, last_name="Власова")
    response = browse.get(REGISTRY, {"kind": "staff", "competency": welding.pk})
    assert [row["record"] for row in response.context["rows"]] == [expert]
    assert "Сварочные технологии (экспертный)" in response.content.decode()
    in_town = browse.get(REGISTRY, {"kind": "staff", "municipality": org_a.municipality_id})
    assert [row["record"] for row in in_town.context["rows"]] == [expert]


def test_chips_remove_one_filter_each(browse, org_a):
    welding = factories.competency("Сварочные технологии")
    town = Municipality.objects.get(pk=org_a.municipality_id)
    response = browse.get(REGISTRY, {"kind": "site", "competency": welding.pk, "municipality": town.pk,
                                     "type": "workshop", "available": "on", "q": "сварка"})
    chips = {chip["label"]: chip for chip in response.context["chips"]}
    assert set(chips) == {"Поиск", "Компетенция", factories.ru("Municipality"), "Вид", "Только доступные"}
    assert chips["Компетенция"]["value"] == "Сварочные технологии"
    assert chips["Вид"]["value"] == "Мастерская"
    assert "competency=" not in chips["Компетенция"]["url"] and "municipality=" in chips["Компетенция"]["url"]
    assert factories.ru("remove the filter") in response.content.decode()


def test_empty_result_says_why_and_offers_a_reset(browse, org_a):
    factories.site(org_a)
    page = browse.get(REGISTRY, {"q": "нет такой мастерской"}).content.decode()
    assert "Записи не найдены." in page
    assert "Сбросить фильтры" in page
    empty_kind = browse.get(REGISTRY, {"kind": "ict"}).content.decode()
    assert "Партнёры ещё не добавили такие ресурсы." in empty_kind


def test_pages_and_a_capped_count(browse, org_a, monkeypatch):
    for n in range(30):
        factories.reference(org_a, name=f"Документ {n:02d}")
    first = browse.get(REGISTRY, {"kind": "reference"})
    assert len(first.context["rows"]) == 25 and "Найдено 30 записей" in first.content.decode()
    second = browse.get(REGISTRY, {"kind": "reference", "page": 2})
    assert len(second.context["rows"]) == 5
    monkeypatch.setattr(lists, "COUNT_CAP", 20)
    capped = browse.get(REGISTRY, {"kind": "reference"}).content.decode()
    assert "Найдено более 20 записей" in capped


def _populate(kind_code, org, count):
    """Records with everything their list shows: site, type, competencies, staff competencies."""
    welding = factories.competency("Сварочные технологии")
    for _ in range(count):
        site = factories.site(org)
        site.competencies.add(welding)
        record = site if kind_code == "site" else (
            factories.MAKERS[kind_code](org, site=site) if kind_code in ("equipment", "tool", "software", "consumable")
            else factories.MAKERS[kind_code](org))
        if hasattr(record, "competencies") and kind_code != "site":
            record.competencies.add(welding)
        if kind_code == "staff":
            StaffCompetency.objects.create(staff=record, competency=welding)


@pytest.mark.parametrize("code", list(KINDS))
def test_query_count_does_not_grow_with_the_data(client, staff_user, partner_a, org_a, code):
    def count(user, url, params):
        client.force_login(user)
        client.get(url, params)  # the first request fills per-process caches (branding)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        return len(queries)

    registry, manage = reverse("resources:registry"), reverse("resources:manage")
    _populate(code, org_a, 2)
    small = count(staff_user, registry, {"kind": code}), count(partner_a, manage, {"kind": code})
    _populate(code, org_a, 20)
    large = count(staff_user, registry, {"kind": code}), count(partner_a, manage, {"kind": code})
    assert small == large


def test_export_follows_the_filters(browse, org_a, org_b):
    tagil = factories.municipality("Нижний Тагил")
    factories.site(org_a, name="Мастерская в Екатеринбурге")
    factories.site(org_b, name="Мастерская в Тагиле", municipality=tagil)
    response = browse.get(reverse("resources:registry_export"), {"kind": "site", "municipality": tagil.pk})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("ID", "Организация", factories.ru("Municipality"), "Наименование")
    assert [row[3] for row in rows[1:]] == ["Мастерская в Тагиле"]
    assert rows[1][2] == "Нижний Тагил"
