"""No page is wider than the window (M31): at 360 px a browser walks every page reachable from every role's
cabinet (its menu and the links on those pages) and the public pages in the plain and the low-vision version
(large and extra-large type, both high-contrast schemes), and fails listing each page wider than the window."""
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import Resolver404, resolve

from copp.accounts.models import User
from copp.core.roles import Role
from copp.portal.accessibility import COOKIE, A11ySettings

from .conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = ["/", "/programs/", "/events/", "/events/calendar/", "/events/competencies/", "/privacy/",
          "/accessibility/", "/accessibility/settings/", "/accounts/login/", "/accounts/signup/"]
LOW_VISION = [A11ySettings(True, font, scheme) for font in ("large", "xlarge")
              for scheme in ("black-on-white", "white-on-black")]
# Not pages of the platform's frame: the back office, the API, files, sign-out.
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/accounts/logout/", "/i18n/")
SKIP_SUFFIXES = (".xlsx", ".ics", ".json", ".csv", ".pdf", ".docx", ".zip")
PER_ROLE = 70

WIDTH = """() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"""
LINKS = """() => Array.from(document.querySelectorAll('main a[href], #cabinet-menu a[href], header a[href]'))
    .map(a => a.getAttribute('href'))"""


def _sign_in(context, user, base):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": base}])


def _route(path):
    """A page's URL pattern: one visit per pattern is enough to see its layout."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _overflow(page, path):
    from playwright.sync_api import Error

    try:
        response = page.goto(page.base + path)
    except Error as error:  # a link to a file: the browser downloads it, there is no page to measure
        if "Download is starting" in str(error):
            return None
        raise
    if response is None or response.status >= 400 or "text/html" not in (response.headers.get("content-type") or ""):
        return None
    page.wait_for_load_state("load")
    width, window = page.evaluate(WIDTH), page.evaluate("() => window.innerWidth")
    return (path, width, window) if width > window + 1 else None


def _walk(page, start):
    """Visit the start page, the pages it links to and the pages those link to, one per URL pattern."""
    seen, queue, wide = set(), [(start, 0)], []
    while queue and len(seen) < PER_ROLE:
        path, depth = queue.pop(0)
        route = _route(path)
        if route is None or route in seen:
            continue
        seen.add(route)
        found = _overflow(page, path)
        if found:
            wide.append(found)
            shot(page, "wide-" + path.strip("/").replace("/", "-"))
        if depth >= 2 or not page.url.startswith(page.base):
            continue
        for href in page.evaluate(LINKS):
            parts = urlsplit(href)
            if parts.netloc and page.base.split("://", 1)[-1] != parts.netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if (not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES)
                    or parts.path.endswith(SKIP_SUFFIXES)):
                continue
            queue.append((target, depth + 1))
    return seen, wide


@pytest.fixture
def phone(browser, live_server):
    from copp.portal.demo import load_all
    from tests.reference import ensure_reference_data

    ensure_reference_data()
    load_all()

    def open_context(a11y=None):
        context = browser.new_context(viewport={"width": 360, "height": 780}, locale="ru-RU")
        if a11y:
            context.add_cookies([{"name": COOKIE, "value": a11y.to_cookie(), "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base, page.viewport_name = live_server.url, "phone"
        return context, page

    return open_context


def test_no_cabinet_page_is_wider_than_a_phone(phone):
    wide, visited = [], 0
    for role in Role:
        user = User.objects.filter(role_assignments__role=role, email__endswith="@copp.local").first()
        assert user is not None, role
        context, page = phone()
        _sign_in(context, user, page.base)
        seen, found = _walk(page, "/cabinet/")
        visited += len(seen)
        wide += [(role.value, *row) for row in found]
        context.close()
    assert visited > 40
    assert not wide, "\n".join(f"{role}: {path} is {width} px wide in a {window} px window"
                               for role, path, width, window in wide)


def test_public_pages_fit_a_phone_plain_and_low_vision(phone):
    wide = []
    for a11y in [None, *LOW_VISION]:
        context, page = phone(a11y)
        for path in PUBLIC:
            found = _overflow(page, path)
            if found:
                wide.append((a11y.html_classes if a11y else "plain", *found))
        context.close()
    assert not wide, "\n".join(f"{mode}: {path} is {width} px wide in a {window} px window"
                               for mode, path, width, window in wide)
