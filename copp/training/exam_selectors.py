"""Reads of the demonstration exam register (D6): the filtered list, its statistics in a fixed number of grouped
queries, and a learner's results (for the portfolio)."""
from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from .exam_models import DemoExam, ExamParticipant, ExamStatus

STATS_TOP = 15  # rows per statistics table on the page; the Excel file has the exams themselves
GRADES = (5, 4, 3, 2)


def exams_filtered(user, *, q=None, year=None, competency=None, organization_name=None, municipality=None,
                   level=None, status=None) -> QuerySet[DemoExam]:
    """The exams the user sees, narrowed by the register's search and filters (empty ones are ignored)."""
    qs = DemoExam.objects.visible_to(user)
    if q:
        qs = qs.filter(Q(competency__name__icontains=q) | Q(assessment_set__icontains=q)
                       | Q(organization__short_name__icontains=q) | Q(centre__name__icontains=q))
    if year:
        qs = qs.filter(starts_on__year=year)
    if competency:
        qs = qs.filter(competency=competency)
    if organization_name:
        qs = qs.filter(Q(organization__short_name__icontains=organization_name)
                       | Q(organization__name__icontains=organization_name))
    if municipality:
        qs = qs.filter(centre__municipality=municipality)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    return qs


def exam_list(qs: QuerySet[DemoExam]) -> QuerySet[DemoExam]:
    """The page's rows with what they show, counted in the same query (no query per row)."""
    return (qs.select_related("competency", "organization", "centre")
            .annotate(people=Count("participants", distinct=True),
                      average=Avg("participants__points"))
            .order_by("-starts_on", "-pk"))


def _grouped(participants: QuerySet, key: str, name: str) -> list[dict]:
    rows = (participants.values(*dict.fromkeys((key, name)))
            .annotate(exams=Count("exam", distinct=True), people=Count("pk"), average=Avg("points"),
                      **{f"g{g}": Count("pk", filter=Q(grade=g)) for g in GRADES})
            .order_by("-people", name)[:STATS_TOP])
    result = []
    for row in rows:
        graded = sum(row[f"g{g}"] for g in GRADES)
        result.append({"name": row[name] if row[name] is not None else "—", "exams": row["exams"],
                       "people": row["people"], "average": row["average"],
                       "shares": [round(row[f"g{g}"] * 100 / graded, 1) if graded else None for g in GRADES]})
    return result


def exam_statistics(qs: QuerySet[DemoExam]) -> dict:
    """Exams and participants by competency, organisation, municipality (of the centre) and year, with average
    points and the share of each grade; the centres' load and the experts' participation. Eight queries, whatever
    the size of the register."""
    participants = ExamParticipant.objects.filter(exam__in=qs.values("pk"))
    years = participants.annotate(year=ExtractYear("exam__starts_on"))
    totals = participants.aggregate(people=Count("pk"), average=Avg("points"),
                                    **{f"g{g}": Count("pk", filter=Q(grade=g)) for g in GRADES})
    graded = sum(totals[f"g{g}"] for g in GRADES)
    centres = (qs.values("centre__name").annotate(exams=Count("pk", distinct=True),
                                                  people=Count("participants"))
               .order_by("-exams", "centre__name")[:STATS_TOP])
    experts = (DemoExam.experts.through.objects.filter(demoexam__in=qs.values("pk"))
               .values("staffmember__last_name", "staffmember__first_name", "staffmember__patronymic")
               .annotate(exams=Count("demoexam", distinct=True))
               .order_by("-exams", "staffmember__last_name")[:STATS_TOP])
    return {
        "exams": qs.count(), "people": totals["people"], "average": totals["average"], "grades": GRADES,
        "grade_shares": [(g, round(totals[f"g{g}"] * 100 / graded, 1) if graded else None) for g in GRADES],
        "by_competency": _grouped(participants, "exam__competency", "exam__competency__name"),
        "by_organization": _grouped(participants, "exam__organization", "exam__organization__short_name"),
        "by_municipality": _grouped(participants, "exam__centre__municipality", "exam__centre__municipality__name"),
        "by_year": _grouped(years, "year", "year"),
        "centres": list(centres),
        "experts": [{"name": " ".join(p for p in (e["staffmember__last_name"], e["staffmember__first_name"],
                                                  e["staffmember__patronymic"]) if p), "exams": e["exams"]}
                    for e in experts],
    }


def demo_exam_results_of(learner) -> QuerySet[ExamParticipant]:
    """A learner's results of checked demonstration exams, newest first: what a portfolio shows."""
    return (ExamParticipant.objects.filter(learner=learner, exam__status=ExamStatus.FINISHED)
            .select_related("exam__competency", "exam__centre").order_by("-exam__ends_on", "-pk"))
