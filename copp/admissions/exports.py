"""The inbox as an Excel file (XlsxWriter), written row by row from an iterator."""
import tempfile

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 100_000


def _columns(show_snils: bool):
    columns = [
        (_("Number"), 14, lambda a: a.number),
        (_("Submitted on"), 18, lambda a: timezone.localtime(a.submitted_at).replace(tzinfo=None)),
        (_("Application kind"), 26, lambda a: a.get_kind_display()),
        (pgettext("column", "Status"), 18, lambda a: a.get_status_display()),
        (_("Program"), 50, lambda a: a.program.title if a.program_id else ""),
        (_("Applicant"), 36, lambda a: a.organization.short_name if a.organization_id else a.full_name),
        (_("Participants"), 12, lambda a: a.participants_count or (1 if a.kind == "individual" else 0)),
        (_("E-mail"), 28, lambda a: a.email),
        (_("Phone"), 18, lambda a: a.phone),
        (_("Assigned to"), 28, lambda a: (a.assignee.get_full_name() or a.assignee.email) if a.assignee_id else ""),
        (_("Last decision comment"), 50, lambda a: a.decision_comment),
    ]
    if show_snils:
        columns.insert(6, (_("SNILS"), 16, lambda a: a.snils))
    return columns


def applications_xlsx(rows, *, show_snils: bool):
    """Write the filtered applications to a temporary xlsx file (at most MAX_ROWS rows)."""
    columns = _columns(show_snils)
    target = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the streaming response
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                            "strings_to_urls": False})
    sheet = workbook.add_worksheet(_("Applications")[:31])
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E9ECEF"})
    moment = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    for col, (title, width, _value) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, header)
    sheet.freeze_panes(1, 0)
    row_number = 0
    for row_number, application in enumerate(rows[:MAX_ROWS].iterator(chunk_size=1000), start=1):
        for col, (_title, _width, value) in enumerate(columns):
            cell = value(application)
            if hasattr(cell, "year"):
                sheet.write_datetime(row_number, col, cell, moment)
            elif isinstance(cell, int):
                sheet.write_number(row_number, col, cell)
            else:
                sheet.write_string(row_number, col, cell or "")
    sheet.autofilter(0, 0, max(row_number, 1), len(columns) - 1)
    workbook.close()
    target.seek(0)
    return target
