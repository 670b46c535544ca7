"""Reads of remote learning shared by views: lessons a person may open, their conferences, a learner's
online lessons and Moodle courses."""
import datetime

from django.db.models import Q, Subquery
from django.utils import timezone

from copp.training.models import Enrolment, EnrolmentStatus, Group, GroupStatus, Lesson, LessonStatus

from .models import AttendanceProposal, Conference


def lessons_visible_to(user):
    """Lessons of the groups the user works with (staff, managers, teachers) or studies in."""
    if not getattr(user, "is_authenticated", False):
        return Lesson.objects.none()
    studied = Enrolment.objects.filter(learner=user, status__in=(EnrolmentStatus.STUDYING,
                                                                 EnrolmentStatus.COMPLETED)).values("group_id")
    return Lesson.objects.filter(Q(group__in=Subquery(Group.objects.visible_to(user).values("pk")))
                                 | Q(group__in=Subquery(studied)))


def proposals_of(conference: Conference):
    return (AttendanceProposal.objects.filter(conference=conference)
            .select_related("enrolment__learner").order_by("enrolment__learner__last_name",
                                                           "enrolment__learner__first_name", "pk"))


def online_lessons_of(user, *, days: int = 14):
    """The person's coming online lessons (on BigBlueButton or with a link) from today on, soonest first."""
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    taught = Q(teacher_bookings__teacher__user=user, teacher_bookings__is_active=True)
    studied = Q(group__enrolments__learner=user, group__enrolments__status=EnrolmentStatus.STUDYING)
    return (Lesson.objects.filter(taught | studied).filter(
        Q(conference__isnull=False) | ~Q(online_link=""), status=LessonStatus.PLANNED, ends_at__gte=start,
        starts_at__lt=start + datetime.timedelta(days=days))
        .select_related("group__program", "conference").distinct().order_by("starts_at", "pk"))


def studied_groups_of(user):
    return (Group.objects.filter(enrolments__learner=user, enrolments__status=EnrolmentStatus.STUDYING)
            .select_related("program", "moodle_course").order_by("-starts_on", "code"))


def taught_groups_of(user):
    """Running groups the person teaches: their course spaces are reached from «online lessons» too."""
    return (Group.objects.filter(teachers__user=user).exclude(status__in=(GroupStatus.COMPLETED, GroupStatus.CANCELLED))
            .select_related("program").distinct().order_by("-starts_on", "code"))
