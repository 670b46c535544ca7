"""API of applications (M33): callers read the applications they may see; an integrator token reads its
organisation's applications (sent by it or to its programs) and creates employee applications for it."""
import hashlib
import re

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from copp.core.access import has_capability
from copp.core.filters import UtcIsoDateTimeFilter
from copp.core.pagination import StrictCursorPagination
from copp.core.roles import Cap
from copp.core.validators import (
    PHONE_MESSAGE,
    PHONE_PATTERN,
    format_snils,
    validate_plain_text,
    validate_snils,
)
from copp.organizations.models import Membership, MembershipRole

from . import selectors, services
from .models import Application, ApplicationKind, ApplicationStatus, Participant

READ_CAPS = (Cap.APPLICATIONS_APPLY, Cap.APPLICATIONS_ORG_APPLY, Cap.APPLICATIONS_PROCESS)
IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:-]{1,64}")
IDEMPOTENCY_PARAMETER = OpenApiParameter(
    IDEMPOTENCY_HEADER, str, OpenApiParameter.HEADER, required=False, pattern=f"^{IDEMPOTENCY_KEY.pattern}$",
    description=_("A key the client chooses for this create (e.g. a UUID), up to 64 characters: Latin letters, "
                  "digits and . _ : -. A repeat with the same key returns the application the first request "
                  "created (status 200) instead of creating another; the body of the repeat is not compared."))


def integrator_token(request):
    """The integrator token of the request (request.auth carries its organisation); None for sessions.
    (This app sits above the api app and cannot import its classes.)"""
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "organization_id", None) is not None else None


class CanUseApplications(BasePermission):
    def has_permission(self, request, view):
        if integrator_token(request) is not None:
            return True
        return any(has_capability(request.user, cap) for cap in READ_CAPS)


class ApplicationFilter(filters.FilterSet):
    """What a list of applications may be narrowed by; a wrong value is a 400 naming the parameter."""

    status = filters.ChoiceFilter(choices=ApplicationStatus.choices, label=_("Application status code"))
    kind = filters.ChoiceFilter(choices=ApplicationKind.choices, label=_("Application kind"))
    submitted_after = UtcIsoDateTimeFilter(field_name="submitted_at", lookup_expr="gte",
                                                label=_("Submitted at or after (ISO 8601)"))
    submitted_before = UtcIsoDateTimeFilter(field_name="submitted_at", lookup_expr="lt",
                                                 label=_("Submitted before (ISO 8601)"))

    class Meta:
        model = Application
        fields = ["status", "kind", "program"]


class ApplicationPagination(StrictCursorPagination):
    """Keyset pages, newest first, over the inbox's own index (application_inbox_order): no COUNT, no OFFSET."""

    ordering = ("-submitted_at", "-id")
    page_size = 50
    max_page_size = 200


class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = Participant
        fields = ("id", "last_name", "first_name", "patronymic", "position", "subject", "experience_years", "status")
        read_only_fields = fields


