"""The dashboard as a PDF made by the server for a ministry report (M27): every table of the page with the
period, the filters' scope and the refresh time; reportlab in the DejaVu font (copp.core.pdffonts)."""
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from copp.core.pdffonts import dejavu_fonts

from .models import Metric


def _number(value) -> str:
    """A figure as the page writes it: no trailing zeros, a decimal comma, a no-break space between thousands."""
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".").replace(",", "\u00a0").replace(".", ",")
    return text or "0"


def dashboard_pdf(data: dict, filters, caption: str, bars: list) -> bytes:
    """A4 PDF of the dashboard's tables; `bars` are the page's (key, title, rows) of «trained by …»."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font, bold = dejavu_fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if style.name.startswith("Heading") or style.name == "Title" else font
    cell = styles["BodyText"].clone("cell", fontSize=8.5, leading=10.5)
    head = cell.clone("head", fontName=bold)

    def esc(text) -> str:
        return str(text if text is not None else "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def table(title, header, rows, widths):
        grid = [[Paragraph(esc(h), head) for h in header]]
        grid += [[Paragraph(esc(v), cell) for v in row] for row in rows] or [[Paragraph("—", cell)] * len(header)]
        t = Table(grid, colWidths=[w * mm for w in widths], repeatRows=1)
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E9ECEF")),
                               ("ALIGN", (1, 1), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        return KeepTogether([Paragraph(esc(title), styles["Heading3"]), t, Spacer(1, 3 * mm)])

    story = [Paragraph(esc(caption), styles["Title"]),
             Paragraph(esc(_("Period: %(first)s — %(last)s") % {"first": filters.first.strftime("%d.%m.%Y"),
                                                                  "last": filters.last.strftime("%d.%m.%Y")}),
                       styles["Normal"])]
    if data["refreshed_at"]:
        moment = timezone.localtime(data["refreshed_at"]).strftime("%d.%m.%Y %H:%M")
        story.append(Paragraph(esc(_("Figures refreshed at %(moment)s") % {"moment": moment}), styles["Normal"]))
    story.append(Spacer(1, 4 * mm))
    story.append(table(_("Indicators"), [_("Indicator"), _("Value"), _("Previous period"), _("Change, %")],
                       [(c["label"], _number(c["value"]), _number(c["previous"]), _number(c["change"]))
                        for c in data["cards"]], (90, 30, 30, 30)))
    if data["plans"]:
        story.append(table(_("Plan and fact for %(year)s") % {"year": data["plan_year"]},
                           [_("Indicator"), _("Plan"), _("Fact"), _("Done, %")],
                           [(p["label"], _number(p["plan"]), _number(p["fact"]), _number(p["percent"]))
                            for p in data["plans"]], (90, 30, 30, 30)))
    story.append(table(_("Applications funnel"), [_("Step"), _("Value"), _("Conversion from the previous step, %"),
                                                  _("Median days from the previous step")],
                       [(f["label"], _number(f["value"]), _number(f["conversion"]), _number(f["median_days"]))
                        for f in data["funnel"]], (80, 25, 37, 38)))
    rates = data["rates"]
    story.append(table(_("Rates"), [_("Rate"), _("Value, %")],
                       [(_("Attendance"), _number(rates["attendance"])),
                        (_("Completion"), _number(rates["completion"]))], (90, 30)))
    series = data["series"]
    story.append(table(_("By month"), [_("Month"), *series["names"]],
                       [(r["month"].strftime("%m.%Y"), *[_number(v) for v in r["values"]]) for r in series["rows"]],
                       (30, *([150 / max(len(series["names"]), 1)] * len(series["names"])))))
    for _key, title, rows, _bar in bars:
        story.append(table(title, [_("Name"), Metric.COMPLETED.label], [(r["name"], _number(r["value"]))
                                                                        for r in rows], (120, 40)))
    load = data["load"]
    months = load["months"][-6:]  # the page is narrow: the last six months and the total
    story.append(table(_("Site load, hours"), [_("Site"), *months, _("Total, hours")],
                       [(r["site"], *[_number(v) for v in r["values"][-6:]], _number(r["total"]))
                        for r in load["rows"]], (50, *([110 / (len(months) + 1)] * (len(months) + 1)))))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                      bottomMargin=15 * mm, title=str(caption)).build(story)
    return out.getvalue()
