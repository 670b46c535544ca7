"""API of surveys (M26, M33): the surveys the caller manages and each one's aggregated results (the same figures,
and the same suppression of small cells of anonymous surveys, as the results page); read-only."""
import datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.response import Response as ApiResponse

from copp.core.access import has_capability
from copp.core.roles import Cap

from . import results, selectors
from .models import Audience, Survey


class ManagesSurveys(BasePermission):
    def has_permission(self, request, view):
        return has_capability(request.user, Cap.SURVEYS_OWN)


class SurveyPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class SurveySerializer(serializers.ModelSerializer):
    answer_count = serializers.IntegerField(read_only=True)
    invited_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Survey
        fields = ("id", "title", "description", "status", "audience", "audience_role", "audience_group",
                  "audience_program", "audience_event", "audience_org_type", "is_anonymous", "allow_repeat",
                  "template", "owner_organization", "opens_at", "closes_at", "created_at", "answer_count",
                  "invited_count")
        read_only_fields = fields


RESULTS_SCHEMA = inline_serializer("SurveyResults", {
    "survey": serializers.IntegerField(),
    "total": serializers.IntegerField(help_text=_("Answers in the chosen filters.")),
    "audience_size": serializers.IntegerField(allow_null=True, help_text=_("People invited; null for a public "
                                                                            "link.")),
    "response_rate": serializers.IntegerField(allow_null=True, help_text=_("Per cent of the invited.")),
    "suppressed": serializers.BooleanField(help_text=_("An anonymous survey with fewer than 5 answers shows "
                                                       "no figures.")),
    "questions": serializers.ListField(child=serializers.DictField()),
})


@extend_schema(tags=["surveys"])
@extend_schema_view(
    list=extend_schema(summary=_("Surveys the caller manages"), parameters=[
        OpenApiParameter("status", str, description=_("draft, open or closed"))]),
    retrieve=extend_schema(summary=_("A survey")),
)
class SurveyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SurveySerializer
    permission_classes = [ManagesSurveys]
    pagination_class = SurveyPagination
    queryset = Survey.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Survey.objects.none()
        qs = selectors.surveys_managed_by(self.request.user)
        status = self.request.query_params.get("status", "")
        if status:
            qs = qs.filter(status=status)
        return selectors.with_list_data(qs)

    @extend_schema(summary=_("Aggregated results of a survey"), responses=RESULTS_SCHEMA, parameters=[
        OpenApiParameter("group", int, description=_("Answers of one study group")),
        OpenApiParameter("program", int, description=_("Answers of one program")),
        OpenApiParameter("organization", int, description=_("Answers of one organisation")),
        OpenApiParameter("from", str, description=_("Answered on or after this date (YYYY-MM-DD)")),
        OpenApiParameter("to", str, description=_("Answered on or before this date (YYYY-MM-DD)")),
    ])
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        survey = self.get_object()
        params = request.query_params
        filters = {name: int(params[name]) for name in ("group", "program", "organization")
                   if params.get(name, "").isdigit()}
        for name, key in (("from", "date_from"), ("to", "date_to")):
            try:
                filters[key] = datetime.date.fromisoformat(params[name]) if params.get(name) else None
            except ValueError:
                raise serializers.ValidationError({name: _("Use the format YYYY-MM-DD.")}) from None
        responses = results.responses_filtered(survey, **filters)
        audience = None if survey.audience == Audience.PUBLIC else survey.invitations.count() or None
        data = results.survey_results(survey, responses, audience_size=audience)
        return ApiResponse({
            "survey": survey.pk, "total": data["total"], "audience_size": data["audience_size"],
            "response_rate": data["rate"], "suppressed": data["suppressed_all"],
            "questions": [{
                "id": item.question.pk, "text": item.question.text, "kind": item.question.kind,
                "answered": item.answered, "suppressed": item.suppressed, "summary": str(item.summary),
                "labels": [str(label) for label in item.chart.get("labels", [])],
                "series": item.chart.get("series", []), "texts": item.texts,
            } for item in data["items"]],
        })


def register(router) -> None:
    """Add the surveys endpoints to the API router (copp/api/urls.py)."""
    router.register("surveys", SurveyViewSet, basename="survey")
