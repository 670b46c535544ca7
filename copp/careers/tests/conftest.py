"""Fixtures of the careers tests: the local trudvsem and hh.ru servers, started by the tests themselves."""
import pytest

from fakes.hhru.server import FakeHhru
from fakes.trudvsem.server import FakeTrudvsem


def import_settings(trudvsem_url="http://127.0.0.1:9", hhru_url="http://127.0.0.1:9", **changes) -> dict:
    """Fast settings for tests: short timeouts, tiny backoff, no pauses between requests."""
    return {"trudvsem_url": trudvsem_url, "trudvsem_region": "6600000000000", "trudvsem_pause": 0.0,
            "hhru_url": hhru_url, "hhru_area": "1261", "hhru_user_agent": "COPP-Tests/1.0 (tests@example.ru)",
            "hhru_client_id": "COPP-DEMO", "hhru_client_secret": "copp-demo-secret", "hhru_token": "",
            "hhru_pause": 0.0, "timeout": 1.0, "retries": 2, "backoff": 0.01, **changes}


@pytest.fixture
def trudvsem(settings):
    fake = FakeTrudvsem(count=250, seed=7)
    url = fake.start()
    settings.COPP_VACANCY_IMPORT = import_settings(trudvsem_url=url,
                                                   hhru_url=settings.COPP_VACANCY_IMPORT.get("hhru_url"))
    yield fake
    fake.stop()


@pytest.fixture
def hhru(settings):
    fake = FakeHhru(count=300, seed=9, rps=10_000)
    url = fake.start()
    settings.COPP_VACANCY_IMPORT = import_settings(hhru_url=url,
                                                   trudvsem_url=settings.COPP_VACANCY_IMPORT.get("trudvsem_url"))
    yield fake
    fake.stop()
