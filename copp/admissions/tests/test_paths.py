"""A learner's own path from library modules (D4): choosing modules updates the total without a reload, the
application carries the modules to the CoPP's inbox, bad input changes nothing, the list's queries stay flat."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from copp.admissions.models import Application, ApplicationKind
from copp.core.roles import Role
from copp.organizations.models import OrganizationType
from copp.programs.tests.factories import make_library_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def modules(world):
    partner = world.orgs[OrganizationType.PARTNER][0]
    return [make_library_module(partner, title=f"Модуль траектории {i}", theory=4 + i, practice=8,
                                open_for_individual=True) for i in range(3)]


def test_a_citizen_builds_a_path_of_three_modules_and_applies(world, login, modules):
    learner = login(world.users[Role.LEARNER][0])
    url = reverse("admissions:path")
    closed = make_library_module(world.orgs[OrganizationType.PARTNER][0], title="Закрытый модуль")
    body = learner.get(url).content.decode()
    assert "Модуль траектории 0" in body and "Закрытый модуль" not in body
    for module in modules:
        response = learner.post(url, {"action": "add", "module": module.pk}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    assert "Итого: 39 ч" in response.content.decode()
    learner.post(url, {"action": "add", "module": closed.pk}, HTTP_HX_REQUEST="true")  # not open: ignored
    response = learner.post(url, {"action": "apply", "comment": "Удобно по вечерам"})
    assert response.status_code == 400 and not Application.objects.exists()  # no consent
    response = learner.post(url, {"action": "apply", "consent": "on"})
    application = Application.objects.get()
    assert response.status_code == 302 and application.kind == ApplicationKind.PATH
    assert set(application.modules.all()) == set(modules) and application.hours == 39
    assert application.provider is None  # the CoPP's inbox
    staff = login(world.users[Role.STAFF][0])
    body = staff.get(reverse("admissions:inbox_detail", args=[application.pk])).content.decode()
    assert "Модуль траектории 2" in body
    # The partner's inbox holds only applications to their own programs.
    partner = login(world.users[Role.PARTNER][0])
    assert partner.get(reverse("admissions:inbox_detail", args=[application.pk])).status_code == 404


def test_applying_with_an_empty_path_is_refused(world, login):
    learner = login(world.users[Role.LEARNER][0])
    response = learner.post(reverse("admissions:path"), {"action": "apply", "consent": "on"})
    assert response.status_code == 400 and "Выберите хотя бы один модуль" in response.content.decode()
    assert not Application.objects.exists()


def test_path_list_queries_do_not_grow(world, login, modules):
    learner = login(world.users[Role.LEARNER][0])
    url = reverse("admissions:path")
    learner.post(url, {"action": "add", "module": modules[0].pk})
    with CaptureQueriesContext(connection) as few:
        learner.get(url)
    for i in range(10):
        make_library_module(world.orgs[OrganizationType.PARTNER][1], title=f"Ещё {i}", open_for_individual=True)
    with CaptureQueriesContext(connection) as many:
        learner.get(url)
    assert len(many) == len(few)
