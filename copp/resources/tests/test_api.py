"""The resources API: scoped like the pages, filters like the registry, in the OpenAPI schema."""
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from copp.core.roles import Role

from .. import api_urls
from ..kinds import KINDS
from ..models import StaffCompetency
from . import factories

pytestmark = [pytest.mark.django_db, pytest.mark.urls("copp.resources.tests.api_test_urls")]


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="ru")


def ids(response):
    return sorted(item["id"] for item in response.json()["results"])


def test_lists_are_scoped_like_the_pages(api, world, org_a, org_b, partner_a, partner_b, coordinator):
    own, foreign = factories.site(org_a), factories.site(org_b)
    url = reverse("api:resources-site-list")
    api.force_login(partner_a)
    assert ids(api.get(url)) == [own.pk]
    api.force_login(partner_b)
    assert api.get(reverse("api:resources-site-detail", args=[own.pk])).status_code == 404
    api.force_login(coordinator)
    assert ids(api.get(url)) == sorted([own.pk, foreign.pk])
    api.force_login(world.users[Role.LEARNER][0])
    assert api.get(url).status_code == 403
    api.logout()
    assert api.get(url).status_code == 401  # no key and no session: the API asks for credentials


def test_an_integrator_token_reads_its_own_organisation(api, org_a, org_b):
    own, _foreign = factories.equipment(org_a), factories.equipment(org_b)
    api.force_authenticate(user=None, token=SimpleNamespace(organization_id=org_a.pk))
    assert ids(api.get(reverse("api:resources-equipment-list"))) == [own.pk]


def test_filters_match_the_registry(api, staff_user, org_a, org_b):
    welding = factories.competency("Сварочные технологии")
    expert = factories.staff(org_a, last_name="Громов")
    StaffCompetency.objects.create(staff=expert, competency=welding, level="expert")
    factories.staff(org_b, last_name="Власова", is_active=False)
    api.force_login(staff_user)
    url = reverse("api:resources-staff-list")
    assert ids(api.get(url, {"competency": welding.pk})) == [expert.pk]
    assert len(ids(api.get(url))) == 1 and len(ids(api.get(url, {"archived": "true"}))) == 2
    card = api.get(reverse("api:resources-staff-detail", args=[expert.pk])).json()
    assert card["competencies"] == [{"competency": welding.pk, "level": "expert"}]
    assert card["weekly_hours_limit"] == 18 and card["is_bookable"] is True


def test_site_carries_what_scheduling_needs(api, staff_user, org_a):
    site = factories.site(org_a, capacity=14)
    room = factories.room(site, capacity=8)
    api.force_login(staff_user)
    card = api.get(reverse("api:resources-site-detail", args=[site.pk])).json()
    assert (card["id"], card["capacity"], card["is_bookable"]) == (site.pk, 14, True)
    assert card["rooms"] == [{"id": room.pk, "name": room.name, "capacity": 8, "area": None, "is_bookable": True,
                              "is_active": True}]


@pytest.mark.parametrize("code", list(KINDS))
def test_query_count_of_api_lists_does_not_grow(api, staff_user, org_a, code):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(reverse(f"api:resources-{code}-list")).status_code == 200
        return len(queries)

    api.force_login(staff_user)
    for _ in range(2):
        factories.MAKERS[code](org_a)
    count()  # the region's settings (time zone) are read once, then cached
    small = count()
    for _ in range(20):
        factories.MAKERS[code](org_a)
    assert count() == small


def test_schema_lists_every_kind():
    schema = SchemaGenerator(patterns=api_urls.urlpatterns).get_schema(request=None, public=True)
    for prefix in api_urls.PREFIXES.values():
        assert f"/resources/{prefix}/" in schema["paths"]
        assert f"/resources/{prefix}/{{id}}/" in schema["paths"]
    operation = schema["paths"]["/resources/sites/"]["get"]
    assert operation["tags"] == ["resources"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "competency", "municipality", "type", "available",
                                                             "page", "page_size"}
