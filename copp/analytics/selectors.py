"""Reads of the monitoring app: the dashboard's figures from the daily facts in a fixed number of queries,
whatever the size of the region, and the drill-down lists of the records behind a figure (M27)."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.organizations.models import Organization
from copp.resources.models.base import own_organization_ids
from copp.surveys.selectors import career_test_participants

from .facts import SOURCES
from .models import Category, DailyFact, FactsRefresh, IndicatorPlan, Metric, MonthlyFact

# The cards at the top of the dashboard, in the order of the ЦОПП recommendations.
CARDS = (Metric.CITIZENS_COVERED, Metric.PLAN_CONSULTATIONS, Metric.CAREER_GUIDANCE, Metric.PROFESSIONAL_TRIALS,
         Metric.CAREER_TESTS, Metric.EVENT_PARTICIPANTS,
         Metric.APPLICATIONS_FILED, Metric.ENROLLED, Metric.COMPLETED, Metric.DOCUMENTS_ISSUED, Metric.SITE_HOURS)
# The funnel follows the applications filed in the period (a cohort: each step a subset of the one before) and
# takes the median days of each step from the step's own records (STEP_DAYS).
FUNNEL = (Metric.APPLICATIONS_FILED, Metric.FUNNEL_ACCEPTED, Metric.FUNNEL_ENROLLED, Metric.FUNNEL_COMPLETED,
          Metric.FUNNEL_DOCUMENT)
STEP_DAYS = {Metric.FUNNEL_ACCEPTED: Metric.APPLICATIONS_ACCEPTED, Metric.FUNNEL_ENROLLED: Metric.ENROLLED,
             Metric.FUNNEL_COMPLETED: Metric.COMPLETED, Metric.FUNNEL_DOCUMENT: Metric.DOCUMENTS_ISSUED}
SERIES = (Metric.APPLICATIONS_FILED, Metric.ENROLLED, Metric.COMPLETED)
HEAT_SITES = 30  # sites in the load heat map
TOP = 15  # organisations, municipalities and customers shown in the bars; the Excel file has them all


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters; `scope` is the organisations an organisation's user is limited to."""

    first: datetime.date
    last: datetime.date
    organization: int | None = None
    municipality: int | None = None
    program: int | None = None
    competency: int | None = None
    kind: int | None = None
    organization_name: str = ""
    program_title: str = ""
    scope: object = None  # a subquery of organisation ids, or None for the whole region
    extra: dict = field(default_factory=dict)

    def previous(self) -> "Filters":
        """The period of the same length just before this one (a month before a month, a year before a year)."""
        first, last = self.first, self.last
        if first.day == 1 and (last + datetime.timedelta(days=1)).day == 1:
            months = (last.year - first.year) * 12 + last.month - first.month + 1
            total = first.year * 12 + first.month - 1 - months
            start = datetime.date(total // 12, total % 12 + 1, 1)
            return _replace(self, start, first - datetime.timedelta(days=1))
        length = (last - first).days + 1
        return _replace(self, first - datetime.timedelta(days=length), first - datetime.timedelta(days=1))


def _replace(filters: Filters, first, last) -> Filters:
    return Filters(first=first, last=last, organization=filters.organization, municipality=filters.municipality,
                   program=filters.program, competency=filters.competency, kind=filters.kind,
                   organization_name=filters.organization_name, program_title=filters.program_title,
                   scope=filters.scope)


def scope_of(user):
    """None for those who read the whole region; otherwise the user's own organisations (a subquery)."""
    if has_capability(user, Cap.ANALYTICS_REGION):
        return None
    return Subquery(own_organization_ids(user))


def _dimension_rule(filters: Filters, prefix: str = "") -> Q:
    """The filters other than the period, on facts (prefix "") or on records annotated with f_* columns."""
    org, program, customer = (("f_org", "f_program", "f_customer") if prefix else
                              ("organization", "program", "customer"))
    rule = Q()
    if filters.organization:
        rule &= Q(**{org: filters.organization})
    if filters.municipality:
        rule &= Q(**{f"{org}__in": Organization.objects.filter(municipality=filters.municipality).values("pk")})
    if filters.program:
        rule &= Q(**{program: filters.program})
    if filters.kind:
        rule &= Q(**{f"{program}__in": _programs(kind=filters.kind)})
    if filters.organization_name:
        named = Organization.objects.filter(Q(short_name__icontains=filters.organization_name)
                                            | Q(name__icontains=filters.organization_name))
        rule &= Q(**{f"{org}__in": named.values("pk")})
    if filters.program_title:
        rule &= Q(**{f"{program}__in": _programs(title__icontains=filters.program_title)})
    if filters.competency:
        rule &= Q(**{f"{program}__in": _programs(competencies=filters.competency)})
    if filters.scope is not None:
        # An organisation sees what it provides, hosts or ordered (its employees trained elsewhere).
        rule &= Q(**{f"{org}__in": filters.scope}) | Q(**{f"{customer}__in": filters.scope})
    return rule


def _programs(**lookup):
    from copp.programs.models import Program
    return Program.objects.filter(**lookup).values("pk")


def whole_months(filters: Filters) -> bool:
    return filters.first.day == 1 and (filters.last + datetime.timedelta(days=1)).day == 1


def facts(filters: Filters) -> QuerySet:
    """The facts of the period: the monthly roll-up when the period is whole months (a month, a quarter, a year),
    else the daily facts. Both have the same columns; `day` of a monthly row is the month's first day."""
    model = MonthlyFact if whole_months(filters) else DailyFact
    return model.objects.filter(_dimension_rule(filters), day__gte=filters.first, day__lte=filters.last)


def _region_wide(filters: Filters) -> bool:
    """No organisation scope and no filter by organisation, place or program: figures that belong to no
    organisation (the career tests) are shown only then."""
    return (filters.scope is None and not filters.organization and not filters.municipality
            and not filters.program and not filters.kind and not filters.organization_name
            and not filters.program_title and not filters.competency)


def career_tests(filters: Filters):
    """People who took a career-guidance test in the period (the surveys app counts them), or None where the
    filters make it meaningless: a test result belongs to no organisation or program."""
    if not _region_wide(filters):
        return None
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(filters.first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(filters.last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return Decimal(career_test_participants(start, end))


# Indicators counted from their records when asked (each person once in the period), not from the facts.
LIVE = [source for source in SOURCES.values() if source.distinct]


def _live(source, filters: Filters) -> Decimal:
    """Distinct people in the period under the same filters: one query over the indicator's own (small) table."""
    qs = source.annotated().filter(_dimension_rule(filters, "f_"), f_day__gte=filters.first, f_day__lte=filters.last)
    return Decimal(qs.aggregate(n=Count(source.distinct, distinct=True))["n"] or 0)


def _totals(filters: Filters) -> dict:
    rows = facts(filters).values("metric").annotate(total=Sum("value")).order_by()
    figures = {row["metric"]: row["total"] or Decimal(0) for row in rows}
    for source in LIVE:
        figures[source.metric] = _live(source, filters)
    tests = career_tests(filters)
    if tests is not None:
        figures[Metric.CAREER_TESTS] = tests
    return figures


def _percent(part, whole):
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


def _median(histogram: dict[int, Decimal]):
    """The median of whole days from a histogram {days: count}; None when empty."""
    total = sum(histogram.values())
    if not total:
        return None
    seen = Decimal(0)
    for days in sorted(histogram):
        seen += histogram[days]
        if seen * 2 >= total:
            return days
    return None


def refreshed_at():
    state = FactsRefresh.objects.filter(pk=1).first()
    return state.refreshed_at if state else None


def dashboard(filters: Filters) -> dict:
    """Every figure of the dashboard: cards (with the previous period), plan vs fact for the year, the funnel
    with conversions and median days, rates, monthly series, bars by organisation, municipality, program kind,
    funding, customer and category, and the sites' load by month. A fixed number of queries."""
    current, previous = _totals(filters), _totals(filters.previous())
    cards = []
    for metric in CARDS:
        if metric == Metric.CAREER_TESTS and metric not in current:
            continue  # an organisation's figures: the tests belong to no organisation
        value, before = current.get(metric, Decimal(0)), previous.get(metric, Decimal(0))
        cards.append({"metric": metric, "label": Metric(metric).label, "value": value, "previous": before,
                      "change": _percent(value - before, before),
                      # Citizens covered count each person once a year and the tests belong to no organisation:
                      # neither has a list of records behind it.
                      "drill": metric in SOURCES})

    year = filters.last.year
    plans = dict(IndicatorPlan.objects.filter(year=year).values_list("metric", "value"))
    year_facts = _totals(_replace(filters, datetime.date(year, 1, 1), datetime.date(year, 12, 31))) if plans else {}
    plan_rows = [{"metric": m, "label": Metric(m).label, "plan": plans[m], "fact": year_facts.get(m, Decimal(0)),
                  "percent": _percent(year_facts.get(m, Decimal(0)), plans[m])}
                 for m in Metric.values if m in plans]

    histograms: dict[str, dict[int, Decimal]] = {}
    for row in (facts(filters).filter(metric__in=STEP_DAYS.values(), bucket__gte=0).values("metric", "bucket")
                .annotate(n=Sum("value")).order_by()):
        histograms.setdefault(row["metric"], {})[row["bucket"]] = row["n"]
    funnel, before = [], None
    for metric in FUNNEL:
        value = current.get(metric, Decimal(0))
        funnel.append({"metric": metric, "label": Metric(metric).label, "value": value,
                       "conversion": _percent(value, before) if before is not None else None,
                       "median_days": _median(histograms.get(STEP_DAYS[metric], {})) if metric in STEP_DAYS else None})
        before = value

    marks, present = current.get(Metric.ATTENDANCE_MARKS, 0), current.get(Metric.ATTENDANCE_PRESENT, 0)
    completed, expelled = current.get(Metric.COMPLETED, 0), current.get(Metric.EXPELLED, 0)
    rates = {"attendance": _percent(present, marks), "completion": _percent(completed, completed + expelled),
             "marks": marks, "present": present, "completed": completed, "expelled": expelled}

    monthly = {}
    for row in (facts(filters).filter(metric__in=SERIES).annotate(month=TruncMonth("day"))
                .values("month", "metric").annotate(n=Sum("value")).order_by("month")):
        monthly.setdefault(row["month"], {})[row["metric"]] = row["n"]
    months = sorted(monthly)
    series = {"labels": [m.strftime("%m.%Y") for m in months],
              "rows": [{"month": m, "values": [monthly[m].get(s, Decimal(0)) for s in SERIES]} for m in months],
              "names": [Metric(s).label for s in SERIES], "metrics": list(SERIES)}

    trained = facts(filters).filter(metric=Metric.COMPLETED)
    by_org = _bars(trained.values("organization", "organization__short_name"), "organization",
                   "organization__short_name")
    by_municipality = _bars(trained.values("organization__municipality", "organization__municipality__name"),
                            "organization__municipality", "organization__municipality__name")
    by_kind = _bars(trained.values("program__kind", "program__kind__name"), "program__kind", "program__kind__name")
    by_funding = _bars(trained.values("program__funding", "program__funding__name"), "program__funding",
                       "program__funding__name")
    by_customer = _bars(trained.filter(customer__isnull=False).values("customer", "customer__short_name"),
                        "customer", "customer__short_name")
    categories = dict(trained.values("category").annotate(n=Sum("value")).order_by().values_list("category", "n"))
    by_category = [{"key": c.value or "none", "name": c.label, "value": categories.get(c.value, Decimal(0))}
                   for c in Category]

    # The heat map shows the busiest sites (a region has thousands; the Excel file of the load page has them all).
    site_hours = facts(filters).filter(metric=Metric.SITE_HOURS, site__isnull=False)
    busiest = site_hours.values("site").annotate(n=Sum("value")).order_by("-n", "site")[:HEAT_SITES]
    load = {}
    for row in (site_hours.filter(site__in=Subquery(busiest.values("site"))).annotate(month=TruncMonth("day"))
                .values("site", "site__name", "month").annotate(n=Sum("value")).order_by("site__name", "month")):
        load.setdefault((row["site"], row["site__name"]), {})[row["month"]] = row["n"]
    load_months = sorted({m for hours in load.values() for m in hours})
    heat = {"months": [m.strftime("%m.%Y") for m in load_months],
            "rows": [{"site": name, "values": [hours.get(m, Decimal(0)) for m in load_months],
                      "total": sum(hours.values(), Decimal(0))} for (_pk, name), hours in load.items()]}

    return {"cards": cards, "plans": plan_rows, "plan_year": year, "funnel": funnel, "rates": rates,
            "series": series, "by_org": by_org, "by_municipality": by_municipality, "by_kind": by_kind,
            "by_funding": by_funding, "by_customer": by_customer, "by_category": by_category, "load": heat,
            "refreshed_at": refreshed_at()}


def _bars(qs, key, name, limit=TOP):
    rows = qs.annotate(n=Sum("value")).order_by("-n", name)
    return [{"key": row[key], "name": row[name] or "—", "value": row["n"]} for row in rows[:limit]]


def totals(filters: Filters) -> dict:
    """The figure of every indicator for a period (the API and the Excel file)."""
    current = _totals(filters)
    return {metric: current.get(metric, None if metric == Metric.CAREER_TESTS else Decimal(0))
            for metric in Metric.values}


def records(metric: str, filters: Filters, *, bar: str = "", key: str = "") -> QuerySet:
    """The records behind a figure: the indicator's own queryset over the period and the same filters, narrowed
    by a bar of a chart (`bar` = organization, municipality, customer, kind, funding, category, site, month)."""
    source = SOURCES[metric]
    qs = source.annotated().filter(_dimension_rule(filters, "f_"), f_day__gte=filters.first, f_day__lte=filters.last)
    if bar and key != "":
        lookups = {"organization": "f_org", "customer": "f_customer", "site": "f_site"}
        if bar == "municipality":
            qs = qs.filter(f_org__in=Organization.objects.filter(municipality=key).values("pk"))
        elif bar == "kind":
            qs = qs.filter(f_program__in=_programs(kind=key))
        elif bar == "funding":
            qs = qs.filter(f_program__in=_programs(funding=key))
        elif bar == "month":
            month = datetime.date.fromisoformat(f"{key}-01")
            nxt = (month + datetime.timedelta(days=32)).replace(day=1)
            qs = qs.filter(f_day__gte=month, f_day__lt=nxt)
        elif bar == "category":
            qs = qs.filter(f_category="" if key == "none" else key)
        elif bar in lookups:
            qs = qs.filter(**{lookups[bar]: key})
    return qs.select_related(*source.related).order_by("-f_day", "-pk")
