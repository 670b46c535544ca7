"""Fixtures of the API tests: a DRF client, token issuing, Russian messages."""
import pytest
from django.utils import translation
from rest_framework.test import APIClient

from copp.api.services import integrator_token_issue
from copp.core.roles import Role


@pytest.fixture
def api():
    return APIClient(HTTP_ACCEPT_LANGUAGE="ru")


@pytest.fixture
def issue_token(world):
    """Issue a token as the world's administrator; returns (token, raw key)."""

    def _issue(organization, **kwargs):
        kwargs.setdefault("name", "1С:ЗУП")
        return integrator_token_issue(actor=world.users[Role.ADMIN][0], organization=organization, **kwargs)

    return _issue


def ru(msgid: str) -> str:
    """What a Russian-speaking caller reads for this message."""
    with translation.override("ru"):
        return translation.gettext(msgid)
