"""Fixtures of the resources tests: uploads go to a temporary folder; the partner's organisation and its twin."""
import pytest

from copp.core.roles import Role
from copp.organizations.models import OrganizationType

from . import factories


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def org_a(world):
    """The organisation of the world's first partner representative."""
    organization = world.orgs[OrganizationType.PARTNER][0]
    organization.municipality = factories.municipality()
    organization.save(update_fields=["municipality"])
    return organization


@pytest.fixture
def org_b(world):
    return world.orgs[OrganizationType.PARTNER][1]


@pytest.fixture
def partner_a(world):
    return world.users[Role.PARTNER][0]


@pytest.fixture
def partner_b(world):
    return world.users[Role.PARTNER][1]


@pytest.fixture
def staff_user(world):
    return world.users[Role.STAFF][0]


@pytest.fixture
def coordinator(world):
    return world.users[Role.COORDINATOR][0]
