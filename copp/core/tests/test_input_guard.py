"""A NUL character in a search, a filter or a form field answers 400 with a message, for every view and the
API; it answered 500 where a view passed it on to PostgreSQL."""
import pytest
from django.utils import translation

from copp.api.services import integrator_token_issue
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.training.models import Group

pytestmark = pytest.mark.django_db

MESSAGE = "The request contains a null character (\\0). Remove it and try again."


def ru(msgid):
    with translation.override("ru"):
        return translation.gettext(msgid)


@pytest.mark.parametrize(("role", "url"), [
    (Role.STAFF, "/training/groups/?q=%00"),
    (Role.STAFF, "/programs/manage/?q=a%00b"),
    (Role.STAFF, "/resources/sites/?q=%00x"),
    (None, "/programs/?q=%00"),
    (None, "/events/calendar/feed/?start=2026-01-01%00"),
    (None, "/programs/?%00=1"),
])
def test_pages_refuse_nul_in_query_with_400(client, world, role, url):
    if role:
        client.force_login(world.users[role][0])
    groups = Group.objects.count()
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert ru(MESSAGE) in response.content.decode()
    assert Group.objects.count() == groups


@pytest.mark.parametrize("url", ["/api/v1/programs/?search=%00", "/api/v1/applications/?status=%00",
                                 "/api/v1/organizations/?search=a%00b"])
def test_api_refuses_nul_in_query_with_json_400(client, world, url):
    _token, key = integrator_token_issue(actor=world.users[Role.ADMIN][0], name="1С",
                                         organization=world.orgs[OrganizationType.CUSTOMER][0])
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert response.json() == {"detail": ru(MESSAGE)}


def test_a_form_field_with_nul_changes_nothing(client, world):
    before = client.get("/accounts/login/")
    assert before.status_code == 200
    response = client.post("/accounts/login/", {"login": "a\x00@example.com", "password": "x"},
                           HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    assert ru(MESSAGE) in response.content.decode()


def test_clean_input_passes(client, world):
    client.force_login(world.users[Role.STAFF][0])
    assert client.get("/training/groups/?q=abc").status_code == 200
    assert client.get("/api/v1/programs/?search=abc").status_code == 200
