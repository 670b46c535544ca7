"""Reads of the demonstration exam register (D6): the filtered list, its statistics in a fixed number of grouped
queries, and a learner's results (for the portfolio)."""
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear

from copp.directories.models import Competency
from copp.organizations.models import Organization
from copp.resources.models import Site

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


SUMS = {"people": Sum("people"), "scored": Sum("scored"), "points": Sum("points_total"),
        **{f"g{g}": Sum(f"grade_{g}") for g in GRADES}}


def _average(row: dict):
    return row["points"] / row["scored"] if row["scored"] else None


def _shares(row: dict) -> list:
    graded = sum(row[f"g{g}"] or 0 for g in GRADES)
    return [round(row[f"g{g}"] * 100 / graded, 1) if graded else None for g in GRADES]


def _grouped(exams: QuerySet, key: str, name: str) -> list[dict]:
    """The exams with students, grouped: the participants' totals are summed over the exams' rows."""
    rows = (exams.filter(people__gt=0).values(*dict.fromkeys((key, name)))
            .annotate(exams=Count("pk"), **SUMS).order_by("-people", name)[:STATS_TOP])
    return [{"name": row[name] if row[name] is not None else "—", "exams": row["exams"], "people": row["people"],
             "average": _average(row), "shares": _shares(row)} for row in rows]


def exam_statistics(qs: QuerySet[DemoExam]) -> dict:
    """Exams and participants by competency, organisation, municipality (of the centre) and year, with average
    points and the share of each grade; the centres' load and the experts' participation. Seven queries, whatever
    the size of the register; they read the exams' rows with their participants' totals (DemoExam.people …
    grade_5), not the participants."""
    exams = qs.order_by()
    totals = exams.aggregate(exams=Count("pk"), **SUMS)
    centres = (exams.values("centre__name").annotate(exams=Count("pk"), people=Sum("people"))
               .order_by("-exams", "centre__name")[:STATS_TOP])
    # Per expert (a person of the staff registry; namesakes are different people): an exam lists an expert once,
    # so a plain count over a hash of the experts' ids, not a sort of every expert row for a DISTINCT count.
    experts = (DemoExam.experts.through.objects.filter(demoexam__in=qs.values("pk"))
               .values("staffmember", "staffmember__last_name", "staffmember__first_name", "staffmember__patronymic")
               .annotate(exams=Count("demoexam"))
               .order_by("-exams", "staffmember__last_name", "staffmember")[:STATS_TOP])
    return {
        "exams": totals["exams"], "people": totals["people"] or 0, "average": _average(totals), "grades": GRADES,
        "grade_shares": list(zip(GRADES, _shares(totals), strict=True)),
        "by_competency": _grouped(exams, "competency", "competency__name"),
        "by_organization": _grouped(exams, "organization", "organization__short_name"),
        "by_municipality": _grouped(exams, "centre__municipality", "centre__municipality__name"),
        "by_year": _grouped(exams.annotate(year=ExtractYear("starts_on")), "year", "year"),
        "centres": list(centres),
        "experts": [{"name": " ".join(p for p in (e["staffmember__last_name"], e["staffmember__first_name"],
                                                  e["staffmember__patronymic"]) if p), "exams": e["exams"]}
                    for e in experts],
    }


def demo_exam_results_of(learner) -> QuerySet[ExamParticipant]:
    """A learner's results of checked demonstration exams, newest first: what a portfolio shows."""
    return (ExamParticipant.objects.filter(learner=learner, exam__status=ExamStatus.FINISHED)
            .select_related("exam__competency", "exam__centre").order_by("-exam__ends_on", "-pk"))
