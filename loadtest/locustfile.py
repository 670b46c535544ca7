"""Load test of a realistic mix (issue 23; docs/performance.md): anonymous visitors in the catalogue, citizens
preparing applications, staff in the applications inbox, teachers in the journal.

Run by `make loadtest` against gunicorn with the production settings on 127.0.0.1 and the demo data
(`make demo`); the `load` dependency group installs Locust (`make test` does not)."""
import base64
import hashlib
import hmac
import random
import re
import struct
import time

from gevent.lock import Semaphore
from locust import HttpUser, between, task

DEMO_PASSWORD = "Demo-Copp-2026"  # copp.portal.demo.DEMO_PASSWORD
# The demo staff's authenticator (copp.portal.demo.DEMO_TOTP_SECRET): staff work only with a second factor.
DEMO_TOTP_SECRET = "COPPDEMOTOTPSECRETCOPPDEMOTOTPSE"
# gunicorn stands behind nginx in production: the scheme nginx would send, so no HTTPS redirect is answered.
HEADERS = {"X-Forwarded-Proto": "https"}
PROGRAM_LINK = re.compile(r'href="/programs/(\d+)/"')
SEARCHES = ["сварщик", "оператор", "электромонтажник", "программирование", "станки", "бухгалтер"]


class PlatformUser(HttpUser):
    abstract = True
    email = ""

    def get(self, url, name=None):
        with self.client.get(url, headers=HEADERS, name=name or url, catch_response=True,
                             allow_redirects=False) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {url}")
        # Staff sessions are saved on every request (the idle timeout), so the cookie comes again each time.
        self._unsecure_cookies()
        return response

    def sign_in(self):
        self.client.get("/accounts/login/", headers=HEADERS, name="/accounts/login/")
        self._unsecure_cookies()
        token = self.client.cookies.get("csrftoken", "")
        origin = self.host.replace("http://", "https://").rstrip("/")
        response = self.client.post("/accounts/login/", headers={**HEADERS, "Origin": origin, "Referer": origin + "/"},
                                    data={"login": self.email, "password": DEMO_PASSWORD,
                                          "csrfmiddlewaretoken": token},
                                    name="/accounts/login/ [POST]", allow_redirects=False)
        if response.status_code != 302:
            raise RuntimeError(f"sign-in of {self.email} answered {response.status_code}")
        self._unsecure_cookies()

    def second_factor(self):
        """The authenticator's code on allauth's second step. A code is accepted once per person and window, so
        one signed-in session serves every simulated member of staff (see Staff.on_start)."""
        self.client.get("/accounts/2fa/authenticate/", headers=HEADERS, name="/accounts/2fa/authenticate/")
        self._unsecure_cookies()
        origin = self.host.replace("http://", "https://").rstrip("/")
        response = self.client.post(
            "/accounts/2fa/authenticate/", headers={**HEADERS, "Origin": origin, "Referer": origin + "/"},
            data={"code": totp_code(DEMO_TOTP_SECRET), "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
            name="/accounts/2fa/authenticate/ [POST]", allow_redirects=False)
        if response.status_code != 302:
            raise RuntimeError(f"second factor of {self.email} answered {response.status_code}")
        self._unsecure_cookies()

    def _unsecure_cookies(self):
        # Production cookies are Secure (HTTPS behind nginx); this plain-HTTP client must send them back anyway.
        for cookie in list(self.client.cookies):
            if cookie.secure:
                self.client.cookies.set(cookie.name, cookie.value, domain=cookie.domain, path=cookie.path)

    def links(self, url, pattern, name=None):
        response = self.get(url, name=name)
        return sorted(set(re.findall(pattern, response.text))) if response.status_code == 200 else []


class Visitor(PlatformUser):
    """An anonymous visitor: the home page, the catalogue with search and filters, programs, events."""

    weight = 6
    wait_time = between(1, 4)

    def on_start(self):
        self.programs = self.links("/programs/", PROGRAM_LINK) or ["1"]

    @task(3)
    def catalogue(self):
        self.get(f"/programs/?page={random.randint(1, 3)}", name="/programs/?page=N")

    @task(2)
    def search(self):
        self.get(f"/programs/?q={random.choice(SEARCHES)}", name="/programs/?q=…")

    @task(4)
    def program(self):
        self.get(f"/programs/{random.choice(self.programs)}/", name="/programs/<pk>/")

    @task(1)
    def home(self):
        self.get("/")

    @task(1)
    def events(self):
        self.get("/events/")


class Citizen(PlatformUser):
    """A signed-in citizen choosing a program and opening its application form, and their own applications."""

    weight = 2
    wait_time = between(2, 6)
    email = "learner@copp.local"

    def on_start(self):
        self.sign_in()
        self.programs = self.links("/programs/", PROGRAM_LINK) or ["1"]

    @task(3)
    def program(self):
        self.get(f"/programs/{random.choice(self.programs)}/", name="/programs/<pk>/")

    @task(2)
    def application_form(self):
        self.get(f"/applications/apply/{random.choice(self.programs)}/", name="/applications/apply/<pk>/")

    @task(2)
    def my_applications(self):
        self.get("/applications/my/")

    @task(1)
    def cabinet(self):
        self.get("/cabinet/")


class Staff(PlatformUser):
    """ЦОПП staff working the applications inbox: the list with filters and single applications."""

    weight = 1
    wait_time = between(2, 5)
    email = "staff@copp.local"
    shared_cookies: dict | None = None
    signing_in = Semaphore()

    def on_start(self):
        with Staff.signing_in:
            if Staff.shared_cookies is None:
                self.sign_in()
                self.second_factor()
                Staff.shared_cookies = {cookie.name: cookie.value for cookie in self.client.cookies}
        for name, value in Staff.shared_cookies.items():
            self.client.cookies.set(name, value)
        self.applications = self.links("/applications/inbox/", r'href="/applications/inbox/(\d+)/"')

    @task(3)
    def inbox(self):
        self.get("/applications/inbox/")

    @task(1)
    def inbox_filtered(self):
        self.get("/applications/inbox/?status=submitted", name="/applications/inbox/?status=…")

    @task(3)
    def application(self):
        if self.applications:
            self.get(f"/applications/inbox/{random.choice(self.applications)}/", name="/applications/inbox/<pk>/")


class Teacher(PlatformUser):
    """A teacher in the e-journal of their groups."""

    weight = 1
    wait_time = between(2, 5)
    email = "teacher@copp.local"

    def on_start(self):
        self.sign_in()
        self.groups = self.links("/training/groups/", r'href="/training/groups/(\d+)/"')

    @task(1)
    def groups_list(self):
        self.get("/training/groups/")

    @task(3)
    def journal(self):
        if self.groups:
            self.get(f"/training/groups/{random.choice(self.groups)}/journal/", name="/training/groups/<pk>/journal/")


def totp_code(secret: str, at: float | None = None) -> str:
    """RFC 6238 code (SHA-1, 30 s, 6 digits), as an authenticator app shows it (copp.accounts.mfa.totp_code)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((time.time() if at is None else at) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"
