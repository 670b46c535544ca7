"""A person's week with previous/next and the iCalendar feed; the region timetable with filters; the site load
chart, its table and Excel export."""
import datetime

import pytest
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.tests.factories import make_program
from copp.resources.tests import factories as rf

from ..services import calendar_token_of
from .factories import at, enrol, make_group, make_lesson, world_group

pytestmark = pytest.mark.django_db


def test_learner_and_teacher_see_their_week(client, world):
    _group, _enrolment, lesson = world_group(world)
    for role in (Role.LEARNER, Role.TEACHER):
        client.force_login(world.users[role][0])
        page = client.get(reverse("training:week")).content.decode()
        assert lesson.topic in page and "Предыдущая неделя" in page
    nxt = (at(0).date() + datetime.timedelta(days=7)).isoformat()
    assert lesson.topic not in client.get(reverse("training:week"), {"week": nxt}).content.decode()
    client.force_login(world.users[Role.LEARNER][1])
    assert lesson.topic not in client.get(reverse("training:week")).content.decode()


def test_calendar_feed_by_secret_and_renewal(client, world):
    _group, _enrolment, lesson = world_group(world)
    learner = world.users[Role.LEARNER][0]
    token = calendar_token_of(learner)
    body = client.get(reverse("training:ics", args=[token])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and f"UID:lesson-{lesson.pk}@" in body
    assert client.get(reverse("training:ics", args=["nope"])).status_code == 404
    client.force_login(learner)
    client.post(reverse("training:calendar_renew"))
    assert client.get(reverse("training:ics", args=[token])).status_code == 404


def test_region_filters_and_load(client, world):
    partner, other = world.orgs[OrganizationType.PARTNER]
    site = rf.site(partner, name="Мастерская сварки")
    first = make_lesson(make_group(partner), starts_at=at(0, 9), site=site, topic="Урок альфа")
    second = make_lesson(make_group(other), starts_at=at(0, 9), topic="Урок бета")
    client.force_login(world.users[Role.COORDINATOR][0])
    page = client.get(reverse("training:region"), {"organization": partner.pk}).content.decode()
    assert first.topic in page and second.topic not in page
    page = client.get(reverse("training:load"), {"from": at(-3).date().isoformat()}).content.decode()
    assert "Мастерская сварки" in page and "echarts.min.js" in page and ">2,0<" in page
    response = client.get(reverse("training:load_xlsx"), {"from": at(-3).date().isoformat()})
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_load_by_workshops_and_rooms(client, world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    site = rf.site(partner, name="Учебный центр")
    welding, fitting = rf.room(site, name="Сварочная мастерская"), rf.room(site, name="Слесарная мастерская")
    make_lesson(make_group(partner), starts_at=at(0, 9), room=welding, hours=2)
    make_lesson(make_group(partner), starts_at=at(0, 9), room=fitting, hours=3)
    client.force_login(world.users[Role.COORDINATOR][0])
    since = at(-3).date().isoformat()
    page = client.get(reverse("training:load"), {"from": since}).content.decode()
    assert "Учебный центр" in page and ">5,0<" in page and "Сварочная мастерская" not in page
    page = client.get(reverse("training:load"), {"from": since, "level": "room"}).content.decode()
    assert "Учебный центр — Сварочная мастерская" in page and ">2,0<" in page
    assert "Учебный центр — Слесарная мастерская" in page and ">3,0<" in page
    assert "level=room" in page  # the Excel link keeps the chosen level


def test_load_pages_over_sites_and_groups_search_program_titles(client, world, monkeypatch):
    """The load table is paged by site (each page's hours summed for its sites); the group list finds a group by
    a part of its program's title and counts its learners."""
    from copp.training import selectors

    partner = world.orgs[OrganizationType.PARTNER][0]
    first_site, second_site = rf.site(partner, name="Аудитория А"), rf.site(partner, name="Корпус Б")
    group = make_group(partner, program=make_program(partner, title="Мехатроника особая"))
    make_lesson(group, starts_at=at(0, 9), site=first_site, hours=2)
    make_lesson(make_group(partner), starts_at=at(0, 12), site=second_site, hours=3)
    monkeypatch.setattr(selectors, "LOAD_PAGE_SIZE", 1)
    client.force_login(world.users[Role.COORDINATOR][0])
    since = at(-3).date().isoformat()
    response = client.get(reverse("training:load"), {"from": since})
    page = response.content.decode()
    assert "Аудитория А" in page and "Корпус Б" not in page and ">2,0<" in page and "Вперёд" in page
    response = client.get(reverse("training:load"), {"from": since, "after": response.context["page"].next_cursor})
    page = response.content.decode()
    assert "Корпус Б" in page and "Аудитория А" not in page and ">3,0<" in page
    assert not response.context["page"].next_cursor and "На первую страницу" in page
    enrol(group, world.users[Role.LEARNER][0])
    client.force_login(world.users[Role.STAFF][0])
    response = client.get(reverse("training:groups"), {"q": "ХАТРОНИКА ОС"})
    shown = {g.code: g.learners for g in response.context["groups"]}
    assert shown == {group.code: 1}
