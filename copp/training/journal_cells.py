"""The journal's cells as HTML, built in Python: a group's journal holds hundreds of cells (learners × lessons and
modules), and rendering each through template includes took most of the page's 0.6 s (M32, issue 15). What is
the same for every cell (words, URL shapes, grade options, dates of the lessons) is prepared once per journal."""
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .models import MarkSource

# Placeholders reversed into the URL shapes and replaced per cell: two numbers no real row has at once.
_FIRST, _SECOND = 987654321, 987654322


def _url_shape(name: str) -> str:
    return reverse(name, args=[_FIRST, _SECOND])


def _url(shape: str, first: int, second: int) -> str:
    return shape.replace(str(_FIRST), str(first), 1).replace(str(_SECOND), str(second), 1)


class CellRenderer:
    """Renders the attendance/grade cells and the module-grade cells of one journal (or a single cell that an
    htmx request saved): the same markup either way, so a saved cell swaps in exactly as the page drew it."""

    def __init__(self, *, grades, can_mark: bool, today: str):
        self.can_mark, self.today = can_mark, today
        self.mark_save, self.mark_history = _url_shape("training:mark_save"), _url_shape("training:mark_history")
        self.module_save = _url_shape("training:module_grade_save")
        self.module_history = _url_shape("training:module_grade_history")
        self.words = {key: conditional_escape(text) for key, text in {
            "none": gettext("no attendance mark"), "tap": gettext("Tap to change"), "grade": gettext("Grade"),
            "history": gettext("Changes of a mark"), "module_history": gettext("Changes of a module grade"),
            "future": gettext("The lesson has not taken place yet"), "attendance_from": gettext("Attendance from"),
            "grade_from": gettext("Grade from")}.items()}
        self.module_label = gettext("Module grade «%(module)s»: %(learner)s")
        self.sources = {value: conditional_escape(label) for value, label in MarkSource.choices}
        # The grade <select>'s options, one variant per selected grade (and none): built once, not per cell.
        options = [(g.pk, conditional_escape(g.code)) for g in grades]
        self.options = {selected: '<option value="">–</option>' + "".join(
            f'<option value="{code}"{" selected" if pk == selected else ""}>{code}</option>' for pk, code in options)
            for selected in [None] + [pk for pk, _code in options]}
        self._lessons: dict[int, tuple[str, str]] = {}

    def _lesson(self, lesson) -> tuple[str, str]:
        """(day as YYYY-MM-DD, «5 декабря») of a lesson in the region's time, computed once per lesson."""
        if lesson.pk not in self._lessons:
            local = timezone.localtime(lesson.starts_at)
            self._lessons[lesson.pk] = (local.date().isoformat(), conditional_escape(date_format(local, "j E")))
        return self._lessons[lesson.pk]

    def _source(self, icon: str, words: str, source: str) -> str:
        label = f"{self.words[words]}: {self.sources.get(source, conditional_escape(source))}"
        return (f'<span class="jr-src" title="{label}"><i class="bi bi-{icon}" aria-hidden="true"></i>'
                f'<span class="visually-hidden">{label}</span></span>')

    def _mark_sources(self, mark) -> str:
        if mark is None:
            return ""
        html = ""
        if mark.attendance_id and mark.attendance_source != MarkSource.TEACHER:
            html += self._source("broadcast", "attendance_from", mark.attendance_source)
        if mark.grade_id and mark.grade_source != MarkSource.TEACHER:
            html += self._source("cloud-download", "grade_from", mark.grade_source)
        return html

    def mark_cell(self, enrolment, lesson, mark, *, learner: str | None = None, saved=False, error="") -> SafeString:
        """One lesson's cell: buttons to mark when the user may and the lesson has begun, otherwise the mark as a
        link to its changes. `learner` is the escaped name when the caller already has it (a whole row)."""
        learner = learner if learner is not None else conditional_escape(str(enrolment.learner))
        day, when = self._lesson(lesson)
        classes = "jr-cell" + (" jr-saved" if saved else "") + (" jr-refused" if error else "")
        attendance = mark.attendance if mark is not None and mark.attendance_id else None
        code = conditional_escape(attendance.code) if attendance else "none"
        short = conditional_escape(attendance.short_name) if attendance and attendance.short_name else "·"
        error_id = f"jr-err-{lesson.pk}-{enrolment.pk}"
        studying = self.can_mark and enrolment.is_studying
        if studying and day <= self.today:
            url = _url(self.mark_save, lesson.pk, enrolment.pk)
            state = conditional_escape(attendance.name) if attendance else self.words["none"]
            described = f' aria-describedby="{error_id}"' if error else ""
            body = (f'<button type="button" class="jr-att jr-{code}" hx-post="{url}" hx-vals=\'{{"cycle": "1"}}\' '
                    f'hx-target="closest td" hx-swap="outerHTML" aria-label="{learner}, {when}: {state}. '
                    f'{self.words["tap"]}"{described}>{short}</button>{self._mark_sources(mark)}'
                    f'<select class="jr-grade" name="grade" aria-label="{self.words["grade"]}: {learner}, {when}" '
                    f'hx-post="{url}" hx-trigger="change" hx-target="closest td" hx-swap="outerHTML">'
                    f'{self.options.get(mark.grade_id if mark else None, self.options[None])}</select>')
        elif mark is not None:
            grade = (f'<span class="jr-mark">{conditional_escape(mark.grade.code)}</span>'
                     if mark.grade_id and mark.grade else "")
            history = _url(self.mark_history, lesson.pk, enrolment.pk)
            body = (f'<a class="text-reset text-decoration-none" href="{history}" title="{self.words["history"]}">'
                    f'<span class="jr-att jr-{code}">{short}</span>{grade}'
                    f'{self._mark_sources(mark)}</a>')
        elif studying:
            future = self.words["future"]
            body = f'<span class="jr-future" title="{future}">·<span class="visually-hidden">{future}</span></span>'
        else:
            body = ""
        if error:
            body += format_html('<div class="jr-error" id="{}" role="alert">{}</div>', error_id, error)
        return mark_safe(f'<td class="{classes}">{body}</td>')  # noqa: S308 — every value above is escaped

    def module_cell(self, enrolment, module, cell, *, learner: str | None = None, saved=False) -> SafeString:
        """A program module's intermediate grade: a choice when the user may grade, else the grade as a link."""
        learner = learner if learner is not None else conditional_escape(str(enrolment.learner))
        source = (self._source("cloud-download", "grade_from", cell.source)
                  if cell is not None and cell.grade_id and cell.source != MarkSource.TEACHER else "")
        if self.can_mark and enrolment.is_studying:
            label = self.module_label % {"module": conditional_escape(module.title), "learner": learner}
            body = (f'<select class="jr-grade" name="grade" aria-label="{label}" '
                    f'hx-post="{_url(self.module_save, module.pk, enrolment.pk)}" hx-trigger="change" '
                    f'hx-target="closest td" hx-swap="outerHTML">'
                    f'{self.options.get(cell.grade_id if cell else None, self.options[None])}</select>{source}')
        elif cell is not None:
            grade = conditional_escape(cell.grade.code) if cell.grade_id and cell.grade else "—"
            body = (f'<a class="text-reset text-decoration-none" '
                    f'href="{_url(self.module_history, module.pk, enrolment.pk)}" '
                    f'title="{self.words["module_history"]}"><span class="jr-mark">{grade}</span>{source}</a>')
        else:
            body = ""
        saved_class = " jr-saved" if saved else ""
        return mark_safe(f'<td class="jr-cell jr-module bg-body-tertiary{saved_class}">{body}</td>')  # noqa: S308

    def row(self, enrolment, cells, module_cells) -> SafeString:
        """A learner's whole row of cells (lessons, then modules), as one piece of HTML."""
        learner = conditional_escape(str(enrolment.learner))
        return mark_safe("".join(  # noqa: S308 — the cells are built escaped
            [self.mark_cell(enrolment, lesson, mark, learner=learner) for lesson, mark in cells]
            + [self.module_cell(enrolment, module, cell, learner=learner) for module, cell in module_cells]))
