"""Groups, enrolments, lessons with their bookings (exclusion constraints refuse double booking) and the
journal: one mark per learner and lesson, one intermediate grade per learner and program module, the history of
every change (M20, M21, D8)."""
import secrets

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models import Func, Q, Subquery
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.core.access import has_capability
from copp.core.models import TimeStampedModel
from copp.core.roles import Cap
from copp.directories.models import AttendanceStatus, GradeScale, GradeValue, LessonType, StudyForm
from copp.organizations.models import Organization
from copp.programs.models import Program, ProgramModule, ProgramVersion
from copp.resources.models import Equipment, Room, Site, StaffMember
from copp.resources.models.base import own_organization_ids


class TsTzRange(Func):
    """tstzrange(start, end, '[)') for the exclusion constraints."""

    function = "TSTZRANGE"
    output_field = models.Field()


def _range(start="starts_at", end="ends_at"):
    return TsTzRange(start, end, RangeBoundary())


def _room_span():
    """int8range(room_id, room_id + 1): [id, id+1) for a room; with no room both bounds are NULL, which
    PostgreSQL reads as the unbounded range — a whole-site lesson overlaps every room of its site."""
    return Func(models.F("room_id"), models.F("room_id") + 1, function="int8range",
                output_field=BigIntegerRangeField())


class GroupStatus(models.TextChoices):
    FORMING = "forming", pgettext_lazy("group status", "Forming")
    ACTIVE = "active", pgettext_lazy("group status", "Studying")
    COMPLETED = "completed", pgettext_lazy("group status", "Completed")
    CANCELLED = "cancelled", pgettext_lazy("group status", "Cancelled")


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every group for CoPP staff; the own organisation's for partners; the taught ones for teachers."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if has_capability(user, Cap.TRAINING_ALL):
            return self
        rule = Q(pk__in=[])
        if has_capability(user, Cap.TRAINING_MANAGE):
            rule |= Q(provider__in=Subquery(own_organization_ids(user)))
        if has_capability(user, Cap.TRAINING_MARK):
            rule |= Q(pk__in=Subquery(Group.teachers.through.objects.filter(
                staffmember__user=user).values("group_id")))
            rule |= Q(curator=user)
        return self.filter(rule)

    def manageable_by(self, user):
        """Groups whose roster and schedule the user may change."""
        if has_capability(user, Cap.TRAINING_ALL):
            return self
        if has_capability(user, Cap.TRAINING_MANAGE):
            return self.filter(provider__in=Subquery(own_organization_ids(user)))
        return self.none()

    def markable_by(self, user):
        """Groups whose journal the user may fill: their teachers, and CoPP staff."""
        if has_capability(user, Cap.TRAINING_ALL):
            return self
        if has_capability(user, Cap.TRAINING_MARK):
            return self.filter(pk__in=Subquery(Group.teachers.through.objects.filter(
                staffmember__user=user).values("group_id")))
        return self.none()


class Group(TimeStampedModel):
    """A study group of one program at one provider."""

    code = models.CharField(_("group code"), max_length=40, unique=True)
    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.PROTECT,
                                related_name="groups")
    provider = models.ForeignKey(Organization, verbose_name=_("provider"), on_delete=models.PROTECT,
                                 related_name="study_groups")
    starts_on = models.DateField(_("studies start"))
    ends_on = models.DateField(_("studies end"))
    study_form = models.ForeignKey(StudyForm, verbose_name=_("study form"), null=True, blank=True,
                                   on_delete=models.PROTECT)
    capacity = models.PositiveIntegerField(_("places in the group"), default=25)
    curator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("curator"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="curated_groups")
    teachers = models.ManyToManyField(StaffMember, verbose_name=_("teachers"), blank=True,
                                      related_name="study_groups")
    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="study_groups")
    grade_scale = models.ForeignKey(GradeScale, verbose_name=_("grade scale"), null=True, blank=True,
                                    on_delete=models.PROTECT)
    status = models.CharField(_("group status"), max_length=20, choices=GroupStatus.choices,
                              default=GroupStatus.FORMING, db_index=True)
    # The published version of the program the group studies by (M14): recorded when the group is created and
    # again when it starts; a version published later does not change a running group.
    program_version = models.ForeignKey(ProgramVersion, verbose_name=_("program version"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="groups")

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("study group")
        verbose_name_plural = _("study groups")
        ordering = ["-starts_on", "code"]
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                              name="training_group_period")]
        # The groups list: newest first, and a search by a part of the code (icontains → UPPER(code) LIKE).
        indexes = [models.Index(fields=["-starts_on", "code"], name="training_group_list"),
                   GinIndex(OpClass(Upper("code"), name="gin_trgm_ops"), name="training_group_code_trgm")]

    def __str__(self):
        return self.code

    @property
    def badge(self) -> str:
        """The shared badge colour code (UI.md) for the group's status."""
        return {"forming": "submitted", "active": "accepted", "completed": "archived"}.get(self.status, self.status)


