"""API of the portfolios (M33): the learner's own portfolio and items (a confirmed item is read-only but may be
hidden); for verified employers (an integrator token of a verified employer organisation, or a session of its
representative) and CoPP staff, the search over open portfolios under the same consent rules, cursor pages."""
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.permissions import BasePermission

from copp.core.access import has_capability
from copp.core.pagination import StrictCursorPagination
from copp.core.roles import Cap
from copp.core.validators import validate_plain_text

from . import portfolio_selectors as ps
from .models import Portfolio, PortfolioItem, Section, ViewChannel
from .portfolio_forms import SearchForm
from .services.portfolios import PortfolioRefused, item_update_fields, portfolio_refresh, view_record


def integrator_token(request):
    """The integrator token of the request (request.auth carries its organisation); None for sessions.
    (This app sits below the api app and cannot import its classes.)"""
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "organization_id", None) is not None else None


class ItemSerializer(serializers.ModelSerializer):
    title = serializers.CharField(max_length=300, validators=[validate_plain_text], required=False)
    description = serializers.CharField(max_length=2000, validators=[validate_plain_text], required=False,
                                        allow_blank=True)
    organization_name = serializers.CharField(max_length=300, validators=[validate_plain_text], required=False,
                                              allow_blank=True)

    class Meta:
        model = PortfolioItem
        fields = ("id", "kind", "is_confirmed", "title", "organization_name", "description", "hours", "grade",
                  "module_grades", "rating", "rating_place", "document", "date", "url", "is_shown")
        read_only_fields = ("id", "kind", "is_confirmed", "hours", "grade", "module_grades", "rating",
                            "rating_place", "document")


class PortfolioSerializer(serializers.ModelSerializer):
    items = serializers.SerializerMethodField()

    class Meta:
        model = Portfolio
        fields = ("id", "summary", "profession", "municipality", "visibility", "allowed", "link_expires_on",
                  "completed_last", "items")
        read_only_fields = fields

    def get_items(self, portfolio) -> list[dict]:
        items = self.context.get("items")
        if items is None:
            items = portfolio.items.order_by("-is_confirmed", "-date", "-pk")
        return ItemSerializer(items, many=True).data


class OwnsPortfolio(BasePermission):
    def has_permission(self, request, view):
        return integrator_token(request) is None and has_capability(request.user, Cap.PORTFOLIO_OWN)


@extend_schema(tags=["portfolios"])
@extend_schema_view(list=extend_schema(summary=_("My portfolio"),
                                       description=_("The learner's own portfolio with every item (one object in "
                                                     "a list).")))
class MyPortfolioViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [OwnsPortfolio]
    serializer_class = PortfolioSerializer
    pagination_class = None
    filter_backends = []
    queryset = Portfolio.objects.none()

    def get_queryset(self):
        portfolio_refresh(self.request.user)
        return Portfolio.objects.filter(user=self.request.user)


@extend_schema(tags=["portfolios"])
@extend_schema_view(list=extend_schema(summary=_("My portfolio items")),
                    retrieve=extend_schema(summary=_("My portfolio item")),
                    update=extend_schema(summary=_("Change my portfolio item"),
                                         description=_("A confirmed item can only be shown or hidden.")),
                    partial_update=extend_schema(summary=_("Change my portfolio item"),
                                                 description=_("A confirmed item can only be shown or hidden.")))
class MyPortfolioItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                             viewsets.GenericViewSet):
    permission_classes = [OwnsPortfolio]
    serializer_class = ItemSerializer
    filter_backends = []
    queryset = PortfolioItem.objects.none()

    def get_queryset(self):
        return PortfolioItem.objects.filter(portfolio__user=self.request.user).select_related(
            "portfolio").order_by("-is_confirmed", "-date", "-pk")

    def perform_update(self, serializer):
        changes = dict(serializer.validated_data)
        try:
            serializer.instance = item_update_fields(actor=self.request.user, item=serializer.instance,
                                                     changes=changes, request=self.request)
        except PortfolioRefused as error:
            raise exceptions.PermissionDenied(str(error)) from None


class SearchesPortfolios(BasePermission):
    """An integrator token of a verified employer organisation; a session of CoPP staff or of a verified
    employer's representative."""

    def has_permission(self, request, view):
        token = integrator_token(request)
        if token is not None:
            organization = token.organization
            return organization.type == "customer" and organization.is_verified
        return ps.may_search(request.user)


