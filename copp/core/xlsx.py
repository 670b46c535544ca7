"""Excel tables for staff exports: a header row, typed cells, frozen header and autofilter, written row by
row (XlsxWriter constant-memory mode) into a temporary file a streaming response can send; a cheap
estimate of an uploaded workbook's rows; and the safe reading of uploaded workbooks (archive limits checked
before any XML is parsed, no DTD, rows and cells capped)."""
import re
import tempfile
import zipfile
from decimal import Decimal
from xml.parsers.expat import ExpatError

import xlsxwriter
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

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


# An uploaded .xlsx is a zip of XML. Its size on disk says little: XML compresses a thousandfold, so a 1 MB file
# can unpack to a gigabyte of shared strings that openpyxl keeps in memory. These limits are checked on the
# sizes the archive declares (Python's zipfile never inflates a member past its declared size) before any XML
# is parsed; they are far above what a filled template of a few thousand rows needs.
UNPACKED_MAX_BYTES = 50 * 1024 * 1024
MEMBER_MAX_BYTES = 40 * 1024 * 1024
SHARED_STRINGS_MAX_BYTES = 10 * 1024 * 1024
MEMBERS_MAX = 500
_SCAN_CHUNK = 1 << 20
# A workbook never carries a document type declaration; one in an upload is an entity bomb or an external
# entity. Refusing any DTD leaves nothing for the parser to expand.
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']""")


class WorkbookRefused(ValueError):
    """An uploaded workbook that is not read; `message` tells the user why, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _damaged() -> WorkbookRefused:
    return WorkbookRefused(_("The file is damaged or is not an Excel workbook. Open it in Excel, save it as "
                             "«Excel workbook (.xlsx)» and upload it again."))


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse an XML member in another encoding than UTF-8 (a DTD could hide there) or carrying a DTD."""
    with archive.open(info) as member:
        head = member.read(_SCAN_CHUNK)
        if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
            raise _damaged()  # UTF-16/32: Excel writes UTF-8 only
        declared = _ENCODING.match(head.lstrip(b"\xef\xbb\xbf"))
        if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
            raise _damaged()
        chunk, tail = head, b""
        while chunk:
            if _DTD.search(tail + chunk):
                raise WorkbookRefused(_("The file contains a document type declaration, which Excel never "
                                        "writes. Open it in Excel, save it as «Excel workbook (.xlsx)» and "
                                        "upload it again."))
            tail, chunk = chunk[-16:], member.read(_SCAN_CHUNK)


def check_workbook(file) -> None:
    """Raise WorkbookRefused unless `file` is a zip whose declared unpacked sizes stay within the limits and
    whose XML parts carry no DTD; leaves the file at its start. Call it before anything opens the workbook."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > MEMBERS_MAX:
                raise _damaged()
            total = sum(info.file_size for info in members)
            biggest = max(members, key=lambda info: info.file_size, default=None)
            too_big = total > UNPACKED_MAX_BYTES or (biggest and biggest.file_size > MEMBER_MAX_BYTES) or any(
                info.filename.lower().endswith("sharedstrings.xml") and info.file_size > SHARED_STRINGS_MAX_BYTES
                for info in members)
            if too_big:
                raise WorkbookRefused(
                    _("The file unpacks to %(size)s of data, more than a workbook of this kind may hold. Remove "
                      "what the template does not need (other sheets, pictures, formatting) or split the rows "
                      "into several files.") % {"size": filesizeformat(total)})
            for info in members:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    _scan_member(archive, info)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, RuntimeError,
            ValueError) as error:
        if isinstance(error, WorkbookRefused):
            raise
        raise _damaged() from error
    finally:
        file.seek(0)


# What a damaged part of a workbook raises while openpyxl reads it (broken XML, a missing part, a bad value).
_READ_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, TypeError, IndexError, AttributeError, OSError,
                EOFError, SyntaxError, ExpatError)


def read_sheet(file, *, max_rows: int, max_columns: int = 100):
    """(header cells, [(Excel row number, cells)]) of the first sheet's non-empty rows, checked by
    `check_workbook` first; at most `max_rows` + 1 data rows are read (the caller tells "more than"), at most
    `max_columns` cells per row, and blank rows between them are bounded too. Raises WorkbookRefused."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    check_workbook(file)
    # Blank rows are padded by openpyxl one by one: bound the rows scanned, not only the ones with data.
    last_row = 1 + max_rows * 10 + 1000
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise _damaged()
            rows = workbook.worksheets[0].iter_rows(values_only=True, max_col=max_columns, max_row=last_row)
            header = list(next(rows, None) or ())
            while header and header[-1] in (None, ""):  # openpyxl pads the row to max_columns
                header.pop()
            data = []
            for number, cells in enumerate(rows, start=2):
                if any(cell not in (None, "") and str(cell).strip() for cell in cells):
                    data.append((number, cells))
                    if len(data) > max_rows:
                        break
            return header, data
        finally:
            workbook.close()
    except WorkbookRefused:
        raise
    except (InvalidFileException, *_READ_ERRORS) as error:
        raise _damaged() from error
    finally:
        file.seek(0)
