"""Account letters carry the centre's name and the platform's address from the branding settings (M2); an
account the administrator makes gets an invitation to set a password, whose use confirms the e-mail (M29)."""
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from copp.accounts.models import User
from copp.core.roles import Role
from copp.portal.models import Branding

pytestmark = pytest.mark.django_db


@pytest.fixture
def branded():
    branding = Branding.current()
    branding.name, branding.short_name = "ЦОПП Свердловской области", "ЦОПП-66"
    branding.platform_url = "https://copp66.example.ru"
    branding.save()
    return branding


def test_password_reset_letter_is_branded(client, world, branded, django_capture_on_commit_callbacks):
    user = world.users[Role.LEARNER][0]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": user.email})
    (letter,) = mail.outbox
    assert "ЦОПП Свердловской области" in letter.body and "copp66.example.ru" in letter.body
    assert "testserver!" not in letter.body and "127.0.0.1" not in letter.body


def test_admin_made_account_is_invited_and_confirmed_by_the_link(client, world, branded,
                                                                django_capture_on_commit_callbacks):
    client.force_login(world.users[Role.ADMIN][0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:accounts_user_add"), {
            "email": "Invited.Teacher@Example.ru", "last_name": "Новикова", "first_name": "Ольга",
            "patronymic": "", "role_assignments-TOTAL_FORMS": "0", "role_assignments-INITIAL_FORMS": "0"})
    assert response.status_code == 302
    user = User.objects.get(email="invited.teacher@example.ru")
    assert not user.has_usable_password()
    assert not EmailAddress.objects.get(user=user).verified
    (letter,) = mail.outbox
    assert letter.to == ["invited.teacher@example.ru"] and "ЦОПП Свердловской области" in letter.body
    assert "ЦОПП-66" in letter.subject and "copp66.example.ru" in letter.body
    path = re.search(r"https?://[^/\s]+(/\S*invitation/\S+)", letter.body).group(1)
    client.logout()
    page = client.get(path).content.decode()
    assert "Ольга" in page and "invited.teacher@example.ru" in page
    response = client.post(path, {"new_password1": "Новый-пароль-2026!", "new_password2": "Новый-пароль-2026!",
                                  "consent": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.has_usable_password() and EmailAddress.objects.get(user=user).verified
    # The link works once.
    client.logout()
    assert client.get(path).context["invalid"] is True


def test_admin_cannot_add_a_second_account_with_the_same_email(client, world):
    client.force_login(world.users[Role.ADMIN][0])
    taken = world.users[Role.LEARNER][0].email
    response = client.post(reverse("admin:accounts_user_add"), {
        "email": taken.upper(), "last_name": "Двойник", "first_name": "Пётр", "patronymic": "",
        "role_assignments-TOTAL_FORMS": "0", "role_assignments-INITIAL_FORMS": "0"})
    assert response.status_code == 200 and User.objects.filter(email__iexact=taken).count() == 1
    assert "уже существует" in response.content.decode()
