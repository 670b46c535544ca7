"""The load chart's sites (D5, issue 15): the sites with planned lessons in the period, found by one read of the
period's range of an index (their ids hashed), not by an EXISTS probe for each of the region's sites."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copp.organizations.models import OrganizationType
from copp.resources.tests import factories as rf

from ..models import Lesson, LessonStatus
from ..selectors import load_sites
from .factories import at, make_group, make_lesson

pytestmark = pytest.mark.django_db


def test_the_sites_of_the_period_are_those_with_planned_lessons_in_it(world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    group = make_group(partner)
    busy, later, cancelled, idle = (rf.site(partner, name=name) for name in ("Б-площадка", "В-площадка",
                                                                            "Г-площадка", "А-площадка"))
    make_lesson(group, starts_at=at(1, 10), site=busy)
    make_lesson(group, starts_at=at(1, 14), site=busy)  # two lessons: the site once
    make_lesson(group, starts_at=at(40, 10), site=later)  # after the period
    gone = make_lesson(group, starts_at=at(2, 10), site=cancelled)
    Lesson.objects.filter(pk=gone.pk).update(status=LessonStatus.CANCELLED)
    today = datetime.date.today()
    assert list(load_sites(today, today + datetime.timedelta(days=20))) == [busy]
    assert list(load_sites(today, today + datetime.timedelta(days=60))) == [busy, later]
    assert idle not in load_sites(today - datetime.timedelta(days=400), today + datetime.timedelta(days=400))


def test_the_sites_are_read_without_a_probe_per_site(world):
    today = datetime.date.today()
    with CaptureQueriesContext(connection) as queries:
        list(load_sites(today, today + datetime.timedelta(days=55)))
    sql = queries[-1]["sql"]
    # The lesson ids of the period as one uncorrelated subquery (hashed once), not EXISTS per site row.
    assert "EXISTS" not in sql.upper()
    assert 'IN (SELECT DISTINCT U0."site_id"' in sql
