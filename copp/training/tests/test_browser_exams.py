"""In a real browser at 360 and 1280 px: an organisation's user finds its demonstration exam in the register,
adds a student with points (the grade follows the thresholds) and sends the exam for checking; ЦОПП staff see
the statistics, confirm and lock the exam and download the register in Excel (D6)."""
import io

import pytest
from openpyxl import load_workbook

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.browser.conftest import shot
from tests.browser.test_events import new_page, sign_in
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .. import exam_services as services
from ..exam_models import ExamStatus
from .exam_factories import expert, make_exam

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Пароль-для-тестов-1"


def test_demo_exam_register_entry_checking_and_excel(page, browser):
    from tests.reference import ensure_reference_data

    ensure_reference_data()
    college = OrganizationFactory(type=OrganizationType.PARTNER, short_name="Колледж Урала")
    partner = UserFactory(roles=[Role.PARTNER])
    MembershipFactory(user=partner, organization=college)
    chief = expert(college, last_name="Экспертов")
    exam = make_exam(college, experts=[chief])
    services.participant_add(actor=partner, exam=exam, full_name="Алексеев Алексей", points="64")
    make_exam(college, status=ExamStatus.FINISHED)  # another exam in the register

    sign_in(page, partner, PASSWORD)
    page.goto(page.base + "/training/demo-exams/")
    page.get_by_role("heading", name="Демонстрационные экзамены", exact=True).wait_for()
    assert page.locator("#exams-table tbody tr").count() == 2
    page.get_by_label("Поиск по компетенции, КОД, организации или центру").fill("Колледж Урала")
    page.get_by_role("button", name="Найти").click()
    page.locator("#stats-competency").wait_for()
    page.locator("#chart-grades canvas").first.wait_for()  # the chart of grades beside its table
    shot(page, "demo-exams-list")

    page.locator(f'#exams-table a[href="/training/demo-exams/{exam.pk}/"]').click()
    page.locator("#participants-table").wait_for()
    page.get_by_label("ФИО студента").fill("Борисова Вера")
    page.get_by_label("Баллы").fill("39,5")
    page.get_by_role("button", name="Добавить", exact=True).click()
    page.get_by_text("Студент добавлен.").wait_for()
    rows = {r.locator("th").text_content().strip(): r.locator("td").nth(1).text_content().strip()
            for r in page.locator("#participants-table tbody tr").all()}
    assert rows == {"Алексеев Алексей": "5", "Борисова Вера": "3"}
    page.get_by_role("button", name="Отправить на проверку").click()
    page.get_by_text("Статус экзамена теперь «На проверке».").wait_for()
    shot(page, "demo-exam-card")

    staff = UserFactory(roles=[Role.STAFF])
    other = new_page(browser, page)
    sign_in(other, staff, PASSWORD)
    other.goto(other.base + f"/training/demo-exams/{exam.pk}/")
    other.get_by_role("button", name="Подтвердить и закрыть").click()
    other.get_by_text("Экзамен проверен и закрыт: его сведения и результаты больше не меняются.").wait_for()
    assert other.get_by_label("ФИО студента").count() == 0  # locked: no more entry
    other.goto(other.base + "/training/demo-exams/")
    with other.expect_download() as download:
        other.get_by_role("link", name="Скачать в Excel").click()
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    names = [row[8] for row in sheet.iter_rows(values_only=True) if row and len(row) > 8]
    assert {"Алексеев Алексей", "Борисова Вера"} <= set(names)
    other.context.close()
