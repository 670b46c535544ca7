"""The applications API pages by cursor, newest first (issue 15): no COUNT, no OFFSET; every application once,
a deep page reads as many queries as the first."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copp.core.roles import Role
from tests.factories import UserFactory

from ..models import Application
from . import factories

pytestmark = pytest.mark.django_db


def _walk(client, page_size=3):
    seen, counts = [], []
    page = client.get("/api/v1/applications/", {"page_size": page_size})
    while True:
        assert page.status_code == 200, page.content
        body = page.json()
        assert "count" not in body
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            return seen, counts
        with CaptureQueriesContext(connection) as queries:
            page = client.get(body["next"])
        counts.append(len(queries))


def test_every_application_once_newest_first_and_deep_pages_read_as_the_first(client, world, program):
    for _ in range(20):
        factories.application(UserFactory(roles=[Role.LEARNER]), program)
    client.force_login(world.users[Role.STAFF][0])
    seen, counts = _walk(client)
    assert seen == list(Application.objects.order_by("-submitted_at", "-id").values_list("pk", flat=True))
    assert len(counts) >= 6 and len(set(counts)) == 1, counts


def test_the_first_page_reads_the_same_queries_at_two_sizes(client, world, program):
    client.force_login(world.users[Role.STAFF][0])
    for _ in range(5):
        factories.application(UserFactory(roles=[Role.LEARNER]), program)
    client.get("/api/v1/applications/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/applications/")
    for _ in range(40):
        factories.application(UserFactory(roles=[Role.LEARNER]), program)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/v1/applications/").json()["results"]) == 45
    assert len(many) == len(few)
