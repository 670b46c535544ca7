"""The applications API (M33): integrators read and create their organisation's applications."""
import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from copp.api.services import integrator_token_issue
from copp.core.roles import Role
from copp.organizations.models import OrganizationType

from ..api import ApplicationViewSet
from ..models import Application, ApplicationKind
from . import factories

pytestmark = pytest.mark.django_db
LIST = ApplicationViewSet.as_view({"get": "list", "post": "create"})
DETAIL = ApplicationViewSet.as_view({"get": "retrieve"})


def token_for(world, organization):
    token, key = integrator_token_issue(actor=world.users[Role.ADMIN][0], organization=organization, name="1С")
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_integrator_reads_own_organisation_only(world, program):
    mine = world.orgs[OrganizationType.CUSTOMER][0]
    factories.application(world.users[Role.CUSTOMER][0], program, kind=ApplicationKind.MASS, organization=mine,
                          participants=2)
    factories.application(world.users[Role.CUSTOMER][1], program, kind=ApplicationKind.MASS,
                          organization=world.orgs[OrganizationType.CUSTOMER][1], participants=1)
    factories.application(world.users[Role.LEARNER][0], program)
    response = LIST(APIRequestFactory().get("/api/v1/applications/", **token_for(world, mine)))
    assert response.status_code == 200
    assert "count" not in response.data and len(response.data["results"]) == 1  # keyset pages: no COUNT
    assert len(response.data["results"][0]["participants"]) == 2


def test_integrator_creates_an_application(world, program):
    mine = world.orgs[OrganizationType.CUSTOMER][0]
    payload = {"program": program.pk, "participants": [
        {"last_name": "Петров", "first_name": "Илья", "snils": "112-233-445 95", "consent": True},
        {"last_name": "Сидорова", "first_name": "Анна", "consent": True}]}
    response = LIST(APIRequestFactory().post("/api/v1/applications/", payload, format="json",
                                             **token_for(world, mine)))
    assert response.status_code == 201, response.data
    application = Application.objects.get()
    assert application.organization == mine and application.participants_count == 2
    assert response.data["number"] == application.number


def test_create_without_consent_is_refused(world, program):
    payload = {"program": program.pk, "participants": [{"last_name": "Петров", "first_name": "Илья",
                                                        "consent": False}]}
    response = LIST(APIRequestFactory().post("/api/v1/applications/", payload, format="json",
                                             **token_for(world, world.orgs[OrganizationType.CUSTOMER][0])))
    assert response.status_code == 400
    assert not Application.objects.exists()


def test_learner_reads_own_and_not_others(world, program):
    own = factories.application(world.users[Role.LEARNER][0], program)
    request = APIRequestFactory().get("/")
    force_authenticate(request, user=world.users[Role.LEARNER][1])
    assert DETAIL(request, pk=own.pk).status_code == 404
    request = APIRequestFactory().get("/")
    force_authenticate(request, user=world.users[Role.LEARNER][0])
    assert DETAIL(request, pk=own.pk).status_code == 200


def test_register_adds_routes():
    from rest_framework.routers import SimpleRouter

    from ..api import register

    router = SimpleRouter()
    register(router)
    assert {url.name for url in router.urls} == {"application-list", "application-detail"}


def test_integrator_filters_its_applications_by_a_known_status_only(world, program):
    from ..models import ApplicationStatus

    mine = world.orgs[OrganizationType.CUSTOMER][0]
    customer = world.users[Role.CUSTOMER][0]
    review = factories.application(customer, program, kind=ApplicationKind.MASS, organization=mine,
                                   participants=1, status=ApplicationStatus.IN_REVIEW)
    factories.application(customer, program, kind=ApplicationKind.MASS, organization=mine, participants=1)
    # Another organisation's application in review stays out of the filtered list too.
    factories.application(world.users[Role.CUSTOMER][1], program, kind=ApplicationKind.MASS, participants=1,
                          organization=world.orgs[OrganizationType.CUSTOMER][1], status=ApplicationStatus.IN_REVIEW)
    headers = token_for(world, mine)
    response = LIST(APIRequestFactory().get("/api/v1/applications/", {"status": "in_review"}, **headers))
    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [review.pk]
    wrong = LIST(APIRequestFactory().get("/api/v1/applications/", {"status": "anything"}, **headers))
    assert wrong.status_code == 400 and "status" in wrong.data
