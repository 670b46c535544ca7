"""Test data of the careers app."""
import itertools

from django.utils import timezone

from copp.careers.models import ImportRun, PlanConsultation, SavedSearch, Vacancy, VacancySource, VacancyStatus
from copp.careers.services.consultations import person_key
from copp.directories.models import Municipality

_serial = itertools.count(1)


def make_vacancy(employer=None, *, status=VacancyStatus.PUBLISHED, source=None, competencies=(), **fields) -> Vacancy:
    """An own vacancy of `employer`, or an imported one (`source`) when no employer is given."""
    n = next(_serial)
    source = source or (VacancySource.OWN if employer else VacancySource.TRUDVSEM)
    salary_from = fields.pop("salary_from", 50000)
    salary_to = fields.pop("salary_to", 80000)
    vacancy = Vacancy.objects.create(
        source=source, external_id="" if source == VacancySource.OWN else f"ext-{n}", employer=employer,
        employer_name=str(employer) if employer else fields.pop("employer_name", "ООО «Уралсталь»"),
        title=fields.pop("title", f"Электрогазосварщик {n}"),
        municipality=fields.pop("municipality", Municipality.objects.order_by("pk").first()),
        salary_from=salary_from, salary_to=salary_to, salary_sort=max(salary_from or 0, salary_to or 0),
        duties=fields.pop("duties", "Сварка металлоконструкций"), status=status,
        published_at=fields.pop("published_at", timezone.now() if status == VacancyStatus.PUBLISHED else None),
        source_url="" if source == VacancySource.OWN else f"https://trudvsem.ru/vacancy/card/x/{n}", **fields)
    for competency in competencies:
        vacancy.competency_links.create(competency=competency, confidence=90)
    return vacancy


def make_search(user, query="q=сварщик") -> SavedSearch:
    return SavedSearch.objects.create(user=user, name="Сварщики", query=query, notified_until=timezone.now())


def make_run(source=VacancySource.TRUDVSEM) -> ImportRun:
    return ImportRun.objects.create(source=source, status="succeeded", fetched=1, created=1)


def make_portfolio(user, *, visibility="employers", allowed=None, link_days=30, items=1):
    """A learner's portfolio with `items` self-declared items, shared as `visibility` under the consent to
    distribution (the careers seed publishes its text)."""
    import datetime

    from django.apps import apps

    from copp.careers import seed
    from copp.careers.models import ItemKind, PortfolioItem, Section
    from copp.careers.services.portfolios import portfolio_refresh, portfolio_share

    seed.apply_distribution_consent(apps)
    portfolio = portfolio_refresh(user)
    for n in range(items):
        PortfolioItem.objects.create(portfolio=portfolio, kind=ItemKind.ACHIEVEMENT, title=f"Достижение {n + 1}")
    if visibility != "private":
        portfolio = portfolio_share(actor=user, portfolio=portfolio, visibility=visibility,
                                    allowed=allowed or list(Section.values),
                                    link_expires_on=timezone.localdate() + datetime.timedelta(days=link_days))
    return portfolio


def make_consultation(organization, consultant, *, held_on=None, citizen=None, full_name="", contact="",
                      **fields) -> PlanConsultation:
    """A consultation on an individual learning plan, written straight to the table (the service is tested apart)."""
    n = next(_serial)
    full_name = full_name or (citizen.get_full_name() if citizen else f"Гражданин {n}")
    contact = contact or ("" if citizen else f"+7 900 000 {n:04d}")
    return PlanConsultation.objects.create(
        held_on=held_on or timezone.localdate(), citizen=citizen, full_name=full_name, contact=contact,
        organization=organization, consultant=consultant, topic=fields.pop("topic", "Выбор программы"),
        person_key=person_key(citizen=citizen, full_name=full_name, contact=contact), **fields)