class OpenPortfolioSerializer(serializers.ModelSerializer):
    """What a searcher sees: the learner's name, «about me» only if allowed, the allowed shown items."""

    name = serializers.SerializerMethodField()
    summary = serializers.SerializerMethodField()
    profession = serializers.SerializerMethodField()
    municipality = serializers.SerializerMethodField()
    competencies = serializers.SerializerMethodField()
    items = serializers.SerializerMethodField()

    class Meta:
        model = Portfolio
        fields = ("id", "name", "summary", "profession", "municipality", "completed_last", "competencies", "items")
        read_only_fields = fields

    def get_name(self, portfolio) -> str:
        return portfolio.user.get_full_name()

    def get_summary(self, portfolio) -> str:
        return portfolio.summary if portfolio.shows(Section.ABOUT) else ""

    def get_profession(self, portfolio) -> int | None:
        return portfolio.profession_id if portfolio.shows(Section.ABOUT) else None

    def get_municipality(self, portfolio) -> int | None:
        return portfolio.municipality_id if portfolio.shows(Section.ABOUT) else None

    def get_competencies(self, portfolio) -> list[int]:
        rows = getattr(portfolio, "search_rows", None)
        if rows is None:
            rows = portfolio.competency_rows.filter(searchable=True)
        return sorted({row.competency_id for row in rows})

    def get_items(self, portfolio) -> list[dict]:
        items = getattr(portfolio, "shown_all", None)
        if items is None:
            items = ps.shown_items(portfolio)
        else:
            items = [item for item in items if portfolio.shows(item.section)]
        return ItemSerializer(items, many=True).data


class PortfolioCursor(StrictCursorPagination):
    ordering = ("-id",)
    page_size = 50


SEARCH_FILTERS = [
    OpenApiParameter("competency", OpenApiTypes.INT, description=_("Competency id")),
    OpenApiParameter("level", OpenApiTypes.STR, description=_("Level: document, grade, rating")),
    OpenApiParameter("profession", OpenApiTypes.INT, description=_("Desired profession id")),
    OpenApiParameter("municipality", OpenApiTypes.INT, description=_("Municipality id")),
    OpenApiParameter("program", OpenApiTypes.INT, description=_("Program id")),
    OpenApiParameter("completed_from", OpenApiTypes.DATE, description=_("Completed from (YYYY-MM-DD)")),
    OpenApiParameter("completed_to", OpenApiTypes.DATE, description=_("Completed to (YYYY-MM-DD)")),
]


@extend_schema(tags=["portfolios"])
@extend_schema_view(list=extend_schema(summary=_("Open portfolios"), parameters=SEARCH_FILTERS,
                                       description=_("Portfolios opened to verified employers under a live consent "
                                                     "to distribution, newest first.")),
                    retrieve=extend_schema(summary=_("Open portfolio"),
                                           description=_("The learner sees this view in the log.")))
class OpenPortfolioViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [SearchesPortfolios]
    serializer_class = OpenPortfolioSerializer
    pagination_class = PortfolioCursor
    filter_backends = []
    queryset = Portfolio.objects.none()

    def get_queryset(self):
        qs = ps.portfolios_open()
        if self.action == "list":
            qs = ps.with_card_data(ps.portfolios_search(qs, **SearchForm(self.request.query_params).values()))
            return qs.prefetch_related(ps.shown_prefetch())
        return qs.select_related("user")

    def retrieve(self, request, *args, **kwargs):
        portfolio = self.get_object()
        token = integrator_token(request)
        if token is not None:
            view_record(portfolio=portfolio, organization=token.organization, channel=ViewChannel.API)
        else:
            organization = ps.employer_of(request.user)
            view_record(portfolio=portfolio, viewer=request.user, organization=organization,
                        channel=ViewChannel.API if organization else ViewChannel.STAFF)
        return super().retrieve(request, *args, **kwargs)


def register(router) -> None:
    """/api/v1/portfolio/ (the learner's own), /portfolio-items/, /portfolios/ (the search)."""
    router.register("portfolio", MyPortfolioViewSet, basename="my-portfolio")
    router.register("portfolio-items", MyPortfolioItemViewSet, basename="portfolio-item")
    router.register("portfolios", OpenPortfolioViewSet, basename="portfolio")
