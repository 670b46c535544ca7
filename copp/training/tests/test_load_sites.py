"""The load chart's sites (D5, issue 15): the sites with planned lessons in the period, walked by name and stopped
after a page, so a page costs its own sites, not the period's lessons across the region."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copp.core.lists import name_keyset_page
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


def _sites_with_a_lesson(partner, count, start):
    for number in range(start, start + count):
        make_lesson(make_group(partner), starts_at=at(1 + number % 20, 9 + 2 * (number // 20 % 4)),
                    site=rf.site(partner, name=f"Площадка {number:03d}"))


def test_the_page_is_read_by_name_and_stops_after_its_sites(world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    today = datetime.date.today()
    period = (today, today + datetime.timedelta(days=55))
    _sites_with_a_lesson(partner, 3, 0)
    with CaptureQueriesContext(connection) as few:
        small = name_keyset_page(load_sites(*period), cursor="", size=2)
    _sites_with_a_lesson(partner, 40, 3)
    with CaptureQueriesContext(connection) as many:
        first = name_keyset_page(load_sites(*period), cursor="", size=2)
    assert len(few) == len(many) == 1
    assert [s.name for s in small.rows] == [s.name for s in first.rows] == ["Площадка 000", "Площадка 001"]
    # The walk stops after the page (one row more tells whether a next page exists), not at the last site.
    assert many[0]["sql"].rstrip().endswith("LIMIT 3")
    seen, page = [], first
    while True:
        seen += [s.name for s in page.rows]
        if not page.next_cursor:
            break
        page = name_keyset_page(load_sites(*period), cursor=page.next_cursor, size=2)
    assert seen == [f"Площадка {n:03d}" for n in range(43)]
    # A broken cursor shows the first page.
    assert name_keyset_page(load_sites(*period), cursor="не курсор", size=2).is_first
