"""The public API of programs and events: published programs only, search and filters, a valid schema."""
import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.routers import DefaultRouter
from rest_framework.test import APIRequestFactory

from copp.directories.models import Competency
from copp.events import api as events_api
from copp.organizations.models import OrganizationType
from copp.programs import api as programs_api
from copp.programs.models import ProgramStatus

from .factories import make_program

pytestmark = pytest.mark.django_db


def get_list(params=None):
    request = APIRequestFactory().get("/api/v1/programs/", params or {})
    return programs_api.ProgramViewSet.as_view({"get": "list"})(request)


def test_programs_list_search_and_filters(world):
    college = world.orgs[OrganizationType.PARTNER][0]
    welding = Competency.objects.get(name="Сварочные технологии")
    program = make_program(college, title="Сварщик", competencies=[welding])
    make_program(college, title="Веб-дизайн")
    make_program(college, title="Черновик сварки", status=ProgramStatus.DRAFT, competencies=[welding])
    response = get_list()
    assert response.status_code == 200 and response.data["count"] == 2
    assert [p["title"] for p in get_list({"search": "сварщиков"}).data["results"]] == ["Сварщик"]
    data = get_list({"competency": welding.pk}).data["results"]
    assert [p["id"] for p in data] == [program.pk]
    assert data[0]["hours"] == 72 and len(data[0]["modules"]) == 2 and data[0]["next_start"]
    assert get_list({"is_free": "false"}).data["count"] == 0


def test_schema_has_the_endpoints():
    router = DefaultRouter()
    programs_api.register(router)
    events_api.register(router)
    schema = SchemaGenerator(patterns=router.urls).get_schema(request=None, public=True)
    assert {"/programs/", "/programs/{id}/", "/events/", "/events/{id}/"} <= set(schema["paths"])


def test_library_modules_api_lists_published_modules_with_filters(client, world):
    from .factories import make_library_module

    partner = world.orgs[OrganizationType.PARTNER][0]
    welding = Competency.objects.order_by("pk")[1]
    make_library_module(partner, title="Черновик", status="draft")
    shown = make_library_module(partner, title="Сварка", competencies=[welding], theory=6, practice=10,
                                open_for_individual=True)
    make_library_module(partner, title="Чертежи")
    data = client.get("/api/v1/library-modules/").json()
    assert [m["title"] for m in data["results"]] == ["Сварка", "Чертежи"]
    data = client.get("/api/v1/library-modules/", {"competency": welding.pk, "open_for_individual": "true"}).json()
    assert [m["id"] for m in data["results"]] == [shown.pk] and data["results"][0]["total_hours"] == 16
