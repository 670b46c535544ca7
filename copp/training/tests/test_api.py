"""The training API is scoped by role: a learner reads only their own marks and lessons, an outsider teacher
reads nothing of another group, the region reader sees every lesson."""
import pytest

from copp.core.roles import Role
from copp.directories.models import AttendanceStatus
from tests.factories import UserFactory

from ..models import Mark
from .factories import enrol, world_group

pytestmark = pytest.mark.django_db


def test_api_scopes(client, world):
    group, enrolment, lesson = world_group(world)
    stranger = enrol(group, UserFactory())
    present = AttendanceStatus.objects.get(code="present")
    own = Mark.objects.create(enrolment=enrolment, lesson=lesson, attendance=present)
    Mark.objects.create(enrolment=stranger, lesson=lesson, attendance=present)

    client.force_login(world.users[Role.LEARNER][0])
    marks = client.get("/api/v1/training/marks/").json()["results"]
    assert [m["id"] for m in marks] == [own.pk]
    assert [x["id"] for x in client.get("/api/v1/training/lessons/").json()["results"]] == [lesson.pk]
    assert client.get("/api/v1/training/groups/").status_code == 403

    client.force_login(world.users[Role.TEACHER][1])
    assert client.get("/api/v1/training/marks/").json()["results"] == []
    assert client.get(f"/api/v1/training/groups/{group.pk}/").status_code == 404

    client.force_login(world.users[Role.TEACHER][0])
    assert len(client.get("/api/v1/training/marks/", {"group": group.pk}).json()["results"]) == 2

    client.force_login(world.users[Role.COORDINATOR][0])
    assert client.get("/api/v1/training/lessons/", {"site": 0}).json()["results"] == []
    assert len(client.get("/api/v1/training/lessons/").json()["results"]) == 1

    client.force_login(world.users[Role.CUSTOMER][0])  # the organisation that sent the learner
    assert [m["id"] for m in client.get("/api/v1/training/marks/").json()["results"]] == [own.pk]


def test_an_organisation_token_gets_403_and_a_person_token_reads_as_the_person(world):
    """A token bound to no user is an organisation: lessons and marks are refused with a message, not a 500;
    a token bound to the employer's representative reads what that person reads: the marks of the employees
    the organisation sent."""
    from rest_framework.test import APIClient

    from copp.api.services import integrator_token_issue
    from copp.organizations.models import OrganizationType

    group, enrolment, lesson = world_group(world)
    own = Mark.objects.create(enrolment=enrolment, lesson=lesson,
                              attendance=AttendanceStatus.objects.get(code="present"))
    admin, organization = world.users[Role.ADMIN][0], world.orgs[OrganizationType.CUSTOMER][0]
    _token, key = integrator_token_issue(actor=admin, organization=organization, name="1С")
    api = APIClient(HTTP_ACCEPT_LANGUAGE="ru", HTTP_AUTHORIZATION=f"Token {key}")
    for path in ("/api/v1/training/lessons/", "/api/v1/training/marks/", "/api/v1/training/module-grades/"):
        response = api.get(path)
        assert response.status_code == 403, path
        assert "токен" in response.json()["detail"]
    _token, key = integrator_token_issue(actor=admin, organization=organization, name="1С",
                                         user=world.users[Role.CUSTOMER][0])
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert [m["id"] for m in api.get("/api/v1/training/marks/").json()["results"]] == [own.pk]
    assert api.get("/api/v1/training/lessons/").status_code == 200
    assert api.get("/api/v1/training/module-grades/").status_code == 200
