"""Issuing and revoking tokens: rules and the audit log."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from copp.api.models import IntegratorToken
from copp.api.services import integrator_token_issue, integrator_token_revoke
from copp.core.models import AuditLog
from copp.core.roles import Role
from copp.organizations.models import OrganizationType


def test_issue_and_revoke_are_audited(world):
    admin = world.users[Role.ADMIN][0]
    org = world.orgs[OrganizationType.PARTNER][0]
    token, key = integrator_token_issue(actor=admin, organization=org, name="Сайт партнёра")
    assert token.created_by == admin and token.key_prefix == key[:8]
    issued = AuditLog.objects.get(action="api_token.issued", object_id=str(token.pk))
    assert issued.actor == admin and issued.details["key_prefix"] == key[:8]
    assert key not in str(issued.details)
    integrator_token_revoke(actor=admin, token=token)
    integrator_token_revoke(actor=admin, token=token)  # again: nothing changes
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditLog.objects.filter(action="api_token.revoked", object_id=str(token.pk)).count() == 1


def test_keys_differ(world):
    org = world.orgs[OrganizationType.PARTNER][0]
    keys = {integrator_token_issue(actor=None, organization=org, name=str(i))[1] for i in range(5)}
    assert len(keys) == 5


def test_expiry_in_the_past_is_refused(world):
    with pytest.raises(ValidationError) as error:
        integrator_token_issue(actor=world.users[Role.ADMIN][0], name="x",
                               organization=world.orgs[OrganizationType.PARTNER][0],
                               expires_at=timezone.now() - timedelta(days=1))
    assert "expires_at" in error.value.message_dict
    assert not IntegratorToken.objects.exists()


def test_bound_user_must_be_a_member(world):
    with pytest.raises(ValidationError) as error:
        integrator_token_issue(actor=world.users[Role.ADMIN][0], name="x",
                               organization=world.orgs[OrganizationType.PARTNER][0],
                               user=world.users[Role.CUSTOMER][0])
    assert "user" in error.value.message_dict
