"""Reading one cell of an imported resource file: the parser of each column kind, and the dictionaries a file's
names are looked up in (loaded once per file, so checking a row costs no queries)."""
import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from copp.accounts.models import User
from copp.directories.models import Competency, Municipality

from .models import CompetencyLevel, EquipmentCategory, EquipmentType, Site

if TYPE_CHECKING:
    from .imports import ImportColumn

LIST_SEPARATOR = re.compile(r"[;\n]+")
TRUE_WORDS = {"да", "yes", "true", "1", "+", "истина"}
FALSE_WORDS = {"нет", "no", "false", "0", "-", "ложь"}
DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y")


def _normal(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().rstrip("*").strip().lower()


class ImportContext:
    """Names the rows may use, loaded once per file so that checking a row costs no queries."""

    def __init__(self, organization):
        self.organization = organization
        self.maps = {
            "competency": {_normal(c.name): c for c in Competency.objects.filter(is_active=True)},
            "municipality": {_normal(m.name): m for m in Municipality.objects.filter(is_active=True)},
            "site": {_normal(s.name): s for s in Site.objects.filter(organization=organization)},
            "member": {_normal(u.email): u for u in User.objects.filter(
                memberships__organization=organization, memberships__is_active=True)},
        }
        for ref, category in (("equipment_type", EquipmentCategory.EQUIPMENT), ("tool_type", EquipmentCategory.TOOL)):
            types = EquipmentType.objects.filter(category=category, is_active=True)
            self.maps[ref] = {_normal(t.name): t for t in types} | {_normal(t.code): t for t in types}

    def resolve(self, ref: str, value: str):
        found = self.maps[ref].get(_normal(value))
        if found is None:
            raise ValidationError(self.unknown_message(ref, value))
        return found

    @staticmethod
    def unknown_message(ref: str, value: str) -> str:
        messages = {
            "competency": _("There is no competency «%(value)s» in the dictionary."),
            "municipality": _("There is no municipality «%(value)s» in the dictionary."),
            "site": _("The organisation has no site «%(value)s». Add the site first or correct the name."),
            "member": _("«%(value)s» is not the e-mail of a member of the organisation on the platform."),
            "equipment_type": _("There is no equipment type «%(value)s» in the dictionary."),
            "tool_type": _("There is no tool type «%(value)s» in the dictionary."),
        }
        return messages[ref] % {"value": value}


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps typed numbers (inventory numbers, phones) as floats
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _in_english(text) -> str:
    with translation.override("en"):
        return str(text)


def _choice_lookup(choices) -> dict[str, str]:
    """A cell may hold a value's label in the user's language or in English, or its code."""
    lookup = {}
    for code, label in choices.choices:
        lookup[_normal(code)] = code
        lookup[_normal(_in_english(label))] = code
        lookup[_normal(label)] = code
    return lookup


def _choice_labels(choices) -> str:
    return ", ".join(f"«{label}»" for label in choices.labels)


def _number(value, message) -> Decimal:
    try:
        number = Decimal(_text(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(message) from None
    if not number.is_finite():
        raise ValidationError(message)
    return number


def _parse_text(column, value, ctx):
    return _text(value)


def _parse_int(column, value, ctx):
    if isinstance(value, bool):
        raise ValidationError(_("Enter a whole number."))
    number = _number(value, _("Enter a whole number."))
    if number != number.to_integral_value() or number < 0:
        raise ValidationError(_("Enter a whole number, zero or more."))
    return int(number)


def _parse_decimal(column, value, ctx):
    return _number(value, _("Enter a number, for example 12,5."))


def _parse_date(column, value, ctx):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(_text(value), fmt).date()
        except ValueError:
            continue
    raise ValidationError(_("Enter a date as DD.MM.YYYY, for example 28.11.2026."))


def _parse_bool(column, value, ctx):
    if isinstance(value, bool):
        return value
    word = _normal(_text(value))
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("Write «да» or «нет»."))


def _choice_codes(column, items) -> list[str]:
    lookup = _choice_lookup(column.choices)
    codes = []
    for item in items:
        code = lookup.get(_normal(_text(item)))
        if code is None:
            raise ValidationError(_("«%(value)s» is not one of the allowed values: %(allowed)s.")
                                  % {"value": _text(item), "allowed": _choice_labels(column.choices)})
        codes.append(code)
    return codes


def _parse_choice(column, value, ctx):
    return _choice_codes(column, [value])[0]


def _parse_array(column, value, ctx):
    return _choice_codes(column, [p for p in LIST_SEPARATOR.split(_text(value)) if p.strip()])


def _parse_ref(column, value, ctx):
    return ctx.resolve(column.ref, _text(value))


def _parse_refs(column, value, ctx):
    return _resolve_all(ctx, column.ref, [n.strip() for n in LIST_SEPARATOR.split(_text(value)) if n.strip()])


def _parse_levels_cell(column, value, ctx):
    return _parse_levels(ctx, _text(value))


PARSERS = {"text": _parse_text, "int": _parse_int, "decimal": _parse_decimal, "date": _parse_date,
           "bool": _parse_bool, "choice": _parse_choice, "array": _parse_array, "ref": _parse_ref,
           "refs": _parse_refs, "levels": _parse_levels_cell}


def parse_cell(column: "ImportColumn", value, ctx: ImportContext):
    """The Python value of one non-empty cell; ValidationError with a message for the person fixing it."""
    return PARSERS[column.parser](column, value, ctx)


def _resolve_all(ctx, ref, names):
    found, unknown = [], []
    for name in names:
        item = ctx.maps[ref].get(_normal(name))
        (found if item is not None else unknown).append(item if item is not None else name)
    if unknown:
        raise ValidationError(_("Not found in the dictionary: %(names)s.")
                              % {"names": ", ".join(f"«{n}»" for n in unknown)})
    return list(dict.fromkeys(found))


LEVEL_PATTERN = re.compile(r"^(?P<name>.+?)\s*(?:\((?P<level>[^)]*)\)|[:—–-]\s*(?P<level2>[^:—–-]+))?$")


def _parse_levels(ctx, text):
    """«Сварочные технологии (экспертный); Электромонтаж» -> [(competency, level)]; no level means basic."""
    lookup = _choice_lookup(CompetencyLevel)
    result, faults = {}, []
    for part in (p.strip() for p in LIST_SEPARATOR.split(text)):
        if not part:
            continue
        match = LEVEL_PATTERN.match(part)
        name = match.group("name") if match else part
        level_text = (match.group("level") or match.group("level2") or "") if match else ""
        competency = ctx.maps["competency"].get(_normal(name)) or ctx.maps["competency"].get(_normal(part))
        if competency is None:
            faults.append(_("there is no competency «%(value)s» in the dictionary") % {"value": name})
            continue
        level = lookup.get(_normal(level_text)) if level_text else CompetencyLevel.BASIC
        if level is None:
            faults.append(_("the level «%(value)s» is not one of %(allowed)s")
                          % {"value": level_text, "allowed": _choice_labels(CompetencyLevel)})
            continue
        result[competency] = level
    if faults:
        raise ValidationError(capfirst("; ".join(faults)) + ".")
    return list(result.items())
