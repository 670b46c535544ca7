"""API of monitoring (M27, M33): the indicators for a period with the dashboard's filters and definitions, for
the region's other systems; an organisation's caller gets its own figures only."""
import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from copp.core.access import has_capability
from copp.core.roles import Cap
from copp.organizations.models import OrganizationType

from . import selectors
from .forms import MAX_DAYS
from .models import Metric

# Tokens of these organisations read the whole region (the authority and the CoPP); others their own figures.
REGIONAL_ORGANIZATIONS = (OrganizationType.AUTHORITY, OrganizationType.COPP)


def _token_organization(request):
    """The organisation of an integrator token (the API's token authentication puts the token in request.auth)."""
    return getattr(getattr(request, "auth", None), "organization", None)


class ReadsIndicators(BasePermission):
    def has_permission(self, request, view):
        return _token_organization(request) is not None or has_capability(request.user, Cap.ANALYTICS_VIEW)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=Metric.choices)
    name = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                     help_text=_("Empty where the indicator does not apply to the filters: career "
                                                 "tests belong to no organisation."))
    previous = serializers.DecimalField(max_digits=14, decimal_places=2, allow_null=True,
                                        help_text=_("The value for the period of the same length just before."))


class IndicatorsSerializer(serializers.Serializer):
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    refreshed_at = serializers.DateTimeField(allow_null=True)
    indicators = IndicatorSerializer(many=True)


def _number(request, name):
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError({name: _("Give a number.")})
    return int(value)


def _date(request, name, default):
    value = request.query_params.get(name, "")
    if not value:
        return default
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({name: _("Give a date as YYYY-MM-DD.")}) from None


class _OneObjectSchema(AutoSchema):
    """The answer of `list` here is one object (the period and its indicators), not an array of rows."""

    def _is_list_view(self, serializer=None):
        return False


class IndicatorViewSet(viewsets.ViewSet):
    """The ЦОПП indicators (docs/monitoring.md has each definition), from the daily facts."""

    permission_classes = [ReadsIndicators]
    schema = _OneObjectSchema()

    @extend_schema(responses=IndicatorsSerializer, parameters=[
        OpenApiParameter("date_from", datetime.date, description="Start of the period (default: 1 January)"),
        OpenApiParameter("date_to", datetime.date, description="End of the period (default: today)"),
        *[OpenApiParameter(name, int) for name in ("organization", "municipality", "program", "competency", "kind")],
    ])
    def list(self, request):
        today = datetime.date.today()
        first = _date(request, "date_from", today.replace(month=1, day=1))
        last = _date(request, "date_to", today)
        if last < first or (last - first).days > MAX_DAYS:
            raise ValidationError({"date_to": _("The period must end after it starts and last at most five years.")})
        token_org = _token_organization(request)
        if token_org is not None:
            scope = None if token_org.type in REGIONAL_ORGANIZATIONS else [token_org.pk]
        else:
            scope = selectors.scope_of(request.user)
        filters = selectors.Filters(first=first, last=last, scope=scope, **{
            name: _number(request, name) for name in ("organization", "municipality", "program", "competency",
                                                      "kind")})
        current, previous = selectors.totals(filters), selectors.totals(filters.previous())
        data = {"date_from": first, "date_to": last, "refreshed_at": selectors.refreshed_at(),
                "indicators": [{"code": m.value, "name": str(m.label), "value": current[m.value],
                                "previous": previous[m.value]} for m in Metric]}
        return Response(IndicatorsSerializer(data).data)


def register(router) -> None:
    """Add the monitoring endpoint to the API router (copp/api/urls.py)."""
    router.register("analytics/indicators", IndicatorViewSet, basename="analytics-indicators")
