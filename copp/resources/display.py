"""Plain-text display of a record's fields for tables, cards and exports, from the models' own metadata."""
import datetime
from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _


def field_at(model, path: str) -> models.Field:
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    return model._meta.get_field(name)


def label_of(model, path: str) -> str:
    return str(field_at(model, path).verbose_name)


def raw_value(obj, path: str):
    """The Python value at `path`, following foreign keys; None when a link on the way is empty."""
    *relations, name = path.split("__")
    for relation in relations:
        obj = getattr(obj, relation)
        if obj is None:
            return None
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(obj, name).all())  # the lists prefetch these
    return getattr(obj, name)


def as_text(value, field=None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        base = field.base_field if isinstance(field, ArrayField) else None
        return "; ".join(as_text(item, base) for item in value)
    if field is not None and field.choices and not isinstance(value, models.Model):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else value.normalize()
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def display(obj, path: str) -> str:
    """What a person reads for the field at `path` of `obj`: choice labels, names, «да»/«нет», dates."""
    return as_text(raw_value(obj, path), field_at(type(obj), path))
