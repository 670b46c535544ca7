"""Fixtures of the admissions tests: a published program of the first partner organisation, media in a temp dir."""
import pytest

from copp.organizations.models import OrganizationType

from . import factories


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def program(world):
    return factories.program(world.orgs[OrganizationType.PARTNER][0])
