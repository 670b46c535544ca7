"""Event pages: list with filters and fixed query count, calendar feed, .ics, check-in (htmx), xlsx export,
the workflow table, the priority competencies page, the API."""
import datetime
import io
import itertools

import icalendar
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from copp.core.roles import Role
from copp.core.workflow import TransitionNotAllowed
from copp.directories.models import Competency
from copp.events.api import EventViewSet
from copp.events.models import EventStatus
from copp.events.services import event_register, event_transition
from copp.events.workflow import EVENT_WORKFLOW
from copp.organizations.models import OrganizationType
from copp.programs.tests.factories import make_program
from tests.factories import UserFactory

from .factories import make_event, make_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(world):
    return world.orgs[OrganizationType.PARTNER][0]


def test_list_shows_upcoming_filters_and_past(client, partner):
    competency = Competency.objects.get(name="Мехатроника")
    upcoming = make_event(partner, title="Чемпионат по мехатронике", type="championship")
    upcoming.competencies.set([competency])
    make_event(partner, title="Вебинар", type="webinar", venue="", online_url="https://meet.example.ru/x")
    make_event(partner, title="Прошедшее", starts_at=timezone.now() - datetime.timedelta(days=3))
    make_event(partner, title="Черновик", status=EventStatus.DRAFT)
    url = reverse("events:list")
    names = lambda r: [e.title for e in r.context["events"]]  # noqa: E731
    assert names(client.get(url)) == ["Чемпионат по мехатронике", "Вебинар"]
    assert names(client.get(url, {"competency": competency.pk})) == ["Чемпионат по мехатронике"]
    assert names(client.get(url, {"type": "webinar"})) == ["Вебинар"]
    assert names(client.get(url, {"period": "past"})) == ["Прошедшее"]
    content = client.get(url, {"q": "астрономия"}).content.decode()
    assert "Мероприятия не найдены." in content and "Сбросить фильтры" in content


def test_list_query_count_does_not_grow_tenfold(client, world, partner):
    url = reverse("events:list")
    client.force_login(world.users[Role.LEARNER][0])
    competencies = list(Competency.objects.all()[:2])

    def fill(n):
        for _ in range(n):
            event = make_event(partner)
            event.competencies.set(competencies)
            make_registration(event, UserFactory())

    fill(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    fill(18)
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) == len(small)


