"""Read-only endpoints of /api/v1/: dictionaries, organisations, the caller (M33)."""
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema, extend_schema_view
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.viewsets import ReadOnlyModelViewSet

from copp.core.access import roles_of
from copp.directories.models import Competency, GradeScale, Municipality

from .filters import DictionarySearchFilter, OrganizationFilter, OrganizationSearchFilter
from .pagination import ApiPagination
from .permissions import integrator_token_of
from .selectors import organizations_for_api
from .serializers import (
    MeIntegratorSerializer,
    MeUserSerializer,
    OrganizationSerializer,
    dictionary_serializer,
)

# Filters a dictionary has beyond search and ordering (django-filter `filterset_fields`).
DICTIONARY_FILTERS = {
    Competency: ["is_priority", "group"],
    Municipality: ["region"],
}


class DictionaryViewSet(ReadOnlyModelViewSet):
    """Active items of one reference dictionary; public."""

    permission_classes = [AllowAny]
    pagination_class = ApiPagination
    filter_backends = [DjangoFilterBackend, DictionarySearchFilter, OrderingFilter]
    search_fields = ["name", "code"]
    ordering_fields = ["order", "name", "code", "id"]
    ordering = ["order", "name", "id"]
    model = None

    def get_queryset(self):
        qs = self.model.objects.filter(is_active=True)
        if self.model is GradeScale:
            qs = qs.prefetch_related("values")
        return qs


def dictionary_viewset(model) -> type[DictionaryViewSet]:
    """The viewset of one dictionary, tagged `dictionaries` in the schema."""
    viewset = type(f"{model.__name__}ViewSet", (DictionaryViewSet,), {
        "model": model,
        "queryset": model.objects.filter(is_active=True),  # for the schema: the model behind the path
        "serializer_class": dictionary_serializer(model),
        "filterset_fields": DICTIONARY_FILTERS.get(model, []),
    })
    return extend_schema_view(
        list=extend_schema(summary=capfirst(model._meta.verbose_name_plural),
                           description=_("Active items of the dictionary.")),
        retrieve=extend_schema(summary=capfirst(model._meta.verbose_name)),
    )(extend_schema(tags=["dictionaries"])(viewset))


@extend_schema(tags=["organizations"])
@extend_schema_view(
    list=extend_schema(summary=_("Organisations"), description=_(
        "Anonymous callers see verified organisations' public cards. Callers with access to the "
        "organisations database see every organisation in full; an integrator token and the members of an "
        "organisation also see that organisation in full."
    )),
    retrieve=extend_schema(summary=_("Organisation")),
)
class OrganizationViewSet(ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    pagination_class = ApiPagination
    serializer_class = OrganizationSerializer
    filter_backends = [DjangoFilterBackend, OrganizationSearchFilter, OrderingFilter]
    filterset_class = OrganizationFilter
    ordering_fields = ["short_name", "name", "inn", "id"]
    ordering = ["short_name", "id"]

    def get_queryset(self):
        return organizations_for_api(self.request.user, integrator_token_of(self.request))


MeSerializer = PolymorphicProxySerializer(
    component_name="Me",
    serializers={"user": MeUserSerializer, "integrator": MeIntegratorSerializer},
    resource_type_field_name="kind",
)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["me"], summary=_("The caller"), responses=MeSerializer, description=_(
        "For an integrator token: the token and its organisation's full card. For a signed-in user: "
        "e-mail, full name and roles."
    ))
    def get(self, request):
        token = integrator_token_of(request)
        if token is not None:
            organization = organizations_for_api(request.user, token).get(pk=token.organization_id)
            return Response(MeIntegratorSerializer(
                {"kind": "integrator", "token": token, "organization": organization}
            ).data)
        user = request.user
        return Response(MeUserSerializer({
            "kind": "user", "email": user.email, "full_name": user.get_full_name(),
            "roles": sorted(roles_of(user)),
        }).data)
