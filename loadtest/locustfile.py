"""Load test of a realistic mix (issue 23; docs/performance.md): anonymous visitors in the catalogue, citizens
preparing applications, staff in the applications inbox, teachers in the journal.

Run by `make loadtest` against gunicorn with the production settings on 127.0.0.1 and the demo data
(`make demo`); the `load` dependency group installs Locust (`make test` does not)."""
import random
import re

from locust import HttpUser, between, task

DEMO_PASSWORD = "Demo-Copp-2026"  # copp.portal.demo.DEMO_PASSWORD
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

    def on_start(self):
        self.sign_in()
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
