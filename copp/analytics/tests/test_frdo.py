"""The ФИС ФРДО export (spec/integrations.md §6.1): the file is read back and every column of a known row is
checked; rows the registry would refuse are listed with the reason and left out of the file."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from copp.core.roles import Role
from copp.directories.models import FundingSource
from tests.factories import UserFactory

from ..frdo import DPO_COLUMNS, LISTS, PO_COLUMNS, VALIDATED, frdo_export
from .world import build

pytestmark = pytest.mark.django_db

PERIOD = (datetime.date(2025, 3, 1), datetime.date(2025, 4, 30))


@pytest.fixture
def world():
    w = build()
    funding, _ = FundingSource.objects.get_or_create(code="regional_budget", defaults={"name": "Региональный бюджет"})
    w.welding.funding = funding
    w.welding.save(update_fields=["funding"])
    return w


def test_dpo_file_has_every_column_of_a_known_row(world):
    file, exported, problems = frdo_export("dpo", *PERIOD)
    book = load_workbook(file)
    sheet = book["Шаблон"]
    assert book["Проверки"].sheet_state == "hidden"
    header = [cell.value for cell in sheet[1]]
    assert header == DPO_COLUMNS and len(header) == 40
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert exported == 1 and len(rows) == 1
    row = dict(zip(DPO_COLUMNS, rows[0], strict=True))
    assert row["Вид документа"] == "Удостоверение о повышении квалификации"
    assert row["Статус документа"] == "Оригинал"
    assert (row["Подтверждение утраты"], row["Подтверждение обмена"], row["Подтверждение уничтожения"]) == (
        "Нет", "Нет", "Нет")
    assert (row["Серия документа"], row["Номер документа"]) == ("66", "000101")
    assert row["Дата выдачи документа"] == datetime.datetime(2025, 3, 30)
    assert sheet.cell(2, 8).number_format == "dd.mm.yyyy"
    assert row[DPO_COLUMNS[9]] == "Повышение квалификации"
    assert row["Наименование дополнительной профессиональной программы"] == "Сварка"
    assert row["Год начала обучения (для документа о квалификации)"] == 2025
    assert row["Год окончания обучения (для документа о квалификации)"] == 2025
    assert row["Срок обучения, часов (для документа о квалификации)"] == 72
    assert (row["Фамилия получателя"], row["Имя получателя"], row["Отчество получателя"]) == (
        "Анина", "Анна", "Сергеевич")
    assert row["Дата рождения получателя"] == datetime.datetime(1990, 1, 2)
    assert row["СНИЛС"] == world.ann.snils.replace("-", "").replace(" ", "") and len(row["СНИЛС"]) == 11
    assert row["Форма обучения"] == "Очная"
    assert row["Источник финансирования обучения"] == "Региональный бюджет"
    assert row["Форма получения образования на момент прекращения образовательных отношений"] == (
        "в образовательной организации")
    # Nothing the platform does not know is made up: the registration number, sex and citizenship stay empty.
    for empty in ("Регистрационный номер", "Пол получателя", "Гражданство получателя (код страны по ОКСМ)",
                  *DPO_COLUMNS[31:]):
        assert row[empty] is None
    # Every value with a list in the template is taken from it, and the column has the drop-down.
    for col, name in VALIDATED["dpo"].items():
        assert rows[0][col] is None or rows[0][col] in LISTS[name]
    validated = {str(v.sqref).split(":")[0] for v in sheet.data_validations.dataValidation}
    assert "A2" in validated
    # Ann's retraining diploma has no number: it is listed with the reason, not exported.
    assert [(p.enrolment, p.reasons) for p in problems] == [(world.ann_d, ["нет номера документа"])] or \
        [(p.enrolment, [str(r) for r in p.reasons]) for p in problems] == [(world.ann_d, ["no document number"])]


def test_po_template_has_35_columns():
    file, exported, problems = frdo_export("po", *PERIOD)
    header = [cell.value for cell in load_workbook(file)["Шаблон"][1]]
    assert header == PO_COLUMNS and len(header) == 35 and exported == 0 and problems == []


def test_missing_snils_is_a_problem(world, client):
    world.ann.snils = ""
    world.ann.save(update_fields=["snils"])
    client.force_login(UserFactory(roles=[Role.STAFF]))
    query = {"template": "dpo", "date_from": "2025-03-01", "date_to": "2025-04-30"}
    page = client.get(reverse("analytics:frdo"), query)
    assert page.status_code == 200 and page.context["exported"] == 0
    assert len(page.context["problems"]) == 2
    bad = client.get(reverse("analytics:frdo"), {**query, "date_to": "2025-01-01"})
    assert bad.status_code == 400
    file = client.get(reverse("analytics:frdo_file"), query)
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content)))["Шаблон"]
    assert sheet.max_row == 1  # only the header: the refused rows are not exported silently
