"""Fixtures of the ESIA tests: keys made for the run, the local ESIA on a free port, the platform on it."""
import pytest

from copp.core.roles import Role
from tests.factories import UserFactory

from .support import CALLBACK, make_keys, platform_settings, start_fake


@pytest.fixture(scope="session")
def esia_keys(tmp_path_factory):
    return make_keys(tmp_path_factory.mktemp("esia-keys"))


@pytest.fixture
def fake_esia(esia_keys):
    fake = start_fake(esia_keys, [CALLBACK])
    yield fake
    fake.stop()


@pytest.fixture
def esia_on(settings, esia_keys, fake_esia):
    """The platform with ESIA switched on and pointed at the local ESIA; returns the fake."""
    settings.ESIA = platform_settings(esia_keys, fake_esia)
    return fake_esia


@pytest.fixture
def learner(db):
    return UserFactory(email="learner@example.ru", roles=[Role.LEARNER])
