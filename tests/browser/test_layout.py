"""Every page a user reaches fits the window and meets WCAG 2.1 AA (M31), in the plain version and in every
mode of the version for the visually impaired. A browser walks every page reachable from every role's cabinet
(its menu, header and the links on those pages) and from the public home page, with the low-vision settings
in the cookie; on each page it measures the document at 360 and 1280 px in the plain version and the four
low-vision modes (large and extra-large type, both high-contrast schemes), and runs axe-core (from npm,
injected into the page) for WCAG 2.1 A and AA in the plain version and both schemes. It fails listing each
page that is wider than the window, with the elements that stick out, and each accessibility violation."""
from pathlib import Path
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

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (360, 1280)
# The classes base.html gives <html> in each mode (portal.accessibility.A11ySettings.html_classes). The page
# is loaded once with the low-vision cookie and switched between the modes in place: the markup of the two
# versions differs only in the utility bar's links, and a reload per mode would multiply the walk by nine.
MODES = {"plain": A11ySettings()} | {
    f"{font} {scheme}": A11ySettings(True, font, scheme)
    for font in ("large", "xlarge") for scheme in ("black-on-white", "white-on-black")}
# Contrast depends on the scheme, not the type size: axe runs once per scheme.
AXE_MODES = ("plain", "large black-on-white", "large white-on-black")
COOKIE_MODE = MODES["xlarge white-on-black"]
# Not pages of the platform's frame: the back office, the API, files, sign-out.
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/", "/accounts/logout/", "/i18n/")
SKIP_SUFFIXES = (".xlsx", ".ics", ".json", ".csv", ".pdf", ".docx", ".zip")
PER_WALK = 70

LINKS = """() => Array.from(document.querySelectorAll('main a[href], #cabinet-menu a[href], header a[href]'))
    .map(a => a.getAttribute('href'))"""
SET_MODE = """classes => {
    const html = document.documentElement;
    Array.from(html.classList).filter(c => c === 'a11y' || c.startsWith('a11y-'))
        .forEach(c => html.classList.remove(c));
    classes.split(' ').filter(Boolean).forEach(c => html.classList.add(c));
    document.getAnimations().forEach(a => a.finish());  // colours are measured, not their transition
    // Scripts that adapt to the layout (the calendar, scrolling boxes made focusable) look again, as after a
    // reload in this mode.
    window.dispatchEvent(new Event('resize'));
}"""
# The outermost elements past the window's edge, skipping what sits inside a scrolling or clipping box (it
# does not widen the page): the element to fix, named by tag, id, classes and the start of its text.
STICKING_OUT = """() => {
    const edge = window.innerWidth + 1;
    const out = r => r.right > edge || r.left < -1;
    const contained = node => {
        for (let p = node.parentElement; p && p !== document.body; p = p.parentElement) {
            if (getComputedStyle(p).overflowX !== 'visible') return true;
        }
        return false;
    };
    const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + Array.from(el.classList).map(c => '.' + c).join('')
        + ' «' + (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40) + '»';
    const found = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if ((!box.width && !box.height) || !out(box) || contained(el)) continue;
        const parent = el.parentElement;
        if (parent !== document.body && out(parent.getBoundingClientRect()) && !contained(parent)) continue;
        found.push(`${name(el)} ${Math.round(box.left)}..${Math.round(box.right)} px`);
        if (found.length === 4) break;
    }
    // Text that overflows a box that itself fits (a word that cannot wrap): name the box that holds it.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    while (found.length < 4 && walker.nextNode()) {
        const text = walker.currentNode, holder = text.parentElement;
        if (!text.textContent.trim() || contained(text)) continue;
        range.selectNodeContents(text);
        const box = range.getBoundingClientRect();
        if ((box.width || box.height) && out(box) && !out(holder.getBoundingClientRect())) {
            found.push(`text in ${name(holder)} ${Math.round(box.left)}..${Math.round(box.right)} px`);
        }
    }
    return found;
}"""
WIDTH = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
RUN_AXE = """async () => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        resultTypes: ['violations']});
    return result.violations.map(v => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')}: `
        + (v.nodes[0].failureSummary || v.help).replace(/\\s+/g, ' ').slice(0, 200));
}"""


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
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


