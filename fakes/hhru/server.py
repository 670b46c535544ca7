"""A local hh.ru API that checks what the real one checks (integrations.md §3, «How to fake it» 1-11).

GET /vacancies (area with child areas, text, only_with_salary, professional_role, date_from/date_to rounded to
5 minutes, period, page/per_page with the 2,000-item depth limit), GET /vacancies/{id}, GET /areas[/{id}],
POST /oauth/token (client_credentials). A User-Agent or HH-User-Agent is required, a Bearer application token
too (unless anonymous mode, where search answers 403 captcha_required), and more than `rps` requests a second
get `400 bad_request`. Standard library only, state in memory.
"""
import collections
import datetime as dt
import re
import secrets
import threading
import time
import uuid
from urllib.parse import parse_qs, urlsplit

from ..httpbase import FaultySource, JsonHandler
from ..jobdata import MUNICIPALITIES, REGION_AREA_ID, JobRecord, make_records, mutate

MAX_PER_PAGE = 100
DEPTH = 2000
DEPTH_ERROR = {"description": "you can't look up more than 2000 items in the list", "bad_argument": "page, per_page",
               "errors": [{"type": "bad_argument", "value": "page"}, {"type": "bad_argument", "value": "per_page"}],
               "bad_arguments": [{"name": "page, per_page",
                                  "description": "you can't look up more than 2000 items in the list"}]}
BLACKLISTED_AGENTS = ("python-urllib", "python-requests", "curl/", "wget/")
ONE_PATH = re.compile(r"^/vacancies/(\d+)$")
AREA_PATH = re.compile(r"^/areas/(\d+)$")


def _areas() -> list[dict]:
    cities = sorted({(area, name) for name, area in MUNICIPALITIES})
    region = {"id": REGION_AREA_ID, "parent_id": "113", "name": "Свердловская область",
              "areas": [{"id": area, "parent_id": REGION_AREA_ID, "name": name, "areas": []} for area, name in cities]}
    moscow = {"id": "1", "parent_id": "113", "name": "Москва", "areas": []}
    return [{"id": "113", "parent_id": None, "name": "Россия", "areas": [moscow, region]}]


AREAS = _areas()


def _descendants(area_id: str) -> set[str]:
    def walk(nodes, inside):
        found = set()
        for node in nodes:
            hit = inside or node["id"] == area_id
            if hit:
                found.add(node["id"])
            found |= walk(node["areas"], hit)
        return found

    return walk(AREAS, False)


def _find_area(area_id: str, nodes=None):
    for node in AREAS if nodes is None else nodes:
        if node["id"] == area_id:
            return node
        found = _find_area(area_id, node["areas"])
        if found:
            return found
    return None


def _hh_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone(dt.timedelta(hours=5))).strftime("%Y-%m-%dT%H:%M:%S%z")


def _parse_time(value: str) -> dt.datetime | None:
    for pattern in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(value, pattern)
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=3)))  # hh.ru reads a bare date as MSK
        # Rounded down to 5 minutes, as the real API does.
        return moment.replace(minute=moment.minute - moment.minute % 5, second=0)
    return None


def _error(handler, status: int, kind: str, value: str | None = None, **extra) -> None:
    error = {"type": kind}
    if value is not None:
        error["value"] = value
    handler.send_json(status, {"errors": [error], "request_id": uuid.uuid4().hex, **extra})


