"""Read-only API of the resources (M33): every kind of record, scoped as on the pages; an integrator token
reads its own organisation's records."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import BasePermission
from rest_framework.viewsets import ReadOnlyModelViewSet

from copp.core.access import has_capability
from copp.core.pagination import StrictPageNumberPagination
from copp.core.roles import Cap

from . import selectors
from .forms import ListFilterForm
from .kinds import KINDS
from .models import (
    Consumable,
    Equipment,
    IctResource,
    ReferenceResource,
    Room,
    Site,
    Software,
    StaffCompetency,
    StaffDocument,
    StaffMember,
    Tool,
)

COMMON_FIELDS = ("id", "organization", "is_active", "created_at", "updated_at")


def integrator_token(request):
    """The integrator token a request came with. The token authentication of the api app puts the token,
    which carries its organisation, in request.auth; sessions leave it empty. (This app sits below the api
    app and cannot import its classes.)"""
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "organization_id", None) is not None else None


class CanReadResources(BasePermission):
    """Holders of RESOURCES_VIEW, and integrator tokens (for their own organisation's records)."""

    def has_permission(self, request, view):
        return integrator_token(request) is not None or has_capability(request.user, Cap.RESOURCES_VIEW)


class ResourcePagination(StrictPageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


class ResourceFilterBackend(BaseFilterBackend):
    """The registry's search and filters: the same parameters and meaning as on the page."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) == "retrieve":
            return queryset  # a record is found by its id, archived or not
        form = ListFilterForm(request.query_params, kind=view.kind, with_archived=True)
        queryset = selectors.records_filter(queryset, view.kind, **form.values())
        organization = request.query_params.get("organization", "")
        if organization.isdigit():
            queryset = queryset.filter(organization_id=organization)
        return queryset

    def get_schema_operation_parameters(self, view):
        kind = view.kind
        params = [
            ("q", OpenApiTypes.STR, _("Search: %(hint)s.") % {"hint": kind.search_hint}),
            ("organization", OpenApiTypes.INT, _("Organisation id.")),
            ("municipality", OpenApiTypes.INT, _("Municipality id.")),
            ("archived", OpenApiTypes.BOOL, _("Include archived records.")),
        ]
        if kind.competency_filter is not None:
            params.append(("competency", OpenApiTypes.INT, _("Competency id.")))
        if kind.type_field:
            params.append(("type", OpenApiTypes.STR, _("%(label)s: a code or an id.") % {"label": kind.type_label}))
        if kind.available is not None:
            params.append(("available", OpenApiTypes.BOOL,
                           _("Only available ones: in use, in working order and open for booking.")))
        return [build_parameter_type(name=name, schema=build_basic_type(type_), location=OpenApiParameter.QUERY,
                                     description=str(text)) for name, type_, text in params]


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ("id", "name", "capacity", "area", "is_bookable", "is_active")


class SiteSerializer(serializers.ModelSerializer):
    rooms = RoomSerializer(many=True, read_only=True)

    class Meta:
        model = Site
        fields = COMMON_FIELDS + (
            "name", "kind", "address", "municipality", "area", "capacity", "competencies", "is_demo_exam_center",
            "accessibility", "accessibility_notes", "description", "is_bookable", "rooms")


class EquipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Equipment
        fields = COMMON_FIELDS + ("name", "equipment_type", "site", "manufacturer", "model", "inventory_number",
                                  "quantity", "condition", "competencies", "is_bookable")


class ToolSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tool
        fields = COMMON_FIELDS + ("name", "tool_type", "site", "inventory_number", "quantity", "condition")


class SoftwareSerializer(serializers.ModelSerializer):
    class Meta:
        model = Software
        fields = COMMON_FIELDS + ("name", "version", "vendor", "licence_type", "seats", "valid_until", "site",
                                  "competencies")


class ConsumableSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consumable
        fields = COMMON_FIELDS + ("name", "unit", "stock", "minimum_level", "site")


class StaffCompetencySerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffCompetency
        fields = ("competency", "level")


class StaffDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = StaffDocument
        fields = ("id", "kind", "title", "number", "issued_by", "issued_on", "valid_until")


class StaffMemberSerializer(serializers.ModelSerializer):
    competencies = StaffCompetencySerializer(source="competency_levels", many=True, read_only=True)
    documents = StaffDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = StaffMember
        fields = COMMON_FIELDS + ("last_name", "first_name", "patronymic", "kind", "position", "user",
                                  "experience_years", "weekly_hours_limit", "is_bookable", "competencies",
                                  "documents")


class IctResourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = IctResource
        fields = COMMON_FIELDS + ("name", "kind", "url", "provider", "access_details", "concurrent_users",
                                  "valid_until")


class ReferenceResourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceResource
        fields = COMMON_FIELDS + ("name", "kind", "url", "document_number", "document_date", "description",
                                  "competencies")


SERIALIZERS = {
    "site": SiteSerializer, "equipment": EquipmentSerializer, "tool": ToolSerializer,
    "software": SoftwareSerializer, "consumable": ConsumableSerializer, "staff": StaffMemberSerializer,
    "ict": IctResourceSerializer, "reference": ReferenceResourceSerializer,
}
# What the serializers read beyond the lists' own prefetching, so a page costs a fixed number of queries.
EXTRA_PREFETCH = {"site": ("rooms",), "staff": ("documents",)}


class ResourceViewSet(ReadOnlyModelViewSet):
    permission_classes = [CanReadResources]
    pagination_class = ResourcePagination
    filter_backends = [ResourceFilterBackend]
    kind = None

    def get_queryset(self):
        kind = self.kind
        token = integrator_token(self.request)
        if token is not None:
            qs = kind.base_queryset().filter(organization_id=token.organization_id)
        else:
            qs = selectors.records_visible(self.request.user, kind)
        return qs.prefetch_related(*EXTRA_PREFETCH.get(kind.code, ()))


def resource_viewset(kind) -> type[ResourceViewSet]:
    """The read-only viewset of one kind, tagged `resources` in the schema."""
    viewset = type(f"{kind.model.__name__}ViewSet", (ResourceViewSet,), {
        "kind": kind, "serializer_class": SERIALIZERS[kind.code], "queryset": kind.model.objects.none(),
    })
    description = _("Records the caller may read: the whole region for CoPP staff and the coordinator, the "
                    "own organisation's for partner representatives and integrator tokens. Archived records "
                    "only with archived=true.")
    return extend_schema_view(
        list=extend_schema(summary=kind.label, description=description),
        retrieve=extend_schema(summary=kind.singular),
    )(extend_schema(tags=["resources"])(viewset))


VIEWSETS = {code: resource_viewset(kind) for code, kind in KINDS.items()}
