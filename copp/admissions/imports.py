"""Participants' lists in Excel: the template to download and reading a filled one, all or nothing."""
import io

import xlsxwriter
from django.utils.translation import gettext as _

from copp.core.xlsx import WorkbookRefused, read_sheet

from .forms import ParticipantForm, TeacherForm

MAX_ROWS = 500


def _columns(teacher: bool):
    columns = [("last_name", _("Surname"), True), ("first_name", _("First name"), True),
               ("patronymic", _("Patronymic"), False), ("snils", _("SNILS"), False),
               ("email", _("E-mail"), False), ("phone", _("Phone"), False),
               ("position", _("Position"), teacher)]
    if teacher:
        columns += [("subject", _("Subject taught"), True), ("experience_years", _("Teaching experience, years"), True)]
    columns.append(("consent", _("Consent to personal data processing (yes/no)"), True))
    return columns


def template_xlsx(teacher: bool = False) -> bytes:
    """The template: a header row, a sample row and a sheet with instructions."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(_("Participants")[:31])
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E9ECEF"})
    sample = workbook.add_format({"italic": True, "font_color": "#6C757D"})
    columns = _columns(teacher)
    for col, (_name, title, required) in enumerate(columns):
        sheet.set_column(col, col, 24)
        sheet.write_string(0, col, title + (" *" if required else ""), header)
    example = ["Иванов", "Иван", "Иванович", "112-233-445 95", "ivanov@example.ru", "+7 900 000-00-00",
               "Сварщик" if not teacher else "Преподаватель"]
    if teacher:
        example += ["Сварочные технологии", "5"]
    example.append(_("yes"))
    for col, value in enumerate(example):
        sheet.write_string(1, col, value, sample)
    sheet.freeze_panes(1, 0)
    notes = workbook.add_worksheet(_("How to fill in")[:31])
    notes.set_column(0, 0, 100)
    for row, line in enumerate([
        _("One person per row, starting from row 2. Replace the sample row with your data."),
        _("Columns marked * are required."),
        _("SNILS in the format 123-456-789 01."),
        _("In the consent column write «yes» only if the person has agreed to the processing of personal data."),
        _("Up to %(n)d rows.") % {"n": MAX_ROWS},
    ]):
        notes.write_string(row, 0, line)
    workbook.close()
    return buffer.getvalue()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


YES = {"да", "yes", "true", "1", "+", "истина"}


def read_participants(file, teacher: bool = False) -> tuple[list[dict], list[str]]:
    """Rows of a filled template as cleaned participant data, and every fault with its row number.
    A file with any fault gives no rows: the user fixes it and uploads it again."""
    try:
        header, data = read_sheet(file, max_rows=MAX_ROWS)
    except WorkbookRefused as refused:
        return [], [refused.message]
    columns = _columns(teacher)
    titles = [_text(h).rstrip(" *").lower() for h in (header or ())]
    positions = {}
    for name, title, _required in columns:
        if title.lower() in titles:
            positions[name] = titles.index(title.lower())
    missing = [title for name, title, required in columns if required and name not in positions]
    if missing:
        return [], [_("The file does not have the template's columns: %(columns)s. Download the template and "
                      "fill it in.") % {"columns": ", ".join(missing)}]
    form_class = TeacherForm if teacher else ParticipantForm
    cleaned, errors, seen = [], [], {}
    for number, values in data:
        data = {name: _text(values[pos]) if pos < len(values) else "" for name, pos in positions.items()}
        if not any(data.values()):
            continue
        if len(cleaned) + len(errors) >= MAX_ROWS:
            errors.append(_("The list has more than %(n)d rows. Split it into several applications.") % {"n": MAX_ROWS})
            break
        consent = data.pop("consent", "").lower() in YES
        form = form_class(data={**data, **({"consent": "on"} if consent else {})})
        if not form.is_valid():
            faults = "; ".join(f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
                               for f, e in form.errors.items())
            errors.append(_("Row %(row)d: %(faults)s") % {"row": number, "faults": faults})
            continue
        snils = form.cleaned_data.get("snils")
        if snils and snils in seen:
            errors.append(_("Row %(row)d: SNILS %(snils)s is already in row %(other)d.")
                          % {"row": number, "snils": snils, "other": seen[snils]})
            continue
        if snils:
            seen[snils] = number
        cleaned.append(form.cleaned_data)
    if not cleaned and not errors:
        errors.append(_("The list is empty: fill in at least one row under the header."))
    return ([] if errors else cleaned), errors


def rows_to_draft(rows: list[dict]) -> list[dict]:
    """Cleaned rows as JSON-ready values for the session draft."""
    return [{k: v for k, v in row.items() if v not in (None, "") or k == "consent"} for row in rows]


