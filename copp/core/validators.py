"""Check-digit validators for SNILS, INN, OGRN and KPP (rules in spec/domain.md)."""
import re

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
