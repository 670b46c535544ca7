"""Two-factor sign-in (issue 14): required for staff, coordinators and administrators, optional for others;
signing in with it, setting it up, recovery codes. These tests meet the real enforcement (the `mfa` marker
turns off the automatic pass of conftest.py)."""
import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from copp.accounts.mfa import totp_code, totp_set
from copp.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.mfa]
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
REQUIRED = [Role.STAFF, Role.COORDINATOR, Role.ADMIN]
OPTIONAL = [Role.LEARNER, Role.PARTNER, Role.CUSTOMER, Role.TEACHER]


def cabinet(client):
    return client.get(reverse("portal:cabinet"))


@pytest.mark.parametrize("role", REQUIRED, ids=str)
def test_a_role_that_needs_it_goes_to_set_up_before_any_page(client, world, role):
    client.force_login(world.users[role][0])
    response = cabinet(client)
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    api = client.get("/api/v1/me/")
    assert api.status_code == 403 and "detail" in api.json()


@pytest.mark.parametrize("role", OPTIONAL, ids=str)
def test_other_roles_work_without_it(client, world, role):
    client.force_login(world.users[role][0])
    assert cabinet(client).status_code == 200


def test_with_totp_set_up_pages_open(client, world):
    staff = world.users[Role.STAFF][0]
    totp_set(staff, SECRET)
    client.force_login(staff)
    assert cabinet(client).status_code == 200


def test_sign_in_asks_for_the_code_and_refuses_a_wrong_one(client, world):
    staff = world.users[Role.STAFF][0]
    totp_set(staff, SECRET)
    response = client.post(reverse("account_login"), {"login": staff.email, "password": world.password})
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    # The password alone opens nothing.
    assert cabinet(client).status_code == 302 and reverse("account_login") in cabinet(client).url
    wrong = f"{(int(totp_code(SECRET)) + 1) % 1000000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert cabinet(client).status_code == 302
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert response.status_code == 302
    assert cabinet(client).status_code == 200


def test_a_recovery_code_signs_in_once(client, world):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    staff = world.users[Role.STAFF][0]
    totp_set(staff, SECRET)
    code = RecoveryCodes(Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
                         ).get_unused_codes()[0]
    client.post(reverse("account_login"), {"login": staff.email, "password": world.password})
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert cabinet(client).status_code == 200
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": staff.email, "password": world.password})
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200  # used up
    assert cabinet(client).status_code == 302


def test_setting_up_after_the_first_sign_in(client, world):
    coordinator = world.users[Role.COORDINATOR][0]
    response = client.post(reverse("account_login"), {"login": coordinator.email, "password": world.password},
                           follow=True)
    # allauth asks for the password once more before a second factor is added (a stolen session cannot add one).
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(response.redirect_chain[-1][0], {"password": world.password}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    page = response.content.decode()
    assert "Приложение-аутентификатор" in page or "аутентификатор" in page.lower()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page) or re.search(
        r'value="([A-Z2-7]{32})"', page)
    assert secret, page[:2000]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret.group(1))})
    assert response.status_code == 302 and response.url == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert cabinet(client).status_code == 200


def switch_off(client, user, password):
    """Sign in with the code, confirm the password again (allauth asks before a factor is removed), remove TOTP."""
    client.post(reverse("account_login"), {"login": user.email, "password": password})
    client.post(reverse("mfa_authenticate"), {"code": totp_code(SECRET)})
    assert cabinet(client).status_code == 200
    client.post(reverse("account_reauthenticate"), {"password": password})
    return client.post(reverse("mfa_deactivate_totp"))


def test_a_role_that_needs_it_cannot_switch_it_off(client, world):
    staff = world.users[Role.STAFF][0]
    totp_set(staff, SECRET)
    switch_off(client, staff, world.password)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()


def test_a_learner_may_switch_it_on_and_off(client, world):
    learner = world.users[Role.LEARNER][0]
    totp_set(learner, SECRET)
    switch_off(client, learner, world.password)
    assert not Authenticator.objects.filter(user=learner, type=Authenticator.Type.TOTP).exists()
