"""The dashboard reads only the daily facts: the same number of queries for a small region and a large one
(DESIGN.md: no per-row queries, no exact counts over big tables)."""
import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from tests.factories import OrganizationFactory, UserFactory

from ..models import DailyFact, Metric, MonthlyFact
from ..services import _rollup

pytestmark = pytest.mark.django_db


def _facts(orgs, days):
    start = datetime.date(2025, 1, 1)
    rows = [DailyFact(day=start + datetime.timedelta(days=d), metric=metric, organization=org, customer=org,
                      bucket=d % 30, value=3)
            for d, org, metric in itertools.product(range(days), orgs, Metric.values)]
    DailyFact.objects.bulk_create(rows, batch_size=5000)
    _rollup()  # the refresh sums the days into months with the facts
    return len(rows)


def _queries(client, user):
    client.force_login(user)
    client.get(reverse("analytics:dashboard"), {"period": "year", "on": "2025-05-01"})  # warms sessions, settings
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("analytics:dashboard"), {"period": "year", "on": "2025-05-01"})
    assert page.status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_queries_do_not_grow_with_the_data(client):
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    orgs = [OrganizationFactory(type=OrganizationType.PARTNER) for _ in range(3)]
    _facts(orgs[:1], 3)
    few = _queries(client, coordinator)
    more = [OrganizationFactory(type=OrganizationType.PARTNER) for _ in range(20)]
    added = _facts(orgs + more, 120)
    assert added > 30_000
    assert _queries(client, coordinator) == few


def _rows_read(client, user):
    """Rows of facts the dashboard's queries read for a year: what its cost follows."""
    from copp.analytics.selectors import Filters, facts

    year = Filters(first=datetime.date(2025, 1, 1), last=datetime.date(2025, 12, 31))
    return facts(year).count()


def test_dashboard_reads_months_not_days(client):
    """A year of the region reads the monthly roll-up: the same rows whether each month has one day of records
    or every day has them, so the page costs about the same for a small region and a large one."""
    coordinator = UserFactory(roles=[Role.COORDINATOR])
    orgs = [OrganizationFactory(type=OrganizationType.PARTNER) for _ in range(2)]
    start = datetime.date(2025, 1, 1)
    DailyFact.objects.bulk_create([DailyFact(day=start.replace(month=m), metric=metric, organization=org, value=1)
                                   for m in range(1, 13) for org in orgs for metric in Metric.values])
    _rollup()
    sparse_rows, sparse_queries = _rows_read(client, coordinator), _queries(client, coordinator)
    DailyFact.objects.bulk_create([DailyFact(day=start + datetime.timedelta(days=d), metric=metric, organization=org,
                                             value=1)
                                   for d in range(365) for org in orgs for metric in Metric.values], batch_size=5000)
    _rollup()
    assert DailyFact.objects.count() > 25 * sparse_rows
    assert _rows_read(client, coordinator) == sparse_rows == MonthlyFact.objects.count()
    assert sparse_rows == 12 * len(orgs) * len(Metric.values)  # months × indicators × organisations
    assert _queries(client, coordinator) == sparse_queries
