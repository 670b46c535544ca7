"""Client of the hh.ru vacancy search (integrations.md §3): an application token (client_credentials), a
User-Agent on every request, `per_page` ≤ 100, and the 2,000-item depth limit worked around by splitting the
period into date windows (`date_from`/`date_to`) until each holds fewer than 2,000 vacancies."""
import datetime as dt
from urllib.parse import urlencode

from .http import Caller, SourceError
from .records import ExternalVacancy, positive_int

PER_PAGE = 100
DEPTH = 2000
MIN_WINDOW = dt.timedelta(minutes=10)  # hh.ru rounds dates to 5 minutes: no window narrower than two steps
EMPLOYMENT = {"full": "full", "part": "part", "project": "project", "probation": "internship",
              "volunteer": "project"}
SCHEDULE = {"fullDay": "full_day", "shift": "shift", "flexible": "flexible", "remote": "remote",
            "flyInFlyOut": "rotation"}
EXPERIENCE = {"noExperience": 0, "between1And3": 1, "between3And6": 3, "moreThan6": 6}


def _throttled(status: int, body: bytes) -> bool:
    # Bursts answer 400 {"errors":[{"type":"bad_request"}]}: wait and try again.
    return status == 400 and b'"bad_request"' in body


class HhruClient:
    def __init__(self, *, base_url: str, user_agent: str, area: str, client_id: str = "", client_secret: str = "",
                 token: str = "", token_url: str = "", caller: Caller | None = None):
        if not user_agent:
            raise ValueError("hh.ru requires a User-Agent such as «MyApp/1.0 (dev@example.com)»")
        self.base_url = base_url.rstrip("/")
        self.token_url = token_url or f"{self.base_url}/oauth/token"
        self.user_agent, self.area = user_agent, area
        self.client_id, self.client_secret, self.token = client_id, client_secret, token
        self.caller = caller or Caller(pause=0.15)

    def _headers(self) -> dict:
        headers = {"User-Agent": self.user_agent, "HH-User-Agent": self.user_agent, "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def obtain_token(self) -> str:
        """An application token (unlimited lifetime; hh.ru allows a new one at most every 5 minutes)."""
        body = urlencode({"grant_type": "client_credentials", "client_id": self.client_id,
                          "client_secret": self.client_secret}).encode()
        answer = self.caller.json(self.token_url, data=body, headers={
            "User-Agent": self.user_agent, "Content-Type": "application/x-www-form-urlencoded"},
            retry_on=_throttled)
        self.token = answer.get("access_token") or ""
        if not self.token:
            raise SourceError("hh.ru не выдал токен приложения")
        return self.token

    def _search(self, params: dict) -> dict:
        url = f"{self.base_url}/vacancies?{urlencode(params, doseq=True)}"
        return self.caller.json(url, headers=self._headers(), retry_on=_throttled)

    def fetch(self, *, since: dt.datetime | None = None, until: dt.datetime | None = None,
              progress=None) -> list[dict]:
        """Every vacancy of the area published (or updated) in [since, until), deduplicated by id."""
        if not self.token and self.client_id:
            self.obtain_token()
        # hh.ru rounds date_to down to 5 minutes: a bound a little ahead keeps the newest vacancies in.
        until = until or dt.datetime.now(dt.UTC) + MIN_WINDOW
        since = since or until - dt.timedelta(days=365)
        found: dict[str, dict] = {}
        windows = [(since, until)]
        while windows:
            start, end = windows.pop()
            params = {"area": self.area, "per_page": PER_PAGE, "page": 0, "order_by": "publication_time",
                      "date_from": _hh_time(start), "date_to": _hh_time(end)}
            answer = self._search(params)
            total = int(answer.get("found") or 0)
            if total >= DEPTH and end - start > MIN_WINDOW:
                middle = start + (end - start) / 2
                windows.extend([(start, middle), (middle, end)])
                continue
            if total >= DEPTH:
                raise SourceError(f"в окне {start:%d.%m %H:%M}–{end:%H:%M} больше {DEPTH} вакансий")
            items = list(answer.get("items") or [])
            pages = int(answer.get("pages") or 1)
            for page in range(1, pages):
                items.extend(self._search({**params, "page": page}).get("items") or [])
            for item in items:
                if item.get("id") is not None:
                    found[str(item["id"])] = item
            if progress:
                progress(len(found), None)
        return list(found.values())


def _hh_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        raise ValueError("дата в неизвестном формате") from None


def _strip_highlight(text: str | None) -> str:
    return (text or "").replace("<highlighttext>", "").replace("</highlighttext>", "").strip()


def parse(raw: dict) -> ExternalVacancy:
    """One search item as an ExternalVacancy; tolerates `salary_range` and null salary and snippets."""
    external_id, title = str(raw.get("id") or "").strip(), str(raw.get("name") or "").strip()
    if not external_id:
        raise ValueError("нет идентификатора вакансии")
    if not title:
        raise ValueError("нет названия вакансии")
    salary = raw.get("salary") or raw.get("salary_range") or {}
    if salary.get("currency") not in (None, "RUR", "RUB"):
        salary = {}  # a salary in another currency says nothing about the region's market in roubles
    employer = raw.get("employer") or {}
    snippet = raw.get("snippet") or {}
    address = raw.get("address") or {}
    area = raw.get("area") or {}
    return ExternalVacancy(
        external_id=external_id, title=title[:300], employer_name=str(employer.get("name") or "—")[:300],
        municipality=str(address.get("city") or area.get("name") or ""), address=str(address.get("raw") or "")[:500],
        salary_from=positive_int(salary.get("from")), salary_to=positive_int(salary.get("to")),
        employment=EMPLOYMENT.get((raw.get("employment") or {}).get("id"), "full"),
        schedule=SCHEDULE.get((raw.get("schedule") or {}).get("id"), "full_day"),
        experience_years=EXPERIENCE.get((raw.get("experience") or {}).get("id"), 0),
        duties=_strip_highlight(snippet.get("responsibility")),
        requirements=_strip_highlight(snippet.get("requirement")),
        source_url=str(raw.get("alternate_url") or "")[:500],
        modified_at=_parse_time(raw.get("published_at")), published_at=_parse_time(raw.get("created_at")))
