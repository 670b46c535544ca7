"""Remote learning's list pages read a fixed number of queries whatever the amount of data: measured with a
little data, the data grows, and the count must stay the same."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.training.tests.factories import enrol, make_group, make_lesson
from tests.factories import UserFactory

from .. import services
from ..models import AttendanceProposal, Conference, MoodleCourse, SyncEntry

pytestmark = pytest.mark.django_db


def count(client, url) -> int:
    client.get(url)  # the first request fills the caches (branding, roles)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def add_online_groups(world, learner, n):
    partner = world.orgs[OrganizationType.PARTNER][0]
    start = timezone.now() + datetime.timedelta(days=1)
    for i in range(n):
        group = make_group(partner)
        enrol(group, learner)
        MoodleCourse.objects.create(group=group, course_id=100 + i + group.pk)
        lesson = make_lesson(group, starts_at=start + datetime.timedelta(hours=2 * i), hours=1, teachers=[])
        Conference.objects.create(lesson=lesson)
        make_lesson(group, starts_at=start + datetime.timedelta(days=1, hours=2 * i), hours=1, teachers=[])


def test_online_lessons_page(world, login):
    learner = world.users[Role.LEARNER][0]
    client = login(learner)
    add_online_groups(world, learner, 1)
    few = count(client, reverse("learning:my"))
    add_online_groups(world, learner, 4)
    assert count(client, reverse("learning:my")) == few


def test_lesson_page_with_many_learners(klass, login):
    client = login(klass["teacher"])
    lesson = klass["lesson"]
    conference = Conference.objects.create(lesson=lesson)
    url = reverse("learning:lesson", args=[lesson.pk])
    services.attendance_propose(conference)
    few = count(client, url)
    for i in range(6):
        enrol(klass["group"], UserFactory(email=f"many{i}@example.ru", roles=[Role.LEARNER]))
    services.attendance_propose(conference)
    assert AttendanceProposal.objects.count() == 7
    assert count(client, url) == few


def test_group_moodle_page_with_a_long_log(klass, login):
    course = MoodleCourse.objects.create(group=klass["group"], course_id=5)
    client = login(klass["teacher"])
    url = reverse("learning:group_moodle", args=[klass["group"].pk])
    SyncEntry.objects.create(course=course, message="one")
    few = count(client, url)
    SyncEntry.objects.bulk_create([SyncEntry(course=course, message=f"entry {i}") for i in range(60)])
    assert count(client, url) == few
