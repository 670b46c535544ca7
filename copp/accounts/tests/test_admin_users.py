"""Administration of users and roles (M29): add, edit roles, block, delete; history is kept."""
import pytest
from django.urls import reverse

from copp.accounts.models import RoleAssignment, User
from copp.core.models import AuditLog
from copp.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users[Role.ADMIN][0])
    return client


def test_admin_adds_a_user(admin_client):
    response = admin_client.post(reverse("admin:accounts_user_add"), {
        "email": "new.teacher@example.ru", "last_name": "Новикова", "first_name": "Ольга", "patronymic": "",
        "role_assignments-TOTAL_FORMS": "0", "role_assignments-INITIAL_FORMS": "0",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.filter(email="new.teacher@example.ru").exists()


def test_admin_gives_and_removes_roles_and_history_is_kept(admin_client, world):
    user = world.users[Role.LEARNER][1]
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update({"birth_date": "", "education_level": "", "municipality": "", "last_login_0": "", "last_login_1": "",
                 "date_joined_0": "2026-01-01", "date_joined_1": "10:00:00", "is_active": "on",
                 "role_assignments-TOTAL_FORMS": "2", "role_assignments-INITIAL_FORMS": "1",
                 "role_assignments-0-id": user.role_assignments.get().pk, "role_assignments-0-user": user.pk,
                 "role_assignments-0-role": Role.LEARNER, "role_assignments-0-DELETE": "on",
                 "role_assignments-1-user": user.pk, "role_assignments-1-role": Role.TEACHER})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert user.get_roles() == [Role.TEACHER]
    history = RoleAssignment.history.filter(user_id=user.pk)
    assert {h.history_type for h in history} >= {"+", "-"}
    assert all(h.history_user_id == world.users[Role.ADMIN][0].pk for h in history if h.history_type != "+" or
               h.role == Role.TEACHER)


def test_admin_blocks_a_user_who_then_cannot_sign_in(admin_client, world, client):
    user = world.users[Role.LEARNER][0]
    admin_client.post(reverse("admin:accounts_user_changelist"),
                      {"action": "block_users", "_selected_action": [user.pk]})
    user.refresh_from_db()
    assert not user.is_active
    assert AuditLog.objects.filter(action="user.blocked", object_id=str(user.pk)).exists()
    admin_client.logout()
    response = admin_client.post(reverse("account_login"), {"login": user.email, "password": world.password})
    assert not response.wsgi_request.user.is_authenticated


def test_admin_deletes_a_user(admin_client, world):
    user = world.users[Role.LEARNER][1]
    admin_client.post(reverse("admin:accounts_user_delete", args=[user.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=user.pk).exists()


def test_publishing_a_consent_text_makes_a_new_version(admin_client):
    from copp.accounts.models import ConsentText

    response = admin_client.post(reverse("admin:accounts_consenttext_add"),
                                 {"kind": "personal_data", "title": "Согласие (ред. 2)", "body": "Новый текст"})
    assert response.status_code == 302
    current = ConsentText.objects.get(kind="personal_data", is_current=True)
    assert current.version == 2 and ConsentText.objects.filter(kind="personal_data").count() == 2
