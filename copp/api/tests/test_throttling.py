"""Rate limits: each integrator key and each anonymous address has its own budget; past it the answer is 429
with Retry-After and a Russian message; the schema documents 429 on every operation."""
import pytest
from django.core.cache import cache

from copp.api.services import integrator_token_issue
from copp.core.roles import Role
from copp.organizations.models import OrganizationType

pytestmark = pytest.mark.django_db
URL = "/api/v1/competencies/"


@pytest.fixture
def tight(settings):
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"token": "3/min", "anon": "2/min"}}
    yield
    cache.clear()


def test_an_anonymous_address_gets_429_past_its_budget(client, tight):
    assert [client.get(URL).status_code for _ in range(3)] == [200, 200, 429]
    refused = client.get(URL)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Слишком много запросов" in refused.json()["detail"]
    assert client.get(URL, REMOTE_ADDR="127.0.0.2").status_code == 200  # another address has its own budget


def test_each_key_has_its_own_budget_apart_from_the_address(client, world, tight):
    org = world.orgs[OrganizationType.PARTNER][0]
    first = integrator_token_issue(actor=world.users[Role.ADMIN][0], organization=org, name="Первый")[1]
    second = integrator_token_issue(actor=world.users[Role.ADMIN][0], organization=org, name="Второй")[1]

    def call(key):
        return client.get(URL, HTTP_AUTHORIZATION=f"Token {key}").status_code

    assert [call(first) for _ in range(4)] == [200, 200, 200, 429]
    assert call(second) == 200
    # The keys' calls did not spend the anonymous budget of the same address.
    assert client.get(URL).status_code == 200


def test_a_signed_in_person_has_a_budget_of_their_own(client, world, tight):
    client.force_login(world.users[Role.STAFF][0])
    assert [client.get(URL).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_the_schema_documents_429_on_every_operation(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    operations = [op for path in schema["paths"].values() for method, op in path.items()
                  if method in ("get", "post", "put", "patch", "delete")]
    assert operations and all("429" in op["responses"] for op in operations)
    assert "Retry-After" in schema["components"]["responses"]["RateLimited"]["headers"]