class EnrolmentStatus(models.TextChoices):
    STUDYING = "studying", pgettext_lazy("learner status", "Studying")
    MOVED = "moved", pgettext_lazy("learner status", "Moved to another group")
    EXPELLED = "expelled", pgettext_lazy("learner status", "Expelled")
    COMPLETED = "completed", pgettext_lazy("learner status", "Completed")


class Enrolment(TimeStampedModel):
    """A learner in a group: where they came from, their status, the final result and the document."""

    group = models.ForeignKey(Group, verbose_name=_("study group"), on_delete=models.CASCADE,
                              related_name="enrolments")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT,
                                related_name="enrolments")
    application = models.ForeignKey("admissions.Application", verbose_name=_("application"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="enrolments")
    # The person on an organisation's application (employer or teacher list) this place was given to.
    participant = models.ForeignKey("admissions.Participant", verbose_name=_("participant"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="enrolments")
    sent_by = models.ForeignKey(Organization, verbose_name=_("sending organisation"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="sent_learners")
    status = models.CharField(_("learner status"), max_length=20, choices=EnrolmentStatus.choices,
                              default=EnrolmentStatus.STUDYING, db_index=True)
    status_comment = models.CharField(_("reason"), max_length=500, blank=True)
    final_grade = models.ForeignKey(GradeValue, verbose_name=_("final grade"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    document_type = models.CharField(_("document issued"), max_length=40, blank=True)
    document_series = models.CharField(_("document series"), max_length=20, blank=True)
    document_number = models.CharField(_("document number"), max_length=40, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["learner__last_name", "learner__first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["group", "learner"], name="training_enrolment_once")]

    def __str__(self):
        return f"{self.learner} — {self.group}"

    @property
    def badge(self) -> str:
        """The shared badge colour code (UI.md) for the learner's status."""
        return {"studying": "accepted", "moved": "withdrawn", "expelled": "rejected",
                "completed": "approved"}.get(self.status, self.status)

    @property
    def is_studying(self) -> bool:
        """Still in the group: the journal takes marks and the roster offers actions only for such a learner."""
        return self.status == EnrolmentStatus.STUDYING


class LessonStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("lesson status", "Planned")
    CANCELLED = "cancelled", pgettext_lazy("lesson status", "Cancelled")


PLANNED = Q(status=LessonStatus.PLANNED)


class LessonQuerySet(models.QuerySet):
    def planned(self):
        return self.filter(status=LessonStatus.PLANNED)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Lesson(TimeStampedModel):
    """One lesson of a group. The group, a room and the whole site (which includes its rooms) cannot be booked
    twice at once:
    the exclusion constraints below refuse it; teachers and equipment are booked through their rows."""

    group = models.ForeignKey(Group, verbose_name=_("study group"), on_delete=models.CASCADE,
                              related_name="lessons")
    starts_at = models.DateTimeField(_("lesson start"))
    ends_at = models.DateTimeField(_("lesson end"))
    module = models.ForeignKey(ProgramModule, verbose_name=_("program module"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="lessons")
    topic = models.CharField(_("lesson topic"), max_length=300)
    lesson_type = models.ForeignKey(LessonType, verbose_name=_("lesson type"), on_delete=models.PROTECT)
    site = models.ForeignKey(Site, verbose_name=_("site"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="lessons")
    room = models.ForeignKey(Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="lessons")
    online_link = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("lesson status"), max_length=20, choices=LessonStatus.choices,
                              default=LessonStatus.PLANNED, db_index=True)
    change_reason = models.CharField(_("reason for the change"), max_length=500, blank=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["group", "starts_at"]), models.Index(fields=["site", "starts_at"]),
                   models.Index(fields=["starts_at"]),
                   # The load chart (D5): a site's planned lessons of a period, read by one B-tree range (the
                   # exclusion constraint's GiST index answers the same question many times slower). It carries
                   # what the chart sums (end, group), so the chart reads the index alone: a site's lessons lie
                   # scattered over the table's pages (4 300 pages for a page of sites at the region's scale).
                   models.Index(fields=["site", "starts_at"], include=["ends_at", "group"], condition=PLANNED,
                                name="training_lesson_site_planned"),
                   # The region's timetable of a week in its order (start, id): a page is read from the index and
                   # stops after its rows, without sorting the region's week (thousands of lessons start at 9:00).
                   models.Index(fields=["starts_at", "id"], condition=PLANNED, name="training_lesson_planned_order")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="training_lesson_period"),
            ExclusionConstraint(name="training_lesson_group_free", expressions=[
                (_range(), RangeOperators.OVERLAPS), ("group", RangeOperators.EQUAL)], condition=PLANNED),
            # One place at a time: a room lesson takes its room, a lesson without a room the whole site, so
            # a whole-site lesson and a lesson in any room of that site exclude each other.
            ExclusionConstraint(name="training_lesson_place_free", expressions=[
                (_range(), RangeOperators.OVERLAPS), ("site", RangeOperators.EQUAL),
                (_room_span(), RangeOperators.OVERLAPS)],
                condition=PLANNED & Q(site__isnull=False)),
            # A room lesson always carries its room's site (the service sets it), so the rule above sees it.
            models.CheckConstraint(condition=Q(room__isnull=True) | Q(site__isnull=False),
                                   name="training_lesson_room_has_site"),
        ]

    def __str__(self):
        return f"{self.group} {self.starts_at:%d.%m.%Y %H:%M} {self.topic}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == LessonStatus.CANCELLED

    @property
    def is_planned(self) -> bool:
        """Still to take place: it may be moved or cancelled, and the journal takes marks for it."""
        return self.status == LessonStatus.PLANNED


class TeacherBooking(models.Model):
    """A teacher on a lesson; the time is copied from the lesson so the database can refuse overlaps. The
    person (the staff record's account) is copied too: one person with staff records in two organisations is
    still one teacher who cannot be in two places at once."""

    lesson = models.ForeignKey(Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE,
                               related_name="teacher_bookings")
    teacher = models.ForeignKey(StaffMember, verbose_name=_("teacher"), on_delete=models.PROTECT,
                                related_name="lesson_bookings")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("teacher on a lesson")
        verbose_name_plural = _("teachers on lessons")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "teacher"], name="training_teacher_booking_once"),
            ExclusionConstraint(name="training_teacher_free", expressions=[
                (_range(), RangeOperators.OVERLAPS), ("teacher", RangeOperators.EQUAL)],
                condition=Q(is_active=True)),
            ExclusionConstraint(name="training_person_free", expressions=[
                (_range(), RangeOperators.OVERLAPS), ("person", RangeOperators.EQUAL)],
                condition=Q(is_active=True, person__isnull=False)),
        ]
        indexes = [models.Index(fields=["teacher", "starts_at"]), models.Index(fields=["person", "starts_at"])]

    def __str__(self):
        return f"{self.teacher_id} @ {self.lesson_id}"


class EquipmentBooking(models.Model):
    """Equipment on a lesson with a quantity; the service keeps the sum within the equipment's quantity
    under a row lock on the equipment."""

    lesson = models.ForeignKey(Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE,
                               related_name="equipment_bookings")
    equipment = models.ForeignKey(Equipment, verbose_name=_("equipment"), on_delete=models.PROTECT,
                                  related_name="lesson_bookings")
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("equipment on a lesson")
        verbose_name_plural = _("equipment on lessons")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "equipment"], name="training_equipment_booking_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="training_equipment_booking_quantity"),
        ]
        indexes = [models.Index(fields=["equipment", "starts_at"])]

    def __str__(self):
        return f"{self.equipment_id} × {self.quantity} @ {self.lesson_id}"


class MarkSource(models.TextChoices):
    """Where a journal value came from (B10): the one journal is fed by the teacher and by the systems around it."""

    TEACHER = "teacher", pgettext_lazy("mark source", "Teacher")
    CHECKIN = "checkin", pgettext_lazy("mark source", "Event check-in")
    CONFERENCE = "conference", pgettext_lazy("mark source", "Web conference")
    MOODLE = "moodle", pgettext_lazy("mark source", "Moodle")
    ASSIGNMENT = "assignment", pgettext_lazy("mark source", "Assignment")
    QUIZ = "quiz", pgettext_lazy("mark source", "Test")


class Mark(models.Model):
    """The journal cell: attendance and a grade of one learner at one lesson, each with where it came from."""

    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="marks")
    lesson = models.ForeignKey(Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="marks")
    attendance = models.ForeignKey(AttendanceStatus, verbose_name=_("attendance"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(GradeValue, verbose_name=_("grade"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    attendance_source = models.CharField(_("attendance source"), max_length=20, choices=MarkSource.choices,
                                         default=MarkSource.TEACHER)
    grade_source = models.CharField(_("grade source"), max_length=20, choices=MarkSource.choices,
                                    default=MarkSource.TEACHER)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("journal mark")
        verbose_name_plural = _("journal marks")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="training_mark_once")]
        indexes = [models.Index(fields=["lesson"])]

    def __str__(self):
        return f"{self.enrolment_id} @ {self.lesson_id}"


class ModuleGrade(models.Model):
    """An intermediate grade of one learner for one module of the group's program (промежуточная аттестация)."""

    enrolment = models.ForeignKey(Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE,
                                  related_name="module_grades")
    module = models.ForeignKey(ProgramModule, verbose_name=_("program module"), on_delete=models.PROTECT,
                               related_name="+")
    # Cleared grades keep their row (grade empty) so the history of the cell, which hangs on the row, stays.
    grade = models.ForeignKey(GradeValue, verbose_name=_("grade"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    source = models.CharField(_("grade source"), max_length=20, choices=MarkSource.choices, default=MarkSource.TEACHER)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("module grade")
        verbose_name_plural = _("module grades")
        constraints = [models.UniqueConstraint(fields=["enrolment", "module"], name="training_module_grade_once")]
        indexes = [models.Index(fields=["module"])]

    def __str__(self):
        return f"{self.enrolment_id} @ module {self.module_id}"


class MarkChange(models.Model):
    """The history of a journal cell — a lesson mark or a module grade: who changed what, when, the old and
    the new value."""

    mark = models.ForeignKey(Mark, verbose_name=_("journal mark"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="changes")
    module_grade = models.ForeignKey(ModuleGrade, verbose_name=_("module grade"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("changed field"), max_length=20)
    old_value = models.CharField(_("old value"), max_length=64, blank=True)
    new_value = models.CharField(_("new value"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=MarkSource.choices, default=MarkSource.TEACHER)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("journal change")
        verbose_name_plural = _("journal changes")
        ordering = ["-at", "-pk"]
        # Exactly one cell: a lesson mark or a module grade.
        constraints = [models.CheckConstraint(
            condition=(Q(mark__isnull=False, module_grade__isnull=True)
                       | Q(mark__isnull=True, module_grade__isnull=False)),
            name="training_markchange_one_cell")]

    def __str__(self):
        return f"{self.field}: {self.old_value} → {self.new_value}"


class CalendarToken(models.Model):
    """The secret of a person's iCalendar feed URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user_id)


from .exam_models import DemoExam, ExamLevel, ExamParticipant, ExamStatus  # noqa: E402, F401  the D6 register
