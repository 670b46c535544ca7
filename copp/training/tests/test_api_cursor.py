"""Lessons and journal marks in the API page by cursor (issue 15): no COUNT, no OFFSET; walking every page gives
every row once, a deep page reads as many queries as the first, and a forged cursor is a 400."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copp.core.roles import Role

from ..models import Lesson, Mark
from .test_query_counts import Network

pytestmark = pytest.mark.django_db


def _walk(client, url, **params):
    """Every page of a list, following `next`; the ids seen and the query count of each page."""
    seen, counts = [], []
    page = client.get(url, {"page_size": 2, **params})
    while True:
        assert page.status_code == 200, page.content
        body = page.json()
        assert "count" not in body and set(body) == {"next", "previous", "results"}
        seen += [row["id"] for row in body["results"]]
        if not body["next"]:
            return seen, counts
        with CaptureQueriesContext(connection) as queries:
            page = client.get(body["next"])
        counts.append(len(queries))


@pytest.mark.parametrize(("role", "url", "model"), [
    (Role.COORDINATOR, "/api/v1/training/lessons/", Lesson), (Role.STAFF, "/api/v1/training/marks/", Mark)])
def test_every_row_once_and_deep_pages_read_as_the_first(client, world, role, url, model):
    Network(world).grow(4)
    client.force_login(world.users[role][0])
    seen, counts = _walk(client, url)
    assert sorted(seen) == sorted(model.objects.values_list("pk", flat=True)) and len(seen) == len(set(seen))
    assert len(counts) >= 3 and len(set(counts)) == 1, counts


def test_lessons_come_in_time_order_and_marks_in_the_order_made(client, world):
    Network(world).grow(3)
    client.force_login(world.users[Role.COORDINATOR][0])
    seen, _counts = _walk(client, "/api/v1/training/lessons/")
    assert seen == list(Lesson.objects.order_by("starts_at", "id").values_list("pk", flat=True))
    client.force_login(world.users[Role.STAFF][0])
    seen, _counts = _walk(client, "/api/v1/training/marks/")
    assert seen == sorted(seen)


def test_a_learner_walks_only_own_lessons_and_marks(client, world):
    network = Network(world)
    network.grow(3)
    learner = world.users[Role.LEARNER][0]
    client.force_login(learner)
    seen, _counts = _walk(client, "/api/v1/training/marks/")
    assert sorted(seen) == sorted(Mark.objects.filter(enrolment__learner=learner).values_list("pk", flat=True))
    seen, _counts = _walk(client, "/api/v1/training/lessons/")
    assert sorted(seen) == sorted(Lesson.objects.filter(group__enrolments__learner=learner)
                                  .values_list("pk", flat=True))


def test_a_forged_cursor_is_a_400_naming_the_parameter(client, world):
    client.force_login(world.users[Role.STAFF][0])
    response = client.get("/api/v1/training/marks/", {"cursor": "not-a-cursor"})
    assert response.status_code == 400 and "cursor" in response.json()
