"""Training's list pages and API lists read a fixed number of queries whatever the amount of data: each is
measured with a little data, the data grows several times, and the count must stay the same."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copp.core.roles import Role
from copp.directories.models import AttendanceStatus
from copp.organizations.models import OrganizationType
from copp.resources.models import StaffMember
from copp.resources.models.staff import WEEKLY_HOURS_MAX
from copp.resources.tests import factories as rf
from tests.factories import UserFactory

from ..models import Group, Mark
from .factories import at, enrol, make_group, make_lesson, teacher_of

pytestmark = pytest.mark.django_db


def count(client, url, data=None) -> int:
    client.get(url, data)  # the first request fills the caches (branding, roles)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200, url
    return len(queries)


class Network:
    """Groups of the first partner taught by the first teacher, sent by the first employer, with the first
    learner in each, lessons this week in a room of a site, and attendance marks."""

    def __init__(self, world):
        self.world = world
        self.partner = world.orgs[OrganizationType.PARTNER][0]
        self.employer = world.orgs[OrganizationType.CUSTOMER][0]
        self.teacher = teacher_of(world.users[Role.TEACHER][0], self.partner)
        StaffMember.objects.filter(pk=self.teacher.pk).update(weekly_hours_limit=WEEKLY_HOURS_MAX)
        self.site = rf.site(self.partner)
        self.present = AttendanceStatus.objects.get(code="present")
        self.groups = 0

    def grow(self, groups: int) -> None:
        for _ in range(groups):
            # Monday to Friday of this week; from the sixth group on, the afternoon (the teacher is never busy twice)
            day, shift = self.groups % 5, (self.groups // 5) * 6
            group = make_group(self.partner, teachers=[self.teacher])
            room = rf.room(self.site)
            learners = [self.world.users[Role.LEARNER][0], UserFactory(), UserFactory()]
            enrolments = [enrol(group, user, sent_by=self.employer) for user in learners]
            for hour in (8, 11):
                start = at(day - at(0).weekday(), hour + shift)
                lesson = make_lesson(group, starts_at=start, room=room, hours=1)
                Mark.objects.bulk_create([Mark(enrolment=e, lesson=lesson, attendance=self.present)
                                          for e in enrolments])
            self.groups += 1


_TODAY = datetime.date.today()
LONG_PERIOD = {"from": (_TODAY - datetime.timedelta(days=200)).isoformat(),
               "to": (_TODAY + datetime.timedelta(days=199)).isoformat(), "by": "month"}

ROLE_PAGES = [
    (Role.STAFF, "/training/groups/", None),
    (Role.STAFF, "/training/groups/", {"q": "ГР"}),
    (Role.TEACHER, "/training/groups/", {"q": "Программа"}),
    (Role.COORDINATOR, "/training/load/", LONG_PERIOD),
    (Role.COORDINATOR, "/training/load/", {**LONG_PERIOD, "by": "week", "level": "room"}),
    (Role.COORDINATOR, "/training/region/", None),
    (Role.COORDINATOR, "/training/load/", None),
    (Role.LEARNER, "/training/my/week/", None),
    (Role.LEARNER, "/training/my/marks/", None),
    (Role.TEACHER, "/training/my/week/", None),
    (Role.CUSTOMER, "/training/employees/", None),
    (Role.STAFF, "/api/v1/training/groups/", None),
    (Role.COORDINATOR, "/api/v1/training/lessons/", None),
    (Role.LEARNER, "/api/v1/training/lessons/", None),
    (Role.STAFF, "/api/v1/training/marks/", None),
    (Role.LEARNER, "/api/v1/training/marks/", None),
    (Role.TEACHER, "/api/v1/training/marks/", None),
    (Role.CUSTOMER, "/api/v1/training/marks/", None),
]


@pytest.mark.parametrize(("role", "url", "data"), ROLE_PAGES,
                         ids=[f"{r.value}:{u}:{sorted((d or {}).items())}" for r, u, d in ROLE_PAGES])
def test_list_reads_a_fixed_number_of_queries(client, world, role, url, data):
    network = Network(world)
    network.grow(2)
    client.force_login(world.users[role][0])
    few = count(client, url, data)
    network.grow(4)
    assert count(client, url, data) == few


def test_program_rating_reads_a_fixed_number_of_queries(client, world):
    network = Network(world)
    network.grow(2)
    client.force_login(world.users[Role.STAFF][0])
    first = Group.objects.order_by("pk").first()
    url = f"/training/groups/{first.pk}/rating/"
    # Each group of the network has a program of its own: give them all one, for a program-wide rating.
    Group.objects.update(program=first.program)
    few = count(client, url, {"scope": "program"})
    network.grow(4)
    Group.objects.update(program=first.program)
    assert count(client, url, {"scope": "program"}) == few


def test_journal_reads_a_fixed_number_of_queries_and_draws_every_cell(client, world):
    """The journal's cells are drawn by `journal_cells.CellRenderer` (issue 15): more learners and lessons read no
    more queries, and every learner has a cell for every lesson and every module of the program."""
    network = Network(world)
    network.grow(1)
    group = Group.objects.get()
    client.force_login(world.users[Role.TEACHER][0])
    url = f"/training/groups/{group.pk}/journal/"
    few = count(client, url)
    for _ in range(5):
        enrol(group, UserFactory())
    for days in (-9, -8, 9):  # two lessons that took place (buttons to mark) and one to come
        make_lesson(group, starts_at=at(days, 16), hours=1)
    assert count(client, url) == few
    page = client.get(url).content.decode()
    learners, lessons = group.enrolments.count(), group.lessons.count()
    modules = group.program.modules.count()
    assert page.count('<td class="jr-cell') == learners * (lessons + modules)
    assert page.count("hx-vals='{\"cycle\": \"1\"}'") == learners * (lessons - 1)  # not the lesson to come
    assert page.count('class="jr-future"') == learners
