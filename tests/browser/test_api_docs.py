"""The API documentation page speaks Russian (issue 13): the header and Swagger UI's own labels."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_labels_are_russian(page):
    page.goto(page.base + "/api/v1/docs/")
    expect(page.get_by_role("heading", name="Документация API платформы")).to_be_visible()
    expect(page.get_by_role("button", name="Авторизоваться")).to_be_visible()
    page.locator(".opblock-summary-control").first.click()
    expect(page.get_by_role("button", name="Попробовать")).to_be_visible()
    expect(page.get_by_role("heading", name="Параметры").first).to_be_visible()
    assert page.get_by_text("Try it out", exact=True).count() == 0
