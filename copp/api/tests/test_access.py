"""Public API routes answer anonymous callers themselves (no redirect to the login page); docs use no CDN."""
import pytest
from django.urls import reverse
from rest_framework.request import Request
from rest_framework.test import force_authenticate

from copp.api.permissions import requires_capability
from copp.core.roles import Cap, Role

PUBLIC = ["api:api-root", "api:organization-list", "api:competencies-list", "api:schema", "api:swagger-ui",
          "api:redoc"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC)
def test_public_routes_answer_anonymous(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200, response.get("Location")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["api:swagger-ui", "api:redoc"])
def test_docs_are_served_from_the_sidecar(client, name):
    page = client.get(reverse(name)).content.decode()
    assert "drf_spectacular_sidecar" in page
    assert "cdn." not in page and "unpkg" not in page
    if name == "api:swagger-ui":
        # Swagger UI's start-up script is a file of its own (no inline script under the CSP, issue 14).
        assert "<script>" not in page
        page = client.get(reverse(name) + "?script=").content.decode()
    assert reverse("api:schema") in page


def test_capability_permission_follows_the_table(rf, world):
    permission = requires_capability(Cap.ORGANIZATIONS_BROWSE)()
    for role, expected in [(Role.STAFF, True), (Role.COORDINATOR, True), (Role.CUSTOMER, False)]:
        request = rf.get("/")
        force_authenticate(request, world.users[role][0])
        assert permission.has_permission(Request(request), None) is expected


@pytest.mark.django_db
def test_swagger_page_speaks_russian(client):
    page = client.get(reverse("api:swagger-ui")).content.decode()
    assert '<html lang="ru">' in page and "Документация API платформы" in page
    assert "api/swagger-ru.js" in page and reverse("api:redoc") in page
