"""Excel exports of a survey (M26): the raw answers (a row per response, a column per question) and the
summary (each question's options with counts and shares), through the shared table writer."""
from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.xlsx import table_xlsx

from .models import Answer, QuestionKind


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{row}: {point}" for row, point in value.items())
    return value


def raw_xlsx(survey, responses, questions):
    """One row per response; named surveys carry the respondent, anonymous ones only the group and date."""
    answers: dict[int, dict[int, object]] = {}
    for response_id, question_id, value in (Answer.objects.filter(response__in=responses)
                                            .values_list("response_id", "question_id", "value")):
        answers.setdefault(response_id, {})[question_id] = value
    rows = list(responses.select_related("user", "group", "organization").order_by("submitted_at", "pk"))
    columns = [
        (_("No."), 6, lambda r: r[0]),
        (_("Submitted at"), 18, lambda r: r[1].submitted_at),
    ]
    if not survey.is_anonymous:
        columns.append((_("Respondent"), 30, lambda r: (r[1].user.get_full_name() or r[1].user.email)
                        if r[1].user else _("visitor")))
    columns += [
        (_("Study group"), 16, lambda r: r[1].group.code if r[1].group else ""),
        (_("Organisation"), 24, lambda r: r[1].organization.short_name if r[1].organization else ""),
    ]
    for question in questions:
        if question.kind == QuestionKind.FILE:
            continue
        columns.append((question.text, 24,
                        lambda r, q=question.pk: _cell(answers.get(r[1].pk, {}).get(q))))
    preamble = [survey.title, _("Exported %(when)s") % {"when": timezone.localtime().strftime("%d.%m.%Y %H:%M")}]
    return table_xlsx(enumerate(rows, start=1), columns, sheet_title=_("Answers"),
                      datetime_format="dd.mm.yyyy hh:mm", preamble=preamble)


def summary_xlsx(survey, results: dict):
    """Each question's table as on the results page (suppressed cells stay empty with the reason)."""
    lines = []
    for item in results["items"]:
        if item.suppressed:
            lines.append((item.question.text, _("fewer than %(n)s answers: hidden") % {"n": results["min_cell"]},
                          "", ""))
            continue
        if item.summary:
            lines.append((item.question.text, item.summary, "", ""))
        for label, count, share in item.table:
            lines.append((item.question.text, label, count, share))
        for text in item.texts:
            lines.append((item.question.text, text, "", ""))
    columns = [(_("Question"), 40, lambda r: r[0]), (_("Answer"), 40, lambda r: r[1]),
               (_("Count"), 10, lambda r: r[2]), (_("Share or average"), 14, lambda r: r[3])]
    preamble = [survey.title, _("Responses: %(n)s") % {"n": results["total"]}]
    return table_xlsx(lines, columns, sheet_title=_("Summary"), preamble=preamble)
