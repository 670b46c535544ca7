"""Property-based fuzz of the open API over openapi.yaml (issue 14, schemathesis): every operation, with data
generated from its schema, for the anonymous caller and for one integrator token; no answer may be a 5xx, and
every answer must be one the schema lists, with the content type and body it promises."""
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from copp.api.services import integrator_token_issue
from copp.core.roles import Role
from copp.organizations.models import OrganizationType

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "openapi.yaml"
schema = schemathesis.openapi.from_path(SCHEMA_FILE)
schema.app = application  # requests go straight to the WSGI application, inside the test's transaction
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 6


@pytest.fixture
def unthrottled(settings):
    """The fuzz sends hundreds of requests a minute; the rate limits have their own tests. Like Django's test
    client, the WSGI calls must not close the test's database connection at the end of each request."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"token": "100000/min", "anon": "100000/min"}}
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_anonymous(case, unthrottled):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_integrator_token(case, unthrottled, integrator_key):
    case.call_and_validate(headers={"Authorization": f"Token {integrator_key}"}, checks=CHECKS)


@pytest.fixture
def integrator_key(world):
    _token, key = integrator_token_issue(actor=world.users[Role.ADMIN][0],
                                         organization=world.orgs[OrganizationType.CUSTOMER][0], name="Фазз")
    return key
