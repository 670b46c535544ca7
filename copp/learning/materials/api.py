"""Public read API of the materials catalogue (M25, M33): approved materials only, for other regions' platforms —
Russian full-text search, the catalogue's filters and each material's metadata with its file's address."""
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny
from rest_framework.viewsets import ReadOnlyModelViewSet

from copp.core.pagination import StrictPageNumberPagination
from copp.directories.models import Competency

from .models import Material
from .selectors import materials_filter, materials_public

FIELDS = ("id", "title", "annotation", "kind", "competencies", "profession", "level", "audience", "hours",
          "language", "authors", "organization", "licence", "licence_text", "version", "approved_at", "form",
          "file_type", "file_size", "link", "download_url", "page_url")


class MaterialSerializer(serializers.ModelSerializer):
    """An approved material; dictionaries and the organisation are ids (see /api/v1/<dictionary>/)."""

    title = serializers.CharField(source="published.title", read_only=True)
    annotation = serializers.CharField(source="published.annotation", read_only=True)
    version = serializers.IntegerField(source="published.number", read_only=True,
                                       help_text=_("The number of the approved version."))
    approved_at = serializers.DateTimeField(source="published.decided_at", read_only=True, allow_null=True)
    form = serializers.CharField(source="published.form", read_only=True, help_text=_("file, link or text"))
    file_type = serializers.CharField(source="published.file_type", read_only=True)
    file_size = serializers.IntegerField(source="published.file_size", read_only=True)
    link = serializers.CharField(source="published.link", read_only=True)
    download_url = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Material
        fields = FIELDS
        read_only_fields = FIELDS

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, material) -> str | None:
        if not material.published.file:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("learning:materials_download", args=[material.published_id]))

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, material) -> str:
        return self.context["request"].build_absolute_uri(reverse("learning:materials_card", args=[material.pk]))


class MaterialFilter(filters.FilterSet):
    competency = filters.ModelChoiceFilter(field_name="competencies", queryset=Competency.objects.all(),
                                           label=_("Competency id"),
                                           method="filter_competency")

    class Meta:
        model = Material
        fields = ["kind", "level", "licence", "organization", "language"]

    def filter_competency(self, queryset, name, value):
        return materials_filter(queryset, competency=value)


class MaterialSearchFilter(BaseFilterBackend):
    """`search`: Russian full-text search over the title, annotation and the file's text."""

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get("search", "")[:200]
        return materials_filter(queryset, text=text) if text.strip() else queryset.order_by("-updated_at", "-pk")

    def get_schema_operation_parameters(self, view):
        return [{"name": "search", "required": False, "in": "query",
                 "description": str(_("Words to find in the title, annotation and text of the material (Russian "
                                      "full-text search).")), "schema": {"type": "string"}}]


class MaterialPagination(StrictPageNumberPagination):
    max_page_size = 100


@extend_schema(tags=["materials"])
@extend_schema_view(
    list=extend_schema(summary=_("Learning materials"),
                       description=_("Digital learning materials that passed expert review.")),
    retrieve=extend_schema(summary=_("Learning material")),
)
class MaterialViewSet(ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = MaterialSerializer
    pagination_class = MaterialPagination
    filter_backends = [filters.DjangoFilterBackend, MaterialSearchFilter]
    filterset_class = MaterialFilter
    queryset = Material.objects.none()

    def get_queryset(self):
        return materials_public().select_related("published").prefetch_related("competencies")


def register(router) -> None:
    router.register("materials", MaterialViewSet, basename="material")
