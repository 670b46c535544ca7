"""Excel files of the resources app: import templates and exports of the registry (the same columns, so an
exported file can be corrected and imported again). Exports go through the shared table writer."""
import io

import xlsxwriter
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from copp.core.xlsx import XLSX_CONTENT_TYPE, sheet_name, table_xlsx
from copp.directories.models import Competency, Municipality

from .imports import SPECS, ImportColumn, export_cell
from .models import EquipmentCategory, EquipmentType, Site

__all__ = ["XLSX_CONTENT_TYPE", "import_template", "records_xlsx"]

TEMPLATE_ROWS = 2000  # rows that get the drop-down lists


def _parser_hint(column: ImportColumn) -> str:
    hints = {
        "text": _("Text."),
        "int": _("A whole number."),
        "decimal": _("A number; a comma or a point before the fraction."),
        "date": _("A date, DD.MM.YYYY."),
        "bool": _("«да» or «нет»; empty means the usual value."),
        "choice": _("One of the values in the list."),
        "array": _("Values from the list, separated by semicolons."),
        "ref": _("A name from the list."),
        "refs": _("Names from the dictionary, separated by semicolons."),
        "levels": "",
    }
    return hints[column.parser]


def _list_values(column: ImportColumn, organization) -> list[str]:
    if column.parser in ("choice", "array"):
        return [str(label) for label in column.choices.labels]
    if column.parser == "bool":
        return ["да", "нет"]
    if column.ref == "equipment_type":
        return list(EquipmentType.objects.filter(category=EquipmentCategory.EQUIPMENT, is_active=True)
                    .values_list("name", flat=True))
    if column.ref == "tool_type":
        return list(EquipmentType.objects.filter(category=EquipmentCategory.TOOL, is_active=True)
                    .values_list("name", flat=True))
    if column.ref == "municipality":
        return list(Municipality.objects.filter(is_active=True).values_list("name", flat=True))
    if column.ref == "site" and organization is not None:
        return list(Site.objects.filter(organization=organization, is_active=True).values_list("name", flat=True))
    if column.ref == "competency":
        return list(Competency.objects.filter(is_active=True).order_by("name").values_list("name", flat=True))
    return []


def import_template(kind, organization=None) -> io.BytesIO:
    """The template of one kind: a data sheet with drop-down lists, a sheet on how to fill it, the lists."""
    spec = SPECS[kind.code]
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    header = workbook.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True,
                                  "valign": "top"})
    required = workbook.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1, "text_wrap": True,
                                    "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    data = workbook.add_worksheet(sheet_name(str(kind.label)))
    guide = workbook.add_worksheet(sheet_name(_("How to fill in")))
    lists = workbook.add_worksheet(sheet_name(_("Lists")))

    guide.write_row(0, 0, [_("Column"), _("Required"), _("What to write")], header)
    guide.set_column(0, 0, 36)
    guide.set_column(1, 1, 14)
    guide.set_column(2, 2, 90)
    list_column = 0
    for index, column in enumerate(spec.columns):
        title = column.title(spec.model)
        data.write(0, index, f"{title} *" if column.required else title, required if column.required else header)
        data.set_column(index, index, 24)
        values = _list_values(column, organization)
        hint = " ".join(str(part) for part in (_parser_hint(column), column.hint) if part)
        if values and column.parser in ("choice", "array", "ref", "bool"):
            lists.write(0, list_column, title, header)
            lists.write_column(1, list_column, values)
            if column.parser != "array":  # a drop-down holds one value; an array cell may hold several
                col_letter = xlsxwriter.utility.xl_col_to_name(list_column)
                data.data_validation(1, index, TEMPLATE_ROWS, index, {
                    "validate": "list", "error_type": "warning",
                    "source": f"='{lists.get_name()}'!${col_letter}$2:${col_letter}${len(values) + 1}",
                })
            if column.parser in ("choice", "array"):
                hint += " " + _("Allowed: %(values)s.") % {"values": ", ".join(values)}
            list_column += 1
        guide.write_row(index + 1, 0, [title, _("yes") if column.required else _("no"), hint], wrap)
    notes_row = len(spec.columns) + 3
    guide.write(notes_row, 0, _("Rules"), header)
    rules = [
        _("Fill in the first sheet, one record per row, from the second row on; do not rename the columns."),
        _("If any row has a fault, nothing is saved: the report names every faulty row; correct them and "
          "upload the file again."),
        _("A row whose key matches an existing record updates it: %(key)s.")
        % {"key": ", ".join(capfirst(str(spec.model._meta.get_field(f).verbose_name)) for f in spec.key)},
        _("Up to 5,000 rows and 5 MB in one file."),
    ]
    for offset, rule in enumerate(rules, start=1):
        guide.write(notes_row + offset, 0, rule)
    data.freeze_panes(1, 0)
    data.set_row(0, 32)
    data.activate()
    lists.hide()
    workbook.close()
    output.seek(0)
    return output


def _municipality(record) -> str:
    site = getattr(record, "site", None)
    municipality = getattr(record, "municipality", None) or (site.municipality if site else None) \
        or record.organization.municipality
    return str(municipality or "")


def _import_column(column: ImportColumn):
    return lambda record: export_cell(column, record)


def records_xlsx(kind, records, progress=None):
    """The records as rows: id, organisation, municipality, then the import columns; an open temporary file."""
    spec = SPECS[kind.code]
    columns = [(_("ID"), 8, lambda record: record.pk),
               (_("Organisation"), 24, lambda record: str(record.organization)),
               (_("Municipality"), 24, _municipality)]
    columns += [(column.title(spec.model), 24, _import_column(column)) for column in spec.columns]
    return table_xlsx(records, columns, sheet_title=kind.label, progress=progress, total=len(records))
