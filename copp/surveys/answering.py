"""Reading a filled questionnaire: each question's value from the form's fields by its type, which questions
the earlier answers show (conditional display), what is missing or wrong, in plain Russian, and what the answer
template (surveys/includes/questions.html) draws for each question. The engine reads any object with a
question's attributes: the learning app's tests (copp.learning.quizzes) use it too."""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from copp.admissions.files import validate_document

from .models import Question, QuestionKind

K = QuestionKind
SCALES = {K.SCALE5: (1, 5), K.SCALE10: (1, 10), K.NPS: (0, 10)}
MATRIX_SCALE = (1, 5)
TEXT_LIMITS = {K.SHORT_TEXT: 300, K.LONG_TEXT: 5000}
NUMBER_LIMIT = Decimal("1e12")


def field_name(question: Question) -> str:
    return f"q{question.pk}"


@dataclass
class Filled:
    """What a person sent: values of the shown questions, their files, and the errors by question."""

    values: dict = field(default_factory=dict)  # question id -> value (JSON-ready)
    files: dict = field(default_factory=dict)  # question id -> uploaded file
    errors: dict = field(default_factory=dict)  # question id -> message
    shown: set = field(default_factory=set)


def _matches(value, expected: str) -> bool:
    if value is None or value == "" or value == []:
        return False
    if isinstance(value, list):
        return expected in [str(v) for v in value]
    return str(value) == expected


def shown_questions(questions: list[Question], values: dict) -> set[int]:
    """Ids of the questions the answers show: a question (or its section) with a condition is shown when the
    earlier question it depends on is shown and has the expected answer."""
    shown: set[int] = set()
    for question in questions:
        conditions = []
        section = question.section
        if section is not None and section.show_if_question_id:
            conditions.append((section.show_if_question_id, section.show_if_value))
        if question.show_if_question_id:
            conditions.append((question.show_if_question_id, question.show_if_value))
        if all(source in shown and _matches(values.get(source), expected) for source, expected in conditions):
            shown.add(question.pk)
    return shown


def _raw(question: Question, data, files):
    """The question's input as sent, before checks (None when nothing was given)."""
    name = field_name(question)
    if question.kind == K.MULTIPLE:
        picked = [v for v in data.getlist(name) if v]
        return picked or None
    if question.kind == K.MATRIX:
        cells = {row: data.get(f"{name}_{index}", "").strip() for index, row in enumerate(question.rows)}
        return {row: value for row, value in cells.items() if value} or None
    if question.kind == K.RANKING:
        ranks = {choice: data.get(f"{name}_{index}", "").strip() for index, choice in enumerate(question.choices)}
        return {choice: rank for choice, rank in ranks.items() if rank} or None
    if question.kind == K.FILE:
        return files.get(name) if files else None
    value = data.get(name, "").strip()
    return value or None


def _integer(text, low: int, high: int, message: str) -> int:
    try:
        number = int(str(text))
    except ValueError:
        raise ValidationError(message) from None
    if not low <= number <= high:
        raise ValidationError(message)
    return number


