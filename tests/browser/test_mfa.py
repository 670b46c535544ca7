"""Two-factor sign-in in a real browser (issue 14): a staff member signs in with the password, confirms it, sets
up the authenticator app from the page's secret, sees the recovery codes, and next time signs in with a code.
Marked `mfa`: the real enforcement, not the automatic pass other tests get (conftest.py)."""
import re

import pytest

from copp.accounts.mfa import totp_code
from copp.core.roles import Role

from .conftest import field, shot

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.mfa]


def password_step(page, user, password):
    page.context.clear_cookies()
    page.goto(page.base + "/accounts/login/")
    field(page, "Адрес электронной почты").fill(user.email)
    field(page, "Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def test_staff_sets_up_and_signs_in_with_a_code(page, world):
    staff = world.users[Role.STAFF][0]
    password_step(page, staff, world.password)
    # Adding a factor asks for the password once more.
    page.wait_for_url(re.compile("/accounts/reauthenticate/"))
    shot(page, "mfa-reauthenticate")
    page.locator("input[name=password]").fill(world.password)
    page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_url(re.compile("/accounts/2fa/totp/activate/"))
    assert page.locator("img[src^='data:image/svg+xml']").count() == 1  # the QR code
    shot(page, "mfa-activate")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Активировать").click()
    page.wait_for_url(re.compile("/accounts/2fa/recovery-codes/"))
    shot(page, "mfa-recovery-codes")
    page.goto(page.base + "/cabinet/")
    page.get_by_role("heading", name=re.compile("Здравствуйте")).wait_for()

    password_step(page, staff, world.password)
    page.wait_for_url(re.compile("/accounts/2fa/authenticate/"))
    shot(page, "mfa-authenticate")
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Войти").click()
    page.get_by_role("heading", name=re.compile("Здравствуйте")).wait_for()
    # The user menu leads to the factor's page; the staff member sees it set up.
    page.goto(page.base + "/accounts/2fa/")
    page.get_by_text("Для вашей роли он обязателен").wait_for()
    assert page.get_by_role("link", name="Деактивировать").count() == 0
    shot(page, "mfa-index")
