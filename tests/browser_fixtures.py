"""Browser fixtures shared by every test module (registered in the root conftest.py): one Playwright and
one Chromium per test process, a page per viewport against pytest-django's live server."""
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VIEWPORTS = {"phone": {"width": 360, "height": 780}, "desktop": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/browser/" in str(item.fspath) or str(item.fspath).endswith("test_browser.py"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser, live_server):
    from tests.reference import ensure_reference_data

    ensure_reference_data()
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="ru-RU")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    page.viewport_name = request.param
    # Every page a browser test opens must keep the Content-Security-Policy (issue 14): a violation the
    # browser reports in the console fails the test.
    page.csp_violations = []
    page.on("console", lambda message: page.csp_violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert not page.csp_violations, page.csp_violations