def clean_value(question: Question, raw):
    """The stored value of one answer, or ValidationError with the reason."""
    kind = question.kind
    if kind == K.SINGLE:
        if raw not in question.choices:
            raise ValidationError(_("Choose one of the options."))
        return raw
    if kind == K.MULTIPLE:
        if any(value not in question.choices for value in raw) or len(set(raw)) != len(raw):
            raise ValidationError(_("Choose among the options given."))
        return [choice for choice in question.choices if choice in raw]
    if kind in SCALES:
        low, high = SCALES[kind]
        return _integer(raw, low, high, _("Choose a value from %(low)s to %(high)s.") % {"low": low, "high": high})
    if kind in TEXT_LIMITS:
        limit = TEXT_LIMITS[kind]
        if len(raw) > limit:
            raise ValidationError(_("The answer is too long: at most %(n)s characters.") % {"n": limit})
        return raw
    if kind == K.NUMBER:
        try:
            number = Decimal(raw.replace(",", ".").replace(" ", "").replace("\u00a0", ""))
        except InvalidOperation:
            raise ValidationError(_("Enter a number, for example 12 or 3,5.")) from None
        if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
            raise ValidationError(_("Enter a number, for example 12 or 3,5."))
        return float(number)
    if kind == K.DATE:
        try:
            day = datetime.date.fromisoformat(raw)
        except ValueError:
            raise ValidationError(_("Enter a date, for example 28.11.2026.")) from None
        if not 1900 <= day.year <= 2200:
            raise ValidationError(_("Enter a date, for example 28.11.2026."))
        return day.isoformat()
    if kind == K.MATRIX:
        low, high = MATRIX_SCALE
        message = _("Rate each line from %(low)s to %(high)s.") % {"low": low, "high": high}
        return {row: _integer(value, low, high, message) for row, value in raw.items() if row in question.rows}
    if kind == K.RANKING:
        count = len(question.choices)
        message = _("Give each option its own place from 1 to %(n)s.") % {"n": count}
        ranks = {choice: _integer(rank, 1, count, message) for choice, rank in raw.items()}
        if len(ranks) != count or sorted(ranks.values()) != list(range(1, count + 1)):
            raise ValidationError(message)
        return [choice for choice, _rank in sorted(ranks.items(), key=lambda pair: pair[1])]
    if kind == K.FILE:
        validate_document(raw)
        return raw.name[:200]
    raise ValidationError(_("This question cannot be answered."))


def _complete(question: Question, value) -> bool:
    if question.kind == K.MATRIX:
        return isinstance(value, dict) and all(row in value for row in question.rows)
    return value not in (None, "", [], {})


def read_answers(questions: list[Question], data, files=None, *, check_required: bool = True) -> Filled:
    """Read every question in order: hidden ones are skipped (neither required nor stored), shown ones are
    checked by type, and a required shown question left empty is an error (unless saving a draft)."""
    filled = Filled()
    for question in questions:
        # A question's visibility depends on earlier answers only, so the values read so far decide it.
        if question.pk not in shown_questions(questions[: questions.index(question) + 1], filled.values):
            continue
        filled.shown.add(question.pk)
        raw = _raw(question, data, files)
        if raw is None:
            if check_required and question.required:
                filled.errors[question.pk] = (_("Rate every line.") if question.kind == K.MATRIX
                                              else _("Answer this question."))
            continue
        try:
            value = clean_value(question, raw)
        except ValidationError as error:
            filled.errors[question.pk] = " ".join(error.messages)
            continue
        if check_required and question.required and not _complete(question, value):
            filled.errors[question.pk] = _("Rate every line.")
            continue
        if question.kind == K.FILE:
            filled.files[question.pk] = raw
        filled.values[question.pk] = value
    return filled


def form_items(questions, values: dict, errors: dict) -> list[dict]:
    """What the answer template draws for each question: its field, current value, error and condition."""
    shown = shown_questions(questions, values)
    items = []
    for question in questions:
        value = values.get(question.pk)
        item = {"q": question, "name": field_name(question), "value": value, "error": errors.get(question.pk),
                "hidden": question.pk not in shown, "conditions": []}
        if question.section and question.section.show_if_question_id:
            item["conditions"].append((f"q{question.section.show_if_question_id}", question.section.show_if_value))
        if question.show_if_question_id:
            item["conditions"].append((f"q{question.show_if_question_id}", question.show_if_value))
        if question.kind in SCALES:
            low, high = SCALES[question.kind]
            item["points"] = [str(n) for n in range(low, high + 1)]
            item["value"] = str(value) if value is not None else ""
        elif question.kind == K.MATRIX:
            item["points"] = [str(n) for n in range(MATRIX_SCALE[0], MATRIX_SCALE[1] + 1)]
            item["cells"] = [(index, row, str((value or {}).get(row, ""))) for index, row in enumerate(question.rows)]
        elif question.kind == K.RANKING:
            order = value or []
            item["places"] = [str(n) for n in range(1, len(question.choices) + 1)]
            item["cells"] = [(index, choice, str(order.index(choice) + 1) if choice in order else "")
                             for index, choice in enumerate(question.choices)]
        elif question.kind == K.MULTIPLE:
            item["value"] = value or []
        items.append(item)
    return items
