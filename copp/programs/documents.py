"""The program document (M14) in the usual structure of a ДПО program: general characteristics, planned
results, the curriculum table with hours, the calendar schedule, module contents, assessment materials,
conditions. DOCX from a docxtpl template the administrator can replace (the newest active
ProgramDocumentTemplate, else the one shipped here); PDF drawn with reportlab in the DejaVu font."""
import io
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from docxtpl import DocxTemplate

from copp.core.pdffonts import dejavu_fonts

from .models import HOUR_FIELDS, Program, ProgramDocumentTemplate
from .versions import snapshot_totals

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "document_templates" / "program.docx"
HOURS_PER_WEEK = 36


def _calendar(modules: list[dict]) -> list[dict]:
    """The calendar schedule: weeks of up to 36 hours, the modules following one another."""
    rows, week, used = [], 1, 0
    for module in modules:
        left = module["total_hours"]
        first = week
        while left > 0:
            take = min(left, HOURS_PER_WEEK - used)
            left -= take
            used += take
            if used >= HOURS_PER_WEEK and left > 0:
                week, used = week + 1, 0
        rows.append({"title": module["title"], "weeks": f"{first}–{week}" if week != first else str(first)})
        if used >= HOURS_PER_WEEK:
            week, used = week + 1, 0
    return rows


def document_context(program: Program, snapshot: dict, version_label: str) -> dict:
    """What the template and the PDF print, from a version's snapshot (or the current state)."""
    modules = [{"n": i, **m} for i, m in enumerate(snapshot["modules"], start=1)]
    totals = snapshot_totals(snapshot)
    return {
        "program": snapshot, "provider": snapshot.get("provider", ""), "version": version_label,
        "modules": modules, "totals": totals, "calendar": _calendar(modules),
        "weeks": max(1, -(-totals["total_hours"] // HOURS_PER_WEEK)),
        "study_form": str(program.study_form), "document": program.get_document_display(),
        "conditions": "\n".join(m["title"] + ": " + m.get("equipment", "") for m in snapshot["modules"]
                                if m.get("equipment")),
        "year": timezone.localdate().year,
    }


def _template_path():
    custom = ProgramDocumentTemplate.objects.filter(is_active=True).order_by("-uploaded_at").first()
    return custom.file if custom else str(DEFAULT_TEMPLATE)


def program_docx(context: dict) -> bytes:
    source = _template_path()
    template = DocxTemplate(source.open("rb") if hasattr(source, "open") else source)
    template.render(context, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


HOUR_HEADERS = (gettext_noop("Theory"), gettext_noop("Practice"), gettext_noop("Internship"),
                gettext_noop("Self-study"), gettext_noop("Assessment"))


def program_pdf(context: dict) -> bytes:
    """The same document as PDF (A4), for reading and printing."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font, bold = dejavu_fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = bold if style.name.startswith("Heading") or style.name == "Title" else font
    p = context["program"]
    story = [Paragraph(p["title"], styles["Title"]),
             Paragraph(_("Additional professional program: %(kind)s, %(hours)d h") % {
                 "kind": p["kind"], "hours": context["totals"]["total_hours"]}, styles["Normal"])]

    def section(title, *texts):
        story.append(Paragraph(title, styles["Heading2"]))
        for text in texts:
            for line in str(text or "—").splitlines() or ["—"]:
                story.append(Paragraph(line, styles["Normal"]))

    section(_("1. General characteristics"), _("Provider: %(p)s") % {"p": context["provider"]},
            _("Goals: %(g)s") % {"g": p["goals"]}, _("Who the program is for: %(a)s") % {"a": p["audience"]},
            _("Study form: %(f)s") % {"f": context["study_form"]},
            _("Document issued: %(d)s") % {"d": context["document"]})
    section(_("2. Planned results"), p["outcomes"], _("Competencies: %(c)s") % {"c": ", ".join(p["competencies"])})
    story.append(Paragraph(_("3. Curriculum"), styles["Heading2"]))
    header = ["№", _("Module"), *[_(h) for h in HOUR_HEADERS], _("Total")]
    rows = [header] + [[m["n"], Paragraph(m["title"], styles["Normal"]), *[m.get(f, 0) for f in HOUR_FIELDS],
                        m["total_hours"]] for m in context["modules"]]
    rows.append(["", _("Total"), *[context["totals"][f] for f in HOUR_FIELDS], context["totals"]["total_hours"]])
    table = Table(rows, colWidths=[8 * mm, 62 * mm] + [17 * mm] * 6, repeatRows=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 8),
                               ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("FONTNAME", (0, 0), (-1, 0), bold), ("FONTNAME", (0, -1), (-1, -1), bold),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(table)
    section(_("4. Calendar schedule"), *[_("Week %(w)s: %(t)s") % {"w": r["weeks"], "t": r["title"]}
                                         for r in context["calendar"]])
    story.append(Paragraph(_("5. Contents of the modules"), styles["Heading2"]))
    for m in context["modules"]:
        story.append(Paragraph(f"{m['n']}. {m['title']} ({m['total_hours']} {_('h')})", styles["Heading3"]))
        for text in (m.get("summary"), m.get("outcomes")):
            for line in (text or "").splitlines():
                story.append(Paragraph(line, styles["Normal"]))
    section(_("6. Assessment materials"), _("Final assessment: %(f)s") % {"f": p["final_assessment"] or "—"},
            *[f"{m['title']}: {m.get('assessment_form') or '—'}" for m in context["modules"]])
    section(_("7. Conditions"), context["conditions"] or _("As described in the modules."))
    story.append(Spacer(1, 6 * mm))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, title=p["title"]).build(story)
    return out.getvalue()
