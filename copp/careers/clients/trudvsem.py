"""Client of the «Работа России» open data API (integrations.md §2): the region's vacancies page by page,
`offset` as a page index, `limit` ≤ 100, `modifiedFrom` for increments, "" for absent values."""
import datetime as dt
from urllib.parse import urlencode

from .http import Caller, SourceError
from .records import ExternalVacancy, positive_int

PAGE_SIZE = 100
EMPLOYMENT = {"полная занятость": "full", "частичная занятость": "part", "временная": "project",
              "проектная работа": "project", "сезонная": "seasonal", "стажировка": "internship"}
SCHEDULE = {"полный рабочий день": "full_day", "сменный график": "shift", "гибкий график": "flexible",
            "неполный рабочий день": "flexible", "удаленная работа": "remote", "вахтовый метод": "rotation"}
EDUCATION = {"высшее": "higher", "среднее профессиональное": "vocational", "среднее": "secondary",
             "среднее общее": "secondary"}


class TrudvsemClient:
    def __init__(self, *, base_url: str, region_code: str, caller: Caller | None = None, max_pages: int = 1000):
        if not (region_code.isdigit() and len(region_code) == 13):
            raise ValueError("region_code must be the 13-digit code of the region, e.g. 6600000000000")
        self.base_url = base_url.rstrip("/")
        self.region_code = region_code
        self.caller = caller or Caller(pause=1.0)
        self.max_pages = max_pages

    def fetch(self, *, since: dt.datetime | None = None, progress=None) -> list[dict]:
        """Every vacancy of the region (changed since `since` when given), as raw API objects."""
        found: list[dict] = []
        total = None
        for page in range(self.max_pages):
            params = {"offset": page, "limit": PAGE_SIZE}
            if since:
                params["modifiedFrom"] = since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            url = f"{self.base_url}/api/v1/vacancies/region/{self.region_code}?{urlencode(params)}"
            answer = self.caller.json(url, headers={"Accept": "application/json"})
            if str(answer.get("status")) != "200":
                raise SourceError(f"источник ответил статусом {answer.get('status')!r}")
            total = int((answer.get("meta") or {}).get("total") or 0)
            results = answer.get("results") or {}
            chunk = [item.get("vacancy") or {} for item in results.get("vacancies") or []]
            found.extend(chunk)
            if progress:
                progress(len(found), total)
            if not chunk or len(found) >= total:
                break
        if total is not None and len(found) < total:
            raise SourceError(f"получено {len(found)} из {total} вакансий: список оборвался")
        return found


def _text(value) -> str:
    return str(value or "").strip()


def parse(raw: dict) -> ExternalVacancy:
    """One API object as an ExternalVacancy; a missing id or title raises ValueError with the reason."""
    external_id, title = _text(raw.get("id")), _text(raw.get("job-name"))
    if not external_id:
        raise ValueError("нет идентификатора вакансии")
    if not title:
        raise ValueError("нет названия вакансии")
    company = raw.get("company") or {}
    requirement = raw.get("requirement") or {}
    addresses = ((raw.get("addresses") or {}).get("address") or [{}])
    address = _text(addresses[0].get("location")) if addresses else ""
    contacts = "; ".join(f"{_text(c.get('contact_type'))}: {_text(c.get('contact_value'))}"
                         for c in raw.get("contact_list") or [] if c.get("contact_value"))
    modified = _text(raw.get("date_modify"))
    try:
        modified_at = dt.datetime.strptime(modified, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC) if modified else None
        created = _text(raw.get("creation-date"))
        published_at = dt.datetime.strptime(created, "%Y-%m-%d").replace(tzinfo=dt.UTC) if created else None
    except ValueError:
        raise ValueError("дата в неизвестном формате") from None
    experience = positive_int(requirement.get("experience")) or 0
    return ExternalVacancy(
        external_id=external_id, title=title[:300], employer_name=_text(company.get("name"))[:300] or "—",
        employer_inn=_text(company.get("inn"))[:12], municipality=_municipality(address), address=address[:500],
        salary_from=positive_int(raw.get("salary_min")), salary_to=positive_int(raw.get("salary_max")),
        employment=EMPLOYMENT.get(_text(raw.get("employment")).lower(), "full"),
        schedule=SCHEDULE.get(_text(raw.get("schedule")).lower(), "full_day"),
        education=EDUCATION.get(_text(requirement.get("education")).lower(), "any"),
        experience_years=min(experience, 50), duties=_text(raw.get("duty")),
        requirements=_text(requirement.get("qualification")), contacts=contacts[:1000],
        places=positive_int(raw.get("work_places")) or 1, source_url=_text(raw.get("vac_url"))[:500],
        modified_at=modified_at, published_at=published_at)


def _municipality(address: str) -> str:
    """The town of an address such as «Свердловская область, г. Серов, ул. Ленина, д. 5»."""
    for part in address.split(","):
        part = part.strip()
        if part.startswith("г. "):
            return part[3:].strip()
    return ""
