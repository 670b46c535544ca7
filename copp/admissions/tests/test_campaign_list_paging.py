"""The staff list of collection campaigns (M12): pages of PAGE_SIZE, latest deadline first, a search by title,
and a query count that does not grow with the number of campaigns."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from copp.core.roles import Role

from ..models import Campaign
from ..views.processing import PAGE_SIZE

pytestmark = pytest.mark.django_db
URL = reverse("admissions:campaigns")


def campaigns(program, count, *, start=0, title="Кампания"):
    now = timezone.now()
    made = Campaign.objects.bulk_create(
        Campaign(title=f"{title} {n:03d}", quota=5, deadline=now + timezone.timedelta(days=n))
        for n in range(start, start + count))
    for campaign in made:
        campaign.programs.add(program)
    return made


def titles(response):
    return [c.title for c in response.context["campaigns"]]


def test_more_than_a_page_is_split_into_pages(world, program, login):
    campaigns(program, PAGE_SIZE + 3)
    client = login(world.users[Role.STAFF][0])
    first = client.get(URL)
    assert first.status_code == 200
    assert len(titles(first)) == PAGE_SIZE
    assert titles(first)[0] == f"Кампания {PAGE_SIZE + 2:03d}"  # the latest deadline first
    assert first.context["count"] == PAGE_SIZE + 3
    html = first.content.decode()
    assert "?page=2" in html and 'aria-current="page"' in html
    second = client.get(URL, {"page": 2})
    assert titles(second) == ["Кампания 002", "Кампания 001", "Кампания 000"]
    assert not set(titles(first)) & set(titles(second))
    assert client.get(URL, {"page": 99}).context["page_obj"].number == 2  # past the end: the last page
    assert client.get(URL, {"page": "x"}).context["page_obj"].number == 1


def test_one_page_shows_no_pager(world, program, login):
    campaigns(program, 3)
    response = login(world.users[Role.STAFF][0]).get(URL)
    assert len(titles(response)) == 3 and "?page=" not in response.content.decode()


def test_search_by_title_keeps_the_query_in_page_links(world, program, login):
    campaigns(program, PAGE_SIZE + 1, title="Сварщики")
    campaigns(program, 4, start=100, title="Повара")
    client = login(world.users[Role.STAFF][0])
    found = client.get(URL, {"q": "свар"})
    assert found.context["count"] == PAGE_SIZE + 1
    assert all(t.startswith("Сварщики") for t in titles(found))
    assert "q=%D1%81%D0%B2%D0%B0%D1%80" in found.content.decode()  # the next page keeps the search
    assert titles(client.get(URL, {"q": "свар", "page": 2})) == ["Сварщики 000"]
    assert len(titles(client.get(URL, {"q": "Повар"}))) == 4


def test_nothing_found_offers_to_reset_the_search(world, program, login):
    campaigns(program, 2)
    response = login(world.users[Role.STAFF][0]).get(URL, {"q": "нет такой"})
    html = response.content.decode()
    assert response.status_code == 200 and not titles(response)
    assert "нет такой" in html and f'href="{URL}"' in html


def test_query_count_does_not_grow_with_campaigns(world, program, login):
    client = login(world.users[Role.STAFF][0])
    campaigns(program, 5)
    client.get(URL)  # the first request of a session writes the session; measure the ones after it
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    campaigns(program, 35, start=5)
    with CaptureQueriesContext(connection) as many:
        page = client.get(URL)
    assert len(titles(page)) == PAGE_SIZE
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_other_roles_are_refused(world, login):
    assert login(world.users[Role.PARTNER][0]).get(URL).status_code == 403
