"""Results of a survey (M26): the response rate, one summary per question for its chart (bars, stacked bars for
a matrix, the NPS split), the free-text answers, with filters. An anonymous survey never shows a figure made
of fewer than MIN_CELL answers, so no one is recognised by their answer."""
import statistics
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .models import Answer, Question, QuestionKind, Response, Survey

K = QuestionKind
MIN_CELL = 5
TEXT_SHOWN = 200  # free-text answers listed on the page (the Excel export has them all)


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    suppressed: bool = False
    chart: dict = field(default_factory=dict)  # {type, labels, series: [{name, data}]} for the chart script
    table: list = field(default_factory=list)  # rows [label, count or value, share]
    texts: list = field(default_factory=list)
    summary: str = ""


def responses_filtered(survey: Survey, *, group=None, organization=None, date_from=None, date_to=None,
                       program=None) -> QuerySet[Response]:
    qs = survey.responses.all()
    if group:
        qs = qs.filter(group=group)
    if program:
        qs = qs.filter(program=program)
    if organization:
        qs = qs.filter(organization=organization)
    if date_from:
        qs = qs.filter(submitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_at__date__lte=date_to)
    return qs


def _share(count: int, total: int) -> str:
    return f"{round(100 * count / total)} %" if total else "—"


def _bars(result: QuestionResult, counter: Counter, labels: list) -> None:
    data = [counter.get(label, 0) for label in labels]
    result.chart = {"type": "bar", "labels": [str(label) for label in labels],
                    "series": [{"name": _("Answers"), "data": data}]}
    result.table = [[str(label), count, _share(count, result.answered)] for label, count in zip(labels, data,
                                                                                               strict=True)]


def _question_result(question: Question, values: list) -> QuestionResult:
    result = QuestionResult(question=question, answered=len(values))
    kind = question.kind
    if kind == K.SINGLE:
        _bars(result, Counter(values), question.choices)
    elif kind == K.MULTIPLE:
        _bars(result, Counter(choice for value in values for choice in value), question.choices)
    elif kind in (K.SCALE5, K.SCALE10, K.NPS):
        low, high = {K.SCALE5: (1, 5), K.SCALE10: (1, 10), K.NPS: (0, 10)}[kind]
        _bars(result, Counter(values), list(range(low, high + 1)))
        if values:
            result.summary = _("Average: %(avg)s") % {"avg": f"{statistics.mean(values):.1f}".replace(".", ",")}
        if kind == K.NPS and values:
            promoters = sum(1 for v in values if v >= 9)
            detractors = sum(1 for v in values if v <= 6)
            passives = len(values) - promoters - detractors
            nps = round(100 * (promoters - detractors) / len(values))
            result.summary = _("NPS: %(nps)s (promoters %(p)s, passives %(n)s, detractors %(d)s)") % {
                "nps": nps, "p": promoters, "n": passives, "d": detractors}
            result.chart = {"type": "nps", "labels": [_("Detractors (0–6)"), _("Passives (7–8)"),
                                                      _("Promoters (9–10)")],
                            "series": [{"name": _("Answers"), "data": [detractors, passives, promoters]}],
                            "nps": nps}
    elif kind == K.MATRIX:
        scale = [1, 2, 3, 4, 5]
        counts = {row: Counter() for row in question.rows}
        for value in values:
            for row, point in (value or {}).items():
                if row in counts:
                    counts[row][point] += 1
        result.chart = {"type": "stacked", "labels": question.rows,
                        "series": [{"name": str(point), "data": [counts[row].get(point, 0) for row in question.rows]}
                                   for point in scale]}
        for row in question.rows:
            given = sum(counts[row].values())
            mean = sum(point * n for point, n in counts[row].items()) / given if given else None
            result.table.append([row, given, f"{mean:.1f}".replace(".", ",") if mean is not None else "—"])
    elif kind == K.RANKING:
        places = {choice: [] for choice in question.choices}
        for value in values:
            for place, choice in enumerate(value or [], start=1):
                if choice in places:
                    places[choice].append(place)
        means = {choice: (statistics.mean(p) if p else None) for choice, p in places.items()}
        order = sorted(question.choices, key=lambda c: (means[c] is None, means[c] or 0))
        result.chart = {"type": "bar", "labels": order, "series": [{"name": _("Average place"), "data": [
            round(means[c], 2) if means[c] is not None else 0 for c in order]}]}
        result.table = [[c, len(places[c]), f"{means[c]:.1f}".replace(".", ",") if means[c] else "—"]
                        for c in order]
        result.summary = _("A smaller average place means more important.")
    elif kind == K.NUMBER:
        if values:
            result.summary = _("Average %(avg)s, least %(min)s, most %(max)s") % {
                "avg": f"{statistics.mean(values):.1f}".replace(".", ","), "min": min(values), "max": max(values)}
    elif kind in (K.SHORT_TEXT, K.LONG_TEXT):
        result.texts = [value for value in values if value][:TEXT_SHOWN]
    elif kind == K.DATE:
        _bars(result, Counter(v[:7] for v in values), sorted({v[:7] for v in values}))
    elif kind == K.FILE:
        result.summary = _("Files uploaded: %(n)s") % {"n": len(values)}
    return result


def survey_results(survey: Survey, responses: QuerySet[Response], *, audience_size: int | None) -> dict:
    """Everything the results page shows, in a fixed number of queries (one for the answers)."""
    questions = list(survey.questions.select_related("section").order_by("section__order", "order", "pk"))
    total = responses.count()
    values: dict[int, list] = {question.pk: [] for question in questions}
    for question_id, value in Answer.objects.filter(response__in=responses).values_list("question_id", "value"):
        if question_id in values and value is not None:
            values[question_id].append(value)
    items = []
    for question in questions:
        result = _question_result(question, values[question.pk])
        if survey.is_anonymous and result.answered < MIN_CELL:
            result = QuestionResult(question=question, answered=result.answered, suppressed=True)
        items.append(result)
    suppressed_all = survey.is_anonymous and total < MIN_CELL
    return {
        "total": total,
        "audience_size": audience_size,
        "rate": round(100 * total / audience_size) if audience_size else None,
        "items": [] if suppressed_all else items,
        "suppressed_all": suppressed_all,
        "min_cell": MIN_CELL,
    }
