"""The benchmark of issue 15: the critical pages and API endpoints of every role, measured on a small and a
large generated database in one interleaved run (Django's test client, one process, one open connection per
database), against a trivial view as the floor; it checks the gates and reports PASS/FAIL per gate."""
import base64
import datetime
import gc
import json
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django.core.cache import caches
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from .base import PASSWORD

LIGHT_LIMIT, HEAVY_LIMIT, RATIO_LIMIT, QUERY_LIMIT_MS = 25, 60, 1.5, 100
BIG_TABLE_ROWS = 100_000  # a sequential scan of a table this big is flagged
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the generated staff accounts' authenticator (a stand only)


@dataclass
class Page:
    """One measured request: who asks, the URL (made per database) and whether it is a heavy page."""

    name: str
    role: str
    url: object  # a function of the database's Ids returning the URL
    heavy: bool = False
    result: dict = field(default_factory=dict)


ROLE_USERS = {"anonymous": None, "learner": "citizen0@scale.example", "partner": "org1@scale.example",
              "customer": None, "teacher": "teacher0@scale.example", "staff": "staff@scale.example",
              "coordinator": "coordinator@scale.example"}


def _ids(alias_wrapper) -> dict:
    """The ids of the same generated rows in one database (the generator lays both out alike)."""
    with alias_wrapper.cursor() as cursor:
        def one(sql):
            cursor.execute(sql)
            row = cursor.fetchone()
            return row[0] if row else None
        ids = {
            "group": one("SELECT id FROM training_group WHERE code = 'ГР-000000'"),
            "program": one("SELECT id FROM programs_program WHERE status = 'published' ORDER BY id LIMIT 1"),
            "event": one("SELECT id FROM events_event WHERE status = 'published' ORDER BY id LIMIT 1"),
            "application": one("SELECT id FROM admissions_application WHERE kind = 'individual' "
                               "ORDER BY submitted_at DESC, id DESC LIMIT 1"),
            "survey": one("SELECT id FROM surveys_survey WHERE title = 'Оценка качества обучения 1'"),
            # A representative of a verified employer: only those search portfolios (issue 14), and the first
            # customer by id at L belongs to an organisation still under verification.
            "customer": one("SELECT u.email FROM accounts_user u JOIN accounts_roleassignment r ON r.user_id = u.id "
                            "JOIN organizations_membership m ON m.user_id = u.id AND m.is_active "
                            "JOIN organizations_organization o ON o.id = m.organization_id "
                            "AND o.type = 'customer' AND o.verification_status = 'verified' "
                            "WHERE r.role = 'customer' ORDER BY u.id LIMIT 1"),
        }
        for table, key in (("programs_program WHERE status = 'published'", "programs"),
                           ("admissions_application", "applications"), ("training_lesson", "lessons"),
                           ("training_mark", "marks")):
            ids[key] = one(f"SELECT count(*) FROM {table}")  # noqa: S608 - constant table names
        # The API's big lists page by cursor (issue 15): the deep page is the one after the 51st row from the end,
        # in each list's order (applications newest first, lessons by start, marks by id).
        ids["applications_deep"] = _cursor(one("SELECT submitted_at FROM admissions_application "
                                               "ORDER BY submitted_at, id OFFSET 50 LIMIT 1"))
        # Thousands of lessons start at the same moment: the position is the start before the last 51 rows', so
        # the page after it is full at any scale (a position among the last starts gave an empty page at L).
        ids["lessons_deep"] = _cursor(one("SELECT max(starts_at) FROM training_lesson WHERE starts_at < ("
                                          "SELECT starts_at FROM training_lesson ORDER BY starts_at DESC, id DESC "
                                          "OFFSET 50 LIMIT 1)"))
        ids["marks_deep"] = _cursor(one("SELECT id FROM training_mark ORDER BY id DESC OFFSET 50 LIMIT 1"))
    return ids


def _cursor(position) -> str:
    """A cursor as DRF's CursorPagination writes it: the position after which the page starts."""
    return quote(base64.b64encode(urlencode({"p": str(position)}).encode("ascii")).decode("ascii"))


