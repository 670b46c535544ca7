"""Public read API of events (M33): published and cancelled events with seats left."""
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.viewsets import ReadOnlyModelViewSet

from copp.core.filters import UtcIsoDateTimeFilter
from copp.core.pagination import StrictPageNumberPagination
from copp.directories.models import Competency

from .models import Event, EventType
from .selectors import events_public, with_counts

EVENT_FIELDS = ("id", "title", "type", "description", "starts_at", "ends_at", "venue", "municipality",
                "online", "capacity", "registered_count", "seats_left", "organizer", "competencies", "status")


class EventSerializer(serializers.ModelSerializer):
    """An event; the online link itself is given to registered participants only, here just whether there is one."""

    online = serializers.SerializerMethodField(help_text=_("Whether the event is held online."))
    registered_count = serializers.IntegerField(read_only=True)
    seats_left = serializers.IntegerField(read_only=True, allow_null=True,
                                          help_text=_("Free seats; null when there is no limit."))

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        read_only_fields = EVENT_FIELDS

    def get_online(self, event) -> bool:
        return bool(event.online_url)


class EventFilter(filters.FilterSet):
    type = filters.ChoiceFilter(choices=EventType.choices, label=_("Event type"))
    competency = filters.ModelChoiceFilter(field_name="competencies", queryset=Competency.objects.all(),
                                           label=_("Competency id"),
                                           method="filter_competency")
    starts_after = UtcIsoDateTimeFilter(field_name="starts_at", lookup_expr="gte",
                                             label=_("Starts at or after (ISO 8601)"))
    starts_before = UtcIsoDateTimeFilter(field_name="starts_at", lookup_expr="lt",
                                              label=_("Starts before (ISO 8601)"))

    class Meta:
        model = Event
        fields = ["type", "organizer", "municipality", "status"]

    def filter_competency(self, queryset, name, value):
        return queryset.filter(Exists(Event.competencies.through.objects.filter(event=OuterRef("pk"),
                                                                                competency=value)))


class EventPagination(StrictPageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema(tags=["events"])
@extend_schema_view(
    list=extend_schema(summary=_("Events"), description=_("Published (and cancelled) events of the CoPP and "
                                                          "its partners.")),
    retrieve=extend_schema(summary=_("Event")),
)
class EventViewSet(ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = EventSerializer
    pagination_class = EventPagination
    filter_backends = [filters.DjangoFilterBackend, OrderingFilter]
    filterset_class = EventFilter
    ordering_fields = ["starts_at", "title", "id"]
    ordering = ["starts_at", "id"]
    queryset = Event.objects.none()

    def get_queryset(self):
        return with_counts(events_public()).prefetch_related("competencies")


def register(router) -> None:
    """Add the events endpoints to the API router (/api/v1/events/)."""
    router.register("events", EventViewSet, basename="event")
