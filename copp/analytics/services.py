"""Writes of the monitoring app: the refresh of the daily facts (full or incremental) with their monthly roll-up,
and the plan values."""
import datetime
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from copp.core.audit import audit_record

from .facts import CONTACT_CHANGES, SOURCES, Source, contacts_sql
from .models import DailyFact, FactsRefresh, IndicatorPlan, Metric, MonthlyFact

# The indicators kept as daily facts; the others are counted when asked (Source.distinct).
STORED = [source for source in SOURCES.values() if source.distinct is None]
FACT_COLUMNS = "day, metric, organization_id, program_id, customer_id, site_id, category, bucket, value"


def _insert(source: Source, days=None) -> None:
    """Aggregate one indicator's records into facts in one INSERT … SELECT (for `days` only, when given)."""
    qs = source.annotated()
    if days is not None:
        qs = qs.filter(f_day__in=sorted(days))
    qs = (qs.order_by().values("f_day", "f_org", "f_program", "f_customer", "f_site", "f_category", "f_bucket")
          .annotate(f_value=source.value()))
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # The SQL is the model's table name and the ORM's own query; every value goes as a parameter.
        cursor.execute(
            f"INSERT INTO {DailyFact._meta.db_table} ({FACT_COLUMNS}) "  # noqa: S608
            # NULL dimensions arrive as untyped parameters: the casts give them the columns' types.
            "SELECT s.f_day, %s, s.f_org::bigint, s.f_program::bigint, s.f_customer::bigint, s.f_site::bigint, "
            "s.f_category::varchar, s.f_bucket::integer, "
            f"ROUND(s.f_value::numeric, 2) FROM ({sql}) s WHERE s.f_day IS NOT NULL AND s.f_value IS NOT NULL",
            [source.metric, *params])


def _insert_citizens(years=None) -> None:
    """Citizens covered: each person once a year, on the day of their first contact with the network that
    year, counted for the organisation of that contact."""
    sql, params = contacts_sql()
    where = ""
    if years is not None:
        where = "WHERE EXTRACT(YEAR FROM c.d) = ANY(%s)"
        params = [*params, sorted(years)]
    with connection.cursor() as cursor:
        cursor.execute(  # the table name and the ORM's queries; values are parameters
            f"INSERT INTO {DailyFact._meta.db_table} ({FACT_COLUMNS}) "  # noqa: S608
            "SELECT f.d, %s, f.o, NULL, NULL, NULL, '', 0, COUNT(*) FROM ("
            "  SELECT DISTINCT ON (c.p, EXTRACT(YEAR FROM c.d)) c.p, c.d, c.o"
            f"  FROM ({sql}) AS c(p, d, o) {where}"
            "  ORDER BY c.p, EXTRACT(YEAR FROM c.d), c.d, c.o NULLS LAST"
            ") f WHERE f.d IS NOT NULL GROUP BY f.d, f.o",
            [Metric.CITIZENS_COVERED, *params])


def _rollup(months=None) -> None:
    """Sum the daily facts of whole months into the monthly roll-up (all months, or the given ones)."""
    daily, monthly = DailyFact._meta.db_table, MonthlyFact._meta.db_table
    if months is not None and not months:
        return
    with connection.cursor() as cursor:  # the models' own tables; values are parameters
        if months is None:
            cursor.execute(f"DELETE FROM {monthly}")  # noqa: S608
            where, params = "", []
        else:
            months = sorted(months)
            cursor.execute(f"DELETE FROM {monthly} WHERE day = ANY(%s)", [months])  # noqa: S608
            last = months[-1]
            after = datetime.date(last.year + last.month // 12, last.month % 12 + 1, 1)
            # The range lets the day index narrow the read; the month list keeps only the months asked for.
            where = "WHERE day >= %s AND day < %s AND date_trunc('month', day)::date = ANY(%s)"
            params = [months[0], after, months]
        cursor.execute(
            f"INSERT INTO {monthly} ({FACT_COLUMNS}) "  # noqa: S608
            "SELECT date_trunc('month', day)::date, metric, organization_id, program_id, customer_id, site_id, "
            f"category, bucket, SUM(value) FROM {daily} {where} "
            "GROUP BY 1, metric, organization_id, program_id, customer_id, site_id, category, bucket", params)


def _changed_days(source: Source, since) -> set:
    rule = Q(**{f"{source.changed}__gt": since})
    if source.touched:
        rule |= source.touched(since)
    return set(source.records().filter(rule).annotate(f_day=source.day())
               .order_by().values_list("f_day", flat=True).distinct())


@transaction.atomic
def facts_refresh(*, full: bool = False) -> dict:
    """Rebuild the daily facts: all of them (full, and the first time), or the days of the records changed
    since the last run. Records whose date moved, or that were deleted, leave their old day to the nightly
    full rebuild. Returns what was done."""
    now = timezone.now()
    state, _created = FactsRefresh.objects.select_for_update().get_or_create(pk=1)
    since = None if full else state.seen_until
    days_done = 0
    months = set()
    if since is None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {DailyFact._meta.db_table}")  # noqa: S608  the model's own table
        for source in STORED:
            _insert(source)
        _insert_citizens()
        state.full_at = now
    else:
        for source in STORED:
            days = _changed_days(source, since)
            if days:
                DailyFact.objects.filter(metric=source.metric, day__in=days).delete()
                _insert(source, days)
                days_done += len(days)
                months |= {day.replace(day=1) for day in days}
        years = set()
        for records, changed, day in CONTACT_CHANGES:
            years |= {d.year for d in records.filter(**{f"{changed}__gt": since}).annotate(c_day=day())
                      .order_by().values_list("c_day", flat=True).distinct() if d}
        if years:
            DailyFact.objects.filter(metric=Metric.CITIZENS_COVERED, day__year__in=years).delete()
            _insert_citizens(years)
            months |= {datetime.date(year, month, 1) for year in years for month in range(1, 13)}
    _rollup(None if since is None else months)
    if since is None:
        # Fresh statistics, or the planner takes the rebuilt table for empty and picks bad plans.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {DailyFact._meta.db_table}")
            cursor.execute(f"ANALYZE {MonthlyFact._meta.db_table}")
    state.seen_until = now
    state.refreshed_at = timezone.now()
    state.rows = DailyFact.objects.count()
    state.save()
    return {"full": since is None, "days": days_done, "rows": state.rows}


@transaction.atomic
def plans_set(*, actor, year: int, values: dict, request=None) -> int:
    """Store the coordinator's plan values for a year; an empty value removes that indicator's plan.
    Returns how many plan values the year has now."""
    for metric, value in values.items():
        if metric not in Metric.values:
            continue
        if value is None:
            IndicatorPlan.objects.filter(year=year, metric=metric).delete()
        else:
            IndicatorPlan.objects.update_or_create(year=year, metric=metric,
                                                   defaults={"value": Decimal(value), "updated_by": actor})
    plan = IndicatorPlan.objects.filter(year=year)
    first = plan.first()
    if first is not None:
        audit_record(actor=actor, action="analytics.plans_set", obj=first,
                     details={"year": year, "values": {k: str(v) for k, v in values.items()}}, request=request)
    return plan.count()