def _last_page(count: int, size: int) -> int:
    return max(1, (count + size - 1) // size)


def pages() -> list[Page]:
    """The measured pages: at least the ones of the issue's table, and every role's cabinet."""
    today = timezone.localdate()
    eight_weeks = f"from={today - datetime.timedelta(days=28)}&to={today + datetime.timedelta(days=27)}&by=week"
    long_period = f"from={today - datetime.timedelta(days=200)}&to={today + datetime.timedelta(days=199)}&by=month"
    return [
        Page("floor (trivial view)", "staff", lambda i: "/__bench__/floor/"),
        Page("home", "anonymous", lambda i: "/"),
        Page("catalogue, first page", "anonymous", lambda i: "/programs/"),
        Page("catalogue, deep page", "anonymous", lambda i: f"/programs/?page={_last_page(i['programs'], 20)}"),
        # A word with a full page of matches at both sizes (14 at S, 1 412 at L): «сварка» found one program at
        # S and twelve at L, so the pages compared drew a different number of cards.
        Page("catalogue, search «ЧПУ»", "anonymous", lambda i: "/programs/?q=ЧПУ"),
        Page("program page", "anonymous", lambda i: f"/programs/{i['program']}/"),
        Page("events list", "anonymous", lambda i: "/events/"),
        Page("event page", "anonymous", lambda i: f"/events/{i['event']}/"),
        Page("learner: cabinet", "learner", lambda i: "/cabinet/"),
        Page("learner: my applications", "learner", lambda i: "/applications/my/"),
        Page("learner: my week", "learner", lambda i: "/training/my/week/", heavy=True),
        Page("learner: my marks", "learner", lambda i: "/training/my/marks/"),
        Page("learner: my events", "learner", lambda i: "/events/my/"),
        Page("teacher: cabinet", "teacher", lambda i: "/cabinet/", heavy=True),
        Page("teacher: my week", "teacher", lambda i: "/training/my/week/", heavy=True),
        Page("teacher: journal", "teacher", lambda i: f"/training/groups/{i['group']}/journal/", heavy=True),
        Page("partner: cabinet", "partner", lambda i: "/cabinet/", heavy=True),
        Page("partner: groups", "partner", lambda i: "/training/groups/"),
        Page("customer: cabinet", "customer", lambda i: "/cabinet/", heavy=True),
        Page("customer: applications", "customer", lambda i: "/applications/org/"),
        Page("staff: cabinet", "staff", lambda i: "/cabinet/", heavy=True),
        Page("staff: inbox", "staff", lambda i: "/applications/inbox/"),
        Page("staff: inbox, status filter", "staff", lambda i: "/applications/inbox/?status=in_review"),
        Page("staff: inbox, search «иванов»", "staff", lambda i: "/applications/inbox/?q=иванов"),
        Page("staff: application card", "staff", lambda i: f"/applications/inbox/{i['application']}/"),
        Page("staff: groups", "staff", lambda i: "/training/groups/"),
        Page("staff: group card", "staff", lambda i: f"/training/groups/{i['group']}/"),
        Page("staff: group schedule", "staff", lambda i: f"/training/groups/{i['group']}/schedule/", heavy=True),
        Page("staff: journal", "staff", lambda i: f"/training/groups/{i['group']}/journal/", heavy=True),
        Page("staff: region week timetable", "staff", lambda i: "/training/region/", heavy=True),
        Page("staff: load chart, 8 weeks", "staff", lambda i: f"/training/load/?{eight_weeks}", heavy=True),
        Page("staff: load chart, 400 days", "staff", lambda i: f"/training/load/?{long_period}", heavy=True),
        Page("staff: resources registry", "staff", lambda i: "/resources/registry/"),
        Page("staff: organisations", "staff", lambda i: "/organizations/list/"),
        Page("coordinator: cabinet", "coordinator", lambda i: "/cabinet/", heavy=True),
        # The apps that came later (vacancies, surveys, monitoring, the module library).
        Page("vacancy search", "anonymous", lambda i: "/vacancies/"),
        Page("vacancy search «сварщик»", "anonymous", lambda i: "/vacancies/?q=сварщик"),
        Page("staff: survey results", "staff", lambda i: f"/surveys/manage/{i['survey']}/results/", heavy=True),
        Page("coordinator: monitoring dashboard", "coordinator", lambda i: "/monitoring/", heavy=True),
        Page("partner: module library", "partner", lambda i: "/programs/library/"),
        Page("staff: module library, search", "staff", lambda i: "/programs/library/?q=модуль"),
        # The upper apps (demonstration exams, portfolios, materials and their review) and the searchable choices.
        Page("staff: demo exam register", "staff", lambda i: "/training/demo-exams/"),
        Page("customer: portfolio search", "customer", lambda i: "/portfolio/candidates/"),
        Page("materials catalogue", "anonymous", lambda i: "/learning/materials/"),
        Page("staff: materials library", "staff", lambda i: "/learning/materials/library/"),
        Page("staff: reviews", "staff", lambda i: "/reviews/"),
        Page("staff: new group form", "staff", lambda i: "/training/groups/new/"),
        Page("staff: new survey form", "staff", lambda i: "/surveys/manage/new/"),
        Page("choices: catalogue providers «кол»", "anonymous", lambda i: "/programs/choices/providers/?q=кол"),
        Page("choices: sites «мастерская»", "staff", lambda i: "/resources/sites/choices/?q=мастерская"),
        Page("partner: library author choices", "partner", lambda i: "/programs/library/authors/"),
        Page("API programs, first page", "staff", lambda i: "/api/v1/programs/"),
        Page("API applications, first page", "staff", lambda i: "/api/v1/applications/"),
        Page("API applications, deep page", "staff",
             lambda i: f"/api/v1/applications/?cursor={i['applications_deep']}"),
        Page("API lessons, first page", "staff", lambda i: "/api/v1/training/lessons/"),
        Page("API lessons, deep page", "staff",
             lambda i: f"/api/v1/training/lessons/?cursor={i['lessons_deep']}"),
        Page("API marks, first page", "staff", lambda i: "/api/v1/training/marks/"),
        Page("API marks, deep page", "staff", lambda i: f"/api/v1/training/marks/?cursor={i['marks_deep']}"),
    ]


class Database:
    """One generated database with its own open connection, cache prefix and signed-in clients."""

    def __init__(self, label: str, name: str):
        self.label, self.name = label, name
        self.wrapper = connections.create_connection("default")
        # Kept open for the whole run: with the settings' CONN_MAX_AGE (60 s) Django closed it at the start of a
        # request a minute into the run, and the next page's first query (the session's) paid for a new
        # connection, 170-240 ms, flagged as the slowest query at L.
        self.wrapper.settings_dict = {**self.wrapper.settings_dict, "NAME": name, "CONN_MAX_AGE": None}
        self.clients: dict[str, Client] = {}
        self.ids: dict = {}

    def activate(self) -> None:
        """Make this database Django's default connection and give the cache a prefix of its own."""
        connections._connections.default = self.wrapper
        caches["default"].key_prefix = f"bench-{self.name}"
        self.wrapper.ensure_connection()

    def prepare(self) -> None:
        self.activate()
        self.ids = _ids(self.wrapper)
        users = {**ROLE_USERS, "customer": self.ids["customer"]}
        for role, email in users.items():
            _second_factor(email)
            client = Client(SERVER_NAME="localhost")
            if email and not client.login(username=email, password=PASSWORD):
                raise RuntimeError(f"{self.label}: cannot sign in as {email}")
            self.clients[role] = client


def _second_factor(email) -> None:
    """Staff, coordinators and administrators work only with a second factor (issue 14): their generated accounts
    get an authenticator if they have none, so the signed-in client reaches the pages instead of the set-up."""
    from copp.accounts.mfa import mfa_required, totp_enabled, totp_set
    from copp.accounts.models import User

    user = User.objects.filter(email=email).first() if email else None
    if user is not None and mfa_required(user) and not totp_enabled(user):
        totp_set(user, BENCH_TOTP_SECRET)


def _plan_flags(wrapper, sql: str) -> tuple[str, float]:
    """EXPLAIN ANALYZE of a query: flags for a sequential scan of a big table or a sort on disk."""
    if not sql.lstrip().upper().startswith("SELECT"):
        return "", 0.0
    with wrapper.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        flags = []

        def walk(node):
            if node.get("Node Type") == "Seq Scan":
                cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [node.get("Relation Name")])
                row = cursor.fetchone()
                if row and row[0] >= BIG_TABLE_ROWS:
                    flags.append(f"seq scan {node['Relation Name']} ({int(row[0]):,} rows)")
            if "external" in str(node.get("Sort Method", "")) or node.get("Sort Space Type") == "Disk":
                flags.append("sort on disk")
            for child in node.get("Plans", []):
                walk(child)
        walk(plan[0]["Plan"])
    return "; ".join(flags), plan[0].get("Execution Time", 0.0)


