"""The labour-market tables (D7) rebuilt from the vacancies and the training groups: demand per month,
municipality and competency with salary quartiles, the top employers, and the training supply per competency.
Demand per profession is kept region-wide. Refreshed for the months an import touched and nightly for the
whole window, so the analysis pages read a few hundred pre-aggregated rows whatever the number of vacancies."""
import datetime as dt

from django.db import connection, transaction
from django.utils import timezone

from ..models import MarketEmployerMonth, MarketMonth, MarketSupplyMonth

WINDOW_MONTHS = 24
TOP_EMPLOYERS = 20

# The vacancies that count in month [%(m)s, %(e)s): published before its end and not closed before its start.
_VACANCIES = """
WITH v AS (
  SELECT id, municipality_id, profession_id, employer_name, salary_sort, places,
         (published_at < %(e)s AND (closed_at IS NULL OR closed_at >= %(e)s)) AS is_open,
         (published_at >= %(m)s) AS is_new,
         (closed_at >= %(m)s AND closed_at < %(e)s) AS is_closed
  FROM careers_vacancy
  WHERE published_at IS NOT NULL AND published_at < %(e)s AND (closed_at IS NULL OR closed_at >= %(m)s)
    AND status IN ('published', 'closed')
)"""
_MEASURES = """
  count(*) FILTER (WHERE is_open), count(*) FILTER (WHERE is_new), count(*) FILTER (WHERE is_closed),
  coalesce(sum(places) FILTER (WHERE is_open), 0),
  percentile_cont(0.25) WITHIN GROUP (ORDER BY salary_sort) FILTER (WHERE is_open AND salary_sort > 0),
  percentile_cont(0.5) WITHIN GROUP (ORDER BY salary_sort) FILTER (WHERE is_open AND salary_sort > 0),
  percentile_cont(0.75) WITHIN GROUP (ORDER BY salary_sort) FILTER (WHERE is_open AND salary_sort > 0)"""
_COLUMNS = ("month, municipality_id, competency_id, open_count, new_count, closed_count, places, salary_q1, "
            "salary_median, salary_q3")
# Region and municipality totals; a vacancy of no known municipality counts in the region only.
_BY_MUNICIPALITY = _VACANCIES + f"""
INSERT INTO careers_marketmonth ({_COLUMNS})
SELECT %(md)s, municipality_id, NULL, {_MEASURES}
FROM v GROUP BY GROUPING SETS ((municipality_id), ())
HAVING NOT (GROUPING(municipality_id) = 0 AND municipality_id IS NULL)"""  # noqa: S608 (constant SQL)
_BY_COMPETENCY = _VACANCIES + f"""
INSERT INTO careers_marketmonth ({_COLUMNS})
SELECT %(md)s, v.municipality_id, link.competency_id, {_MEASURES}
FROM v JOIN careers_vacancycompetency link ON link.vacancy_id = v.id
GROUP BY GROUPING SETS ((v.municipality_id, link.competency_id), (link.competency_id))
HAVING NOT (GROUPING(v.municipality_id) = 0 AND v.municipality_id IS NULL)"""  # noqa: S608 (constant SQL)
# Region-wide demand per profession.
_BY_PROFESSION = _VACANCIES + f"""
INSERT INTO careers_marketmonth ({_COLUMNS}, profession_id)
SELECT %(md)s, NULL, NULL, {_MEASURES}, profession_id
FROM v WHERE profession_id IS NOT NULL GROUP BY profession_id"""  # noqa: S608 (constant SQL)
_EMPLOYERS = _VACANCIES + """
INSERT INTO careers_marketemployermonth (month, municipality_id, employer_name, open_count, places, salary_median)
SELECT %(md)s, municipality_id, employer_name, n, places, median FROM (
  SELECT municipality_id, employer_name, count(*) AS n, sum(places) AS places,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY salary_sort) FILTER (WHERE salary_sort > 0) AS median,
         GROUPING(municipality_id) AS total,
         row_number() OVER (PARTITION BY GROUPING(municipality_id), municipality_id
                            ORDER BY count(*) DESC, employer_name) AS rank
  FROM v WHERE is_open
  GROUP BY GROUPING SETS ((municipality_id, employer_name), (employer_name))
) ranked
WHERE rank <= %(top)s AND NOT (total = 0 AND municipality_id IS NULL)"""  # noqa: S608 (constant SQL)
# Training supply: places in groups that start in the month and graduates of groups that end in it, per
# competency of the group's program.
_SUPPLY = """
INSERT INTO careers_marketsupplymonth (month, competency_id, places, graduates)
SELECT %(md)s, pc.competency_id,
       coalesce(sum(g.capacity) FILTER (WHERE g.starts_on >= %(md)s AND g.starts_on < %(ed)s), 0),
       coalesce(sum((SELECT count(*) FROM training_enrolment e WHERE e.group_id = g.id AND e.status = 'completed'))
                FILTER (WHERE g.ends_on >= %(md)s AND g.ends_on < %(ed)s), 0)
FROM training_group g JOIN programs_program_competencies pc ON pc.program_id = g.program_id
WHERE g.status <> 'cancelled'
  AND ((g.starts_on >= %(md)s AND g.starts_on < %(ed)s) OR (g.ends_on >= %(md)s AND g.ends_on < %(ed)s))
GROUP BY pc.competency_id"""


def _next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _bounds(month: dt.date) -> dict:
    zone = timezone.get_current_timezone()
    end = _next_month(month)
    return {"m": dt.datetime.combine(month, dt.time(), zone), "e": dt.datetime.combine(end, dt.time(), zone),
            "md": month, "ed": end, "top": TOP_EMPLOYERS}


def window_months(count: int = WINDOW_MONTHS) -> list[dt.date]:
    month = timezone.localdate().replace(day=1)
    months = []
    for _ in range(count):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return sorted(months)


@transaction.atomic
def market_refresh(*, months: list[dt.date] | None = None) -> int:
    """Rebuild the tables for these months (all of the window by default); returns the months rebuilt."""
    months = sorted({m.replace(day=1) for m in (months or window_months())})
    with connection.cursor() as cursor:
        for month in months:
            params = _bounds(month)
            MarketMonth.objects.filter(month=month).delete()
            MarketEmployerMonth.objects.filter(month=month).delete()
            MarketSupplyMonth.objects.filter(month=month).delete()
            for sql in (_BY_MUNICIPALITY, _BY_COMPETENCY, _BY_PROFESSION, _EMPLOYERS, _SUPPLY):
                cursor.execute(sql, params)
    return len(months)
