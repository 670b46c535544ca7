"""`page` and `page_size` take positive whole numbers only (issue 14); the schema lists the error answers and
says a blank link is an empty string."""
import pytest
from django.urls import reverse

from copp.api.tests.conftest import ru
from copp.directories.models import Profession

pytestmark = pytest.mark.django_db
URLS = ["api:professions-list", "api:organization-list", "api:program-list", "api:event-list"]


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("params", [{"page": "abc"}, {"page": "0"}, {"page": "-1"}, {"page": "1.5"},
                                    {"page": "last"}, {"page_size": "x"}, {"page_size": "0"},
                                    {"page_size": "١٢"}, {"page": "9" * 40}])
def test_garbage_in_paging_is_a_400_naming_the_parameter(api, world, name, params):
    response = api.get(reverse(name), params)
    assert response.status_code == 400, (response.status_code, response.content[:200])
    (parameter,) = params
    assert response.json() == {parameter: [ru("Must be a whole number from 1 up.")]}


def test_good_paging_still_works(api, world):
    for i in range(3):
        Profession.objects.create(code=f"9900{i}", name=f"Профессия {i}")
    body = api.get(reverse("api:professions-list"), {"page": "1", "page_size": "2"}).json()
    assert len(body["results"]) == 2 and body["next"]
    assert api.get(body["next"]).json()["previous"]
    assert api.get(reverse("api:professions-list"), {"page": "100000"}).status_code == 404


def test_schema_lists_error_answers_and_blank_links():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    org_list = schema["paths"]["/api/v1/organizations/"]["get"]
    assert {"400", "401", "404", "429"} <= set(org_list["responses"])
    detail = schema["paths"]["/api/v1/applications/{id}/"]["get"]
    assert {"400", "401", "403", "404"} <= set(detail["responses"])
    page = next(p for p in org_list["parameters"] if p["name"] == "page")
    assert page["schema"]["type"] == "integer" and page["schema"]["minimum"] == 1
    website = schema["components"]["schemas"]["Organization"]["properties"]["website"]
    assert {"type": "string", "maxLength": 0} in website["oneOf"]


@pytest.mark.parametrize("params", [
    {"submitted_after": "0051-12-07T09:38:30.1-17:41"},  # an offset PostgreSQL refuses (was a 500; found by the fuzz)
    {"submitted_before": "0001-01-01T00:00:00-23:00"},   # before the first moment Python can hold in UTC
    {"submitted_after": "9999-12-31T23:59:59+00:00"},
])
def test_a_moment_the_database_cannot_compare_is_a_400(api, world, params):
    from copp.api.services import integrator_token_issue
    from copp.core.roles import Role
    from copp.organizations.models import OrganizationType

    _token, key = integrator_token_issue(actor=world.users[Role.ADMIN][0],
                                         organization=world.orgs[OrganizationType.CUSTOMER][0], name="1С")
    response = api.get(reverse("api:application-list"), params, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400, response.content[:300]
    assert set(params) <= set(response.json())
    assert api.get(reverse("api:event-list"), {"starts_after": "0051-12-07T09:38:30-17:41"}).status_code == 400


def test_an_api_address_no_route_matches_answers_json(api, world):
    response = api.get("/api/v1/applications/0.5/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert "detail" in response.json()
