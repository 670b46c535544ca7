"""The database of organisations as an Excel file (XlsxWriter), written row by row from an iterator."""
import tempfile

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Organization

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 1000


def _columns():
    field = Organization._meta.get_field
    return [
        (str(field("short_name").verbose_name).capitalize(), 40, lambda o: o.short_name),
        (str(field("name").verbose_name).capitalize(), 60, lambda o: o.name),
        (str(field("type").verbose_name).capitalize(), 28, lambda o: o.get_type_display()),
        (str(field("inn").verbose_name), 14, lambda o: o.inn),
        (str(field("ogrn").verbose_name), 17, lambda o: o.ogrn),
        (str(field("kpp").verbose_name), 11, lambda o: o.kpp),
        (str(field("municipality").verbose_name).capitalize(), 28, lambda o: str(o.municipality or "")),
        (str(field("legal_address").verbose_name).capitalize(), 50, lambda o: o.legal_address),
        (str(field("phone").verbose_name).capitalize(), 18, lambda o: o.phone),
        (str(field("email").verbose_name).capitalize(), 28, lambda o: o.email),
        (str(field("website").verbose_name).capitalize(), 28, lambda o: o.website),
        (str(field("competencies").verbose_name).capitalize(), 50,
         lambda o: "; ".join(c.name for c in o.competencies.all())),
        (str(field("verification_status").verbose_name).capitalize(), 18,
         lambda o: o.get_verification_status_display()),
        (_("Members"), 10, lambda o: o.member_count),
        (_("Registered"), 14, lambda o: timezone.localtime(o.created_at).date()),
    ]


def organizations_xlsx(rows):
    """Write the rows (annotated with member_count, competencies prefetched) to a temporary xlsx file."""
    columns = _columns()
    # Open for the response to stream; the file is removed when the response closes it.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                            "strings_to_urls": False})
    sheet = workbook.add_worksheet(_("Organisations")[:31])
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E9ECEF"})
    date = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for col, (title, width, _value) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, title, header)
    sheet.freeze_panes(1, 0)
    row_number = 0
    for row_number, organization in enumerate(rows.iterator(chunk_size=CHUNK), start=1):
        for col, (_title, _width, value) in enumerate(columns):
            cell = value(organization)
            if hasattr(cell, "year"):
                sheet.write_datetime(row_number, col, cell, date)
            elif isinstance(cell, int):
                sheet.write_number(row_number, col, cell)
            else:
                sheet.write_string(row_number, col, cell or "")
    sheet.autofilter(0, 0, max(row_number, 1), len(columns) - 1)
    workbook.close()
    target.seek(0)
    return target