def measure(page: Page, db: Database, capture: bool = False) -> dict:
    """One request; with `capture` also its queries (count, slowest) — captured runs are not timed."""
    db.activate()
    # Python's collector runs between requests, not inside one: a full collection of the run's heap (a few hundred
    # requests in) took ~180 ms and was charged to whichever query was running, always the same one.
    gc.collect()
    gc.disable()
    try:
        return _request(page, db, capture)
    finally:
        gc.enable()


def _request(page: Page, db: Database, capture: bool) -> dict:
    client = db.clients[page.role]
    url = page.url(db.ids)
    if capture:
        with CaptureQueriesContext(db.wrapper) as queries:
            response = client.get(url)
        slowest = max(queries.captured_queries, key=lambda q: float(q["time"]), default=None)
        return {"status": response.status_code, "queries": len(queries),
                "slowest_ms": float(slowest["time"]) * 1000 if slowest else 0.0,
                "slowest_sql": slowest["sql"] if slowest else "",
                "over_limit": sum(1 for q in queries.captured_queries if float(q["time"]) * 1000 > QUERY_LIMIT_MS)}
    started = time.perf_counter()
    response = client.get(url)
    return {"status": response.status_code, "ms": (time.perf_counter() - started) * 1000}


def run(small: str, large: str, rounds: int = 5, log=print, only: list[str] | None = None) -> dict:
    """Measure every page on both databases, interleaved: each round requests a page at S, then at L; with
    `only`, the floor and the pages whose name holds one of those words."""
    dbs = [Database("S", small), Database("L", large)]
    # The benchmark measures the pages, not the second factor's set-up: without this, every page of CoPP staff,
    # coordinators and administrators is a redirect to it (copp.accounts.mfa) and their API answers 403.
    with override_settings(ROOT_URLCONF="copp.portal.scale.bench_urls", DEBUG=False, COPP_MFA_REQUIRED_ROLES=[]):
        for db in dbs:
            db.prepare()
        measured = pages()
        if only:
            measured = measured[:1] + [p for p in measured[1:] if any(word in p.name for word in only)]
        for page in measured:
            for db in dbs:
                measure(page, db)  # warm-up: per-process caches filled, so S and L count the same queries
            for db in dbs:
                page.result[db.label] = measure(page, db, capture=True)
            times = {db.label: [] for db in dbs}
            for _round in range(rounds):
                for db in dbs:
                    times[db.label].append(measure(page, db)["ms"])
            for db in dbs:
                page.result[db.label]["median_ms"] = statistics.median(times[db.label])
            large_db = dbs[1]
            large_db.activate()
            flags, explain_ms = _plan_flags(large_db.wrapper, page.result["L"]["slowest_sql"])
            page.result["L"]["flags"], page.result["L"]["explain_ms"] = flags, explain_ms
            log(f"  {page.name}: S {page.result['S']['median_ms']:.0f} ms, L {page.result['L']['median_ms']:.0f} ms")
        for db in dbs:
            db.wrapper.close()
    return {"pages": measured, "ids": {db.label: db.ids for db in dbs}}


