"""Excel export of an event's registrations (staff live in Excel)."""
import io

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def registrations_xlsx(event, registrations) -> io.BytesIO:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    sheet = workbook.add_worksheet(_("Registrations")[:31])
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E9ECEF"})
    when = workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})
    sheet.write(0, 0, event.title, workbook.add_format({"bold": True, "font_size": 13}))
    sheet.write(1, 0, timezone.localtime(event.starts_at).strftime("%d.%m.%Y %H:%M"))
    headers = [_("No."), _("Surname, name, patronymic"), _("E-mail"), _("Phone"), _("Registration status"),
               _("Signed up at"), _("Came"), _("Check-in time")]
    widths = [5, 36, 30, 18, 22, 18, 8, 18]
    for col, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write(3, col, header, bold)
        sheet.set_column(col, col, width)
    for row, registration in enumerate(registrations, start=4):
        user = registration.user
        sheet.write_number(row, 0, row - 3)
        sheet.write(row, 1, user.get_full_name() or user.email)
        sheet.write(row, 2, user.email)
        sheet.write(row, 3, getattr(user, "phone", "") or "")
        sheet.write(row, 4, str(registration.get_status_display()))
        sheet.write_datetime(row, 5, timezone.localtime(registration.queued_at).replace(tzinfo=None), when)
        sheet.write(row, 6, _("yes") if registration.checked_in_at else "")
        if registration.checked_in_at:
            sheet.write_datetime(row, 7, timezone.localtime(registration.checked_in_at).replace(tzinfo=None), when)
    sheet.freeze_panes(4, 0)
    sheet.autofilter(3, 0, 3, len(headers) - 1)
    workbook.close()
    buffer.seek(0)
    return buffer