def _open(page, path):
    """The page at path, or None when it is not an HTML page of the platform (a file, an error)."""
    from playwright.sync_api import Error

    try:
        response = page.goto(page.base + path)
    except Error as error:  # a link to a file: the browser downloads it, there is no page to check
        if "Download is starting" in str(error):
            return None
        raise
    if response is None or response.status >= 400 or "text/html" not in (response.headers.get("content-type") or ""):
        return None
    page.wait_for_load_state("load")
    return response


def _check(page, path, problems):
    """Measure the loaded page at each width in each mode and run axe in each scheme; note what fails."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(150)  # the calendar re-renders on resize after its debounce
        for mode, a11y in MODES.items():
            page.evaluate(SET_MODE, a11y.html_classes)
            wide = page.evaluate(WIDTH)
            if wide > width + 1:
                problems["wide"].append(f"{path} [{mode}, {width} px]: {wide} px wide; sticking out: "
                                        + "; ".join(page.evaluate(STICKING_OUT)))
                shot(page, f"wide-{width}-{mode.replace(' ', '-')}-" + path.strip("/").replace("/", "-"))
    page.set_viewport_size({"width": WIDTHS[-1], "height": 800})
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    for mode in AXE_MODES:
        page.evaluate(SET_MODE, MODES[mode].html_classes)
        page.wait_for_timeout(150)  # past the scripts' resize debounce
        for violation in page.evaluate(RUN_AXE):
            problems["axe"].append(f"{path} [{mode}]: {violation}")


def _walk(page, start, problems):
    """Check the start page, the pages it links to and the pages those link to, one per URL pattern."""
    seen, queue = set(), [(start, 0)]
    while queue and len(seen) < PER_WALK:
        path, depth = queue.pop(0)
        route = _route(path)
        if route is None or route in seen:
            continue
        seen.add(route)
        if _open(page, path) is None:
            continue
        _check(page, path, problems)
        if depth >= 2 or not page.url.startswith(page.base):
            continue
        for href in page.evaluate(LINKS):
            parts = urlsplit(href)
            if parts.netloc and page.base.split("://", 1)[-1] != parts.netloc:
                continue
            if (not parts.path.startswith("/") or parts.path.startswith(SKIP_PREFIXES)
                    or parts.path.endswith(SKIP_SUFFIXES)):
                continue
            queue.append((parts.path + (f"?{parts.query}" if parts.query else ""), depth + 1))
    return seen


@pytest.fixture
def visitor(browser, live_server):
    from copp.portal.demo import load_all
    from tests.reference import ensure_reference_data

    ensure_reference_data()
    load_all()
    assert AXE.exists(), "axe-core is installed by npm ci (package.json)"

    def open_context():
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800}, locale="ru-RU",
                                      reduced_motion="reduce")
        context.add_cookies([{"name": COOKIE, "value": COOKIE_MODE.to_cookie(), "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base, page.viewport_name = live_server.url, "walk"
        return context, page

    return open_context


def _report(problems):
    return "\n".join(problems["wide"] + problems["axe"])


@pytest.mark.parametrize("role", list(Role))
def test_every_cabinet_page_fits_the_window_and_meets_wcag_aa(visitor, role):
    problems = {"wide": [], "axe": []}
    user = User.objects.filter(role_assignments__role=role, email__endswith="@copp.local").first()
    assert user is not None, role
    context, page = visitor()
    _sign_in(context, user, page.base)
    seen = _walk(page, "/cabinet/", problems)
    context.close()
    assert len(seen) > 4, seen
    assert not problems["wide"] and not problems["axe"], _report(problems)


def test_every_public_page_fits_the_window_and_meets_wcag_aa(visitor):
    problems = {"wide": [], "axe": []}
    context, page = visitor()
    seen = _walk(page, "/", problems)
    for path in ("/events/calendar/", "/accessibility/settings/", "/accounts/login/", "/accounts/signup/",
                 "/accounts/password/reset/"):
        if _route(path) not in seen:
            seen.add(_route(path))
            if _open(page, path):
                _check(page, path, problems)
    context.close()
    assert len(seen) > 10, seen
    assert not problems["wide"] and not problems["axe"], _report(problems)
