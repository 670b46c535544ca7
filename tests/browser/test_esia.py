"""Sign-in through Госуслуги in a real browser against the local ESIA (fakes/esia): a new citizen signs up,
an existing user links ESIA; signing out ends the ESIA session too."""
import re

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from copp.accounts.models import User
from copp.core.roles import Role
from copp.esia.tests.support import make_keys, platform_settings, start_fake

from .conftest import open_menu, shot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def esia(page, live_server, settings, tmp_path):
    page.set_default_timeout(30000)  # three servers in one process on a busy two-core machine
    keys = make_keys(tmp_path)
    fake = start_fake(keys, [f"{live_server.url}/accounts/esia/login/callback/"])
    settings.ESIA = platform_settings(keys, fake, TIMEOUT=5)
    yield fake
    fake.stop()


def test_new_citizen_signs_up_through_esia(page, esia):
    page.goto(page.base + "/accounts/login/")
    shot(page, "esia-login-button")
    page.get_by_role("button", name="Войти через Госуслуги").click()
    page.get_by_role("heading", name="Вход через Госуслуги").wait_for()
    page.get_by_label(re.compile("Смирнова Анна Сергеевна")).check()
    shot(page, "esia-fake-choice")
    page.get_by_role("button", name="Предоставить доступ").click()
    page.get_by_role("heading", name="Регистрация через Госуслуги").wait_for()
    expect(page.get_by_text("Смирнова Анна Сергеевна")).to_be_visible()
    expect(page.get_by_text("2 ноября 1985")).to_be_visible()
    page.get_by_label("Я согласен на обработку персональных данных").check()
    shot(page, "esia-signup")
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_role("heading", name=re.compile("Здравствуйте, Анна")).wait_for()
    shot(page, "esia-cabinet")
    user = User.objects.get(email="smirnova.esia@example.ru")
    assert user.confirmed_by_esia and user.get_roles() == [Role.LEARNER] and user.last_name == "Смирнова"
    assert SocialAccount.objects.get(user=user, provider="esia").uid == "1000000102"


def test_existing_user_links_esia_and_signs_out_of_it(page, esia, world):
    owner = world.users[Role.LEARNER][0]
    esia.citizens[1000000103].email = owner.email  # Соколов on Госуслуги has the owner's e-mail
    page.goto(page.base + "/accounts/login/")
    page.get_by_role("button", name="Войти через Госуслуги").click()
    page.get_by_label(re.compile("Соколов Дмитрий Андреевич")).check()
    page.get_by_role("button", name="Предоставить доступ").click()
    page.get_by_text(re.compile("Войдите в неё с паролем")).wait_for()
    shot(page, "esia-email-taken")
    assert not SocialAccount.objects.exists()
    page.locator("#id_login").fill(owner.email)
    page.locator("#id_password").fill(world.password)
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    page.get_by_role("heading", name="Привязка Госуслуг к вашей учётной записи").wait_for()
    shot(page, "esia-link-confirm")
    page.get_by_role("button", name="Привязать Госуслуги").click()
    page.get_by_text("Госуслуги привязаны").wait_for()
    shot(page, "esia-linked")
    assert SocialAccount.objects.get(provider="esia").user == owner
    owner.refresh_from_db()
    assert owner.confirmed_by_esia and owner.last_name == "Соколов"

    logouts = esia.logouts
    open_menu(page)
    page.locator("header .dropdown-toggle").click()
    page.locator("header .dropdown-menu.show form[action='/accounts/logout/'] button").click()
    page.wait_for_url(page.base + "/")
    assert esia.logouts == logouts + 1

    page.goto(page.base + "/accounts/login/")
    page.get_by_role("button", name="Войти через Госуслуги").click()
    page.get_by_label(re.compile("Соколов Дмитрий Андреевич")).check()
    page.get_by_role("button", name="Предоставить доступ").click()
    page.get_by_role("heading", name=re.compile("Здравствуйте, Дмитрий")).wait_for()
