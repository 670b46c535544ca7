"""A local «Работа России» (trudvsem) open data API that answers as integrations.md §2 describes.

Paths: GET /api/v1/vacancies, /api/v1/vacancies/region/{13-digit code}, /api/v1/vacancies/vacancy/{company}/{id}.
`limit` is clamped to 100; `offset` is a page index (or a record offset with offset_mode="record"); `text` is a
substring of `job-name`; `modifiedFrom` (yyyy-MM-ddTHH:mm:ssZ) filters on `date_modify`. Absent values are "",
`status` is the string "200", `results` is {} when nothing matches. Standard library only, state in memory.
"""
import datetime as dt
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

from ..httpbase import FaultySource, JsonHandler
from ..jobdata import JobRecord, make_records, mutate

REGION_CODE = "6600000000000"
REGION_NAME = "Свердловская область"
MAX_LIMIT = 100
REGION_PATH = re.compile(r"^/api/v1/vacancies/region/(\d+)$")
ONE_PATH = re.compile(r"^/api/v1/vacancies/vacancy/([^/]+)/([^/]+)$")


def _company_code(inn: str) -> str:
    return hashlib.sha256(inn.encode()).hexdigest()[:12]


def _modified(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def render(record: JobRecord) -> dict:
    """One record in the API's shape: hyphenated keys, "" for absent values, salary as text and numbers."""
    company = _company_code(record.inn)
    if record.salary_from and record.salary_to:
        salary = f"от {record.salary_from} до {record.salary_to}"
    elif record.salary_from:
        salary = f"от {record.salary_from}"
    elif record.salary_to:
        salary = f"до {record.salary_to}"
    else:
        salary = ""
    return {"vacancy": {
        "id": record.key, "source": "Работа России",
        "region": {"region_code": REGION_CODE, "name": REGION_NAME},
        "company": {"companycode": company, "name": record.employer, "inn": record.inn, "kpp": "", "ogrn": "",
                    "email": "", "phone": "", "url": "", "hr-agency": False},
        "creation-date": record.created.strftime("%Y-%m-%d"),
        "date_modify": record.modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "job-name": record.title,
        "vac_url": f"https://trudvsem.ru/vacancy/card/{company}/{record.key}",
        "salary": salary, "salary_min": record.salary_from or 0, "salary_max": record.salary_to or 0,
        "currency": "«руб.»", "employment": record.employment[1], "schedule": record.schedule[1],
        "duty": record.duty, "category": {"specialisation": ""},
        "requirement": {"education": record.education, "experience": record.experience, "qualification": ""},
        "addresses": {"address": [{"location": record.address, "lng": "", "lat": ""}]},
        "contact_list": [{"contact_type": "Телефон", "contact_value": "+7 (343) 000-00-00"}],
        "contact_person": "", "work_places": record.places,
        "workPlaceType": {"workPlaceQuota": False, "workPlaceSpecial": False},
        "social_protected": "", "term": {"text": ""},
    }}


class FakeTrudvsem(FaultySource):
    """The vacancies of one region and the API over them; tests call `mutate` and `add_fault` directly."""

    def __init__(self, *, count: int = 2500, seed: int = 66, offset_mode: str = "page", now=None):
        super().__init__()
        self.offset_mode = offset_mode
        self.records = {r.key: r for r in make_records(count, seed=seed, now=now)}

    def mutate(self, **kwargs) -> dict[str, list[str]]:
        with self.lock:
            return mutate(self.records, **kwargs)

    def search(self, *, region: str | None, text: str, modified_from: dt.datetime | None) -> list[JobRecord]:
        with self.lock:
            found = list(self.records.values())
        if region is not None and region != REGION_CODE:
            return []
        if text:
            found = [r for r in found if text.lower() in r.title.lower()]
        if modified_from:
            found = [r for r in found if r.modified >= modified_from]
        return sorted(found, key=lambda r: (r.created, r.key), reverse=True)

    def handler_class(self):
        source = self

        class Handler(JsonHandler):
            pass

        Handler.source = source
        Handler.do_GET = lambda handler: source.answer(handler)
        Handler.do_POST = lambda handler: source.answer(handler)
        return Handler

    def answer(self, handler: JsonHandler) -> None:
        url = urlsplit(handler.path)
        query = parse_qs(url.query)
        if handler.control(query):
            return
        with self.lock:
            self.requests.append(handler.path)
        if handler.command != "GET":
            handler.send_json(405, {"status": "405", "error": "Method Not Allowed"})
            return
        one = ONE_PATH.match(url.path)
        if one:
            record = self.records.get(one.group(2))
            results = {"vacancies": [render(record)]} if record and _company_code(record.inn) == one.group(1) else {}
            handler.send_json(200, {"status": "200", "request": {"api": "v1"},
                                    "meta": {"total": len(results and results["vacancies"]), "limit": 1},
                                    "results": results})
            return
        region = REGION_PATH.match(url.path)
        if url.path.rstrip("/") != "/api/v1/vacancies" and not region:
            handler.send_json(404, {"status": "404", "error": "Not Found"})
            return
        try:
            limit = max(1, min(int(query.get("limit", [str(MAX_LIMIT)])[0]), MAX_LIMIT))
            offset = max(0, int(query.get("offset", ["0"])[0]))
        except ValueError:
            handler.send_json(400, {"status": "400", "error": "Bad Request"})
            return
        page = offset if self.offset_mode == "page" else offset // limit
        start = offset * limit if self.offset_mode == "page" else offset
        found = self.search(region=region.group(1) if region else None, text=query.get("text", [""])[0],
                            modified_from=_modified(query.get("modifiedFrom", [""])[0]))
        chunk = found[start:start + limit]
        payload = {"status": "200", "request": {"api": "v1"}, "meta": {"total": len(found), "limit": limit},
                   "results": {"vacancies": [render(r) for r in chunk]} if chunk else {}}
        fault = self.take_fault(page)
        if fault:
            handler.answer_with_fault(fault, payload, lambda: handler.send_html(429, "<h1>Too Many Requests</h1>"))
            return
        handler.send_json(200, payload)
