"""The inbox as an Excel file (XlsxWriter), written row by row from an iterator."""
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from copp.core.xlsx import XLSX_CONTENT_TYPE, table_xlsx

__all__ = ["MAX_ROWS", "XLSX_CONTENT_TYPE", "applications_xlsx"]

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


def applications_xlsx(rows, *, show_snils: bool, progress=None, total: int = 0):
    """Write the filtered applications to a temporary xlsx file (at most MAX_ROWS rows)."""
    return table_xlsx(rows[:MAX_ROWS].iterator(chunk_size=1000), _columns(show_snils),
                      sheet_title=_("Applications"), datetime_format="dd.mm.yyyy hh:mm", progress=progress,
                      total=total)
