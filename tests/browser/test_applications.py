"""Applications in a real browser (M10, M11, M19): a citizen applies to a program, staff accept, the citizen sees
the new status; an employer uploads an xlsx list of ten employees."""
import re

import pytest
from playwright.sync_api import expect

from copp.admissions.models import Application, ApplicationStatus, Participant
from copp.admissions.tests import factories
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.services import program_search_vector_update

from .conftest import field, open_menu, searchable, shot

pytestmark = pytest.mark.django_db(transaction=True)
PDF_NAME = "diploma.pdf"


def sign_in(page, user, password):
    page.context.clear_cookies()
    page.goto(page.base + "/accounts/login/")
    field(page, "Адрес электронной почты").fill(user.email)
    field(page, "Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name=re.compile("Здравствуйте")).wait_for()


def test_citizen_applies_staff_accept_citizen_sees(page, world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    program = factories.program(world.orgs[OrganizationType.PARTNER][0], title="Сварщик ручной дуговой сварки")
    learner, staff = world.users[Role.LEARNER][0], world.users[Role.STAFF][0]
    scan = tmp_path / PDF_NAME
    scan.write_bytes(factories.PDF)

    program_search_vector_update([program.pk])

    sign_in(page, learner, world.password)
    # The citizen finds the program by searching the catalogue (a word form, not the exact title).
    page.goto(page.base + "/programs/")
    page.get_by_role("search").locator("input[name=q]").fill("сварщиков")
    page.get_by_role("search").get_by_role("button", name="Найти").click()
    page.get_by_role("link", name="Сварщик ручной дуговой сварки").click()
    page.get_by_role("link", name="Подать заявку").first.click()
    page.get_by_role("heading", name="Заявка на программу").wait_for()
    field(page, "Дата рождения").fill("1990-05-01")
    field(page, "Контактный телефон").fill("+7 900 123-45-67")
    field(page, "Образование").fill("Среднее профессиональное, «Сварщик», 2010")
    field(page, "Документ об образовании").set_input_files(str(scan))
    field(page, "Я согласен на обработку моих персональных данных для рассмотрения заявки").check()
    shot(page, "apply-form")
    page.get_by_role("button", name="Продолжить").click()
    page.get_by_role("heading", name="Проверьте данные").wait_for()
    assert PDF_NAME in page.content()
    shot(page, "apply-review")
    page.get_by_role("button", name="Отправить заявку").click()
    page.get_by_role("heading", name=re.compile(r"Заявка № \d{4}-\d{6} отправлена")).wait_for()
    shot(page, "apply-done")
    application = Application.objects.get(applicant=learner)

    sign_in(page, staff, world.password)
    page.goto(page.base + "/applications/inbox/")
    page.get_by_role("heading", name="Входящие заявки").wait_for()
    shot(page, "inbox")
    page.get_by_role("link", name=f"№ {application.number}").click()
    page.get_by_role("button", name="Перевести в «На рассмотрении»").click()
    page.get_by_text("новый статус — «На рассмотрении»").first.wait_for()
    page.get_by_label("Комментарий для заявителя").fill("Ждём вас на первом занятии.")
    page.get_by_role("button", name="Перевести в «Принята»").click()
    page.get_by_text("новый статус — «Принята»").first.wait_for()
    shot(page, "inbox-detail")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED

    sign_in(page, learner, world.password)
    shot(page, "cabinet-learner-applications")
    page.goto(page.base + "/applications/my/")
    page.get_by_text("Принята").first.wait_for()
    page.get_by_role("link", name=re.compile(application.number)).click()
    page.get_by_text("Ждём вас на первом занятии.").first.wait_for()
    shot(page, "my-application")


def _choose_program(page, title):
    """The program is a searchable field (issue 15: the region has thousands): type, then take the one match."""
    box = searchable(page, "Программа")
    box.fill(title)
    expect(page.get_by_role("listbox").get_by_role("option", name=title)).to_have_count(1)
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value() == title


def test_employer_uploads_ten_employees(page, world, tmp_path):
    program = factories.program(world.orgs[OrganizationType.PARTNER][0], title="Контроль качества сварных швов")
    employer = world.users[Role.CUSTOMER][0]
    workbook = tmp_path / "employees.xlsx"
    workbook.write_bytes(factories.employees_xlsx(10))

    sign_in(page, employer, world.password)
    open_menu(page)
    page.goto(page.base + "/applications/org/")
    page.get_by_role("link", name="Подать заявку на сотрудников").click()
    _choose_program(page, program.title)
    page.get_by_label("Список в Excel (.xlsx)").set_input_files(str(workbook))
    shot(page, "mass-form")
    page.get_by_role("button", name="Загрузить список").click()
    page.get_by_role("heading", name="10 участников").wait_for()
    shot(page, "mass-review")
    page.get_by_role("button", name="Отправить заявку").click()
    page.get_by_role("heading", name="Участники и их статусы").wait_for()
    shot(page, "mass-detail")
    assert Participant.objects.filter(application__organization=world.orgs[OrganizationType.CUSTOMER][0]).count() == 10
    assert "Сотрудников10" in page.content()


def test_employer_bad_file_is_refused(page, world, tmp_path):
    program = factories.program(world.orgs[OrganizationType.PARTNER][0], title="Контроль качества сварных швов")
    bad = tmp_path / "employees.xlsx"
    bad.write_bytes(b"not a spreadsheet at all")
    sign_in(page, world.users[Role.CUSTOMER][0], world.password)
    page.goto(page.base + "/applications/org/mass/")
    _choose_program(page, program.title)
    page.get_by_label("Список в Excel (.xlsx)").set_input_files(str(bad))
    page.get_by_role("button", name="Загрузить список").click()
    page.get_by_text("Список не принят, ничего не сохранено").wait_for()
    shot(page, "mass-bad-file")
    assert not Application.objects.exists()


def test_staff_filter_the_inbox_by_a_program_found_by_typing(page, world):
    """The program filter is a combobox (issue 15): typed text asks the server, arrows and Enter choose, and the
    chosen program keeps its name after the filters are applied."""
    partner = world.orgs[OrganizationType.PARTNER][0]
    wanted = factories.program(partner, title="Контроль качества сварных швов")
    factories.program(partner, title="Оператор станков с ЧПУ")
    mine = factories.application(world.users[Role.LEARNER][0], wanted)
    factories.application(world.users[Role.LEARNER][1], factories.program(partner, title="Сварщик"))
    sign_in(page, world.users[Role.STAFF][0], world.password)
    page.goto(page.base + "/applications/inbox/")
    filters = page.get_by_role("button", name=re.compile("^Фильтры"))
    if filters.is_visible():  # on a phone the filters are an off-canvas panel, which takes the focus when open
        filters.click()
        page.locator("#filters-panel.show").wait_for()
        page.wait_for_timeout(400)
    box = searchable(page, "Программа")
    box.fill("качества")
    # The answer for the typed text: one program of the three (the empty box on focus offered all of them).
    expect(page.get_by_role("listbox").get_by_role("option")).to_have_count(1)
    box.press("ArrowDown")
    assert page.get_by_role("option", name="Контроль качества сварных швов").get_attribute("aria-selected") == "true"
    box.press("Enter")
    assert box.input_value() == "Контроль качества сварных швов"
    shot(page, "inbox-program-combobox")
    page.get_by_role("button", name="Применить", exact=True).click()
    page.wait_for_url(re.compile(rf"program={wanted.pk}"))
    page.get_by_role("link", name=f"№ {mine.number}").wait_for()
    # The chosen program keeps its name (on a phone the panel with the box is closed again: read it directly).
    assert page.locator("input#id_program[role=combobox]").input_value() == "Контроль качества сварных швов"
