"""Integrator tokens: the key works once issued; revoked, expired and wrong keys get 401 with a message."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from copp.api.models import IntegratorToken, token_key_hash
from copp.api.services import integrator_token_revoke
from copp.core.roles import Role
from copp.organizations.models import OrganizationType

from .conftest import ru

ME = reverse("api:me")


@pytest.fixture
def org(world):
    return world.orgs[OrganizationType.CUSTOMER][0]


def test_valid_token_authenticates_as_its_organisation(api, org, issue_token):
    token, key = issue_token(org)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(ME)
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "integrator"
    assert body["organization"]["id"] == org.pk
    assert body["organization"]["kpp"] == org.kpp
    assert body["token"]["key_prefix"] == key[:8] == token.key_prefix


def test_only_the_hash_of_the_key_is_stored(org, issue_token):
    token, key = issue_token(org)
    assert len(key) >= 40
    row = IntegratorToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(value) for value in row.values()}
    assert row["key_hash"] == token_key_hash(key)


def _refused(api, key, message):
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get(reverse("api:organization-list"))  # even public endpoints refuse a bad key
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"] == ru(message)


def test_wrong_key_is_refused(api, org, issue_token):
    issue_token(org)
    _refused(api, "not-a-real-key", "Invalid token.")


def test_revoked_token_is_refused(api, world, org, issue_token):
    token, key = issue_token(org)
    integrator_token_revoke(actor=world.users[Role.ADMIN][0], token=token)
    _refused(api, key, "The token has been revoked. Ask the administrator for a new one.")


def test_expired_token_is_refused(api, org, issue_token):
    token, key = issue_token(org, expires_at=timezone.now() + timedelta(days=1))
    IntegratorToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _refused(api, key, "The token has expired. Ask the administrator for a new one.")


def test_malformed_header_is_refused(api, db):  # every request reads the region's time zone
    api.credentials(HTTP_AUTHORIZATION="Token a b")
    response = api.get(ME)
    assert response.status_code == 401
    assert response.json()["detail"] == ru("Invalid token header: expected “Authorization: Token <key>”.")


def test_last_used_at_is_written_at_most_once_a_minute(api, org, issue_token):
    token, key = issue_token(org)
    assert token.last_used_at is None
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    api.get(ME)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    api.get(ME)
    token.refresh_from_db()
    assert token.last_used_at == first
    IntegratorToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    api.get(ME)
    token.refresh_from_db()
    assert token.last_used_at > first - timedelta(minutes=2)


def test_token_bound_to_a_user_is_that_user_but_keeps_the_token_scope(api, world, issue_token):
    org = world.orgs[OrganizationType.CUSTOMER][0]
    user = world.users[Role.CUSTOMER][0]
    token, key = issue_token(org, user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = api.get(ME).json()
    assert body["kind"] == "integrator" and body["organization"]["id"] == org.pk
    user.is_active = False
    user.save(update_fields=["is_active"])
    _refused(api, key, "The user the token is issued to is blocked.")