def gates(measured: list[Page]) -> tuple[list[dict], list[tuple[str, bool, str]]]:
    """The table rows and the four gates of issue 15, each PASS or FAIL with the pages that break it."""
    floor = measured[0].result["L"]["median_ms"]
    rows, same_queries, ratio, vs_floor, slow = [], [], [], [], []
    for page in measured:
        s, big = page.result["S"], page.result["L"]
        row = {"page": page.name, "role": page.role, "heavy": page.heavy, "status": f"{s['status']}/{big['status']}",
               "queries": f"{s['queries']}/{big['queries']}", "s_ms": s["median_ms"], "l_ms": big["median_ms"],
               "ratio": big["median_ms"] / s["median_ms"] if s["median_ms"] else 0.0,
               "floor": big["median_ms"] / floor if floor else 0.0, "slowest_ms": big["slowest_ms"],
               "flags": big.get("flags", ""), "slowest_sql": big["slowest_sql"]}
        rows.append(row)
        if page is measured[0]:
            continue
        if s["queries"] != big["queries"]:
            same_queries.append(page.name)
        if row["ratio"] > RATIO_LIMIT:
            ratio.append(page.name)
        if row["floor"] > (HEAVY_LIMIT if page.heavy else LIGHT_LIMIT):
            vs_floor.append(page.name)
        if big["over_limit"]:
            slow.append(page.name)
    results = [
        ("same query count at S and L", not same_queries, ", ".join(same_queries)),
        (f"L/S ≤ {RATIO_LIMIT}", not ratio, ", ".join(ratio)),
        (f"at L: light page ≤ {LIGHT_LIMIT}× floor, heavy ≤ {HEAVY_LIMIT}×", not vs_floor, ", ".join(vs_floor)),
        (f"no query over {QUERY_LIMIT_MS} ms at L", not slow, ", ".join(slow)),
    ]
    return rows, results
