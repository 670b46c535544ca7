"""Uploaded workbooks are checked before they are parsed: a small file that unpacks to hundreds of MB, a DTD
entity bomb and broken XML are refused with a message (they answered 500 or ate the worker's memory), and the
rows and cells read are capped."""
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from copp.core.xlsx import WorkbookRefused, check_workbook, estimated_rows, read_sheet, table_xlsx

BOMB = b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">' \
       b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'


def good_workbook(rows=3) -> bytes:
    data = [{"name": f"Станок {n}", "count": n} for n in range(rows)]
    columns = [("Наименование", 20, lambda row: row["name"]), ("Количество", 10, lambda row: row["count"])]
    return table_xlsx(data, columns, sheet_title="Лист").read()


def rebuilt(content: bytes, replace: dict[str, bytes]) -> bytes:
    """The workbook with some members replaced (compressed as Excel does)."""
    source, target = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name in set(replace) - set(source.namelist()):
            archive.writestr(name, replace[name])
    return target.getvalue()


def shared_strings_bomb() -> bytes:
    """About 60 MB of shared strings in a file of well under 1 MB."""
    strings = b"<si><t>" + b"x" * 200 + b"</t></si>"
    count = 60 * 1024 * 1024 // len(strings)
    body = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (count, count)) + strings * count + b"</sst>"
    return rebuilt(good_workbook(), {"xl/sharedStrings.xml": body})


def entity_bomb() -> bytes:
    content = good_workbook()
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    return rebuilt(content, {"xl/worksheets/sheet1.xml": sheet.replace(b"?>", b"?>" + BOMB, 1)})


def broken_xml() -> bytes:
    content = good_workbook()
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    return rebuilt(content, {"xl/worksheets/sheet1.xml": sheet[: len(sheet) // 2]})


def far_cell() -> bytes:
    """One cell at the sheet's last row and column: openpyxl would pad a million blank rows of 16 384 cells."""
    content = good_workbook()
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    sheet = sheet.replace(b"</sheetData>", far).replace(b'<dimension ref="A1:B4"/>',
                                                       b'<dimension ref="A1:XFD1048576"/>')
    return rebuilt(content, {"xl/worksheets/sheet1.xml": sheet})


def ru(message: str) -> str:
    with translation.override("ru"):
        return translation.gettext(message)


def test_a_good_workbook_is_read():
    header, rows = read_sheet(io.BytesIO(good_workbook(5)), max_rows=10)
    assert header == ["Наименование", "Количество"]
    assert [number for number, _cells in rows] == [2, 3, 4, 5, 6]


def test_the_shared_strings_bomb_is_refused_before_parsing():
    content = shared_strings_bomb()
    assert len(content) < 1024 * 1024
    started = time.monotonic()
    with pytest.raises(WorkbookRefused) as refused:
        read_sheet(io.BytesIO(content), max_rows=10)
    assert time.monotonic() - started < 5
    with translation.override("ru"):
        assert "распаковывается" in refused.value.message


@pytest.mark.parametrize("content", [entity_bomb(), broken_xml(), b"PK\x03\x04 not a zip", b""])
def test_entity_bombs_and_broken_files_are_refused(content):
    with pytest.raises(WorkbookRefused):
        read_sheet(io.BytesIO(content), max_rows=10)


def test_a_dtd_is_refused_by_the_archive_check_itself():
    with pytest.raises(WorkbookRefused) as refused:
        check_workbook(io.BytesIO(entity_bomb()))
    with translation.override("ru"):
        assert "объявление типа документа" in refused.value.message


def test_rows_and_cells_are_capped():
    started = time.monotonic()
    header, rows = read_sheet(io.BytesIO(far_cell()), max_rows=10, max_columns=20)
    assert time.monotonic() - started < 10
    assert len(header) == 2 and len(rows) == 3 and all(len(cells) == 20 for _n, cells in rows)


def test_many_data_rows_stop_one_past_the_cap():
    _header, rows = read_sheet(io.BytesIO(good_workbook(50)), max_rows=10)
    assert len(rows) == 11


@pytest.mark.django_db
def test_the_resource_import_refuses_the_bomb_before_estimating_rows(client, world, monkeypatch):
    from copp.core.models import Job
    from copp.core.roles import Role
    from copp.resources import file_views as views  # the import view lives there

    def estimate(file):
        raise AssertionError("the row estimate read a workbook the form had not checked")

    monkeypatch.setattr(views, "estimated_rows", estimate)
    client.force_login(world.users[Role.PARTNER][0])
    for content in (shared_strings_bomb(), entity_bomb()):
        response = client.post(reverse("resources:import", args=["equipment"]), {
            "file": SimpleUploadedFile("list.xlsx", content)}, HTTP_ACCEPT_LANGUAGE="ru")
        assert response.status_code == 400
        assert ru("The file is damaged") in response.content.decode() or "Файл распаковывается" in \
            response.content.decode() or "объявление типа документа" in response.content.decode()
    assert not Job.objects.exists()


def test_the_row_estimate_still_reads_a_checked_workbook():
    content = io.BytesIO(good_workbook(7))
    check_workbook(content)
    assert estimated_rows(content) == 7
