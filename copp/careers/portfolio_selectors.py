"""Reads of the portfolios shared by views, the API and the PDF: who may search, the open portfolios with the
search's filters and keyset pages, what a viewer may see of one portfolio, the learner's logs and invitations."""
import base64

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.organizations.models import Organization

from .models import (
    InvitationStatus,
    Portfolio,
    PortfolioCompetency,
    PortfolioInvitation,
    PortfolioItem,
    PortfolioView,
    SavedCandidate,
    Section,
    Vacancy,
    VacancyStatus,
)
from .models.portfolios import SECTION_OF_KIND
from .selectors import KeysetPage, employer_organizations

SECTION_KINDS = tuple(SECTION_OF_KIND.items())

LEVELS = {"document": Q(has_document=True), "grade": Q(grade_pct__gte=75), "rating": Q(rating__gte=75)}


def employer_of(user) -> Organization | None:
    """The verified employer organisation a user searches for (None for staff and unverified employers)."""
    return next((org for org in employer_organizations(user) if org.is_verified), None)


def may_search(user) -> bool:
    """CoPP staff, and representatives of a verified employer; nobody else."""
    if not has_capability(user, Cap.PORTFOLIOS_SEARCH):
        return False
    if has_capability(user, Cap.PORTFOLIOS_INVITE):
        return employer_of(user) is not None
    return True


def portfolios_open() -> QuerySet[Portfolio]:
    """Portfolios open to verified employers under a live consent to distribution (kept in `is_open`; the
    consent is read too, so a withdrawal of every consent in «Мои данные» hides the portfolio as well)."""
    return Portfolio.objects.filter(is_open=True, consent__isnull=False, consent__withdrawn_at__isnull=True,
                                    user__is_active=True)


def portfolios_search(qs: QuerySet[Portfolio], *, competency=None, level=None, profession=None, municipality=None,
                      program=None, completed_from=None, completed_to=None) -> QuerySet[Portfolio]:
    """The employers' filters. The competency, level, program and period are read from the searchable competency
    rows (a hidden item or a consent without programs never matches); the profession and municipality only where
    the learner lets «about me» be shown."""
    rows = PortfolioCompetency.objects.filter(portfolio=OuterRef("pk"), searchable=True)
    use_rows = False
    if competency:
        rows, use_rows = rows.filter(competency=competency), True
    if level in LEVELS:
        rows, use_rows = rows.filter(LEVELS[level]), True
    if program:
        rows, use_rows = rows.filter(program=program), True
    if completed_from:
        rows, use_rows = rows.filter(completed_on__gte=completed_from), True
    if completed_to:
        rows, use_rows = rows.filter(completed_on__lte=completed_to), True
    if use_rows:
        qs = qs.filter(Exists(rows))
    if profession:
        qs = qs.filter(profession=profession, allowed__contains=[Section.ABOUT])
    if municipality:
        qs = qs.filter(municipality=municipality, allowed__contains=[Section.ABOUT])
    return qs


def with_card_data(qs: QuerySet[Portfolio]) -> QuerySet[Portfolio]:
    """What a result card shows, in a fixed number of queries: the learner, profession and municipality, the
    searchable competencies and the shown program items."""
    return qs.select_related("user", "profession", "municipality").prefetch_related(
        Prefetch("competency_rows", to_attr="search_rows",
                 queryset=PortfolioCompetency.objects.filter(searchable=True).select_related("competency")
                 .order_by("competency__name")),
        Prefetch("items", to_attr="program_items",
                 queryset=PortfolioItem.objects.filter(is_shown=True, kind="program").order_by("-date", "-pk")))


def _encode(pk: int) -> str:
    return base64.urlsafe_b64encode(str(pk).encode()).decode().rstrip("=")


def _decode(cursor: str) -> int | None:
    try:
        value = int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return value if value > 0 else None


def keyset_page(qs: QuerySet[Portfolio], *, cursor: str, size: int) -> KeysetPage:
    """Newest portfolios first, paged by id: the same cost on every page."""
    qs = qs.order_by("-pk")
    after = _decode(cursor) if cursor else None
    if after:
        qs = qs.filter(pk__lt=after)
    rows = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    return KeysetPage(rows=rows, next_cursor=_encode(rows[-1].pk) if has_next else "", is_first=after is None)


def shown_items(portfolio: Portfolio) -> QuerySet[PortfolioItem]:
    """Items a viewer other than the learner sees: shown by the learner, in a section the consent allows."""
    sections = set(portfolio.allowed or [])
    kinds = [kind for kind, section in SECTION_KINDS if section in sections]
    return portfolio.items.filter(is_shown=True, kind__in=kinds).order_by("-is_confirmed", "-date", "-pk")


def confirmed_shown(portfolio: Portfolio) -> QuerySet[PortfolioItem]:
    """The confirmed items the learner shows: what the PDF's check page confirms."""
    return portfolio.items.filter(is_shown=True, is_confirmed=True).order_by("-date", "-pk")


def contacts_open_to(portfolio: Portfolio, organization) -> bool:
    """The learner accepted an invitation of this employer: its people see the contacts."""
    if organization is None:
        return False
    return PortfolioInvitation.objects.filter(portfolio=portfolio, organization=organization,
                                              status=InvitationStatus.ACCEPTED).exists()


def is_saved(portfolio: Portfolio, organization) -> bool:
    return bool(organization) and SavedCandidate.objects.filter(portfolio=portfolio,
                                                                organization=organization).exists()


def views_of(portfolio: Portfolio) -> QuerySet[PortfolioView]:
    return portfolio.views.select_related("organization", "viewer").order_by("-at", "-pk")


def invitations_of(portfolio: Portfolio) -> QuerySet[PortfolioInvitation]:
    return portfolio.invitations.select_related("organization", "vacancy").order_by("-created_at", "-pk")


def invitations_sent_by(organization) -> QuerySet[PortfolioInvitation]:
    return (PortfolioInvitation.objects.filter(organization=organization, portfolio__is_open=True)
            .select_related("portfolio__user", "vacancy").order_by("-created_at", "-pk"))


def saved_candidates(organization) -> QuerySet[SavedCandidate]:
    return (SavedCandidate.objects.filter(organization=organization, portfolio__is_open=True)
            .select_related("portfolio__user", "portfolio__profession", "portfolio__municipality")
            .order_by("-created_at", "-pk"))


def vacancies_to_invite(organization) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(employer=organization, status=VacancyStatus.PUBLISHED).order_by("title")


def portfolio_by_link(token: str) -> Portfolio | None:
    if not token or len(token) > 64:
        return None
    return (Portfolio.objects.filter(link_token=token, consent__isnull=False, consent__withdrawn_at__isnull=True)
            .select_related("user", "profession", "municipality").first())


def portfolio_by_check(token: str) -> Portfolio | None:
    if not token or len(token) > 64:
        return None
    return Portfolio.objects.filter(check_token=token).select_related("user").first()


def shown_prefetch() -> Prefetch:
    """Every shown item of each portfolio in one query (the caller keeps those of the allowed sections)."""
    return Prefetch("items", to_attr="shown_all",
                    queryset=PortfolioItem.objects.filter(is_shown=True).order_by("-is_confirmed", "-date", "-pk"))
