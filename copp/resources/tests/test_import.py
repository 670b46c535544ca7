"""xlsx import: templates, the row-by-row report, and the all-or-nothing choice (docs/resources.md)."""
import io
import time
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from copp.core.models import AuditLog

from ..imports import SPECS
from ..kinds import KINDS
from ..models import Consumable, ConsumableMovement, Equipment, StaffCompetency, StaffMember
from ..services import resources_import
from . import factories

pytestmark = pytest.mark.django_db

BAD_ROWS = {11, 250, 501, 777, 1001}


@pytest.fixture(autouse=True)
def _imports_in_the_request(settings):
    """These tests read the report on the import page itself; bigger files run as jobs (test_import_job.py)."""
    settings.COPP_JOB_ROWS_IN_REQUEST = 10_000


def titles(code):
    spec = SPECS[code]
    return [c.title(spec.model) for c in spec.columns]


def workbook(header, rows) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    output.seek(0)
    return output


def upload(content: io.BytesIO, name="оборудование.xlsx"):
    return SimpleUploadedFile(name, content.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def equipment_rows(count, type_name, site_name):
    """`count` good rows as dicts of the Russian column titles; Excel row n holds rows[n - 2]."""
    return [{"Наименование": f"Сварочный аппарат {i}", "Тип": type_name, "Площадка": site_name,
             "Производитель": "Сварог", "Модель": "MIG 200", "Инвентарный номер": f"УПК-{i:05d}",
             "Количество": 1 + i % 5, "Состояние": "Исправно", "Компетенции": "Сварочные технологии",
             "Можно бронировать": "да"} for i in range(count)]


def as_table(rows):
    header = titles("equipment")
    return header, [[row.get(title) for title in header] for row in rows]


@pytest.fixture
def equipment_file(org_a):
    kind = factories.equipment_type()
    site = factories.site(org_a, name="Мастерская сварки")
    factories.competency("Сварочные технологии")
    rows = equipment_rows(1000, kind.name, site.name)
    # Five faults, one per bad row: the report must name exactly these rows.
    rows[11 - 2]["Количество"] = "много"
    rows[250 - 2]["Тип"] = "Телепорт"
    rows[501 - 2]["Наименование"] = None
    rows[777 - 2]["Состояние"] = "Сломано"
    rows[1001 - 2]["Инвентарный номер"] = rows[0]["Инвентарный номер"]
    return rows


def test_thousand_rows_with_five_bad_ones_name_exactly_those_rows_and_save_nothing(
        client, org_a, partner_a, equipment_file):
    client.force_login(partner_a)
    header, rows = as_table(equipment_file)
    response = client.post(reverse("resources:import", args=["equipment"]),
                           {"organization": org_a.pk, "file": upload(workbook(header, rows))})
    assert response.status_code == 400
    report = response.context["report"]
    assert report.rows == 1000
    assert report.faulty_rows == sorted(BAD_ROWS)
    faults = {f.row: (f.column, f.message) for f in report.faults}
    assert len(report.faults) == 5
    assert faults[11] == ("Количество", "Введите целое число.")
    assert faults[250][0] == "Тип" and "Телепорт" in faults[250][1]
    assert faults[501] == ("Наименование", "Заполните ячейку.")
    assert faults[777][0] == "Состояние" and "«Сломано»" in faults[777][1] and "«Исправно»" in faults[777][1]
    assert faults[1001][0] == "Инвентарный номер" and "строку 2" in faults[1001][1]
    page = response.content.decode()
    assert "Ничего не сохранено: 5 строк с ошибками." in page
    assert sorted(int(n) for n in __import__("re").findall(r'data-row="(\d+)"', page)) == sorted(BAD_ROWS)
    assert not Equipment.objects.exists()  # all or nothing


def test_the_same_file_corrected_is_imported_whole_and_again_updates(org_a, partner_a, equipment_file):
    kind = factories.equipment_type()
    for n in BAD_ROWS:
        equipment_file[n - 2] = equipment_rows(n - 1, kind.name, "Мастерская сварки")[n - 2]
    equipment_file[1001 - 2]["Инвентарный номер"] = "УПК-99999"
    header, rows = as_table(equipment_file)
    started = time.monotonic()
    report = resources_import(actor=partner_a, organization=org_a, kind=KINDS["equipment"],
                              file=workbook(header, rows))
    assert time.monotonic() - started < 20
    assert report.saved and (report.created, report.updated) == (1000, 0), report.faults[:3]
    assert Equipment.objects.filter(organization=org_a).count() == 1000
    item = Equipment.objects.get(inventory_number="УПК-00007")
    assert item.quantity == 3 and item.site.name == "Мастерская сварки"
    assert [c.name for c in item.competencies.all()] == ["Сварочные технологии"]
    assert AuditLog.objects.filter(action="resources.imported", details__created=1000).exists()

    rows[7][titles("equipment").index("Количество")] = 9
    again = resources_import(actor=partner_a, organization=org_a, kind=KINDS["equipment"],
                             file=workbook(header, rows))
    assert (again.created, again.updated) == (0, 1000)
    assert Equipment.objects.count() == 1000
    assert Equipment.objects.get(inventory_number="УПК-00007").quantity == 9
    assert Equipment.objects.get(inventory_number="УПК-00007").competencies.count() == 1


def test_template_has_the_columns_and_the_guide(client, partner_a, org_a):
    factories.site(org_a, name="Мастерская сварки")
    client.force_login(partner_a)
    response = client.get(reverse("resources:import_template", args=["equipment"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[0] == "Наименование *" and "Инвентарный номер" in header
    assert book.worksheets[1].title == "Как заполнять"
    lists = [cell.value for row in book.worksheets[2].iter_rows() for cell in row if cell.value]
    assert "Мастерская сварки" in lists  # the organisation's sites for the drop-down


@pytest.mark.parametrize("code", list(KINDS))
def test_every_template_imports_back_its_own_header(client, partner_a, org_a, code):
    client.force_login(partner_a)
    response = client.get(reverse("resources:import_template", args=[code]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header = [cell.value for cell in book.worksheets[0][1]]
    report = resources_import(actor=partner_a, organization=org_a, kind=KINDS[code], file=workbook(header, []))
    assert report.file_errors == ["В файле нет строк с данными."]


def test_wrong_files_get_a_clear_message(client, partner_a, org_a):
    client.force_login(partner_a)
    url = reverse("resources:import", args=["equipment"])
    text = SimpleUploadedFile("список.xlsx", "Наименование;Тип".encode(), content_type="text/csv")
    response = client.post(url, {"organization": org_a.pk, "file": text})
    assert response.status_code == 400
    assert "Это не файл Excel" in response.content.decode()

    missing = workbook(["Наименование", "Количество"], [["Станок", 1]])
    response = client.post(url, {"organization": org_a.pk, "file": upload(missing)})
    assert "В файле нет столбцов: «Тип»" in response.content.decode()
    assert not Equipment.objects.exists()


def test_partner_cannot_import_into_another_organisation(client, partner_a, org_b):
    client.force_login(partner_a)
    header, rows = as_table(equipment_rows(1, factories.equipment_type().name, ""))
    response = client.post(reverse("resources:import", args=["equipment"]),
                           {"organization": org_b.pk, "file": upload(workbook(header, rows))})
    assert response.status_code == 400
    assert "Выберите корректный вариант" in response.content.decode()
    assert not Equipment.objects.exists()


def test_staff_import_reads_competencies_with_levels(partner_a, org_a):
    factories.competency("Сварочные технологии")
    factories.competency("Электромонтаж")
    header = titles("staff")
    row = dict.fromkeys(header)
    row.update({"Фамилия *": None})
    values = {"Фамилия": "Громов", "Имя": "Сергей", "Отчество": "Иванович", "Категория": "Мастер производственного "
              "обучения", "Должность": "Мастер", "Компетенции с уровнями": "Сварочные технологии (экспертный); "
              "Электромонтаж", "Недельная нагрузка, не более, ч": 24}
    report = resources_import(actor=partner_a, organization=org_a, kind=KINDS["staff"],
                              file=workbook(header, [[values.get(t) for t in header]]))
    assert report.saved, report.faults
    person = StaffMember.objects.get(last_name="Громов")
    assert (person.kind, person.weekly_hours_limit) == ("master", 24)
    levels = {(link.competency.name, link.level) for link in StaffCompetency.objects.filter(staff=person)}
    assert levels == {("Сварочные технологии", "expert"), ("Электромонтаж", "basic")}

    values["Компетенции с уровнями"] = "Сварочные технологии (гуру)"
    report = resources_import(actor=partner_a, organization=org_a, kind=KINDS["staff"],
                              file=workbook(header, [[values.get(t) for t in header]]))
    assert not report.saved
    assert report.faults[0].message.startswith("Уровень «гуру» не входит в список: «Базовый»")


def test_imported_stock_changes_are_recorded_as_movements(partner_a, org_a):
    header = titles("consumable")
    row = {"Наименование": "Электроды МР-3", "Единица измерения": "кг", "В наличии": "45,5", "Минимальный остаток": 10}
    resources_import(actor=partner_a, organization=org_a, kind=KINDS["consumable"],
                     file=workbook(header, [[row.get(t) for t in header]]))
    row["В наличии"] = 40
    resources_import(actor=partner_a, organization=org_a, kind=KINDS["consumable"],
                     file=workbook(header, [[row.get(t) for t in header]]))
    consumable = Consumable.objects.get()
    assert consumable.stock == 40 and consumable.unit == "kg"
    assert [(m.kind, m.quantity) for m in ConsumableMovement.objects.order_by("pk")] == [
        ("receipt", Decimal("45.5")), ("usage", Decimal("5.5"))]


def test_exported_registry_imports_back_without_duplicates(client, staff_user, partner_a, org_a):
    site = factories.site(org_a, name="Мастерская сварки")
    for n in range(3):
        factories.equipment(org_a, site=site, inventory_number=f"ИНВ-{n}")
    client.force_login(staff_user)
    response = client.get(reverse("resources:registry_export"), {"kind": "equipment"})
    exported = io.BytesIO(b"".join(response.streaming_content))
    report = resources_import(actor=partner_a, organization=org_a, kind=KINDS["equipment"], file=exported)
    assert report.saved and (report.created, report.updated) == (0, 3)
    assert set(report.ignored_columns) == {"ID", "Организация", factories.ru("Municipality")}


def test_columns_left_out_of_the_file_keep_their_values(partner_a, org_a):
    welding = factories.competency("Сварочные технологии")
    item = factories.equipment(org_a, inventory_number="ИНВ-7", notes="Гарантия до 2027 года", quantity=2)
    item.competencies.add(welding)
    header = ["Инвентарный номер", "Наименование", "Тип", "Количество"]
    report = resources_import(actor=partner_a, organization=org_a, kind=KINDS["equipment"], file=workbook(
        header, [["ИНВ-7", "Сварочный аппарат (новое имя)", item.equipment_type.name, 5]]))
    assert report.saved and report.updated == 1
    item.refresh_from_db()
    assert (item.name, item.quantity, item.notes) == ("Сварочный аппарат (новое имя)", 5, "Гарантия до 2027 года")
    assert list(item.competencies.all()) == [welding]
