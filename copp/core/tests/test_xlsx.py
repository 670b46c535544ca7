"""The shared Excel table writer: typed cells, blanks, lines above the table, safe sheet names."""
import datetime
from decimal import Decimal

import openpyxl

from copp.core.xlsx import sheet_name, table_xlsx


def _read(target):
    return openpyxl.load_workbook(target).worksheets[0]


def test_cells_keep_their_types_and_blanks_stay_blank():
    rows = [{"n": 3, "f": 1.5, "d": Decimal("2.25"), "day": datetime.date(2026, 3, 8), "ok": True, "t": "=1+1",
             "none": None, "empty": ""}]
    columns = [(key, 10, lambda row, key=key: row[key]) for key in rows[0]]
    sheet = _read(table_xlsx(rows, columns, sheet_title="Таблица: 1/2"))
    assert sheet.title == "Таблица  1 2"
    values = [cell.value for cell in sheet[2]]
    assert values[:3] == [3, 1.5, 2.25]
    assert values[3] == datetime.datetime(2026, 3, 8) and sheet["D2"].number_format == "dd.mm.yyyy"
    assert values[4] is True and values[5] == "=1+1" and sheet["F2"].data_type == "s"
    assert values[6:] == [None, None]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:H2"


def test_preamble_goes_above_the_header():
    columns = [("Имя", 20, lambda row: row), ("Длина", 8, len)]
    sheet = _read(table_xlsx(["альфа", "бета"], columns, sheet_title="Лист", preamble=["Заголовок", "Дата"]))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[:5] == [("Заголовок", None), ("Дата", None), (None, None), ("Имя", "Длина"), ("альфа", 5)]
    assert sheet["A1"].font.b and sheet.freeze_panes == "A5" and sheet.auto_filter.ref == "A4:B6"


def test_sheet_name_is_cut_to_31_characters():
    assert sheet_name("x" * 40) == "x" * 31
