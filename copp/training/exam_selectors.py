"""Reads of the demonstration exam register (D6): the filtered list, its statistics in a fixed number of grouped
queries, and a learner's results (for the portfolio)."""
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet

from copp.directories.models import Competency
from copp.organizations.models import Organization
from copp.resources.models import Site, StaffMember

from .exam_models import GROUPS_SQL, DemoExam, ExamParticipant, ExamStatus

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


# The statistics' tables: per table its first STATS_TOP groups by their figure and key (a top-N per kind, never a
# sort of every group), then the names of those few (ranking by name would read the names of thousands of
# organisations at a region's scale, issue 15); shown by the figure, then by name. The groups are those of the
# filtered exams (exam_models.GROUPS_SQL, one read of the exams' own totals), or, for the whole register, the kept
# ExamRegionGroup rows, each table read from its index.
TOP_SQL = """
WITH g AS {materialized} ({groups}),
ranked AS ({tops} UNION ALL (SELECT * FROM g WHERE kind = 'total'))
SELECT kind, CASE WHEN kind = 'year' THEN key END AS year,
       CASE kind WHEN 'competency' THEN (SELECT name FROM directories_competency WHERE id = key)
                 WHEN 'organization' THEN (SELECT short_name FROM organizations_organization WHERE id = key)
                 WHEN 'municipality' THEN (SELECT name FROM directories_municipality WHERE id = key)
                 WHEN 'centre' THEN (SELECT name FROM resources_site WHERE id = key) END AS label,
       all_exams, exams, people, scored, points, g2, g3, g4, g5
FROM ranked ORDER BY kind, figure DESC, label, year"""
TOP_KINDS = ("competency", "organization", "municipality", "year", "centre")
KEPT_GROUPS = ("SELECT kind, key, figure, all_exams, exams, people, scored, points, grade_2 AS g2, grade_3 AS g3, "
               "grade_4 AS g4, grade_5 AS g5 FROM training_examregiongroup")
COLUMNS = ("kind", "year", "label", "all_exams", "exams", "people", "scored", "points", "g2", "g3", "g4", "g5")


def _top_sql(groups: str, *, kept: bool) -> str:
    tops = " UNION ALL ".join(["(SELECT * FROM g WHERE kind = %s ORDER BY figure DESC, key LIMIT %s)"] * len(TOP_KINDS))
    # The kept groups are read through the CTE by each table's index; computed groups are computed once.
    return TOP_SQL.format(materialized="NOT MATERIALIZED" if kept else "MATERIALIZED", groups=groups, tops=tops)


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
        sql, params = _top_sql(KEPT_GROUPS, kept=True), []
    else:
        try:
            exams_sql, params = qs.order_by().values("pk").query.sql_with_params()
            where = f"e.id IN ({exams_sql})"
        except EmptyResultSet:  # a queryset known to be empty (.none())
            where, params = "false", ()
        sql, params = _top_sql(GROUPS_SQL.format(exams=where), kept=False), list(params)
    with connection.cursor() as cursor:
        # The exams' parameters, then each table's kind and LIMIT.
        cursor.execute(sql, [*params, *(value for kind in TOP_KINDS for value in (kind, STATS_TOP))])
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
    # Every exam's total is a row even for none; the kept groups of a region with no exam rebuilt yet have none.
    totals = tables.get("total", [dict.fromkeys(COLUMNS, 0)])[0]
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
    return [{"name": p.full_name, "exams": top[p.pk]} for p in rows]


def demo_exam_results_of(learner) -> QuerySet[ExamParticipant]:
    """A learner's results of checked demonstration exams, newest first: what a portfolio shows."""
    return (ExamParticipant.objects.filter(learner=learner, exam__status=ExamStatus.FINISHED)
            .select_related("exam__competency", "exam__centre").order_by("-exam__ends_on", "-pk"))
