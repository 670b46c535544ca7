"""Reads of the demonstration exam register (D6): the filtered list, its statistics in a fixed number of grouped
queries, and a learner's results (for the portfolio)."""
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet

from copp.directories.models import Competency
from copp.organizations.models import Organization
from copp.resources.models import Site, StaffMember

from .exam_models import DemoExam, ExamParticipant, ExamStatus

STATS_TOP = 15  # rows per statistics table on the page; the Excel file has the exams themselves
GRADES = (5, 4, 3, 2)


def exams_filtered(user, *, q=None, year=None, competency=None, organization_name=None, municipality=None,
                   level=None, status=None) -> QuerySet[DemoExam]:
    """The exams the user sees, narrowed by the register's search and filters (empty ones are ignored). Every
    condition reads an index: the words of the search find competencies, organisations (trigram indexes of the
    short and full name) and centres (the sites' trigram index) first, and the exams by their foreign keys; the
    assessment set by training_exam_set_trgm; the filters by the exams' indexes with the start date."""
    qs = DemoExam.objects.visible_to(user)
    if q:
        qs = qs.filter(Q(competency__in=Competency.objects.filter(name__icontains=q).values("pk"))
                       | Q(assessment_set__icontains=q)
                       | Q(organization__in=Organization.objects.filter(short_name__icontains=q).values("pk"))
                       | Q(centre__in=Site.objects.filter(name__icontains=q).values("pk")))
    if year:
        qs = qs.filter(starts_on__year=year)
    if competency:
        qs = qs.filter(competency=competency)
    if organization_name:
        qs = qs.filter(organization__in=Organization.objects.filter(
            Q(short_name__icontains=organization_name) | Q(name__icontains=organization_name)).values("pk"))
    if municipality:
        qs = qs.filter(centre__in=Site.objects.filter(municipality=municipality).values("pk"))
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs


def exam_list(qs: QuerySet[DemoExam]) -> QuerySet[DemoExam]:
    """The page's rows with what they show: the students and their average points are the exam's own totals
    (no query per row, no grouping of the participants)."""
    return qs.select_related("competency", "organization", "centre").order_by("-starts_on", "-pk")


# The statistics' tables in one read of the filtered exams (GROUPING SETS): each table is a set of groups, the
# totals the empty set; per table its first STATS_TOP groups. The tables «by …» hold the exams with students (as
# the participants' groups did), ordered by students; the centres' load every exam, by exams. The first STATS_TOP
# are ranked by the figure and then by the group's key, and only they get their names: ranking by name would join
# and sort the names of every group (thousands of organisations at a region's scale, issue 15). The page shows
# the chosen groups by the figure, then by name.
STATS_SQL = """
WITH x AS (
    SELECT e.competency_id, e.organization_id, s.municipality_id, s.name AS centre,
           EXTRACT(YEAR FROM e.starts_on)::integer AS year, e.people, e.scored, e.points_total,
           e.grade_2, e.grade_3, e.grade_4, e.grade_5
    FROM training_demoexam e JOIN resources_site s ON s.id = e.centre_id
    WHERE {exams}),
g AS (
    SELECT CASE WHEN GROUPING(competency_id) = 0 THEN 'competency'
                WHEN GROUPING(organization_id) = 0 THEN 'organization'
                WHEN GROUPING(municipality_id) = 0 THEN 'municipality'
                WHEN GROUPING(year) = 0 THEN 'year' WHEN GROUPING(centre) = 0 THEN 'centre' ELSE 'total' END AS kind,
           competency_id, organization_id, municipality_id, year, centre, count(*) AS all_exams,
           count(*) FILTER (WHERE people > 0) AS exams, sum(people) AS people, sum(scored) AS scored,
           sum(points_total) AS points, sum(grade_2) AS g2, sum(grade_3) AS g3, sum(grade_4) AS g4, sum(grade_5) AS g5
    FROM x GROUP BY GROUPING SETS ((competency_id), (organization_id), (municipality_id), (year), (centre), ())),
ranked AS (
    SELECT g.*, CASE WHEN kind = 'centre' THEN all_exams ELSE people END AS figure,
           row_number() OVER (PARTITION BY kind ORDER BY CASE WHEN kind = 'centre' THEN all_exams ELSE people END DESC,
                              competency_id, organization_id, municipality_id, year, centre) AS n
    FROM g WHERE kind IN ('centre', 'total') OR exams > 0)
SELECT kind, year, COALESCE((SELECT name FROM directories_competency WHERE id = competency_id),
                             (SELECT short_name FROM organizations_organization WHERE id = organization_id),
                             (SELECT name FROM directories_municipality WHERE id = municipality_id), centre) AS label,
       all_exams, exams, people, scored, points, g2, g3, g4, g5
FROM ranked WHERE n <= %s ORDER BY kind, figure DESC, label, year"""
COLUMNS = ("kind", "year", "label", "all_exams", "exams", "people", "scored", "points", "g2", "g3", "g4", "g5")