class FakeHhru(FaultySource):
    """Vacancies of the region and the API over them; tests call `mutate`, `add_fault` and read `requests`."""

    def __init__(self, *, count: int = 3000, seed: int = 1261, rps: int = 9, anonymous: bool = False,
                 client_id: str = "COPP-DEMO", client_secret: str = "copp-demo-secret", now=None):  # noqa: S107 (the demo's own)
        super().__init__()
        self.rps, self.anonymous = rps, anonymous
        self.client_id, self.client_secret = client_id, client_secret
        self.tokens: set[str] = set()
        self.records: dict[str, JobRecord] = {}
        self.ids: dict[str, str] = {}
        self.next_id = 70000000
        self._hits: collections.deque = collections.deque()
        self._hits_lock = threading.Lock()
        for record in make_records(count, seed=seed, now=now):
            self._add(record)

    def _add(self, record: JobRecord) -> None:
        self.next_id += 1
        self.ids[record.key] = str(self.next_id)
        self.records[str(self.next_id)] = record

    def mutate(self, **kwargs) -> dict[str, list[str]]:
        with self.lock:
            by_key = {r.key: r for r in self.records.values()}
            changes = mutate(by_key, **kwargs)
            for key in changes["removed"]:
                del self.records[self.ids.pop(key)]
            for key in changes["added"]:
                self._add(by_key[key])
            return {name: [self.ids.get(k, k) for k in keys] for name, keys in changes.items()}

    def issue_token(self) -> str:
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens = {token}  # a new token revokes the old one
        return token

    def render(self, vid: str, record: JobRecord, text: str = "") -> dict:
        salary = None
        if record.salary_from or record.salary_to:
            salary = {"from": record.salary_from, "to": record.salary_to, "currency": "RUR", "gross": False}
        requirement = f"Опыт работы от {record.experience} лет. Образование: {record.education.lower()}."
        responsibility = record.duty
        if text:
            pattern = re.compile(re.escape(text), re.IGNORECASE)
            responsibility = pattern.sub(lambda m: f"<highlighttext>{m.group(0)}</highlighttext>", responsibility)
        return {
            "id": vid, "name": record.title, "premium": False,
            "area": {"id": record.area_id, "name": record.municipality, "url": f"https://api.hh.ru/areas/{record.area_id}"},
            "salary": salary,
            "type": {"id": "open", "name": "Открытая"},
            "address": {"raw": record.address, "city": record.municipality, "lat": None, "lng": None},
            "employer": {"id": record.inn[-6:], "name": record.employer,
                         "url": f"https://api.hh.ru/employers/{record.inn[-6:]}",
                         "alternate_url": f"https://hh.ru/employer/{record.inn[-6:]}", "trusted": True},
            "snippet": {"requirement": requirement, "responsibility": responsibility},
            "schedule": {"id": record.schedule[0], "name": record.schedule[1]},
            "employment": {"id": record.employment[0], "name": record.employment[1]},
            "experience": {"id": _experience_id(record.experience), "name": ""},
            "published_at": _hh_time(record.modified), "created_at": _hh_time(record.created),
            "archived": False, "alternate_url": f"https://hh.ru/vacancy/{vid}",
            "url": f"https://api.hh.ru/vacancies/{vid}", "contacts": None,
        }

    def handler_class(self):
        source = self

        class Handler(JsonHandler):
            pass

        Handler.source = source
        Handler.do_GET = lambda handler: source.answer(handler)
        Handler.do_POST = lambda handler: source.answer(handler)
        return Handler

    def _throttled(self) -> bool:
        now = time.monotonic()
        with self._hits_lock:
            while self._hits and now - self._hits[0] > 1.0:
                self._hits.popleft()
            self._hits.append(now)
            return len(self._hits) > self.rps

    def answer(self, handler: JsonHandler) -> None:
        url = urlsplit(handler.path)
        query = parse_qs(url.query)
        if handler.control(query):
            return
        with self.lock:
            self.requests.append(handler.path)
        agent = handler.headers.get("HH-User-Agent") or handler.headers.get("User-Agent") or ""
        if not agent:
            _error(handler, 400, "bad_user_agent", "unset")
            return
        if agent.lower().startswith(BLACKLISTED_AGENTS):
            _error(handler, 400, "bad_user_agent", "blacklisted")
            return
        if self._throttled():
            _error(handler, 400, "bad_request")
            return
        if url.path == "/oauth/token" and handler.command == "POST":
            self._token(handler)
            return
        if handler.command != "GET":
            _error(handler, 405, "method_not_allowed")
            return
        if url.path == "/areas":
            handler.send_json(200, AREAS)
            return
        area = AREA_PATH.match(url.path)
        if area:
            node = _find_area(area.group(1))
            handler.send_json(200, node) if node else _error(handler, 404, "not_found")
            return
        authorised = self._authorised(handler)
        if authorised is False:
            _error(handler, 403, "oauth", "bad_authorization")
            return
        if authorised is None and not self.anonymous:
            _error(handler, 403, "oauth", "token_required")
            return
        if authorised is None:
            _error(handler, 403, "captcha_required", captcha_url="https://hh.ru/account/captcha",
                   fallback_url="https://hh.ru/account/captcha")
            return
        one = ONE_PATH.match(url.path)
        if one:
            record = self.records.get(one.group(1))
            handler.send_json(200, self.render(one.group(1), record)) if record else _error(handler, 404, "not_found")
            return
        if url.path.rstrip("/") != "/vacancies":
            _error(handler, 404, "not_found")
            return
        self._search(handler, query)

    def _authorised(self, handler) -> bool | None:
        header = handler.headers.get("Authorization", "")
        if not header:
            return None
        return header.startswith("Bearer ") and header[7:] in self.tokens

    def _token(self, handler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        form = parse_qs(handler.rfile.read(length).decode()) if length else {}
        field = lambda name: form.get(name, [""])[0]  # noqa: E731
        if field("grant_type") != "client_credentials":
            handler.send_json(400, {"error": "unsupported_grant_type"})
            return
        if field("client_id") != self.client_id or field("client_secret") != self.client_secret:
            handler.send_json(400, {"error": "invalid_client", "error_description": "client_id or client_secret "
                                                                                     "not found"})
            return
        handler.send_json(200, {"access_token": self.issue_token(), "token_type": "bearer"})

    def _search(self, handler, query: dict) -> None:
        first = lambda name, default="": query.get(name, [default])[0]  # noqa: E731
        try:
            page, per_page = int(first("page", "0")), int(first("per_page", "20"))
        except ValueError:
            _error(handler, 400, "bad_argument", "page")
            return
        if per_page > MAX_PER_PAGE or per_page < 1:
            _error(handler, 400, "bad_argument", "per_page")
            return
        if per_page * (page + 1) > DEPTH:
            handler.send_json(400, {**DEPTH_ERROR, "request_id": uuid.uuid4().hex})
            return
        if first("period") and first("date_from"):
            _error(handler, 400, "bad_argument", "period")
            return
        if first("date_to") and not first("date_from"):
            _error(handler, 400, "bad_argument", "date_to")
            return
        date_from = _parse_time(first("date_from")) if first("date_from") else None
        date_to = _parse_time(first("date_to")) if first("date_to") else None
        if (first("date_from") and date_from is None) or (first("date_to") and date_to is None):
            _error(handler, 400, "bad_argument", "date_from" if date_from is None else "date_to")
            return
        with self.lock:
            found = list(self.records.items())
        areas = set()
        for area in query.get("area", []):
            areas |= _descendants(area)
        if query.get("area"):
            found = [(i, r) for i, r in found if r.area_id in areas]
        text = first("text").strip()
        if text:
            found = [(i, r) for i, r in found if text.lower() in (r.title + " " + r.duty).lower()]
        if first("only_with_salary") == "true":
            found = [(i, r) for i, r in found if r.salary_from or r.salary_to]
        if first("period"):
            since = dt.datetime.now(dt.UTC) - dt.timedelta(days=min(int(first("period") or 30), 30))
            found = [(i, r) for i, r in found if r.modified >= since]
        if date_from:
            found = [(i, r) for i, r in found if r.modified >= date_from]
        if date_to:
            found = [(i, r) for i, r in found if r.modified < date_to]
        found.sort(key=lambda item: (item[1].modified, item[0]), reverse=True)
        chunk = found[page * per_page:(page + 1) * per_page]
        payload = {"items": [self.render(i, r, text) for i, r in chunk], "found": len(found),
                   "pages": min(-(-len(found) // per_page), DEPTH // per_page), "per_page": per_page, "page": page,
                   "clusters": None, "arguments": None, "alternate_url": "https://hh.ru/search/vacancy"}
        fault = self.take_fault(page)
        if fault:
            handler.answer_with_fault(fault, payload, lambda: _error(handler, 400, "bad_request"))
            return
        handler.send_json(200, payload)


def _experience_id(years: int) -> str:
    if years == 0:
        return "noExperience"
    if years < 3:
        return "between1And3"
    if years < 6:
        return "between3And6"
    return "moreThan6"
