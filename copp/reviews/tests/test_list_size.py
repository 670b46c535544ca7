"""The staff list of reviews does not grow with the region (issue 15, M32): with the search, the status and the
«overdue» filters it makes the same queries for a few reviews and for more than a page of them, reads the page's
ids first (a LIMIT of one page) and never groups every review by its rounds."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.reviews.models import Assignment, CriteriaSet, Review, ReviewStatus, Round, RoundStatus
from copp.reviews.views import PAGE_SIZE

from .factories import make_expert

pytestmark = pytest.mark.django_db

VARIANTS = ("", "q=сварка", "status=in_review", "overdue=on", "q=сварка&status=in_review&overdue=on")


def _add(org, expert, first: int, n: int) -> None:
    """Reviews in review with two rounds each (the first decided), an expert late in the open one."""
    criteria = CriteriaSet.objects.get(kind="program")
    late = timezone.localdate() - datetime.timedelta(days=3)
    for i in range(first, first + n):
        review = Review.objects.create(kind="program", object_id=10_000 + i, title=f"Сварка металлов {i}",
                                       organization=org, criteria_set=criteria, status=ReviewStatus.IN_REVIEW)
        Round.objects.create(review=review, number=1, version_ref=i, version_label="v1", status=RoundStatus.DECIDED)
        open_round = Round.objects.create(review=review, number=2, version_ref=i, version_label="v2", due_on=late)
        Assignment.objects.create(round=open_round, expert=expert)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_the_list_with_each_filter_makes_the_same_queries_for_few_and_many_reviews(world, client):
    org = world.orgs[OrganizationType.PARTNER][0]
    expert = make_expert(world.users[Role.TEACHER][1])
    base = reverse("reviews:list")
    urls = {v: base + "?" + v for v in VARIANTS}
    _add(org, expert, 0, 2)
    client.force_login(world.users[Role.STAFF][0])
    client.get(base)  # the first page of the session caches the branding
    few = {v: len(_queries(client, url)[1]) for v, url in urls.items()}
    _add(org, expert, 2, PAGE_SIZE + 8)  # more than a page
    for variant, url in urls.items():
        response, sql = _queries(client, url)
        assert len(sql) == few[variant], variant
        rows = list(response.context["reviews"])
        assert len(rows) == PAGE_SIZE and {(r.rounds_count, r.due_on is not None) for r in rows} == {(2, True)}, variant
        assert any(f"LIMIT {PAGE_SIZE}" in s and "reviews_review" in s for s in sql), variant
        assert not [s for s in sql if 'GROUP BY "reviews_review"' in s], variant