def _average(row: dict):
    return row["points"] / row["scored"] if row["scored"] else None


def _shares(row: dict) -> list:
    graded = sum(row[f"g{g}"] or 0 for g in GRADES)
    return [round(row[f"g{g}"] * 100 / graded, 1) if graded else None for g in GRADES]


def _whole(qs: QuerySet[DemoExam]) -> bool:
    """The whole register (ЦОПП staff, no filter): read without a semi-join of the exams with themselves."""
    return not qs.query.where


def _tables(qs: QuerySet[DemoExam]) -> dict[str, list[dict]]:
    if _whole(qs):
        where, params = "true", ()
    else:
        try:
            exams_sql, params = qs.order_by().values("pk").query.sql_with_params()
            where = f"e.id IN ({exams_sql})"
        except EmptyResultSet:  # a queryset known to be empty (.none())
            where, params = "false", ()
    with connection.cursor() as cursor:
        cursor.execute(STATS_SQL.format(exams=where), [*params, STATS_TOP])
        rows = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    tables = {}
    for row in rows:
        tables.setdefault(row["kind"], []).append(row)
    return tables


def _grouped(rows: list[dict], *, year: bool = False) -> list[dict]:
    return [{"name": row["year"] if year else (row["label"] if row["label"] is not None else "—"),
             "exams": row["exams"], "people": row["people"], "average": _average(row), "shares": _shares(row)}
            for row in rows]


def exam_statistics(qs: QuerySet[DemoExam]) -> dict:
    """Exams and participants by competency, organisation, municipality (of the centre) and year, with average
    points and the share of each grade; the centres' load and the experts' participation. Three queries, whatever
    the size of the register: one read of the filtered exams with their participants' totals (DemoExam.people …
    grade_5) for every table, not of the participants; the experts' counts; the names of the first of them."""
    tables = _tables(qs)
    totals = tables["total"][0]
    return {
        "exams": totals["all_exams"], "people": totals["people"] or 0, "average": _average(totals), "grades": GRADES,
        "grade_shares": list(zip(GRADES, _shares(totals), strict=True)),
        "by_competency": _grouped(tables.get("competency", [])),
        "by_organization": _grouped(tables.get("organization", [])),
        "by_municipality": _grouped(tables.get("municipality", [])),
        "by_year": _grouped(tables.get("year", []), year=True),
        "centres": [{"centre__name": row["label"], "exams": row["all_exams"], "people": row["people"] or 0}
                    for row in tables.get("centre", [])],
        "experts": _experts(qs),
    }


def _experts(qs: QuerySet[DemoExam]) -> list[dict]:
    """The experts who assessed most of the exams, by exams then name. Per person of the staff registry (namesakes
    are different people): an exam lists an expert once, so a plain count per id; as in the tables, the first
    STATS_TOP are chosen by the count and the id, and only they are read with their names."""
    links = DemoExam.experts.through.objects.all()
    if not _whole(qs):
        links = links.filter(demoexam__in=qs.values("pk"))
    top = dict(links.values_list("staffmember").annotate(exams=Count("demoexam"))
               .order_by("-exams", "staffmember")[:STATS_TOP])
    people = StaffMember.objects.filter(pk__in=list(top)).only("last_name", "first_name", "patronymic")
    rows = sorted(people, key=lambda p: (-top[p.pk], p.last_name, p.first_name, p.patronymic, p.pk))
    return [{"name": " ".join(part for part in (p.last_name, p.first_name, p.patronymic) if part), "exams": top[p.pk]}
            for p in rows]


def demo_exam_results_of(learner) -> QuerySet[ExamParticipant]:
    """A learner's results of checked demonstration exams, newest first: what a portfolio shows."""
    return (ExamParticipant.objects.filter(learner=learner, exam__status=ExamStatus.FINISHED)
            .select_related("exam__competency", "exam__centre").order_by("-exam__ends_on", "-pk"))
