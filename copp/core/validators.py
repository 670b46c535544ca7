"""Check-digit validators for SNILS, INN, OGRN and KPP (rules in spec/domain.md)."""
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def digits_only(value: str) -> str:
    return re.sub(r"\D", "", value or "")


def snils_is_valid(value: str) -> bool:
    digits = digits_only(value)
    if len(digits) != 11:
        return False
    number, check = digits[:9], int(digits[9:])
    if int(number) <= 1001998:  # numbers up to 001-001-998 carry no check digits
        return True
    total = sum(int(d) * w for d, w in zip(number, range(9, 0, -1), strict=True))
    if total < 100:
        expected = total
    elif total in (100, 101):
        expected = 0
    else:
        expected = total % 101
        if expected == 100:
            expected = 0
    return expected == check


def format_snils(value: str) -> str:
    d = digits_only(value)
    return f"{d[0:3]}-{d[3:6]}-{d[6:9]} {d[9:11]}" if len(d) == 11 else value


def _inn_digit(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def inn_is_valid(value: str) -> bool:
    d = digits_only(value)
    if d != (value or "").strip() or len(d) not in (10, 12):
        return False
    if len(d) == 10:
        return _inn_digit(d[:9], (2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(d[9])
    return (_inn_digit(d[:10], (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(d[10])
            and _inn_digit(d[:11], (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(d[11]))


def ogrn_is_valid(value: str) -> bool:
    d = digits_only(value)
    if d != (value or "").strip():
        return False
    if len(d) == 13:
        return int(d[:12]) % 11 % 10 == int(d[12])
    if len(d) == 15:
        return int(d[:14]) % 13 % 10 == int(d[14])
    return False


def validate_snils(value):
    if not snils_is_valid(value):
        raise ValidationError(_("Enter a valid SNILS in the format 123-456-789 01."), code="snils")


def validate_inn(value):
    if not inn_is_valid(value):
        raise ValidationError(_("Enter a valid INN: 10 digits for an organisation, 12 for a person."), code="inn")


def validate_ogrn(value):
    if not ogrn_is_valid(value):
        raise ValidationError(_("Enter a valid OGRN: 13 digits (or 15 for a sole proprietor)."), code="ogrn")


def validate_kpp(value):
    if not re.fullmatch(r"\d{4}[\dA-Z]{2}\d{3}", value or ""):
        raise ValidationError(_("Enter a valid KPP: 9 characters, for example 667101001."), code="kpp")


# Characters a name, phone or other one-line text never holds: control characters (category Cc: tabs, line
# breaks, escapes) and invisible format characters (Cf: zero-width spaces and joiners, the byte-order mark, the
# right-to-left overrides that make "exe.fdp" read as "pdf.exe"). Issue 14.
def hidden_characters(value: str) -> list[str]:
    """The control and invisible format characters in `value`, as U+XXXX codes, in order of appearance."""
    found = []
    for char in value or "":
        if unicodedata.category(char) in ("Cc", "Cf"):
            code = f"U+{ord(char):04X}"
            if code not in found:
                found.append(code)
    return found


def validate_plain_text(value):
    """One-line text (names, positions, phones): no control or invisible formatting characters."""
    found = hidden_characters(value)
    if found:
        raise ValidationError(
            _("Remove the invisible or control characters (%(codes)s): type the text again by hand.")
            % {"codes": ", ".join(found)}, code="hidden_characters")


# A phone number: an optional leading +, then 10 to 15 digits (a Russian number +7 XXX XXX-XX-XX has 11) with
# spaces, brackets and hyphens between them; nothing else (no letters, no invisible characters).
PHONE_PATTERN = r"^\+?(?:[ ()\-]*[0-9]){10,15}[ ()\-]*$"
PHONE_MESSAGE = _("Enter the phone number with its code, 10 to 15 digits, for example +7 343 123-45-67.")


def validate_phone(value):
    """A phone number as PHONE_PATTERN says ("" passes: the field decides whether it is required)."""
    if value and not re.fullmatch(PHONE_PATTERN, value):
        raise ValidationError(PHONE_MESSAGE, code="phone")
