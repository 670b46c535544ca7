"""A citizen signs up, confirms the e-mail from the outbox, lands in the cabinet; password reset."""
import re

import pytest
from django.core import mail

from copp.accounts.models import User
from copp.core.roles import Role

from .conftest import field, open_menu, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_signup_confirm_and_cabinet(page):
    page.goto(page.base + "/")
    shot(page, "home")
    open_menu(page)
    page.get_by_role("link", name="Зарегистрироваться").first.click()
    field(page, "Фамилия").fill("Соколов")
    field(page, "Имя").fill("Дмитрий")
    field(page, "СНИЛС").fill("112-233-445 95")
    field(page, "Адрес электронной почты").fill(f"sokolov-{page.viewport_name}@example.ru")
    field(page, "Пароль").fill("Надёжный-пароль-42")
    field(page, "Пароль (ещё раз)").fill("Надёжный-пароль-42")
    field(page, "Я согласен на обработку персональных данных").check()
    shot(page, "signup-filled")
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_role("heading", name="Подтвердите адрес электронной почты").wait_for()

    link = re.search(r"http://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(page.base + link)
    page.get_by_role("button", name="Подтвердить").click()
    page.get_by_role("heading", name=re.compile("Здравствуйте, Дмитрий")).wait_for()
    shot(page, "cabinet-learner")
    user = User.objects.get(email=f"sokolov-{page.viewport_name}@example.ru")
    assert user.get_roles() == [Role.LEARNER]


def test_invalid_snils_shows_message_beside_field(page):
    page.goto(page.base + "/accounts/signup/")
    field(page, "Фамилия").fill("Соколов")
    field(page, "Имя").fill("Дмитрий")
    field(page, "СНИЛС").fill("112-233-445 94")
    field(page, "Адрес электронной почты").fill("x@example.ru")
    field(page, "Пароль").fill("Надёжный-пароль-42")
    field(page, "Пароль (ещё раз)").fill("Надёжный-пароль-42")
    field(page, "Я согласен на обработку персональных данных").check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    page.get_by_text("Исправьте ошибки").wait_for()
    assert page.locator("#id_snils_error").inner_text().startswith("Введите СНИЛС")
    shot(page, "signup-error")
    assert not User.objects.filter(email="x@example.ru").exists()


def test_password_reset(page, world):
    user = world.users[Role.LEARNER][0]
    page.goto(page.base + "/accounts/login/")
    page.get_by_role("link", name=re.compile("Забыли")).click()
    field(page, "Адрес электронной почты").fill(user.email)
    page.get_by_role("button", name=re.compile("Сбросить")).click()
    page.get_by_role("heading", name=re.compile("Сброс пароля")).wait_for()
    link = re.search(r"http://[^/\s]+(/accounts/password/reset/key/\S+)", mail.outbox[-1].body).group(1)
    page.goto(page.base + link)
    field(page, "Новый пароль").fill("Другой-пароль-2026")
    field(page, "Новый пароль (ещё раз)").fill("Другой-пароль-2026")
    page.get_by_role("button", name=re.compile("Изменить пароль|Сменить пароль")).click()
    page.get_by_text(re.compile("Пароль (успешно )?изменён")).first.wait_for()
    page.goto(page.base + "/accounts/login/")
    field(page, "Адрес электронной почты").fill(user.email)
    field(page, "Пароль").fill("Другой-пароль-2026")
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name=re.compile("Здравствуйте")).wait_for()
    shot(page, "cabinet-after-reset")
