"""API of training (M33): groups, schedules (per group, teacher, learner, site) and the journal, each scoped to
what the caller may see in the cabinet; read-only."""
from django.contrib.auth import get_user_model
from django.db.models import Q, Subquery
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import BasePermission

from copp.core.access import has_capability
from copp.core.pagination import StrictCursorPagination, StrictPageNumberPagination
from copp.core.roles import Cap
from copp.resources.models.base import own_organization_ids

from .models import Enrolment, Group, Lesson, Mark, ModuleGrade
from .selectors import lessons_of_person


class WorksWithGroups(BasePermission):
    def has_permission(self, request, view):
        return has_capability(request.user, Cap.TRAINING_GROUPS)


class IsPerson(BasePermission):
    """The caller is a person's account (a session, or a token bound to a user): lessons and marks are read by
    whose they are, and a token bound to no user is an organisation, not a person (403, never a 500)."""

    message = _("An integrator token bound to no user cannot read lessons and marks: they are shown to the "
                "people they belong to. Ask the administrator for a token bound to a user.")

    def has_permission(self, request, view):
        return isinstance(request.user, get_user_model()) and request.user.is_authenticated


class TrainingPagination(StrictPageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class LessonCursor(StrictCursorPagination):
    """Keyset pages of lessons by their start (an index of the lessons' own): no COUNT, no OFFSET, as fast on the
    600 000th lesson as on the first (issue 15)."""

    ordering = ("starts_at", "id")
    page_size = 50
    max_page_size = 500


class MarkCursor(StrictCursorPagination):
    """Keyset pages of journal marks in the order they were made (their primary key): no COUNT, no OFFSET and no
    other table's column to sort by (issue 15)."""

    ordering = ("id",)
    page_size = 50
    max_page_size = 500


class GroupSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Group
        fields = ("id", "code", "program", "provider", "starts_on", "ends_on", "study_form", "capacity", "site",
                  "teachers", "status", "status_display")
        read_only_fields = fields


class LessonSerializer(serializers.ModelSerializer):
    group_code = serializers.CharField(source="group.code", read_only=True)
    teachers = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = ("id", "group", "group_code", "starts_at", "ends_at", "topic", "lesson_type", "module", "site",
                  "room", "online_link", "status", "change_reason", "teachers")
        read_only_fields = fields

    def get_teachers(self, lesson) -> list[int]:
        return [b.teacher_id for b in lesson.teacher_bookings.all()]


class MarkSerializer(serializers.ModelSerializer):
    learner = serializers.IntegerField(source="enrolment.learner_id", read_only=True)
    group = serializers.IntegerField(source="lesson.group_id", read_only=True)

    class Meta:
        model = Mark
        fields = ("id", "group", "lesson", "enrolment", "learner", "attendance", "grade", "updated_at")
        read_only_fields = fields


class ModuleGradeSerializer(serializers.ModelSerializer):
    learner = serializers.IntegerField(source="enrolment.learner_id", read_only=True)
    group = serializers.IntegerField(source="enrolment.group_id", read_only=True)

    class Meta:
        model = ModuleGrade
        fields = ("id", "group", "enrolment", "learner", "module", "grade", "updated_at")
        read_only_fields = fields


def _own_lessons(user):
    """The lessons of the groups one studies in (or finished) and the ones one teaches, as in «My week»."""
    return Q(pk__in=lessons_of_person(user).values("pk"))


@extend_schema_view(list=extend_schema(summary=_("Study groups the caller works with")),
                    retrieve=extend_schema(summary=_("A study group")))
class GroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = GroupSerializer
    permission_classes = [WorksWithGroups]
    pagination_class = TrainingPagination

    def get_queryset(self):
        return Group.objects.visible_to(self.request.user).prefetch_related("teachers").order_by("-starts_on", "pk")


LESSON_FILTERS = [
    OpenApiParameter("group", int, description=_("Lessons of one group")),
    OpenApiParameter("teacher", int, description=_("Lessons of one teacher (staff record id)")),
    OpenApiParameter("learner", int, description=_("Lessons of one learner (user id)")),
    OpenApiParameter("site", int, description=_("Lessons at one site")),
    OpenApiParameter("from", str, description=_("From this moment (ISO 8601)")),
    OpenApiParameter("to", str, description=_("Before this moment (ISO 8601)")),
]


@extend_schema_view(list=extend_schema(summary=_("Lessons the caller may see"), parameters=LESSON_FILTERS))
class LessonViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The whole region for those who read the region timetable; otherwise the lessons of the groups one works
    with and one's own lessons (as a learner or a teacher)."""

    serializer_class = LessonSerializer
    permission_classes = [IsPerson]
    pagination_class = LessonCursor
    filter_backends = []  # the filters below; the order is the cursor's (an `ordering` parameter would defeat it)

    queryset = Lesson.objects.none()

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return Lesson.objects.none()
        qs = Lesson.objects.all()
        if not has_capability(user, Cap.TRAINING_REGION):
            qs = qs.filter(Q(group__in=Group.objects.visible_to(user)) | _own_lessons(user))
        params = self.request.query_params
        for name, lookup in (("group", "group"), ("teacher", "teacher_bookings__teacher"),
                             ("learner", "group__enrolments__learner"), ("site", "site")):
            if params.get(name, "").isdigit():
                qs = qs.filter(**{lookup: int(params[name])})
        if params.get("from"):
            qs = qs.filter(ends_at__gt=params["from"]) if _is_moment(params["from"]) else qs.none()
        if params.get("to"):
            qs = qs.filter(starts_at__lt=params["to"]) if _is_moment(params["to"]) else qs.none()
        # Every filter above is a subquery or a join to one row per lesson (a teacher is booked once for a lesson, a
        # learner enrolled once in a group): no duplicates to remove, so no sorted id subquery around it.
        return qs.select_related("group").prefetch_related("teacher_bookings")


def _is_moment(value: str) -> bool:
    from django.utils.dateparse import parse_datetime

    try:
        return parse_datetime(value) is not None
    except ValueError:
        return False


def journal_rule(user) -> Q:
    """Whose journal cells (marks and module grades, both reached through `enrolment`) a caller may read: the
    groups one works with, one's own, and those of the employees one's organisation sent."""
    rule = Q(enrolment__group__in=Group.objects.visible_to(user)) | Q(enrolment__learner=user)
    if has_capability(user, Cap.TRAINING_EMPLOYEES):
        rule |= Q(enrolment__in=Enrolment.objects.filter(sent_by__in=Subquery(own_organization_ids(user))))
    return rule


@extend_schema_view(list=extend_schema(
    summary=_("Journal marks the caller may see"),
    parameters=[OpenApiParameter("group", int, description=_("Marks of one group"))]))
class MarkViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The journals of the groups one works with, one's own marks, and the marks of the employees one's
    organisation sent."""

    serializer_class = MarkSerializer
    permission_classes = [IsPerson]
    pagination_class = MarkCursor
    filter_backends = []  # the group filter below; the order is the cursor's

    queryset = Mark.objects.none()

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return Mark.objects.none()
        # CoPP staff read every journal: no rule, so no join to groups they would all pass.
        qs = Mark.objects.all() if has_capability(user, Cap.TRAINING_ALL) else Mark.objects.filter(journal_rule(user))
        group = self.request.query_params.get("group", "")
        if group.isdigit():
            qs = qs.filter(lesson__in=Subquery(Lesson.objects.filter(group=int(group)).values("pk")))
        return qs.select_related("enrolment", "lesson")


@extend_schema_view(list=extend_schema(
    summary=_("Intermediate module grades the caller may see"),
    parameters=[OpenApiParameter("group", int, description=_("Module grades of one group"))]))
class ModuleGradeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Intermediate grades per program module, seen as the journal marks are: the journals of the groups one
    works with, one's own grades, and the grades of the employees one's organisation sent. A cleared grade
    stays listed with an empty `grade`."""

    serializer_class = ModuleGradeSerializer
    permission_classes = [IsPerson]
    pagination_class = TrainingPagination

    queryset = ModuleGrade.objects.none()

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False):
            return ModuleGrade.objects.none()
        qs = ModuleGrade.objects.filter(journal_rule(user))
        group = self.request.query_params.get("group", "")
        if group.isdigit():
            qs = qs.filter(enrolment__group=int(group))
        return qs.select_related("enrolment").order_by("enrolment__group_id", "module__order", "module_id", "pk")


def register(router) -> None:
    """Add the training endpoints to the API router (copp/api/urls.py)."""
    router.register("training/groups", GroupViewSet, basename="training-group")
    router.register("training/lessons", LessonViewSet, basename="training-lesson")
    router.register("training/marks", MarkViewSet, basename="training-mark")
    router.register("training/module-grades", ModuleGradeViewSet, basename="training-module-grade")
