"""The dashboard as an Excel workbook: one sheet per table of the page, the same figures (M27)."""
import tempfile

import xlsxwriter
from django.utils.translation import gettext as _

from copp.core.xlsx import sheet_name

from .models import Metric


def _sheet(book, title, header, rows, formats):
    sheet = book.add_worksheet(sheet_name(title))
    for col, name in enumerate(header):
        sheet.write_string(0, col, str(name), formats["header"])
        sheet.set_column(col, col, 36 if col == 0 else 16)
    for number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, (int, float)) or hasattr(value, "quantize"):
                sheet.write_number(number, col, float(value))
            else:
                sheet.write_string(number, col, str(value))
    sheet.freeze_panes(1, 1)


def dashboard_xlsx(data: dict, filters, caption: str):
    """An open xlsx file with the dashboard's tables."""
    target = tempfile.TemporaryFile()  # noqa: SIM115  closed by the response that streams it
    book = xlsxwriter.Workbook(target, {"strings_to_numbers": False, "strings_to_urls": False,
                                        "strings_to_formulas": False})
    formats = {"header": book.add_format({"bold": True, "text_wrap": True, "bg_color": "#E9ECEF"})}
    intro = book.add_worksheet(sheet_name(_("Report")))
    intro.set_column(0, 0, 60)
    intro.write_string(0, 0, caption, book.add_format({"bold": True, "font_size": 13}))
    intro.write_string(1, 0, _("Period: %(first)s — %(last)s") % {
        "first": filters.first.strftime("%d.%m.%Y"), "last": filters.last.strftime("%d.%m.%Y")})
    if data["refreshed_at"]:
        intro.write_string(2, 0, _("Figures refreshed at %(moment)s") % {
            "moment": data["refreshed_at"].strftime("%d.%m.%Y %H:%M")})
    _sheet(book, _("Indicators"), [_("Indicator"), _("Value"), _("Previous period"), _("Change, %")],
           [(c["label"], c["value"], c["previous"], c["change"]) for c in data["cards"]], formats)
    _sheet(book, _("Funnel"), [_("Step"), _("Value"), _("Conversion from the previous step, %"),
                               _("Median days from the previous step")],
           [(f["label"], f["value"], f["conversion"], f["median_days"]) for f in data["funnel"]], formats)
    rates = data["rates"]
    _sheet(book, _("Rates"), [_("Rate"), _("Value, %")],
           [(_("Attendance"), rates["attendance"]), (_("Completion"), rates["completion"])], formats)
    series = data["series"]
    _sheet(book, _("By month"), [_("Month"), *series["names"]],
           [(r["month"].strftime("%m.%Y"), *r["values"]) for r in series["rows"]], formats)
    for key, title in (("by_org", _("Trained by organisation")), ("by_municipality", _("Trained by municipality")),
                       ("by_kind", _("Trained by program kind")), ("by_funding", _("Trained by funding")),
                       ("by_customer", _("Trained by customer")), ("by_category", _("Trained by category"))):
        _sheet(book, title, [_("Name"), Metric.COMPLETED.label],
               [(r["name"], r["value"]) for r in data[key]], formats)
    load = data["load"]
    _sheet(book, _("Site load, hours"), [_("Site"), *load["months"], _("Total, hours")],
           [(r["site"], *r["values"], r["total"]) for r in load["rows"]], formats)
    if data["plans"]:
        _sheet(book, _("Plan and fact"), [_("Indicator"), _("Plan"), _("Fact"), _("Done, %")],
               [(p["label"], p["plan"], p["fact"], p["percent"]) for p in data["plans"]], formats)
    book.close()
    target.seek(0)
    return target
