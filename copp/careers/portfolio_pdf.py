"""The portfolio as PDF (A4, reportlab in the DejaVu font like the programs' documents): the items the learner
shows, the confirmed ones marked «подтверждено ЦОПП», and a QR code with the check link that confirms them."""
import io

from django.utils.translation import gettext as _

from copp.core.pdffonts import dejavu_fonts


def _fonts() -> tuple[str, str]:
    return dejavu_fonts()


def _qr(url: str, size: float):
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url)
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def item_lines(item) -> list[str]:
    """The facts of one item in reading order (shared with the printable page's wording)."""
    lines = []
    if item.organization_name:
        lines.append(item.organization_name)
    if item.hours:
        lines.append(_("%(h)d h") % {"h": item.hours})
    if item.grade:
        lines.append(_("Final grade: %(g)s") % {"g": item.grade})
    for module in item.module_grades or []:
        lines.append(f"{module.get('module', '')}: {module.get('grade', '')}")
    if item.rating is not None:
        lines.append(_("Rating: %(r)s") % {"r": item.rating}
                     + (_(", place %(p)d in the group") % {"p": item.rating_place} if item.rating_place else ""))
    if item.document:
        lines.append(_("Document: %(d)s") % {"d": item.document})
    if item.description:
        lines.append(item.description)
    if item.url:
        lines.append(item.url)
    return lines


def portfolio_pdf(context: dict) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import KeepTogether

    font, bold = _fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if style.name.startswith("Heading") or style.name == "Title" else font
    portfolio, user = context["portfolio"], context["user"]

    def esc(text) -> str:
        return str(text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    head = [Paragraph(esc(user.get_full_name() or user.email), styles["Title"]),
            Paragraph(esc(_("Digital portfolio of a graduate of the Centres for Advanced Vocational Training")),
                      styles["Normal"])]
    if portfolio.profession_id:
        head.append(Paragraph(esc(_("Desired profession: %(p)s") % {"p": portfolio.profession}), styles["Normal"]))
    if portfolio.municipality_id:
        head.append(Paragraph(esc(_("Municipality: %(m)s") % {"m": portfolio.municipality}), styles["Normal"]))
    check = [_qr(context["check_url"], 32 * mm),
             Paragraph(esc(_("Check the confirmed items:")), styles["Normal"]),
             Paragraph(esc(context["check_url"]), styles["Normal"])]
    table = Table([[head, check]], colWidths=[120 * mm, 60 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story = [table, Spacer(1, 4 * mm)]
    if portfolio.summary:
        story += [Paragraph(esc(_("About me")), styles["Heading2"]), Paragraph(esc(portfolio.summary),
                                                                             styles["Normal"])]
    confirmed = [i for i in context["items"] if i.is_confirmed]
    own = [i for i in context["items"] if not i.is_confirmed]
    for title, items, mark in ((_("Confirmed by the CoPP"), confirmed, _("подтверждено ЦОПП")),
                               (_("Self-declared"), own, _("self-declared"))):
        if not items:
            continue
        story.append(Paragraph(esc(title), styles["Heading2"]))
        for item in items:
            date = item.date.strftime("%d.%m.%Y") if item.date else ""
            block = [Paragraph(f"<b>{esc(item.title)}</b> — {esc(item.get_kind_display())}"
                               f"{', ' + date if date else ''} <font color='#146c43'>[{esc(mark)}]</font>",
                               styles["Normal"])]
            block += [Paragraph(esc(line), styles["Normal"]) for line in item_lines(item)]
            block.append(Spacer(1, 2 * mm))
            story.append(KeepTogether(block))
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(esc(_("Made on %(d)s on the platform of the Centres for Advanced Vocational Training.")
                               % {"d": context["today"].strftime("%d.%m.%Y")}), styles["Normal"]))
    line = Table([[""]], colWidths=[180 * mm])
    line.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.grey)]))
    story.insert(1, line)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                      title=_("Portfolio")).build(story)
    return out.getvalue()
