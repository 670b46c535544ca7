"""In a real browser at 360 and 1280 px: a CoPP staff member records a consultation on an individual learning
plan, finds it in the register, and the coordinator sees the citizens consulted on the monitoring dashboard."""
import datetime

import pytest

from copp.analytics.services import facts_refresh
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.browser.conftest import field, shot
from tests.browser.test_events import sign_in
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

from .factories import make_consultation

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PASSWORD = "Пароль-для-тестов-1"


def test_staff_record_a_consultation_and_the_dashboard_counts_it(page):
    org = OrganizationFactory(type=OrganizationType.COPP, short_name="ЦОПП Свердловской области")
    staff = UserFactory(roles=[Role.STAFF], last_name="Методистова", first_name="Мария")
    MembershipFactory(user=staff, organization=org)
    today = datetime.date.today()
    for n, name in enumerate(("Анина Анна", "Бобров Борис", "Котова Катя")):
        make_consultation(org, staff, held_on=today - datetime.timedelta(days=n + 1), full_name=name,
                          topic="Выбор программы переподготовки", result="Составлен индивидуальный учебный план")
    sign_in(page, staff, PASSWORD)
    page.goto(page.base + "/consultations/new/")
    field(page, "ФИО гражданина").fill("Иванов Иван Иванович")
    field(page, "Телефон или электронная почта").fill("+7 912 000-11-22")
    field(page, "Тема").fill("Смена профессии после сокращения")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Консультация сохранена.").wait_for()
    assert page.locator("#consultations-table tbody tr").count() == 4
    shot(page, "consultations-list")

    page.context.clear_cookies()
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    facts_refresh(full=True)
    sign_in(page, coordinator, PASSWORD)
    page.goto(page.base + f"/monitoring/?period=year&on={today:%Y-%m-%d}")
    card = page.locator('#cards a[data-metric="plan_consultations"]')
    assert card.text_content().strip() == "4"
    page.locator("#chart-funnel canvas").first.wait_for()
    shot(page, "monitoring-dashboard-consultations")
