"""The staff inbox (M19): filters, search, keyset pages, counts, bulk changes, export, constant query count."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.factories import UserFactory

from ..models import Application, ApplicationKind, ApplicationStatus, StatusChange
from . import factories

pytestmark = pytest.mark.django_db


def make(world, program, n, first=True, **kwargs):
    """n applications of n different citizens (one active application per person and program)."""
    people = [UserFactory(roles=[Role.LEARNER], last_name="Иванов") for _ in range(n)]
    if first:
        people[0] = world.users[Role.LEARNER][0]
    return [factories.application(person, program, **kwargs) for person in people]


def test_filters_and_search(world, program, login):
    learner = world.users[Role.LEARNER][0]
    learner.snils = "112-233-445 95"
    learner.save()
    make(world, program, 2)
    factories.application(UserFactory(roles=[Role.LEARNER]), program, status=ApplicationStatus.IN_REVIEW)
    factories.application(world.users[Role.CUSTOMER][0], program, kind=ApplicationKind.MASS,
                          organization=world.orgs[OrganizationType.CUSTOMER][0], participants=3)
    client = login(world.users[Role.STAFF][0])
    url = reverse("admissions:inbox")
    assert client.get(url, {"status": "in_review"}).context["applications"].__len__() == 1
    assert len(client.get(url, {"kind": "mass"}).context["applications"]) == 1
    assert len(client.get(url, {"q": learner.last_name}).context["applications"]) >= 1
    assert len(client.get(url, {"q": "11223344595"}).context["applications"]) == 1
    assert len(client.get(url, {"q": "работник2"}).context["applications"]) == 1  # a participant's name
    number = Application.objects.order_by("pk").first().number
    assert [a.number for a in client.get(url, {"q": f"№ {number}"}).context["applications"]] == [number]
    page = client.get(url).content.decode()
    assert "Подана" in page and "На рассмотрении" in page
    counts = {c["code"]: c["count"] for c in client.get(url).context["status_cards"]}
    assert counts["submitted"] == 3 and counts["in_review"] == 1


def test_partner_sees_only_own_programs(world, program, login):
    make(world, program, 2)
    other = factories.program(world.orgs[OrganizationType.PARTNER][1])
    factories.application(world.users[Role.LEARNER][1], other)
    client = login(world.users[Role.PARTNER][0])
    assert len(client.get(reverse("admissions:inbox")).context["applications"]) == 2


def test_keyset_pages_walk_everything(world, program, login):
    make(world, program, 30)
    client = login(world.users[Role.STAFF][0])
    seen, url = [], reverse("admissions:inbox")
    response = client.get(url)
    while True:
        seen += [a.pk for a in response.context["applications"]]
        if not response.context["next_url"]:
            break
        response = client.get(url + response.context["next_url"])
    assert sorted(seen) == sorted(Application.objects.values_list("pk", flat=True))
    assert len(seen) == len(set(seen)) == 30


def test_query_count_does_not_grow_tenfold(world, program, login):
    client = login(world.users[Role.STAFF][0])
    url = reverse("admissions:inbox")
    make(world, program, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"q": "", "status": ""})
    make(world, program, 27, first=False)
    factories.application(world.users[Role.CUSTOMER][0], program, kind=ApplicationKind.MASS,
                          organization=world.orgs[OrganizationType.CUSTOMER][0], participants=5)
    with CaptureQueriesContext(connection) as large:
        client.get(url, {"q": "", "status": ""})
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_bulk_change_with_comment(world, program, login, django_capture_on_commit_callbacks):
    apps = make(world, program, 3)
    apps[2].status = ApplicationStatus.ACCEPTED
    apps[2].save()
    client = login(world.users[Role.STAFF][0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admissions:inbox_bulk"), {"ids": [a.pk for a in apps],
                                                                   "target": "in_review", "comment": "Берём"},
                               follow=True)
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[apps[0].pk] == statuses[apps[1].pk] == ApplicationStatus.IN_REVIEW
    assert statuses[apps[2].pk] == ApplicationStatus.ACCEPTED
    assert StatusChange.objects.filter(to_status="in_review", comment="Берём").count() == 2
    page = response.content.decode()
    assert "2 заявки переведены" in page and apps[2].number in page


def test_bulk_refusal_needs_comment(world, program, login):
    apps = make(world, program, 1, status=ApplicationStatus.IN_REVIEW)
    login(world.users[Role.STAFF][0]).post(reverse("admissions:inbox_bulk"),
                                           {"ids": [apps[0].pk], "target": "rejected", "comment": ""})
    apps[0].refresh_from_db()
    assert apps[0].status == ApplicationStatus.IN_REVIEW


def test_assign(world, program, login):
    application = make(world, program, 1)[0]
    staff = world.users[Role.STAFF]
    client = login(staff[0])
    client.post(reverse("admissions:inbox_assign", args=[application.pk]), {"assignee": staff[1].pk})
    application.refresh_from_db()
    assert application.assignee == staff[1]
    assert len(client.get(reverse("admissions:inbox"), {"assignee": staff[1].pk}).context["applications"]) == 1


def test_export(world, program, login):
    from openpyxl import load_workbook

    make(world, program, 3)
    response = login(world.users[Role.STAFF][0]).get(reverse("admissions:inbox_export"), {"status": "submitted"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet.cell(1, 1).value == "Номер"
    assert sheet.max_row == 4


def test_staff_accepts_from_detail(world, program, login):
    application = make(world, program, 1, status=ApplicationStatus.IN_REVIEW)[0]
    client = login(world.users[Role.STAFF][0])
    page = client.get(reverse("admissions:inbox_detail", args=[application.pk])).content.decode()
    assert "Принята" in page
    client.post(reverse("admissions:inbox_status", args=[application.pk]), {"target": "accepted", "comment": ""})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_event_registrations_in_the_inbox(world, login):
    from django.utils import timezone

    from copp.events.models import Event, EventRegistration, EventStatus, EventType

    start = timezone.now() + timezone.timedelta(days=3)
    event = Event.objects.create(title="День открытых дверей", type=EventType.OPEN_DAY, starts_at=start,
                                 ends_at=start + timezone.timedelta(hours=2), status=EventStatus.PUBLISHED,
                                 organizer=world.orgs[OrganizationType.PARTNER][0], capacity=10)
    EventRegistration.objects.create(event=event, user=world.users[Role.LEARNER][0], queued_at=timezone.now())
    url = reverse("admissions:inbox")
    staff = login(world.users[Role.STAFF][0]).get(url, {"kind": "event"})
    assert [r.event for r in staff.context["registrations"]] == [event]
    assert "День открытых дверей" in staff.content.decode()
    other = login(world.users[Role.PARTNER][1]).get(url, {"kind": "event"})
    assert other.context["registrations"] == []
    # Programs and assignees are for applications: with registrations those filters are not offered or applied.
    from .factories import program as make_program

    other_program = make_program(world.orgs[OrganizationType.PARTNER][1])
    program = login(world.users[Role.STAFF][0]).get(url, {"kind": "event", "program": other_program.pk,
                                                          "assignee": "none"})
    assert program.status_code == 200 and [r.event for r in program.context["registrations"]] == [event]
    page = program.content.decode()
    assert 'name="program"' not in page and 'name="assignee"' not in page and "Программа:" not in page


def test_a_search_counts_its_matches_among_fewer_and_the_cabinet_caps_its_numbers(world, program, login,
                                                                                  monkeypatch):
    """A text search counts matches by status among SEARCH_COUNT_CAP (a common surname has tens of thousands at a
    region's scale), the unsearched inbox among COUNT_CAP; the staff cabinet's cards stop at PANEL_COUNT_CAP."""
    from copp.admissions.views import processing
    from copp.portal import dashboards

    make(world, program, 4)
    monkeypatch.setattr(processing, "SEARCH_COUNT_CAP", 2)
    client = login(world.users[Role.STAFF][0])
    url = reverse("admissions:inbox")
    searched = client.get(url, {"q": "Иванов"})
    assert searched.context["capped"] and searched.context["count_cap"] == 2
    assert sum(c["count"] for c in searched.context["status_cards"]) == 3  # the cap + 1 rows were read
    assert "Подсчитано среди первых 2" in searched.content.decode()
    plain = client.get(url)
    assert not plain.context["capped"] and sum(c["count"] for c in plain.context["status_cards"]) == 4
    monkeypatch.setattr(dashboards, "PANEL_COUNT_CAP", 3)
    cabinet = client.get(reverse("portal:cabinet")).content.decode()
    assert "более 3" in cabinet and "Новых заявок ждут рассмотрения — более 3." in cabinet
    monkeypatch.setattr(dashboards, "PANEL_COUNT_CAP", 10)
    cabinet = client.get(reverse("portal:cabinet")).content.decode()
    assert "более 10" not in cabinet and "4 новые заявки ждут рассмотрения" in cabinet
