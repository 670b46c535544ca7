"""API of the careers app (M33): published vacancies with the search's filters (cursor pages), import runs for
staff, and the labour-market aggregates (D7)."""
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny, BasePermission

from copp.core.access import has_capability
from copp.core.pagination import StrictCursorPagination
from copp.core.roles import Cap

from .forms import VacancyFilterForm
from .models import ImportRun, MarketMonth, Vacancy
from .selectors import import_runs, vacancies_filter, vacancies_public


class VacancySerializer(serializers.ModelSerializer):
    competencies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Vacancy
        fields = ("id", "source", "source_url", "title", "employer_name", "profession", "competencies",
                  "municipality", "address", "salary_from", "salary_to", "employment", "schedule", "education",
                  "experience_years", "duties", "requirements", "places", "closes_on", "published_at")
        read_only_fields = fields


class VacancyCursor(StrictCursorPagination):
    """Keyset pages: as fast at the millionth vacancy as at the first."""

    ordering = ("-published_at", "-id")
    page_size = 50


FILTERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description=_("Search words (Russian full text and misspellings)")),
    OpenApiParameter("municipality", OpenApiTypes.INT, description=_("Municipality id")),
    OpenApiParameter("salary", OpenApiTypes.INT, description=_("Salary from, roubles")),
    OpenApiParameter("profession", OpenApiTypes.INT, description=_("Profession id")),
    OpenApiParameter("competency", OpenApiTypes.INT, description=_("Competency id")),
    OpenApiParameter("employment", OpenApiTypes.STR, description=_("Employment: full, part, project, internship, "
                                                                   "seasonal")),
    OpenApiParameter("schedule", OpenApiTypes.STR, description=_("Schedule: full_day, shift, flexible, remote, "
                                                                 "rotation")),
    OpenApiParameter("source", OpenApiTypes.STR, description=_("Source: own, trudvsem, hhru")),
    OpenApiParameter("no_experience", OpenApiTypes.BOOL, description=_("Only vacancies without experience")),
]


@extend_schema(tags=["vacancies"])
@extend_schema_view(list=extend_schema(summary=_("Vacancies"), parameters=FILTERS,
                                       description=_("Published vacancies of the region, newest first.")),
                    retrieve=extend_schema(summary=_("Vacancy")))
class VacancyViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = VacancySerializer
    pagination_class = VacancyCursor
    filter_backends = []
    queryset = Vacancy.objects.none()

    def get_queryset(self):
        qs = vacancies_public().prefetch_related("competencies")
        if self.action == "list":
            values = VacancyFilterForm(self.request.query_params).values()
            values.pop("sort")
            qs = vacancies_filter(qs, **values)
        return qs


class RunsImports(BasePermission):
    def has_permission(self, request, view):
        return has_capability(request.user, Cap.VACANCIES_IMPORTS)


class ImportRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportRun
        fields = ("id", "source", "trigger", "full", "since", "status", "started_at", "finished_at", "fetched",
                  "created", "updated", "closed", "rejected", "rejections", "requests", "retries", "error")
        read_only_fields = fields


@extend_schema(tags=["vacancies"])
@extend_schema_view(list=extend_schema(summary=_("Vacancy import runs")),
                    retrieve=extend_schema(summary=_("Vacancy import run")))
class ImportRunViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [RunsImports]
    serializer_class = ImportRunSerializer
    filter_backends = []
    queryset = ImportRun.objects.none()

    def get_queryset(self):
        return import_runs()


class MarketMonthSerializer(serializers.ModelSerializer):
    class Meta:
        model = MarketMonth
        fields = ("month", "municipality", "competency", "profession", "open_count", "new_count", "closed_count",
                  "places", "salary_q1", "salary_median", "salary_q3")
        read_only_fields = fields


@extend_schema(tags=["vacancies"])
@extend_schema_view(list=extend_schema(
    summary=_("Labour-market aggregates"),
    description=_("Vacancies open, new and closed per month with salary quartiles; an empty municipality, "
                  "competency or profession is the total over all of them."),
    parameters=[OpenApiParameter("municipality", OpenApiTypes.INT, description=_("Municipality id")),
                OpenApiParameter("competency", OpenApiTypes.INT, description=_("Competency id")),
                OpenApiParameter("profession", OpenApiTypes.INT,
                                 description=_("Profession id (region-wide rows)")),
                OpenApiParameter("since", OpenApiTypes.DATE, description=_("First month (YYYY-MM-01)"))]))
class LabourMarketViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    serializer_class = MarketMonthSerializer
    filter_backends = []
    queryset = MarketMonth.objects.none()

    def get_queryset(self):
        params = self.request.query_params
        qs = MarketMonth.objects.order_by("month", "pk")
        for name in ("municipality", "competency", "profession"):
            value = params.get(name, "")
            qs = qs.filter(**{name: int(value)}) if value.isdigit() else qs.filter(**{f"{name}__isnull": True})
        try:
            since = parse_date(params.get("since", "")[:10])
        except ValueError:  # an impossible date (2026-13-45) is ignored like any broken filter
            since = None
        return qs.filter(month__gte=since) if since else qs


def register(router) -> None:
    """Add the careers endpoints to the API router (/api/v1/vacancies/, /import-runs/, /labour-market/)."""
    router.register("vacancies", VacancyViewSet, basename="vacancy")
    router.register("import-runs", ImportRunViewSet, basename="import-run")
    router.register("labour-market", LabourMarketViewSet, basename="labour-market")
    from .portfolio_api import register as register_portfolios

    register_portfolios(router)
