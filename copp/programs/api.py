"""Public read API of the programs catalogue (M33): published programs with modules and start dates, and the
region's published module library (M14)."""
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.filters import BaseFilterBackend, OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.viewsets import ReadOnlyModelViewSet

from copp.core.pagination import StrictPageNumberPagination
from copp.directories.models import Competency, Municipality

from .models import LibraryModule, ModuleStatus, Program, ProgramModule, ProgramStart
from .selectors import programs_published, programs_search


class ProgramModuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgramModule
        fields = ("order", "title", "theory_hours", "practice_hours")
        read_only_fields = fields


class ProgramStartSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgramStart
        fields = ("starts_on", "place", "seats")
        read_only_fields = fields


PROGRAM_FIELDS = (
    "id", "title", "kind", "competencies", "profession", "audience", "entry_requirements", "goals", "outcomes",
    "hours", "modules", "study_form", "duration", "municipalities", "address", "provider", "price", "funding",
    "is_free", "document", "upcoming_starts", "contacts", "next_start", "final_assessment", "reviewed_on",
)


class ProgramSerializer(serializers.ModelSerializer):
    """A published program; dictionaries and the provider are ids (see /api/v1/<dictionary>/)."""

    modules = ProgramModuleSerializer(many=True, read_only=True)
    upcoming_starts = ProgramStartSerializer(many=True, read_only=True, help_text=_("Start dates from today on."))
    next_start = serializers.DateField(read_only=True, allow_null=True, help_text=_("The nearest start date."))

    class Meta:
        model = Program
        fields = PROGRAM_FIELDS
        read_only_fields = PROGRAM_FIELDS


class ProgramFilter(filters.FilterSet):
    competency = filters.ModelChoiceFilter(field_name="competencies", queryset=Competency.objects.all(),
                                           label=_("Competency id"), method="filter_competency")
    municipality = filters.ModelChoiceFilter(field_name="municipalities", queryset=Municipality.objects.all(),
                                             label=_("Municipality id"),
                                             method="filter_municipality")
    starts_from = filters.DateFilter(label=_("Has a start date on or after this date"), method="filter_starts_from")

    class Meta:
        model = Program
        fields = ["kind", "study_form", "provider", "is_free"]

    def filter_competency(self, queryset, name, value):
        return queryset.filter(Exists(Program.competencies.through.objects.filter(
            program=OuterRef("pk"), competency=value)))

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(Exists(Program.municipalities.through.objects.filter(
            program=OuterRef("pk"), municipality=value)))

    def filter_starts_from(self, queryset, name, value):
        return queryset.filter(Exists(ProgramStart.objects.filter(program=OuterRef("pk"), starts_on__gte=value)))


class ProgramSearchFilter(BaseFilterBackend):
    """`search`: Russian full-text search, as in the public catalogue."""

    def filter_queryset(self, request, queryset, view):
        return programs_search(queryset, request.query_params.get("search", "")[:200])

    def get_schema_operation_parameters(self, view):
        return [{"name": "search", "required": False, "in": "query",
                 "description": str(_("Words to find in the title, description and competencies (Russian "
                                      "full-text search).")), "schema": {"type": "string"}}]


class ProgramPagination(StrictPageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema(tags=["programs"])
@extend_schema_view(
    list=extend_schema(summary=_("Programs"), description=_("Published programs of the catalogue.")),
    retrieve=extend_schema(summary=_("Program")),
)
class ProgramViewSet(ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = ProgramSerializer
    pagination_class = ProgramPagination
    filter_backends = [filters.DjangoFilterBackend, ProgramSearchFilter, OrderingFilter]
    filterset_class = ProgramFilter
    ordering_fields = ["title", "price", "hours", "id", "next_start"]
    ordering = ["title", "id"]
    queryset = Program.objects.none()

    def get_queryset(self):
        today = timezone.localdate()
        return (programs_published()
                .prefetch_related("competencies", "municipalities",
                                  Prefetch("modules", queryset=ProgramModule.objects.order_by("order", "pk")),
                                  Prefetch("starts", queryset=ProgramStart.objects.filter(starts_on__gte=today)
                                           .order_by("starts_on"), to_attr="upcoming_starts")))


MODULE_FIELDS = (
    "id", "title", "author", "summary", "knowledge", "skills", "abilities", "competencies", "profession",
    "theory_hours", "practice_hours", "internship_hours", "self_study_hours", "assessment_hours", "total_hours",
    "assessment_form", "equipment", "open_for_individual",
)


class LibraryModuleSerializer(serializers.ModelSerializer):
    """A published module of the region's library; the author and dictionaries are ids."""

    total_hours = serializers.IntegerField(read_only=True, help_text=_("The sum of the hours of every kind."))

    class Meta:
        model = LibraryModule
        fields = MODULE_FIELDS
        read_only_fields = MODULE_FIELDS


class LibraryModuleFilter(filters.FilterSet):
    competency = filters.ModelChoiceFilter(field_name="competencies", queryset=Competency.objects.all(),
                                           label=_("Competency id"), method="filter_competency")
    title = filters.CharFilter(field_name="title", lookup_expr="icontains", label=_("Words in the title"))

    class Meta:
        model = LibraryModule
        fields = ["author", "open_for_individual", "assessment_form"]

    def filter_competency(self, queryset, name, value):
        return queryset.filter(Exists(LibraryModule.competencies.through.objects.filter(
            librarymodule=OuterRef("pk"), competency=value)))


@extend_schema(tags=["programs"])
@extend_schema_view(
    list=extend_schema(summary=_("Module library"),
                       description=_("Published modules of the region's library (M14).")),
    retrieve=extend_schema(summary=_("Library module")),
)
class LibraryModuleViewSet(ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = LibraryModuleSerializer
    pagination_class = ProgramPagination
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = LibraryModuleFilter
    ordering_fields = ["title", "id"]
    ordering = ["title", "id"]
    queryset = LibraryModule.objects.none()

    def get_queryset(self):
        return (LibraryModule.objects.filter(status=ModuleStatus.PUBLISHED,
                                             author__verification_status="verified")
                .prefetch_related("competencies"))


def register(router) -> None:
    """Add the programs endpoints to the API router (/api/v1/programs/, /api/v1/library-modules/)."""
    router.register("programs", ProgramViewSet, basename="program")
    router.register("library-modules", LibraryModuleViewSet, basename="library-module")
