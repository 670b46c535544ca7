"""Import of resource records from xlsx: templates, row-by-row checks and the report.

The choice (documented in docs/resources.md): all or nothing. If any row has a fault, nothing is saved and
the report names every faulty row with its faults; the user fixes the file and uploads it again. A row whose
key matches an existing record of the organisation updates that record, so a corrected file can be
uploaded again without making duplicates.
"""
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copp.core.xlsx import read_sheet

from .display import as_text, field_at
from .import_cells import ImportContext, _in_english, _normal, parse_cell
from .models import (
    Accessibility,
    Condition,
    Consumable,
    Equipment,
    IctKind,
    IctResource,
    LicenceType,
    ReferenceKind,
    ReferenceResource,
    Site,
    SiteKind,
    Software,
    StaffKind,
    StaffMember,
    Tool,
    Unit,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000


@dataclass(frozen=True)
class ImportColumn:
    field: str
    parser: str  # text, int, decimal, date, bool, choice, array, ref, refs, levels
    required: bool = False
    header: str | None = None
    ref: str = ""  # which name map of the context resolves a ref/refs column
    choices: type | None = None  # the TextChoices of a choice/array column
    hint: str = ""

    def title(self, model) -> str:
        return str(capfirst(self.header or field_at(model, self.field).verbose_name))


@dataclass(frozen=True)
class ImportSpec:
    model: type
    columns: tuple[ImportColumn, ...]
    key: tuple[str, ...]  # fields that find the existing record a row updates

    def key_of(self, values: dict):
        parts = tuple(str(values.get(name) or "").strip().lower() for name in self.key)
        return parts if any(parts) else None

    def key_of_record(self, record):
        return self.key_of({name: getattr(record, name) for name in self.key})


C = ImportColumn
SPECS: dict[str, ImportSpec] = {
    "site": ImportSpec(Site, (
        C("name", "text", required=True), C("kind", "choice", choices=SiteKind), C("address", "text", required=True),
        C("municipality", "ref", ref="municipality",
          hint=gettext_lazy("Empty: the organisation's municipality.")),
        C("area", "decimal"), C("capacity", "int", required=True), C("competencies", "refs", ref="competency"),
        C("is_demo_exam_center", "bool"), C("accessibility", "array", choices=Accessibility),
        C("accessibility_notes", "text"), C("description", "text"), C("is_bookable", "bool"), C("notes", "text"),
    ), key=("name",)),
    "equipment": ImportSpec(Equipment, (
        C("name", "text", required=True), C("equipment_type", "ref", required=True, ref="equipment_type"),
        C("site", "ref", ref="site"), C("manufacturer", "text"), C("model", "text"),
        C("inventory_number", "text", hint=gettext_lazy("A row with a known inventory number updates that record.")),
        C("quantity", "int"), C("condition", "choice", choices=Condition),
        C("competencies", "refs", ref="competency"), C("is_bookable", "bool"), C("notes", "text"),
    ), key=("inventory_number",)),
    "tool": ImportSpec(Tool, (
        C("name", "text", required=True), C("tool_type", "ref", ref="tool_type"), C("site", "ref", ref="site"),
        C("inventory_number", "text", hint=gettext_lazy("A row with a known inventory number updates that record.")),
        C("quantity", "int"), C("condition", "choice", choices=Condition), C("notes", "text"),
    ), key=("inventory_number",)),
    "software": ImportSpec(Software, (
        C("name", "text", required=True), C("version", "text"), C("vendor", "text"),
        C("licence_type", "choice", choices=LicenceType), C("seats", "int"), C("valid_until", "date"),
        C("site", "ref", ref="site"), C("competencies", "refs", ref="competency"), C("notes", "text"),
    ), key=("name", "version")),
    "consumable": ImportSpec(Consumable, (
        C("name", "text", required=True), C("unit", "choice", choices=Unit), C("stock", "decimal"),
        C("minimum_level", "decimal"), C("site", "ref", ref="site"),
        C("responsible", "ref", ref="member", header=gettext_lazy("responsible person (e-mail)"),
          hint=gettext_lazy("The e-mail of a member of the organisation on the platform.")),
        C("notes", "text"),
    ), key=("name",)),
    "staff": ImportSpec(StaffMember, (
        C("last_name", "text", required=True), C("first_name", "text", required=True), C("patronymic", "text"),
        C("kind", "choice", choices=StaffKind), C("position", "text", required=True), C("email", "text"),
        C("phone", "text"), C("experience_years", "int"), C("weekly_hours_limit", "int"),
        C("competencies", "levels", ref="competency", header=gettext_lazy("competencies with levels"),
          hint=gettext_lazy("Separated by semicolons, the level in brackets: Welding technologies (expert); "
                            "Electrical installation (basic).")),
        C("is_bookable", "bool"), C("notes", "text"),
    ), key=("last_name", "first_name", "patronymic")),
    "ict": ImportSpec(IctResource, (
        C("name", "text", required=True), C("kind", "choice", required=True, choices=IctKind), C("url", "text"),
        C("provider", "text"), C("access_details", "text"), C("concurrent_users", "int"),
        C("valid_until", "date"), C("notes", "text"),
    ), key=("name",)),
    "reference": ImportSpec(ReferenceResource, (
        C("name", "text", required=True), C("kind", "choice", required=True, choices=ReferenceKind),
        C("url", "text"), C("document_number", "text"), C("document_date", "date"), C("description", "text"),
        C("competencies", "refs", ref="competency"), C("notes", "text"),
    ), key=("name",)),
}


# --- Reading a file -----------------------------------------------------------------------------


@dataclass
class RowFault:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """The row-by-row outcome of one import; kept as JSON by a background job (`as_dict`, `from_dict`)."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    file_errors: list[str] = field(default_factory=list)
    faults: list[RowFault] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def faulty_rows(self) -> list[int]:
        return sorted({fault.row for fault in self.faults})

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.faults

    def as_dict(self) -> dict:
        return {**asdict(self), "file_errors": [str(error) for error in self.file_errors],
                "faults": [{"row": f.row, "column": str(f.column), "message": str(f.message)} for f in self.faults],
                "ignored_columns": [str(column) for column in self.ignored_columns]}

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        return cls(**{**data, "faults": [RowFault(**fault) for fault in data.get("faults", [])]})


@dataclass
class PreparedRow:
    row: int
    instance: object
    relations: dict


def read_rows(file):
    """(header cells, [(Excel row number, cells)]) of the first sheet; empty rows left out; the archive checked
    and rows and cells capped by copp.core.xlsx (raises its WorkbookRefused)."""
    return read_sheet(file, max_rows=MAX_ROWS)


def header_map(spec: ImportSpec, header) -> tuple[dict[int, ImportColumn], list[str], list[str]]:
    """Which file column holds which field; also the required columns missing and the columns ignored."""
    by_title = {}
    for column in spec.columns:
        by_title[_normal(column.title(spec.model))] = column
        by_title[_normal(_in_english(column.header or field_at(spec.model, column.field).verbose_name))] = column
    positions, ignored = {}, []
    for index, title in enumerate(header):
        column = by_title.get(_normal(title))
        if column is not None and column not in positions.values():
            positions[index] = column
        elif title not in (None, ""):
            ignored.append(str(title))
    missing = [c.title(spec.model) for c in spec.columns if c.required and c not in positions.values()]
    return positions, missing, ignored


RELATION_PARSERS = ("refs", "levels")


def check_rows(spec: ImportSpec, positions, data, ctx: ImportContext, report: ImportReport,
               progress=None) -> list[PreparedRow]:
    """Check every row; the prepared rows are saved only if the report has no faults. `progress(done, total)`
    hears of each row (a background job's progress bar)."""
    existing = {spec.key_of_record(r): r for r in spec.model.objects.filter(organization=ctx.organization)}
    present = list(positions.values())
    seen: dict[tuple, int] = {}
    prepared = []
    fk_fields = [f.name for f in spec.model._meta.concrete_fields if f.is_relation]
    for done, (number, cells) in enumerate(data):
        if progress:
            progress(done, len(data))
        faults: dict[str, str] = {}
        values, relations = {}, {}
        for index, column in positions.items():
            value = cells[index] if index < len(cells) else None
            if value is None or (isinstance(value, str) and not value.strip()):
                if column.required:
                    faults[column.field] = _("Fill in the cell.")
                continue
            try:
                parsed = parse_cell(column, value, ctx)
            except ValidationError as error:
                faults[column.field] = " ".join(error.messages)
                continue
            (relations if column.parser in RELATION_PARSERS else values)[column.field] = parsed
        key = spec.key_of(values)
        record = existing.get(key) if key else None
        if key and key in seen:
            faults.setdefault(spec.key[0], _("Repeats row %(row)s: the same record twice in one file.")
                              % {"row": seen[key]})
        elif key:
            seen[key] = number
        instance = _fill(spec, record, values, ctx, present)
        for column in spec.columns:
            if column.parser != "ref":
                continue
            model_field = spec.model._meta.get_field(column.field)
            if not model_field.null and getattr(instance, model_field.attname) is None:
                faults.setdefault(column.field, _("Fill in the cell."))
        try:
            # Foreign keys come resolved from the context's maps; checking them again would cost a
            # query per row. Uniqueness within the organisation is the key, checked above.
            instance.full_clean(exclude=fk_fields, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in faults:
                    faults[name] = " ".join(messages)
        for name, message in faults.items():
            report.faults.append(RowFault(number, _column_title(spec, name), message))
        if not faults:
            prepared.append(PreparedRow(number, instance, relations))
    return prepared


def _column_title(spec: ImportSpec, name: str) -> str:
    for column in spec.columns:
        if column.field == name:
            return column.title(spec.model)
    return "—"


def _fill(spec: ImportSpec, record, values: dict, ctx: ImportContext, present):
    """The record a row describes: the existing one updated, or a new one. Only the file's columns are
    written, so a column left out of the file keeps what the record had; an empty cell takes the default."""
    instance = record if record is not None else spec.model(organization=ctx.organization)
    instance._stock_before = getattr(record, "stock", None)
    for column in present:
        if column.parser in RELATION_PARSERS:
            continue
        model_field = spec.model._meta.get_field(column.field)
        if column.field in values:
            value = values[column.field]
        elif model_field.has_default():
            value = model_field.get_default()
        else:
            value = None if model_field.null or model_field.is_relation else ""
        setattr(instance, column.field, value)
    if isinstance(instance, Site) and instance.municipality_id is None:
        instance.municipality = ctx.organization.municipality
    return instance


def export_cell(column: ImportColumn, obj):
    """A record's value in an import column, so an exported file can be imported again."""
    if column.parser == "levels":
        return "; ".join(f"{link.competency.name} ({link.get_level_display().lower()})"
                         for link in obj.competency_levels.all())
    value = getattr(obj, column.field)
    if column.parser == "refs":
        return "; ".join(item.name for item in value.all())
    if column.parser == "ref":
        return (value.email if column.ref == "member" else value.name) if value is not None else ""
    if column.parser in ("int", "decimal", "date", "text"):
        return value if value is not None else ""
    return as_text(value, obj._meta.get_field(column.field))
