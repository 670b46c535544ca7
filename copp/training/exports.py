"""The group's journal as an Excel sheet (ведомость): learners × lessons and modules, attendance and grades,
the rating parts and the final result, for the staff and teachers who keep it (M20, D8)."""
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.xlsx import table_xlsx

from .models import Enrolment
from .selectors import Journal, Rating, rating_of


class Row(NamedTuple):
    enrolment: Enrolment
    marks: dict  # lesson id -> Mark
    module_grades: dict  # module id -> grade code
    rating: Rating


def _cell(mark) -> str:
    """«П», «П 5», «5» or "": the attendance short name and the grade, as in the grid."""
    if mark is None:
        return ""
    parts = [mark.attendance.short_name if mark.attendance else "", mark.grade.code if mark.grade else ""]
    return " ".join(p for p in parts if p)


def journal_xlsx(journal: Journal, *, progress=None):
    """The open xlsx file of the journal; one row per learner, in the grid's order."""
    ratings = {r.enrolment.pk: r for r in rating_of(journal)}
    rows = [Row(enrolment, {lesson.pk: mark for lesson, mark in cells},
                {module.pk: cell.grade.code for module, cell in module_cells if cell and cell.grade},
                ratings[enrolment.pk])
            for enrolment, cells, module_cells in journal.grid()]
    columns = [(_("Learner"), 32, lambda row: str(row.enrolment.learner)),
               (_("Learner status"), 16, lambda row: row.enrolment.get_status_display())]
    for lesson in journal.lessons:
        moment = timezone.localtime(lesson.starts_at)
        columns.append((moment.strftime("%d.%m %H:%M"), 9, lambda row, pk=lesson.pk: _cell(row.marks.get(pk))))
    for number, module in enumerate(journal.modules, start=1):
        columns.append((_("M%(number)s. %(title)s") % {"number": number, "title": module.title}, 14,
                        lambda row, pk=module.pk: row.module_grades.get(pk, "")))
    columns += [
        (_("Attendance, %"), 12, lambda row: row.rating.attendance),
        (_("Grades, %"), 12, lambda row: row.rating.grade),
        (_("Intermediate rating"), 13, lambda row: row.rating.intermediate),
        (_("Final grade"), 12, lambda row: str(row.enrolment.final_grade or "")),
        (_("Final rating"), 12, lambda row: row.rating.final),
        (_("Document"), 18, lambda row: " ".join(p for p in (row.enrolment.document_series,
                                                              row.enrolment.document_number) if p)),
    ]
    group = journal.group
    preamble = [_("Journal of the group %(group)s") % {"group": group.code}, group.program.title,
                _("Studies period: %(start)s — %(end)s") % {"start": group.starts_on.strftime("%d.%m.%Y"),
                                                             "end": group.ends_on.strftime("%d.%m.%Y")},
                _("Marks: П present, О late, У excused, Н absent; a number is the grade.")]
    return table_xlsx(rows, columns, sheet_title=group.code, preamble=preamble, progress=progress,
                      total=len(rows))


def load_xlsx(first, periods, rows, *, progress=None):
    """The site load table (D5): site, organisation, hours per period, total, programs."""
    columns = [(_("Site"), 30, lambda row: row["name"]), (_("Organisation"), 30, lambda row: row["organization"])]
    columns += [(period.strftime("%d.%m.%Y"), 11, lambda row, i=i: float(row["values"][i]))
                for i, period in enumerate(periods)]
    columns += [(_("Total, hours"), 12, lambda row: float(row["total"])),
                (_("Programs"), 40, lambda row: ", ".join(row["programs"]))]
    return table_xlsx(rows, columns, sheet_title=_("Site load"), progress=progress, total=len(rows))
