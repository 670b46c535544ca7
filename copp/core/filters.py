"""Filters of API lists shared by the apps: an ISO 8601 moment that the database can always compare (issue 14).
PostgreSQL refuses offsets beyond ±15:59 and years past 294276; Python accepts both, so a query with such a
value was a 500. The moment is taken to UTC here and refused with a 400 when it cannot be."""
import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

FIRST_YEAR, LAST_YEAR = 1900, 2999


class UtcIsoDateTimeField(IsoDateTimeField):
    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            if moment.tzinfo is not None:
                moment = moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(_("The date is out of range.")) from None
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise forms.ValidationError(_("The date must fall between the years %(first)d and %(last)d.")
                                        % {"first": FIRST_YEAR, "last": LAST_YEAR})
        return moment


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    """IsoDateTimeFilter whose value is a moment in UTC within sensible years, or a 400."""

    field_class = UtcIsoDateTimeField
