"""A partner representative adds a piece of equipment to a workshop, on a phone (360 px) and a desktop."""
import re

import pytest
from playwright.sync_api import expect

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.resources.models import Equipment, EquipmentType, Site
from copp.resources.tests import factories

from .conftest import open_cabinet_menu, shot

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user, password):
    page.goto(page.base + "/accounts/login/")
    # The sign-in form belongs to the accounts app; its fields are found by id, not by their wording.
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.get_by_role("heading", name=re.compile("Здравствуйте")).wait_for()


def test_partner_adds_equipment_to_a_workshop(page, world):
    partner = world.users[Role.PARTNER][0]
    college = world.orgs[OrganizationType.PARTNER][0]
    workshop = factories.site(college, name="Мастерская «Сварочные технологии»", capacity=12, area=186)
    workshop.competencies.add(factories.competency("Сварочные технологии"))
    # Seeded by a migration; made here when a transactional test before this one flushed the tables.
    welding, _ = EquipmentType.objects.get_or_create(code="welding", defaults={"name": "Сварочное оборудование"})

    sign_in(page, partner, world.password)
    open_cabinet_menu(page)
    page.get_by_role("navigation", name="Меню кабинета").get_by_role("link", name="Ресурсы").click()
    page.get_by_role("heading", name="Ресурсы", exact=True).wait_for()
    shot(page, "resources-manage")
    page.get_by_role("link", name="Мастерская «Сварочные технологии»").click()
    page.get_by_role("heading", name="Мастерская «Сварочные технологии»").wait_for()
    shot(page, "resources-workshop")

    page.get_by_role("button", name="Добавить на площадку").click()
    page.get_by_role("link", name="Оборудование", exact=True).click()
    page.get_by_role("heading", name="Новая запись: Оборудование").wait_for()
    page.get_by_label("Наименование").fill("Сварочный полуавтомат")
    page.get_by_label(re.compile(r"^Тип\s")).select_option(label=welding.name)
    assert page.get_by_label("Площадка").input_value() == str(workshop.pk)
    page.get_by_label("Производитель").fill("Сварог")
    page.get_by_label("Инвентарный номер").fill(f"УПК-01-{page.viewport_name}")
    page.get_by_label("Количество").fill("6")
    shot(page, "resources-equipment-form")
    page.get_by_role("button", name="Сохранить").click()

    page.get_by_role("heading", name="Сварочный полуавтомат").wait_for()
    page.get_by_text("«Сварочный полуавтомат» добавлено в ресурсы организации").wait_for()
    shot(page, "resources-equipment-card")
    item = Equipment.objects.get(inventory_number=f"УПК-01-{page.viewport_name}")
    assert (item.organization, item.site, item.quantity, item.equipment_type) == (college, workshop, 6, welding)

    page.locator("main dl").get_by_role("link", name="Мастерская «Сварочные технологии»").click()
    contents = page.get_by_role("region", name="На этой площадке")
    contents.get_by_role("link", name="Сварочный полуавтомат").wait_for()
    assert "6 шт." in contents.inner_text()
    shot(page, "resources-workshop-with-equipment")
    assert Site.objects.get(pk=workshop.pk).is_active


def test_staff_find_the_workshop_in_the_registry(page, world):
    staff = world.users[Role.STAFF][0]
    college = world.orgs[OrganizationType.PARTNER][0]
    welding = factories.competency("Сварочные технологии")
    workshop = factories.site(college, name="Мастерская «Сварочные технологии»")
    workshop.competencies.add(welding)
    factories.site(world.orgs[OrganizationType.PARTNER][1], name="Кабинет информатики", kind="classroom")

    sign_in(page, staff, world.password)
    page.goto(page.base + "/resources/registry/")
    page.get_by_role("heading", name="Реестр ресурсов").wait_for()
    if page.get_by_role("button", name=re.compile("Фильтры")).is_visible():
        page.get_by_role("button", name=re.compile("Фильтры")).click()
    page.get_by_label("Компетенция").select_option(label="Сварочные технологии")
    page.get_by_role("button", name=re.compile("^Применить")).click()
    page.get_by_text("Найдена 1 запись").wait_for()
    expect(page.get_by_role("link", name="Мастерская «Сварочные технологии»")).to_be_visible()
    shot(page, "resources-registry-filtered")
    page.get_by_role("link", name=re.compile("Компетенция: Сварочные технологии")).click()
    page.get_by_text("Найдено 2 записи").wait_for()
    shot(page, "resources-registry")


def test_partner_uploads_a_file_and_reads_the_report(page, world, tmp_path):
    import openpyxl

    partner = world.users[Role.PARTNER][0]
    college = world.orgs[OrganizationType.PARTNER][0]
    factories.site(college, name="Мастерская сварки")
    kind, _ = EquipmentType.objects.get_or_create(code="welding", defaults={"name": "Сварочное оборудование"})
    book = openpyxl.Workbook()
    book.active.append(["Наименование", "Тип", "Площадка", "Инвентарный номер", "Количество"])
    book.active.append(["Сварочный аппарат", kind.name, "Мастерская сварки", "И-1", 2])
    book.active.append(["Станок", "Телепорт", "Мастерская сварки", "И-2", "два"])
    path = tmp_path / "оборудование.xlsx"
    book.save(path)

    sign_in(page, partner, world.password)
    page.goto(page.base + "/resources/manage/?kind=equipment")
    page.get_by_role("link", name="Загрузить из Excel").first.click()
    page.get_by_label("Файл Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Проверить и загрузить").click()
    page.get_by_text("Ничего не сохранено: 1 строка с ошибками.").wait_for()
    report = page.locator("table.report-table")
    assert report.locator("tbody tr").count() == 2
    assert "Телепорт" in report.inner_text() and "Введите целое число." in report.inner_text()
    shot(page, "resources-import-report")
    assert not Equipment.objects.exists()
