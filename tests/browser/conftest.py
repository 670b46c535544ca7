"""Helpers for browser tests; the fixtures `browser` and `page` live in tests/browser_fixtures.py."""
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def shot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{page.viewport_name}.png"), full_page=True)


def field(page, label):
    """A form field by the start of its label (labels end with a required-field mark)."""
    import re

    return page.get_by_label(re.compile(rf"^{re.escape(label)}(\s*\*|\s*\(обязательное|$)"))


def searchable(page, name):
    """The text box of a searchable choice (core/autocomplete.js), never the select it replaces: a locator that
    resolved while the page was still loading would hold the select, which the deferred script then hides."""
    return page.get_by_role("combobox", name=name).and_(page.locator("input[role=combobox]"))


def open_menu(page):
    """On a phone the navigation folds into the menu button."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#nav-main.show").wait_for()


def open_cabinet_menu(page):
    """On a phone the cabinet menu folds behind its button."""
    toggler = page.locator('[data-bs-target="#cabinet-menu"]')
    if toggler.is_visible():
        toggler.click()
        page.locator("#cabinet-menu.show").wait_for()
