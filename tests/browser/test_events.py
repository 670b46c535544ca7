"""Event registration fills the capacity and the next person lands on the waitlist; the organiser checks a
participant in; the calendar shows the event (360 px and 1280 px)."""
import re
from pathlib import Path

import pytest

from copp.core.roles import Role
from copp.events.models import EventRegistration, RegistrationStatus
from copp.events.services import event_register
from copp.events.tests.factories import make_event
from copp.organizations.models import OrganizationType

from .conftest import shot

BASE_DIR_NODE = Path(__file__).resolve().parents[2] / "node_modules"

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user, password):
    page.goto(page.base + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(password)
    page.locator("#id_password").press("Enter")
    page.get_by_role("heading", name=re.compile("Здравствуйте")).wait_for()


def new_page(browser, page):
    context = browser.new_context(viewport=page.viewport_size, locale="ru-RU")
    other = context.new_page()
    other.set_default_timeout(15000)
    other.base, other.viewport_name = page.base, page.viewport_name
    return other


def test_registration_fills_capacity_then_waitlist(page, browser, world):
    college = world.orgs[OrganizationType.PARTNER][0]
    event = make_event(college, capacity=2, title="Мастер-класс «Первая программа для станка с ЧПУ»")
    event_register(actor=world.users[Role.CUSTOMER][0], event=event)

    sign_in(page, world.users[Role.LEARNER][0], world.password)
    page.goto(page.base + f"/events/{event.pk}/")
    page.get_by_text("свободно 1 из 2").wait_for()
    shot(page, "event-page")
    page.get_by_role("button", name="Записаться").locator("visible=true").first.click()
    page.get_by_text("Вы записаны. Подробности отправили на электронную почту").wait_for()
    page.get_by_text("свободно 0 из 2").wait_for()
    shot(page, "event-registered")

    late = new_page(browser, page)
    sign_in(late, world.users[Role.LEARNER][1], world.password)
    late.goto(late.base + f"/events/{event.pk}/")
    late.get_by_text("Все места заняты. Встаньте в лист ожидания").wait_for()
    late.get_by_role("button", name="Встать в лист ожидания").locator("visible=true").first.click()
    late.get_by_text("Все места заняты, поэтому вы в листе ожидания.").wait_for()
    late.get_by_text("Вы 1-й в листе ожидания.").wait_for()
    shot(late, "event-waitlist")
    late.context.close()

    statuses = dict(EventRegistration.objects.filter(event=event).values_list("user__email", "status"))
    assert statuses == {world.users[Role.CUSTOMER][0].email: RegistrationStatus.REGISTERED,
                        world.users[Role.LEARNER][0].email: RegistrationStatus.REGISTERED,
                        world.users[Role.LEARNER][1].email: RegistrationStatus.WAITLIST}

    # The first learner cancels from «Мои мероприятия»; the seat goes to the waitlist.
    page.goto(page.base + "/events/my/")
    page.get_by_role("heading", name="Мои мероприятия").wait_for()
    shot(page, "my-events")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Отменить запись").click()
    page.get_by_text("Запись отменена.").wait_for()
    assert EventRegistration.objects.get(event=event, user=world.users[Role.LEARNER][1]).status == "registered"


def test_organiser_checks_in_a_participant(page, world):
    college = world.orgs[OrganizationType.PARTNER][0]
    event = make_event(college, capacity=10, title="День открытых дверей колледжа")
    registration = event_register(actor=world.users[Role.LEARNER][0], event=event)
    sign_in(page, world.users[Role.PARTNER][0], world.password)
    page.goto(page.base + f"/events/manage/{event.pk}/registrations/")
    page.get_by_role("heading", name="Записи").wait_for()
    page.get_by_role("button", name="Отметить, что пришёл").click()
    page.get_by_role("button", name=re.compile("^Пришёл")).wait_for()
    shot(page, "event-check-in")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_calendar_shows_the_event(page, world, settings):
    fullcalendar = BASE_DIR_NODE / "@fullcalendar"
    if ("vendor/fullcalendar", fullcalendar) not in [tuple(d) for d in settings.STATICFILES_DIRS
                                                     if isinstance(d, tuple | list)]:
        settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, ("vendor/fullcalendar", fullcalendar)]
    make_event(world.orgs[OrganizationType.COPP][0], days=1, title="Вебинар о бесплатном обучении", venue="",
               online_url="https://webinar.example.ru/free", type="webinar", capacity=None)
    make_event(world.orgs[OrganizationType.PARTNER][0], days=4, title="День открытых дверей колледжа", capacity=3)
    page.goto(page.base + "/events/")
    page.get_by_text("Найдено 2 мероприятия").wait_for()
    shot(page, "events-list")
    page.get_by_role("link", name="Календарь").click()
    page.locator(".fc").wait_for()
    page.get_by_text("Вебинар о бесплатном обучении").first.wait_for()
    shot(page, "events-calendar")
