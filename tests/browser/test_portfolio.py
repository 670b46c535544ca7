"""Portfolios in a real browser (issue 19, 360 px and 1280 px): a graduate opens the portfolio to employers with
the consent to distribution; a verified employer finds them by competency and invites them; the graduate sees the
invitation and the view log, accepts, and the employer sees the contacts."""
import datetime
import re

import pytest
from django.utils import timezone

from copp.careers.models import PortfolioView
from copp.core.roles import Role
from copp.directories.models import Competency, GradeValue
from copp.organizations.models import OrganizationType
from copp.programs.tests.factories import make_program
from copp.training.models import EnrolmentStatus, GroupStatus
from copp.training.tests.factories import enrol, make_group

from .conftest import field, shot
from .test_vacancies import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_graduate_opens_the_portfolio_and_an_employer_invites_them(page, browser, world):
    welding = Competency.objects.get(name="Сварочные технологии")
    partner = world.orgs[OrganizationType.PARTNER][0]
    program = make_program(partner, title="Сварщик ручной дуговой сварки", competencies=[welding], hours=144)
    group = make_group(partner, program=program, status=GroupStatus.COMPLETED,
                       starts_on=timezone.localdate() - datetime.timedelta(days=90),
                       ends_on=timezone.localdate() - datetime.timedelta(days=10))
    learner = world.users[Role.LEARNER][0]
    enrol(group, learner, status=EnrolmentStatus.COMPLETED,
          final_grade=GradeValue.objects.get(scale__code="five_point", code="5"),
          document_type="Удостоверение о повышении квалификации", document_series="66", document_number="000123",
          document_date=group.ends_on)

    # The graduate sees the confirmed program and opens the portfolio to employers.
    sign_in(page, learner, world.password)
    page.goto(page.base + "/portfolio/")
    page.get_by_role("heading", name="Моё портфолио", level=1).wait_for()
    page.get_by_text("Сварщик ручной дуговой сварки").first.wait_for()
    page.get_by_text("подтверждено ЦОПП").first.wait_for()
    shot(page, "portfolio-mine")
    page.get_by_role("link", name="Открыть работодателям").click()
    page.get_by_role("heading", name="Кто видит портфолио", level=1).wait_for()
    page.get_by_label("Верифицированные работодатели платформы").check()
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("нужно ваше согласие на распространение").first.wait_for()  # not without the consent
    page.get_by_label(re.compile("даю его")).check()
    shot(page, "portfolio-sharing")
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_text("Портфолио открыто").wait_for()

    # A verified employer finds them by competency and invites them.
    context = browser.new_context(viewport=page.viewport_size, locale="ru-RU")
    employer = context.new_page()
    employer.set_default_timeout(15000)
    employer.base, employer.viewport_name = page.base, page.viewport_name
    sign_in(employer, world.users[Role.CUSTOMER][0], world.password)
    employer.goto(employer.base + "/portfolio/candidates/")
    employer.get_by_role("heading", name="Портфолио кандидатов", level=1).wait_for()
    filters = employer.get_by_role("button", name=re.compile("^Фильтры"))
    if filters.is_visible():
        filters.click()
        employer.locator("#filters-panel.show").wait_for()
    field(employer, "Компетенция").select_option(label="Сварочные технологии")
    employer.get_by_role("button", name=re.compile("^Применить")).click()
    name = learner.get_full_name()
    employer.get_by_role("link", name=name).wait_for()
    shot(employer, "portfolio-search")
    employer.get_by_role("link", name=name).click()
    employer.get_by_role("heading", name=name, level=1).wait_for()
    employer.get_by_text("Контакты появятся").wait_for()
    shot(employer, "portfolio-candidate")
    employer.get_by_role("link", name="Пригласить").click()
    field(employer, "Сообщение кандидату").fill("Приглашаем на собеседование в понедельник.")
    employer.get_by_role("button", name="Отправить приглашение").click()
    employer.get_by_text("Приглашение отправлено").wait_for()
    assert PortfolioView.objects.filter(portfolio__user=learner).exists()

    # The graduate sees the invitation and who looked, and accepts.
    page.goto(page.base + "/portfolio/")
    page.get_by_role("heading", name="Кто смотрел портфолио").wait_for()
    page.get_by_text(str(world.orgs[OrganizationType.CUSTOMER][0])).first.wait_for()
    shot(page, "portfolio-with-views")
    page.get_by_role("link", name="Все приглашения").click()
    page.get_by_text("Приглашаем на собеседование в понедельник.").wait_for()
    shot(page, "portfolio-invitations")
    page.get_by_role("button", name="Принять").click()
    page.get_by_text("Приглашение принято").wait_for()
    page.goto(page.base + "/portfolio/views/")
    page.get_by_role("cell", name=re.compile("Работодатель в поиске")).first.wait_for()
    shot(page, "portfolio-views")

    employer.reload()
    employer.get_by_role("link", name=learner.email).wait_for()
    shot(employer, "portfolio-candidate-contacts")
    context.close()
    assert not page.csp_violations