class ApplicationSerializer(serializers.ModelSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Application
        fields = ("id", "number", "kind", "status", "status_display", "program", "organization", "campaign",
                  "submitted_at", "status_changed_at", "participants_count", "decision_comment", "participants")
        read_only_fields = fields


class ParticipantInputSerializer(serializers.Serializer):
    # Names and positions refuse control and invisible characters (zero-width, right-to-left overrides); the
    # phone has a format (issue 14). The schema states both as patterns.
    last_name = serializers.CharField(max_length=100, validators=[validate_plain_text])
    first_name = serializers.CharField(max_length=100, validators=[validate_plain_text])
    patronymic = serializers.CharField(max_length=100, required=False, allow_blank=True, default="",
                                       validators=[validate_plain_text])
    snils = serializers.CharField(max_length=14, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.RegexField(PHONE_PATTERN, max_length=32, required=False, allow_blank=True, default="",
                                   error_messages={"invalid": PHONE_MESSAGE},
                                   help_text=_("With the code, 10 to 15 digits: for example +7 343 123-45-67."))
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="",
                                     validators=[validate_plain_text])
    consent = serializers.BooleanField(help_text=_("The organisation confirms the person's consent to the processing "
                                                   "of personal data; must be true."))

    def validate_snils(self, value):
        if not value:
            return ""
        try:
            validate_snils(value)
        except Exception as error:  # django's ValidationError -> DRF's
            raise ValidationError(list(getattr(error, "messages", [str(error)]))) from None
        return format_snils(value)

    def validate_consent(self, value):
        if not value:
            raise ValidationError(_("Confirm that the person agreed to the processing of personal data."))
        return value


class MassApplicationCreateSerializer(serializers.Serializer):
    program = serializers.PrimaryKeyRelatedField(queryset=selectors.programs_open_for_applications())
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    participants = ParticipantInputSerializer(many=True, allow_empty=False)


def idempotency_token(request, organization) -> str:
    """The submit token for the request's Idempotency-Key ("" without the header). It is hashed with the
    organisation, so the same key of two organisations never meets in the one unique column the web forms'
    tokens (32 hex digits) use too; 64 hex digits fit the column whatever the key."""
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return ""
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise ValidationError({IDEMPOTENCY_HEADER: [_(
            "The Idempotency-Key header must be 1 to 64 characters long and hold only Latin letters, digits "
            "and the characters . _ : -")]})
    return hashlib.sha256(f"api:{organization.pk}:{key}".encode()).hexdigest()


def _token_actor(token):
    """Who the application is sent by: the token's user, else a representative of its organisation."""
    if token.user_id:
        return token.user
    membership = (Membership.objects.filter(organization_id=token.organization_id, is_active=True,
                                            role__in=[MembershipRole.REPRESENTATIVE, MembershipRole.HEAD])
                  .select_related("user").order_by("pk").first())
    return membership.user if membership else token.created_by


@extend_schema_view(
    list=extend_schema(summary=_("Applications"),
                       description=_("Applications the caller may see; for an integrator token, the applications "
                                     "of its organisation and to its programs.")),
    retrieve=extend_schema(summary=_("Application")),
    create=extend_schema(summary=_("Send an application for employees"), request=MassApplicationCreateSerializer,
                         responses={201: ApplicationSerializer, 200: ApplicationSerializer},
                         parameters=[IDEMPOTENCY_PARAMETER],
                         description=_("Integrator tokens only: an application of the token's organisation for "
                                       "several employees to a published program. Status 201 when created; with "
                                       "an Idempotency-Key already used by the organisation, status 200 and the "
                                       "application that key created.")),
)
@extend_schema(tags=["applications"])
class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):
    permission_classes = [CanUseApplications]
    pagination_class = ApplicationPagination
    serializer_class = ApplicationSerializer
    queryset = Application.objects.none()
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ApplicationFilter

    def get_queryset(self):
        token = integrator_token(self.request)
        if token is not None:
            qs = selectors.applications_of_organization(token.organization_id)
        else:
            qs = selectors.applications_visible_to(self.request.user)
        return qs.prefetch_related("participants")

    def create(self, request, *args, **kwargs):
        token = integrator_token(request)
        if token is None:
            raise PermissionDenied(_("Only integrator tokens create applications through the API."))
        submit_token = idempotency_token(request, token.organization)
        if submit_token:  # a retry: the application the key made, even if its program has closed since
            done = Application.objects.filter(submit_token=submit_token, organization_id=token.organization_id).first()
            if done is not None:
                return self._created(done, repeated=True)
        data = MassApplicationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        actor = _token_actor(token)
        if actor is None:
            raise ValidationError(_("The organisation has no representative to send the application for."))
        try:
            application = services.mass_application_submit(
                actor=actor, organization=token.organization, program=data.validated_data["program"],
                rows=[dict(row) for row in data.validated_data["participants"]],
                comment=data.validated_data["comment"], token=submit_token, request=request._request)
        except services.ApplicationRefused as error:
            raise ValidationError(str(error)) from None
        return self._created(application, repeated=getattr(application, "repeated", False))

    @staticmethod
    def _created(application, *, repeated: bool) -> Response:
        application = Application.objects.prefetch_related("participants").get(pk=application.pk)
        return Response(ApplicationSerializer(application).data,
                        status=status.HTTP_200_OK if repeated else status.HTTP_201_CREATED)


def register(router) -> None:
    """Add the applications endpoints to the API router (copp/api/urls.py)."""
    router.register("applications", ApplicationViewSet, basename="application")