def test_feed_and_ics(client, partner):
    event = make_event(partner, title="Конференция, «Кадры; будущего»", days=3)
    start = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    end = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    data = client.get(reverse("events:feed"), {"start": start, "end": end}).json()
    assert [item["title"] for item in data] == [event.title]
    assert data[0]["url"] == reverse("events:detail", args=[event.pk])
    assert client.get(reverse("events:feed"), {"start": "garbage"}).status_code == 200
    response = client.get(reverse("events:ics", args=[event.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    (entry,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(entry["SUMMARY"]) == event.title and "SUMMARY:Конференция\\, «Кадры\\;" in body
    assert body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


@pytest.mark.parametrize("bounds", [{"start": "2026-13-45"}, {"start": "2026-02-30T25:61"},
                                    {"end": "2026-12-45"}, {"start": "9999-12-31"}, {"end": "0001-01-01"},
                                    {"start": "2026-02-31", "end": "9999-12-31T23:59:59"}])
def test_feed_reads_impossible_and_far_dates_as_absent(client, partner, bounds):
    """Well-formed but impossible dates and dates at the calendar's ends answered 500 (anonymous, public)."""
    event = make_event(partner, title="Открытый день", days=3)
    response = client.get(reverse("events:feed"), bounds)
    assert response.status_code == 200
    if "start" not in bounds:
        assert [item["title"] for item in response.json()] == [event.title]


def test_check_in_with_htmx_and_export(world, partner, login):
    event = make_event(partner, capacity=5, title="Экскурсия на завод")
    learner = world.users[Role.LEARNER][0]
    registration = event_register(actor=learner, event=event)
    client = login(world.users[Role.PARTNER][0])
    page = client.get(reverse("events:registrations", args=[event.pk])).content.decode()
    assert "Отметить, что пришёл" in page
    response = client.post(reverse("events:check_in", args=[registration.pk]), {"came": "1", "index": "1"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Пришёл" in response.content.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by == world.users[Role.PARTNER][0]
    response = client.get(reverse("events:export", args=[event.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["A1"].value == "Экскурсия на завод"
    assert sheet["C5"].value == learner.email and sheet["G5"].value == "да"


def test_check_in_of_a_waitlisted_person_is_refused(world, partner, login):
    event = make_event(partner, capacity=1)
    event_register(actor=world.users[Role.LEARNER][0], event=event)
    waiting = event_register(actor=world.users[Role.LEARNER][1], event=event)
    client = login(world.users[Role.STAFF][0])
    response = client.post(reverse("events:check_in", args=[waiting.pk]), {"came": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Отметить можно только записавшихся участников." in response.content.decode()


PAIRS = list(itertools.permutations(EventStatus.values, 2))
ALLOWED = {(t.source, t.target) for t in EVENT_WORKFLOW.transitions}


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_every_event_transition(world, partner, source, target):
    event = make_event(partner, status=source)
    if (source, target) in ALLOWED:
        assert event_transition(actor=world.users[Role.PARTNER][0], event=event, target=target).status == target
    else:
        with pytest.raises(TransitionNotAllowed):
            event_transition(actor=world.users[Role.PARTNER][0], event=event, target=target)


def test_cancelling_an_event_emails_everyone_signed_up(world, partner, mailoutbox, django_capture_on_commit_callbacks):
    event = make_event(partner, capacity=1)
    event_register(actor=world.users[Role.LEARNER][0], event=event)
    event_register(actor=world.users[Role.LEARNER][1], event=event)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_transition(actor=world.users[Role.STAFF][0], event=event, target=EventStatus.CANCELLED)
    assert len(mailoutbox) == 2 and all("отменено" in m.subject for m in mailoutbox)


def test_priority_competencies_page(client, partner):
    competency = Competency.objects.get(name="Сварочные технологии")
    competency.is_priority = True
    competency.description = "Сварка металлоконструкций для промышленности региона."
    competency.save()
    make_program(partner, title="Сварщик полуавтоматической сварки", competencies=[competency])
    event = make_event(partner, title="Мастер-класс по сварке")
    event.competencies.set([competency])
    content = client.get(reverse("events:competencies")).content.decode()
    for text in ("Сварочные технологии", "Сварка металлоконструкций", "Сварщик полуавтоматической сварки",
                 "Мастер-класс по сварке"):
        assert text in content


def test_api_lists_public_events_with_seats_left(world, partner):
    event = make_event(partner, capacity=3)
    make_event(partner, status=EventStatus.DRAFT)
    event_register(actor=world.users[Role.LEARNER][0], event=event)
    request = APIRequestFactory().get("/api/v1/events/")
    response = EventViewSet.as_view({"get": "list"})(request)
    assert response.status_code == 200
    assert [(e["id"], e["seats_left"], e["registered_count"]) for e in response.data["results"]] == [(event.pk, 2, 1)]


def test_priority_competencies_show_first_cards_and_true_counts_in_fixed_queries(client, partner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ..views import PER_COMPETENCY

    welding, it = Competency.objects.filter(is_active=True)[:2]
    Competency.objects.filter(pk__in=[welding.pk, it.pk]).update(is_priority=True)

    def page():
        with CaptureQueriesContext(connection) as queries:
            content = client.get(reverse("events:competencies")).content.decode()
        return content, len(queries)

    for i in range(3):
        make_program(partner, title=f"Программа А{i:02d}", competencies=[welding])
    page()  # the first request fills the cache (branding)
    _content, few = page()
    for i in range(3, 12):
        make_program(partner, title=f"Программа А{i:02d}", competencies=[welding, it])
    content, many = page()
    assert many == few, (few, many)
    shown = [f"Программа А{i:02d}" for i in range(12) if f"Программа А{i:02d}" in content]
    # welding: the first six titles; it: the first six of its nine (А03…А08)
    assert shown == [f"Программа А{i:02d}" for i in range(9)]
    assert "Все 12 программ" in content and "Все 9 программ" in content
    assert PER_COMPETENCY == 6


def test_seats_left_is_null_without_a_limit_in_the_api_and_on_the_page(client, world, partner):
    unlimited = make_event(partner, capacity=None)
    limited = make_event(partner, capacity=1)
    event_register(actor=world.users[Role.LEARNER][0], event=limited)
    request = APIRequestFactory().get("/api/v1/events/")
    response = EventViewSet.as_view({"get": "list"})(request)
    seats = {e["id"]: e["seats_left"] for e in response.data["results"]}
    assert seats == {unlimited.pk: None, limited.pk: 0}
    from ..selectors import with_counts
    assert with_counts(type(unlimited).objects.filter(pk=unlimited.pk)).get().seats_left is None
    client.force_login(world.users[Role.LEARNER][1])
    page = client.get(reverse("events:detail", args=[unlimited.pk])).content.decode()
    assert "без ограничений" in page
    assert ">Записаться</button>" in page and "Встать в лист ожидания" not in page


def test_registration_statuses_go_through_the_table_with_history(world, partner):
    from copp.core.models import StatusChange

    from ..services import event_registration_cancel

    event = make_event(partner, capacity=1)
    first, second = world.users[Role.LEARNER][0], world.users[Role.LEARNER][1]
    taken = event_register(actor=first, event=event)
    waiting = event_register(actor=second, event=event)
    event_registration_cancel(actor=first, event=event)
    waiting.refresh_from_db()
    assert waiting.status == "registered"
    steps = [(c.from_status, c.to_status, c.actor) for c in StatusChange.of(waiting)]
    assert steps == [("", "waitlist", second), ("waitlist", "registered", None)]
    assert [(c.from_status, c.to_status) for c in StatusChange.of(taken)] == [("", "registered"),
                                                                             ("registered", "cancelled")]


def test_staff_choose_the_organizer_by_search_and_the_form_does_not_grow(world, login):
    """Issue 15: CoPP staff hold events for any of the region's organisations; a partner keeps its own select."""
    import re

    from copp.organizations.models import Organization

    def grow(n, start):
        Organization.objects.bulk_create([
            Organization(type=OrganizationType.PARTNER, name=f"Учебный центр {i:04}", short_name=f"УЦ {i:04}",
                         inn=f"78{i:08}") for i in range(start, start + n)])

    client = login(world.users[Role.STAFF][0])

    def page():
        with CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("events:create")).content
        return len(re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)), len(queries), body.decode()

    grow(40, 0)
    page()
    size, queries, body = page()
    grow(300, 40)
    assert page()[:2] == (size, queries)
    assert "УЦ 0001" not in body and 'data-autocomplete-url="/organizations/choices/"' in body
    partner_page = login(world.users[Role.PARTNER][0]).get(reverse("events:create")).content.decode()
    assert "data-autocomplete-url" not in partner_page
