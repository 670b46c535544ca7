"""The back office as the administrator thinks of it (M29, M30): sections in Russian, internals hidden, Django's
own phrases agreeing with any model's name."""
import pytest
from django.urls import NoReverseMatch, reverse

from copp.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.users[Role.ADMIN][0])
    return client


def test_index_is_grouped_and_hides_internals(admin_client):
    response = admin_client.get(reverse("admin:index"))
    names = [app["name"] for app in response.context["app_list"]]
    assert names[:5] == ["Пользователи и роли", "Организации", "Справочники", "Оформление и вход",
                         "Журналы и фоновая работа"]
    page = response.content.decode()
    assert "CORE" not in page and page.count(">Аккаунты<") == 0
    assert reverse("admin:background") in page
    for hidden in ("auth_group", "socialaccount_socialapp", "socialaccount_socialtoken", "account_emailaddress"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:{hidden}_changelist")


def test_admin_phrases_agree_with_feminine_and_masculine_names(admin_client):
    page = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Добавить: пользователь" in page and "Добавить пользователь" not in page
    response = admin_client.post(reverse("admin:directories_competency_add"),
                                 {"name": "Кровельные работы", "code": "roofing", "order": "0", "is_active": "on"},
                                 follow=True)
    text = response.content.decode()
    assert "был успешно добавлен" not in text
    assert "Добавлено: компетенция" in text, text[:3000]
