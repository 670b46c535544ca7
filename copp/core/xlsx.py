"""Excel tables for staff exports: a header row, typed cells, frozen header and autofilter, written row by
row (XlsxWriter constant-memory mode) into a temporary file a streaming response can send; and a cheap
estimate of an uploaded workbook's rows."""
import re
import tempfile
import zipfile
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31


def sheet_name(text) -> str:
    """A worksheet name Excel accepts: no []:*?/\\ characters, at most 31 characters."""
    text = str(text)
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:SHEET_NAME_MAX]


def table_xlsx(rows, columns, *, sheet_title: str, datetime_format: str = "dd.mm.yyyy", preamble=(),
               progress=None, total: int = 0):
    """Write `rows` through `columns` [(title, width, value(row))] to an xlsx file; returns the open file.

    Cells: dates and datetimes (naive) get `datetime_format`; int, float and Decimal are numbers; bools are
    booleans; None and "" stay blank; anything else is text (never a formula or a link). `preamble` lines
    go above the table (the first one bold and larger), then a blank row, then the header. `progress(done,
    total)` hears of each row (a background job's progress bar)."""
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
        if progress:
            progress(row_number - header_row - 1, total)
        for col, (_title, _width, value) in enumerate(columns):
            cell = value(row)
            if cell is None or (isinstance(cell, str) and not cell):
                continue
            if hasattr(cell, "year"):
                if getattr(cell, "tzinfo", None) is not None:
                    # Aware moments are written as the region's wall time (Excel has no zones).
                    cell = timezone.localtime(cell).replace(tzinfo=None)
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


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"')
_ROW = re.compile(rb"<(?:\w+:)?row[ >]")


def estimated_rows(file, *, enough: int = 100_000) -> int:
    """Rows of an uploaded workbook's first sheet, read cheaply (its `dimension`, else its row tags counted up
    to `enough`), so a view can decide whether the import runs in the request or as a background job.
    Not a check of the file: anything unreadable counts as 0 and the import itself says what is wrong."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            sheets = sorted(name for name in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name))
            if not sheets:
                return 0
            with archive.open(sheets[0]) as sheet:
                head = sheet.read(4096)
                found = _DIMENSION.search(head)
                if found:
                    return max(int(found.group(1)) - 1, 0)
                rows, tail = len(_ROW.findall(head)), head[-16:]
                while rows <= enough and (chunk := sheet.read(1 << 20)):
                    rows += len(_ROW.findall(tail + chunk))
                    tail = chunk[-16:]
                return max(rows - 1, 0)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return 0
    finally:
        file.seek(0)
