"""Excel tables for staff exports: a header row, typed cells, frozen header and autofilter, written row by
row (XlsxWriter constant-memory mode) into a temporary file a streaming response can send."""
import tempfile

import xlsxwriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_xlsx(rows, columns, *, sheet_title: str, datetime_format: str = "dd.mm.yyyy"):
    """Write `rows` through `columns` [(title, width, value(row))] to an xlsx file; returns the open file."""
    # Open for the response to stream; the file is removed when the response closes it.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                            "strings_to_urls": False})
    sheet = workbook.add_worksheet(str(sheet_title)[:31])
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E9ECEF"})
    moment = workbook.add_format({"num_format": datetime_format})
    for col, (title, width, _value) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write_string(0, col, str(title), header)
    sheet.freeze_panes(1, 0)
    row_number = 0
    for row_number, row in enumerate(rows, start=1):
        for col, (_title, _width, value) in enumerate(columns):
            cell = value(row)
            if hasattr(cell, "year"):
                sheet.write_datetime(row_number, col, cell, moment)
            elif isinstance(cell, int):
                sheet.write_number(row_number, col, cell)
            else:
                sheet.write_string(row_number, col, str(cell or ""))
    sheet.autofilter(0, 0, max(row_number, 1), len(columns) - 1)
    workbook.close()
    target.seek(0)
    return target
