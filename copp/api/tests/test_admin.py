"""Admin: issuing a token shows the key once; the revoke action; tokens are never edited in place."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from copp.api.models import IntegratorToken, token_key_hash
from copp.core.roles import Role
from copp.organizations.models import OrganizationType


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users[Role.ADMIN][0])
    return client


def test_add_shows_the_key_once(admin_client, world):
    org = world.orgs[OrganizationType.CUSTOMER][0]
    url = reverse("admin:api_integratortoken_add")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"name": "1С:ЗУП", "organization": org.pk, "user": "",
                                       "expires_at_0": "", "expires_at_1": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    token = IntegratorToken.objects.get()
    assert token.organization == org and token.created_by == world.users[Role.ADMIN][0]
    changelist = reverse("admin:api_integratortoken_changelist")
    first = admin_client.get(changelist).content.decode()  # the page the admin is redirected to
    keys = re.findall(rf"{re.escape(token.key_prefix)}[\w-]{{30,}}", first)
    assert len(keys) == 1
    assert token_key_hash(keys[0]) == token.key_hash
    assert keys[0] not in admin_client.get(changelist).content.decode()


def test_add_with_past_expiry_shows_an_error(admin_client, world):
    past = timezone.localtime() - timedelta(days=1)
    response = admin_client.post(reverse("admin:api_integratortoken_add"), {
        "name": "x", "organization": world.orgs[OrganizationType.CUSTOMER][0].pk, "user": "",
        "expires_at_0": past.strftime("%d.%m.%Y"), "expires_at_1": past.strftime("%H:%M:%S"),
    })
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not IntegratorToken.objects.exists()


def test_revoke_action(admin_client, world, issue_token):
    token, _key = issue_token(world.orgs[OrganizationType.CUSTOMER][0])
    response = admin_client.post(reverse("admin:api_integratortoken_changelist"),
                                 {"action": "revoke_tokens", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_change_page_is_read_only(admin_client, world, issue_token):
    token, _key = issue_token(world.orgs[OrganizationType.CUSTOMER][0])
    url = reverse("admin:api_integratortoken_change", args=[token.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"name": "renamed"})
    token.refresh_from_db()
    assert token.name == "1С:ЗУП"


def test_other_roles_have_no_access(client, world):
    client.force_login(world.users[Role.STAFF][0])
    response = client.get(reverse("admin:api_integratortoken_changelist"))
    assert response.status_code == 302
