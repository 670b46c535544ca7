"""In a real Chromium at 360 px and 1280 px: employer sign-up step by step; staff browse and verify."""
import pytest
from django.core import mail
from playwright.sync_api import expect

from copp.core.roles import Role
from copp.organizations.models import Organization, OrganizationType, VerificationStatus
from tests.browser.conftest import shot
from tests.factories import make_inn, make_ogrn

from .helpers import ensure_reference_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def sign_in(page, user, password):
    page.goto(page.base + "/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/cabinet/")


def test_employer_signs_up_step_by_step(page):
    seed = 880000 + (1 if page.viewport_name == "phone" else 2)
    ensure_reference_rows()
    page.goto(page.base + "/organizations/signup/customer/")
    assert page.locator('.steps [aria-current="step"]').inner_text().startswith("1.")
    assert no_sideways_scroll(page)
    page.fill("#id_name", "Общество с ограниченной ответственностью «Ромашка»")
    page.fill("#id_short_name", "ООО «Ромашка»")
    page.fill("#id_inn", make_inn(seed))
    page.fill("#id_ogrn", make_ogrn(seed))
    page.fill("#id_legal_address", "г. Екатеринбург, ул. Ленина, д. 1")
    page.select_option("#id_municipality", index=1)
    page.fill("#id_last_name", "Иванова")
    page.fill("#id_first_name", "Мария")
    page.fill("#id_position", "Директор по персоналу")
    page.fill("#id_phone", "+7 900 000-00-00")
    email = f"hr-{page.viewport_name}@romashka.ru"
    page.fill("#id_email", email)
    page.fill("#id_password1", "Слон-на-велосипеде-2026")
    page.fill("#id_password2", "Слон-на-велосипеде-2027")  # a mistake first
    page.check("#id_consent")
    page.locator("main form button[type=submit]").click()
    page.locator(".error-summary").wait_for()
    expect(page.locator("#id_password2_error")).to_be_visible()
    shot(page, "org-signup-error")
    page.fill("#id_password1", "Слон-на-велосипеде-2026")
    page.fill("#id_password2", "Слон-на-велосипеде-2026")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**step=review")
    assert page.locator('.steps [aria-current="step"]').inner_text().startswith("2.")
    assert "Слон-на-велосипеде" not in page.content()
    assert no_sideways_scroll(page)
    shot(page, "org-signup-review")
    page.locator('button[value="register"]').click()

    page.wait_for_url("**step=done")
    assert page.locator('.steps [aria-current="step"]').inner_text().startswith("3.")
    assert email in page.content()
    assert no_sideways_scroll(page)
    shot(page, "org-signup-done")
    organization = Organization.objects.get(inn=make_inn(seed))
    assert organization.verification_status == VerificationStatus.PENDING
    assert mail.outbox[-1].to == [email]


def test_staff_browse_filter_and_verify(page, world):
    pending = world.orgs[OrganizationType.CUSTOMER][0]
    pending.verification_status = VerificationStatus.PENDING
    pending.save()
    sign_in(page, world.users[Role.STAFF][0], world.password)

    page.goto(page.base + "/organizations/list/")
    assert no_sideways_scroll(page)
    shot(page, "org-list")
    if page.viewport_name == "phone":
        expect(page.locator("#id_status")).to_be_hidden()  # the filters wait in the off-canvas panel
        page.locator('[data-bs-target="#filters-panel"]').first.click()
        page.locator("#filters-panel.show").wait_for()
    page.select_option("#id_status", "pending")
    page.locator("#filters-panel button[type=submit]").click()
    page.wait_for_url("**status=pending**")
    assert page.locator(".filter-chip").count() == 1
    shot(page, "org-list-filtered")
    page.get_by_role("link", name=pending.short_name).click()

    page.wait_for_url(f"**/organizations/{pending.pk}/")
    assert no_sideways_scroll(page)
    shot(page, "org-detail")
    page.fill("#id_verify-comment", "Сверено с ЕГРЮЛ")
    page.locator(f'form[action="/organizations/{pending.pk}/verify/"] button').click()
    page.locator(".alert-success").wait_for()
    pending.refresh_from_db()
    assert pending.verification_status == VerificationStatus.VERIFIED


def test_representative_sees_own_organisation(page, world):
    organization = world.orgs[OrganizationType.CUSTOMER][0]
    organization.verification_status = VerificationStatus.REJECTED
    organization.verification_comment = "ИНН не совпадает с выпиской из ЕГРЮЛ"
    organization.save()
    sign_in(page, world.users[Role.CUSTOMER][0], world.password)
    page.goto(page.base + "/organizations/my/")
    assert "ИНН не совпадает с выпиской из ЕГРЮЛ" in page.content()
    assert no_sideways_scroll(page)
    shot(page, "org-own")
