"""Vacancies in a real browser (issue 18, 360 px and 1280 px): a citizen finds a welding vacancy by a misspelt
word and sees the programs that train for it; an employer publishes a vacancy that CoPP staff approve."""
import re

import pytest

from copp.careers.models import Vacancy, VacancyStatus
from copp.careers.services.market import market_refresh
from copp.careers.tests.factories import make_vacancy
from copp.core.roles import Role
from copp.directories.models import Competency
from copp.organizations.models import OrganizationType
from copp.programs.tests.factories import make_program

from .conftest import field, open_menu, shot

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user, password):
    page.goto(page.base + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.get_by_role("heading", name=re.compile("Здравствуйте")).wait_for()


def test_citizen_finds_a_welder_vacancy_by_a_misspelt_word_and_sees_programs(page, world):
    welding = Competency.objects.get(name="Сварочные технологии")
    make_program(world.orgs[OrganizationType.PARTNER][0], title="Сварщик ручной дуговой сварки",
                 competencies=[welding])
    make_vacancy(None, title="Сварщик аргонодуговой сварки", competencies=[welding], employer_name="Уралмашзавод",
                 salary_from=70000, salary_to=110000, source="hhru")
    make_vacancy(None, title="Повар горячего цеха", duties="Приготовление блюд")
    make_vacancy(None, title="Программист 1С", duties="Доработка конфигураций", salary_from=120000, salary_to=None)
    market_refresh()

    page.goto(page.base + "/")
    open_menu(page)
    page.locator("#nav-main").get_by_role("link", name="Вакансии", exact=True).click()
    page.get_by_role("heading", name="Вакансии", level=1).wait_for()
    page.get_by_text("Найдено 3 вакансии").wait_for()
    shot(page, "vacancies")
    page.get_by_role("searchbox").fill("сваршик")
    page.get_by_role("button", name="Найти").click()
    page.get_by_text("Найдена 1 вакансия").wait_for()
    shot(page, "vacancies-search")
    page.get_by_role("link", name="Сварщик аргонодуговой сварки").click()
    page.get_by_role("heading", name="Сварщик аргонодуговой сварки", level=1).wait_for()
    page.get_by_role("link", name="Сварщик ручной дуговой сварки").wait_for()
    page.get_by_role("link", name=re.compile("Откликнуться на сайте источника")).wait_for()
    shot(page, "vacancy-page")

    page.goto(page.base + "/vacancies/labour-market/")
    page.get_by_role("heading", name="Рынок труда региона").wait_for()
    page.locator("#market-chart canvas").first.wait_for()
    shot(page, "labour-market")


def test_employer_publishes_a_vacancy_that_staff_approve(page, browser, world):
    sign_in(page, world.users[Role.CUSTOMER][0], world.password)
    page.goto(page.base + "/vacancies/own/")
    page.get_by_role("heading", name="Наши вакансии").wait_for()
    shot(page, "own-vacancies-empty")
    page.get_by_role("link", name="Добавить вакансию").first.click()
    field(page, "Название вакансии").fill("Электрогазосварщик 5 разряда")
    field(page, "Муниципальное образование").select_option(index=1)
    field(page, "Зарплата от, ₽").fill("70000")
    field(page, "Зарплата до, ₽").fill("60000")
    field(page, "Обязанности").fill("Сварка металлоконструкций на участке сборки")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Зарплата «до» не может быть ниже зарплаты «от».").first.wait_for()
    shot(page, "vacancy-form-error")
    field(page, "Зарплата до, ₽").fill("95000")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Вакансия сохранена как черновик").wait_for()
    page.get_by_role("button", name="Отправить на модерацию").click()
    page.get_by_text("Вакансия отправлена на модерацию в ЦОПП.").wait_for()
    shot(page, "own-vacancies")
    vacancy = Vacancy.objects.get(title="Электрогазосварщик 5 разряда")
    assert vacancy.status == VacancyStatus.MODERATION

    context = browser.new_context(viewport=page.viewport_size, locale="ru-RU")
    staff = context.new_page()
    staff.set_default_timeout(15000)
    staff.base, staff.viewport_name = page.base, page.viewport_name
    sign_in(staff, world.users[Role.STAFF][0], world.password)
    staff.goto(staff.base + "/vacancies/moderation/")
    staff.get_by_role("link", name="Электрогазосварщик 5 разряда").click()
    staff.get_by_text("Сварочные технологии").wait_for()
    shot(staff, "vacancy-moderate")
    staff.get_by_role("button", name="Опубликовать").click()
    staff.get_by_text("Вакансия опубликована.").wait_for()
    context.close()
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.PUBLISHED

    page.goto(page.base + "/vacancies/?q=электрогазосварщик")
    page.get_by_role("link", name="Электрогазосварщик 5 разряда").wait_for()
