"""Excel tables for staff exports: a header row, typed cells, frozen header and autofilter, written row by
row (XlsxWriter constant-memory mode) into a temporary file a streaming response can send."""
import tempfile
from decimal import Decimal

import xlsxwriter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31


def sheet_name(text) -> str:
    """A worksheet name Excel accepts: no []:*?/\\ characters, at most 31 characters."""
    text = str(text)
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:SHEET_NAME_MAX]


def table_xlsx(rows, columns, *, sheet_title: str, datetime_format: str = "dd.mm.yyyy", preamble=()):
    """Write `rows` through `columns` [(title, width, value(row))] to an xlsx file; returns the open file.

    Cells: dates and datetimes (naive) get `datetime_format`; int, float and Decimal are numbers; bools are
    booleans; None and "" stay blank; anything else is text (never a formula or a link). `preamble` lines
    go above the table (the first one bold and larger), then a blank row, then the header."""
    # Open for the response to stream; the file is removed when the response closes it.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    workbook = xlsxwriter.Workbook(target, {"constant_memory": True, "strings_to_numbers": False,
                                            "strings_to_urls": False})
    sheet = workbook.add_worksheet(sheet_name(sheet_title))
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E9ECEF"})
    moment = workbook.add_format({"num_format": datetime_format})
    for col, (_title, width, _value) in enumerate(columns):
        sheet.set_column(col, col, width)
    preamble = [str(line) for line in preamble]
    if preamble:
        sheet.write_string(0, 0, preamble[0], workbook.add_format({"bold": True, "font_size": 13}))
        for number, line in enumerate(preamble[1:], start=1):
            sheet.write_string(number, 0, line)
    header_row = len(preamble) + 1 if preamble else 0
    for col, (title, _width, _value) in enumerate(columns):
        sheet.write_string(header_row, col, str(title), header)
    sheet.freeze_panes(header_row + 1, 0)
    row_number = header_row
    for row_number, row in enumerate(rows, start=header_row + 1):
        for col, (_title, _width, value) in enumerate(columns):
            cell = value(row)
            if cell is None or (isinstance(cell, str) and not cell):
                continue
            if hasattr(cell, "year"):
                sheet.write_datetime(row_number, col, cell, moment)
            elif isinstance(cell, bool):
                sheet.write_boolean(row_number, col, cell)
            elif isinstance(cell, int | float | Decimal):
                sheet.write_number(row_number, col, float(cell) if isinstance(cell, Decimal) else cell)
            else:
                sheet.write_string(row_number, col, str(cell))
    sheet.autofilter(header_row, 0, max(row_number, header_row + 1), len(columns) - 1)
    workbook.close()
    target.seek(0)
    return target
