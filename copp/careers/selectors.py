"""Reads of the careers app shared by views, API and exports: who sees which vacancy, the public search with its
filters and keyset pages, the employer's and the moderators' lists, programs that train for a vacancy."""
import base64
import datetime as dt

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.dateparse import parse_datetime

from copp.core.access import has_capability
from copp.core.lists import KeysetPage
from copp.core.roles import Cap
from copp.organizations.models import Membership, Organization, OrganizationType
from copp.programs.models import Program, ProgramStatus

from .models import ImportRun, SavedSearch, Vacancy, VacancyResponse, VacancySource, VacancyStatus


def employer_organizations(user) -> QuerySet[Organization]:
    """The employer (customer) organisations a user represents: their vacancies are the user's to manage."""
    if not getattr(user, "is_authenticated", False) or not has_capability(user, Cap.VACANCIES_OWN):
        return Organization.objects.none()
    return Organization.objects.filter(
        type=OrganizationType.CUSTOMER,
        pk__in=Membership.objects.filter(user=user, is_active=True).values("organization"))


def vacancies_public() -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(status=VacancyStatus.PUBLISHED)


def vacancies_visible_to(user) -> QuerySet[Vacancy]:
    """Published vacancies for everyone; moderators see every vacancy; an employer also its own in any status."""
    if has_capability(user, Cap.VACANCIES_MODERATE):
        return Vacancy.objects.all()
    own = employer_organizations(user)
    if own.exists():
        return Vacancy.objects.filter(Q(status=VacancyStatus.PUBLISHED) | Q(employer__in=own))
    return vacancies_public()


def vacancies_managed_by(user) -> QuerySet[Vacancy]:
    """Own vacancies the user may edit, send and close."""
    return Vacancy.objects.filter(source=VacancySource.OWN, employer__in=employer_organizations(user))


def vacancies_for_moderation(user) -> QuerySet[Vacancy]:
    if not has_capability(user, Cap.VACANCIES_MODERATE):
        return Vacancy.objects.none()
    return Vacancy.objects.filter(source=VacancySource.OWN)


# --- the public search ------------------------------------------------------------------------------------

SORTS = {
    "new": ("published_at", "-published_at"),
    "salary": ("salary_sort", "-salary_sort"),
}


def vacancies_filter(qs: QuerySet[Vacancy], *, text: str = "", municipality=None, salary=None, profession=None,
                     competency=None, employment: str = "", schedule: str = "", source: str = "",
                     no_experience: bool = False, **_ignored) -> QuerySet[Vacancy]:
    """The search's filters. Text: Russian full-text over title and duties, or a trigram word match on the
    title, so «сваршик» still finds «Сварщик» (GIN indexes on both)."""
    text = (text or "").strip()
    if text:
        _misspelling_threshold()
        qs = qs.filter(Q(search=SearchQuery(text, config="russian", search_type="websearch"))
                       | Q(title__trigram_word_similar=text))
    if municipality:
        qs = qs.filter(municipality=municipality)
    if salary:
        qs = qs.filter(salary_sort__gte=salary)
    if profession:
        qs = qs.filter(profession=profession)
    if competency:
        qs = qs.filter(Exists(Vacancy.competencies.through.objects.filter(vacancy=OuterRef("pk"),
                                                                           competency=competency)))
    if employment:
        qs = qs.filter(employment=employment)
    if schedule:
        qs = qs.filter(schedule=schedule)
    if source:
        qs = qs.filter(source=source)
    if no_experience:
        qs = qs.filter(experience_years=0)
    return qs


# How alike a search word and a word of the title must be (pg_trgm word similarity) for a misspelling to find it:
# «сваршик» and «Сварщик» score 0.5, the default 0.6 would miss it, while unrelated words score below 0.3.
MISSPELLING_THRESHOLD = 0.45


def _misspelling_threshold() -> None:
    """Set the threshold the `%>` operator (and its GIN index) uses on this connection."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                       [str(MISSPELLING_THRESHOLD)])


def _encode(value, pk: int) -> str:
    raw = f"{value.isoformat() if isinstance(value, dt.datetime) else value}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, field: str):
    """(value, pk) of a cursor; None for a broken one (the first page is shown)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        value, pk = raw.rsplit("|", 1)
        pk = int(pk)
        if field == "published_at":
            parsed = parse_datetime(value)
            return (parsed, pk) if parsed else None
        return int(value), pk
    except (ValueError, UnicodeDecodeError):
        return None


def keyset_page(qs: QuerySet[Vacancy], *, sort: str, cursor: str, size: int) -> KeysetPage:
    """Rows after the cursor in (sort key, id) descending order: the same cost on the first and the thousandth
    page, unlike OFFSET (issue 18: fast at a million rows)."""
    field, ordering = SORTS.get(sort, SORTS["new"])
    qs = qs.order_by(ordering, "-pk")
    position = _decode(cursor, field) if cursor else None
    if position:
        value, pk = position
        qs = qs.filter(Q(**{f"{field}__lt": value}) | Q(**{field: value, "pk__lt": pk}))
    rows = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    next_cursor = _encode(getattr(rows[-1], field), rows[-1].pk) if has_next else ""
    return KeysetPage(rows=rows, next_cursor=next_cursor, is_first=position is None)


def with_list_data(qs: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return qs.select_related("municipality", "profession")


# --- a vacancy's page ---------------------------------------------------------------------------------------

def programs_for_vacancy(vacancy: Vacancy, limit: int = 6) -> list[Program]:
    """Published programs that train for the vacancy: the same profession or a shared competency."""
    competencies = list(vacancy.competencies.values_list("pk", flat=True))
    condition = Q(competencies__in=competencies)
    if vacancy.profession_id:
        condition |= Q(profession_id=vacancy.profession_id)
    if not competencies and not vacancy.profession_id:
        return []
    ids = (Program.objects.filter(status=ProgramStatus.PUBLISHED).filter(condition)
           .values_list("pk", flat=True).distinct()[:limit])
    return list(Program.objects.filter(pk__in=list(ids)).select_related("provider", "kind").order_by("title"))


def vacancies_for_competencies(competency_ids, limit: int = 5) -> tuple[list[Vacancy], int]:
    """Published vacancies with any of these competencies (a program's page) and their count up to 1,000."""
    links = Vacancy.competencies.through.objects.filter(competency__in=list(competency_ids),
                                                        vacancy=OuterRef("pk"))
    qs = vacancies_public().filter(Exists(links))
    rows = list(with_list_data(qs).order_by("-published_at", "-pk")[:limit])
    count = qs.order_by()[:1001].count()
    return rows, count


def responded(user, vacancy: Vacancy) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and VacancyResponse.objects.filter(
        vacancy=vacancy, applicant=user).exists()


def responses_for(user) -> QuerySet[VacancyResponse]:
    """Responses to the user's organisations' vacancies (the employer's inbox)."""
    return (VacancyResponse.objects.filter(vacancy__in=vacancies_managed_by(user))
            .select_related("vacancy", "applicant").order_by("-created_at", "-pk"))


def with_response_counts(qs: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    return qs.annotate(response_count=Count("responses"))


def saved_searches_of(user) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user=user)


def import_runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("started_by")


def last_successful_run(source: str) -> ImportRun | None:
    return (ImportRun.objects.filter(source=source, status="succeeded").order_by("-started_at").first())

