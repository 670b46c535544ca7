"""Idle timeout for privileged roles; the role switch between cabinets."""
import time

import pytest
from django.urls import reverse

from copp.accounts.models import RoleAssignment
from copp.core.middleware import LAST_SEEN_KEY
from copp.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "signed_out"), [(Role.STAFF, True), (Role.ADMIN, True), (Role.LEARNER, False)])
def test_idle_session_timeout(client, world, settings, role, signed_out):
    settings.STAFF_IDLE_TIMEOUT = 60
    client.force_login(world.users[role][0])
    assert client.get(reverse("portal:cabinet")).status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 120
    session.save()
    response = client.get(reverse("portal:cabinet"))
    assert (response.status_code == 302) is signed_out


def test_role_switch_changes_the_cabinet_menu(client, world):
    user = world.users[Role.PARTNER][0]
    RoleAssignment.objects.create(user=user, role=Role.TEACHER)
    client.force_login(user)
    client.post(reverse("portal:role_switch"), {"role": Role.TEACHER})
    assert client.get(reverse("portal:cabinet")).context["active_role"] == Role.TEACHER
    response = client.post(reverse("portal:role_switch"), {"role": Role.ADMIN}, follow=True)
    assert response.context["active_role"] == Role.TEACHER
    assert "У вас нет этой роли" in response.content.decode()
