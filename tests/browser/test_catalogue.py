"""A citizen finds a program in the catalogue by a Russian search and opens its page (360 px and 1280 px)."""
import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from copp.core.roles import Role
from copp.directories.models import Competency
from copp.organizations.models import OrganizationType
from copp.programs.tests.factories import make_program

from .conftest import field, open_menu, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_finds_a_program_by_search_and_opens_it(page, world):
    college = world.orgs[OrganizationType.PARTNER][0]
    welding = Competency.objects.get(name="Сварочные технологии")
    web = Competency.objects.get(name="Веб-технологии")
    program = make_program(college, title="Сварщик ручной дуговой сварки", competencies=[welding], hours=320,
                           kind="professional_training", contacts="Приёмная комиссия: +7 343 000-10-10")
    make_program(college, title="Аргонодуговая сварка (TIG)", competencies=[welding], free=False)
    for title in ("Веб-разработчик", "Разработка сайтов на Python", "Графический дизайн для начинающих"):
        make_program(college, title=title, competencies=[web])

    page.goto(page.base + "/")
    shot(page, "home-programs")
    open_menu(page)
    page.locator("#nav-main").get_by_role("link", name="Программы", exact=True).click()
    page.get_by_role("heading", name="Программы обучения").wait_for()
    page.get_by_text("Найдено 5 программ").wait_for()
    shot(page, "catalogue")

    page.get_by_role("searchbox", name="Поиск программ").fill("сварщиков")
    page.get_by_role("button", name="Найти").click()
    page.get_by_text("Найдена 1 программа").wait_for()
    assert page.locator(".program-card").count() == 1
    page.get_by_role("link", name="убрать фильтр").first.wait_for(state="attached")
    shot(page, "catalogue-search")

    page.get_by_role("link", name="Сварщик ручной дуговой сварки").click()
    page.get_by_role("heading", name="Сварщик ручной дуговой сварки", level=1).wait_for()
    expect(page.get_by_text("Бесплатно для слушателя").first).to_be_visible()
    expect(page.get_by_text("Приёмная комиссия: +7 343 000-10-10")).to_be_visible()
    try:
        apply_url = reverse("admissions:apply", args=[program.pk])
    except NoReverseMatch:
        apply_url = None
    if apply_url:
        button = page.get_by_role("link", name="Подать заявку").locator("visible=true")
        assert button.count() == 1 and button.get_attribute("href") == apply_url
    shot(page, "program-page")

    welding.is_priority = True
    welding.description = "Сварка металлоконструкций, трубопроводов и оборудования для промышленности региона."
    welding.save()
    page.goto(page.base + "/")
    open_menu(page)
    page.locator("#nav-main").get_by_role("link", name="Компетенции", exact=True).click()
    page.get_by_role("heading", name="Приоритетные компетенции региона").wait_for()
    page.get_by_role("heading", name="Сварочные технологии", level=2).wait_for()
    shot(page, "priority-competencies")


def test_empty_search_offers_to_reset_filters(page, world):
    make_program(world.orgs[OrganizationType.PARTNER][0], title="Электромонтажник")
    page.goto(page.base + "/programs/?q=астрономия")
    page.get_by_text("Программы не найдены.").wait_for()
    shot(page, "catalogue-empty")
    page.get_by_role("link", name="Сбросить фильтры").locator("visible=true").first.click()
    page.get_by_text(re.compile("Найдена 1 программа")).wait_for()


def test_partner_adds_a_program_and_the_hours_must_add_up(page, world):
    from copp.programs.models import Program

    rep = world.users[Role.PARTNER][0]
    page.goto(page.base + "/accounts/login/")
    page.locator("#id_login").fill(rep.email)
    page.locator("#id_password").fill(world.password)
    page.locator("#id_password").press("Enter")
    page.get_by_role("heading", name=re.compile("Здравствуйте")).wait_for()
    page.goto(page.base + "/programs/manage/")
    page.get_by_role("link", name="Добавить программу").first.click()
    page.get_by_role("heading", name="Новая программа").wait_for()
    field(page, "Название программы").fill("Оператор станков с ЧПУ")
    page.locator("#id_kind").select_option(label="Повышение квалификации")
    page.locator("#id_competencies").select_option(label="Токарные работы на станках с ЧПУ")
    field(page, "Для кого программа").fill("Станочники предприятий")
    field(page, "Цели").fill("Научиться программировать станки с ЧПУ")
    field(page, "Объём, часов").fill("40")
    page.locator("#id_study_form").select_option(label="Очная")
    page.locator("#id_funding").select_option(label="Региональный бюджет")
    page.locator("#id_document").select_option(label="Удостоверение о повышении квалификации")
    page.locator("#id_modules-0-title").fill("Программирование в G-кодах")
    page.locator("#id_modules-0-theory_hours").fill("12")
    page.locator("#id_modules-0-practice_hours").fill("24")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Исправьте ошибки").wait_for()
    page.get_by_text("Объём программы 40 ч, а сумма часов модулей 36 ч. Сделайте их равными.").first.wait_for()
    shot(page, "program-form-error")
    assert not Program.objects.exists()
    page.locator("#id_modules-0-practice_hours").fill("28")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Программа «Оператор станков с ЧПУ» сохранена.").wait_for()
    # Only a program that passed expert review is published (M15): its version is approved here, the review
    # itself is walked through in tests/browser/test_constructor.py.
    from copp.programs.tests.factories import approve

    approve(Program.objects.get())
    page.get_by_role("button", name="Опубликовать").click()
    page.get_by_text("Программа опубликована").wait_for()
    shot(page, "program-form-saved")
    assert Program.objects.get().status == "published"
