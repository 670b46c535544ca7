"""Web conferences of lessons with who was in them and the attendance they propose (M23), and the Moodle
link-up: the connection, a course per group, matched accounts, the sync log and grade conflicts (M22)."""
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.directories.models import GradeValue
from copp.events.models import Event
from copp.programs.models import ProgramModule
from copp.resources.files import GeneratedName, validate_document
from copp.surveys.models import QuestionKind
from copp.training.models import Enrolment, Group, Lesson


class ChecksumAlgorithm(models.TextChoices):
    SHA1 = "sha1", "SHA-1"
    SHA256 = "sha256", "SHA-256"


class ConferenceSettings(models.Model):
    """The single row of BigBlueButton settings the administrator keeps (server address and shared secret)."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    enabled = models.BooleanField(_("web conferences on BigBlueButton are on"), default=False)
    url = models.URLField(_("BigBlueButton address"), blank=True,
                          help_text=_("The address ending in /bigbluebutton/, e.g. https://bbb.example.ru/bigbluebutton/"))
    secret = models.CharField(_("shared secret"), max_length=128, blank=True,
                              help_text=_("From `bbb-conf --secret` on the server."))
    algorithm = models.CharField(_("checksum algorithm"), max_length=10, choices=ChecksumAlgorithm.choices,
                                 default=ChecksumAlgorithm.SHA256)
    join_early_minutes = models.PositiveSmallIntegerField(_("join opens, minutes before the lesson"), default=15)
    join_late_minutes = models.PositiveSmallIntegerField(_("join closes, minutes after the lesson"), default=15)
    present_share = models.PositiveSmallIntegerField(
        _("share of the lesson in the room to count as present, %"), default=50,
        help_text=_("A learner who was in the conference at least this share of the lesson is proposed as "
                    "present online."))

    class Meta:
        verbose_name = _("BigBlueButton settings")
        verbose_name_plural = _("BigBlueButton settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "ConferenceSettings":
        return cls.objects.get_or_create(singleton=True)[0]

    @property
    def is_ready(self) -> bool:
        return self.enabled and bool(self.url and self.secret)


class ConferenceStatus(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("conference status", "Not started")
    RUNNING = "running", pgettext_lazy("conference status", "Running")
    ENDED = "ended", pgettext_lazy("conference status", "Ended")


def _meeting_id() -> str:
    return "copp-" + secrets.token_hex(12)


def _token() -> str:
    return secrets.token_urlsafe(24)


class Conference(models.Model):
    """A lesson held on BigBlueButton: its meeting, the state seen on the server and the recordings found."""

    lesson = models.OneToOneField(Lesson, verbose_name=_("lesson"), on_delete=models.CASCADE,
                                  related_name="conference")
    # Random, not the lesson's number: the meeting id is all a viewer's join needs besides the checksum.
    meeting_id = models.CharField(_("meeting id"), max_length=64, unique=True, default=_meeting_id)
    callback_token = models.CharField(max_length=64, default=_token, editable=False)
    create_time = models.BigIntegerField(_("server's create time"), null=True, blank=True)
    status = models.CharField(_("conference status"), max_length=20, choices=ConferenceStatus.choices,
                              default=ConferenceStatus.WAITING, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    polled_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    recordings = models.JSONField(_("recordings"), default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("web conference")
        verbose_name_plural = _("web conferences")
        indexes = [models.Index(fields=["status", "polled_at"])]

    def __str__(self):
        return self.meeting_id


class ConferenceVisit(models.Model):
    """One person in a conference as the server reported them: first and last seen, so the time in the room."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    bbb_user_id = models.CharField(max_length=128)
    full_name = models.CharField(max_length=300)
    role = models.CharField(max_length=20)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()

    class Meta:
        verbose_name = _("person in a conference")
        verbose_name_plural = _("people in conferences")
        constraints = [models.UniqueConstraint(fields=["conference", "bbb_user_id"], name="learning_visit_once")]

    def __str__(self):
        return f"{self.full_name} @ {self.conference_id}"

    @property
    def minutes(self) -> int:
        return int((self.last_seen - self.first_seen).total_seconds() // 60)


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("attendance proposal", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("attendance proposal", "Confirmed")
    KEPT = "kept", pgettext_lazy("attendance proposal", "Teacher's mark kept")


class AttendanceProposal(models.Model):
    """The conference's proposal for a learner's attendance at the lesson, until the teacher confirms it."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="proposals")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveIntegerField(_("minutes in the conference"), default=0)
    present = models.BooleanField(_("proposed as present"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.PROPOSED)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("attendance from a conference")
        verbose_name_plural = _("attendance from conferences")
        constraints = [models.UniqueConstraint(fields=["conference", "enrolment"], name="learning_proposal_once")]

    def __str__(self):
        return f"{self.enrolment_id} @ {self.conference_id}: {self.minutes}"

    @property
    def is_confirmed(self) -> bool:
        return self.status == ProposalStatus.CONFIRMED

    @property
    def is_kept(self) -> bool:
        """The teacher had set the mark by hand: the conference's proposal did not replace it."""
        return self.status == ProposalStatus.KEPT


class MoodleSettings(models.Model):
    """The single row of the Moodle connection: address, web-service token, the SSO token and role ids."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    enabled = models.BooleanField(_("the Moodle link-up is on"), default=False)
    url = models.URLField(_("Moodle address"), blank=True, help_text=_("e.g. https://moodle.example.ru"))
    token = models.CharField(_("web-service token"), max_length=128, blank=True)
    sso_token = models.CharField(
        _("single sign-on token"), max_length=128, blank=True,
        help_text=_("The token of the “User key authentication” service (auth_userkey); blank: the main token."))
    category_id = models.PositiveIntegerField(_("course category id"), default=1)
    template_course_id = models.PositiveIntegerField(
        _("template course id"), null=True, blank=True,
        help_text=_("New courses copy its format and settings; blank: an empty course."))
    student_role_id = models.PositiveIntegerField(_("student role id"), default=5)
    teacher_role_id = models.PositiveIntegerField(_("teacher role id"), default=3)
    checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    site_name = models.CharField(_("site name"), max_length=300, blank=True)
    missing_functions = models.JSONField(_("missing functions"), default=list, blank=True)
    check_error = models.CharField(_("check error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Moodle settings")
        verbose_name_plural = _("Moodle settings")

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "MoodleSettings":
        return cls.objects.get_or_create(singleton=True)[0]

    @property
    def is_ready(self) -> bool:
        return self.enabled and bool(self.url and self.token)


class SyncState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("sync state", "Waiting")
    OK = "ok", pgettext_lazy("sync state", "In sync")
    ERROR = "error", pgettext_lazy("sync state", "Error")


class MoodleCourse(models.Model):
    """The Moodle course of a group: made from the template or linked to an existing course."""

    group = models.OneToOneField(Group, verbose_name=_("study group"), on_delete=models.CASCADE,
                                 related_name="moodle_course")
    course_id = models.PositiveIntegerField(_("Moodle course id"), null=True, blank=True)
    shortname = models.CharField(_("short name"), max_length=100, blank=True)
    linked = models.BooleanField(_("linked to an existing course"), default=False)
    state = models.CharField(_("sync state"), max_length=20, choices=SyncState.choices, default=SyncState.PENDING)
    synced_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    grades_at = models.DateTimeField(_("grades last read"), null=True, blank=True)
    # The course's grade items as last read ({id, name, idnumber}), for staff to map by hand.
    grade_items = models.JSONField(_("grade items in Moodle"), default=list, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("Moodle course")
        verbose_name_plural = _("Moodle courses")

    def __str__(self):
        return f"{self.group} → {self.course_id}"


class MoodleAccount(models.Model):
    """A platform account matched to (or created in) Moodle, by e-mail."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moodle_account")
    moodle_id = models.PositiveIntegerField(_("Moodle user id"), unique=True)
    username = models.CharField(_("Moodle user name"), max_length=100)

    class Meta:
        verbose_name = _("Moodle account")
        verbose_name_plural = _("Moodle accounts")

    def __str__(self):
        return f"{self.user_id} → {self.moodle_id}"


class MoodleEnrolment(models.Model):
    """Who is enrolled in the group's course with which role, and whether they are suspended there."""

    course = models.ForeignKey(MoodleCourse, on_delete=models.CASCADE, related_name="enrolments")
    account = models.ForeignKey(MoodleAccount, on_delete=models.CASCADE, related_name="+")
    role_id = models.PositiveIntegerField()
    suspended = models.BooleanField(default=False)
    completed_at = models.DateTimeField(_("course completed in Moodle"), null=True, blank=True)

    class Meta:
        verbose_name = _("Moodle enrolment")
        verbose_name_plural = _("Moodle enrolments")
        constraints = [models.UniqueConstraint(fields=["course", "account"], name="learning_moodle_enrol_once")]

    def __str__(self):
        return f"{self.account_id} in {self.course_id}"


class SyncEntry(models.Model):
    """One run of a group's sync or one error, in plain words for staff."""

    course = models.ForeignKey(MoodleCourse, on_delete=models.CASCADE, related_name="log")
    at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField(default=True)
    message = models.CharField(max_length=1000)

    class Meta:
        verbose_name = _("Moodle sync entry")
        verbose_name_plural = _("Moodle sync entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["course", "-at"])]

    def __str__(self):
        return self.message


class GradeItemMapping(models.Model):
    """Staff's own choice for a Moodle grade item when the automatic mapping (ID number M<order> or the module's
    exact name) does not fit: the module whose grade it becomes, or none — the item is not imported."""

    course = models.ForeignKey(MoodleCourse, on_delete=models.CASCADE, related_name="mappings")
    item_id = models.PositiveIntegerField(_("grade item id in Moodle"))
    item_name = models.CharField(_("grade item"), max_length=300, blank=True)
    module = models.ForeignKey(ProgramModule, verbose_name=_("program module"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    mapped_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    mapped_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grade item mapping")
        verbose_name_plural = _("grade item mappings")
        constraints = [models.UniqueConstraint(fields=["course", "item_id"], name="learning_item_mapped_once")]

    def __str__(self):
        return f"{self.item_id} → {self.module_id}"


class GradeConflict(models.Model):
    """A Moodle grade that differs from a teacher's hand-entered module grade: shown, never written over."""

    course = models.ForeignKey(MoodleCourse, on_delete=models.CASCADE, related_name="conflicts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    module = models.ForeignKey(ProgramModule, on_delete=models.CASCADE, related_name="+")
    moodle_value = models.CharField(_("grade in Moodle"), max_length=64)
    journal_value = models.CharField(_("grade in the journal"), max_length=64)
    seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("grade conflict")
        verbose_name_plural = _("grade conflicts")
        constraints = [models.UniqueConstraint(fields=["enrolment", "module"], name="learning_conflict_once")]

    def __str__(self):
        return f"{self.enrolment_id}/{self.module_id}: {self.moodle_value} ≠ {self.journal_value}"


# --- The built-in course space of a group (M22): sections with materials, assignments and their submissions ---


class CourseSection(models.Model):
    """A section of a group's course space (a topic or a module of the program), in the teacher's order."""

    group = models.ForeignKey(Group, verbose_name=_("study group"), on_delete=models.CASCADE,
                              related_name="course_sections")
    module = models.ForeignKey(ProgramModule, verbose_name=_("program module"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("section title"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course section")
        verbose_name_plural = _("course sections")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["group", "position"])]

    def __str__(self):
        return self.title


class MaterialKind(models.TextChoices):
    FILE = "file", pgettext_lazy("material kind", "File")
    LINK = "link", pgettext_lazy("material kind", "Link")
    VIDEO = "video", pgettext_lazy("material kind", "Video link")
    PAGE = "page", pgettext_lazy("material kind", "Text page")


class CourseMaterial(models.Model):
    """A material the group's teacher published in a section: a file, a link, a video link or a text page.
    The group's own item, not a library entry."""

    section = models.ForeignKey(CourseSection, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(_("kind"), max_length=10, choices=MaterialKind.choices, default=MaterialKind.LINK)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to=GeneratedName("learning/materials"), blank=True,
                            validators=[validate_document])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["section", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_file(self) -> bool:
        return self.kind == MaterialKind.FILE

    @property
    def is_page(self) -> bool:
        return self.kind == MaterialKind.PAGE

    @property
    def is_video(self) -> bool:
        return self.kind == MaterialKind.VIDEO


class Assignment(models.Model):
    """An assignment with a due date: learners submit a file or text, the teacher grades with a comment and
    the grade goes to the journal as the module's grade (source «Assignment»)."""

    section = models.ForeignKey(CourseSection, on_delete=models.CASCADE, related_name="assignments")
    title = models.CharField(_("assignment title"), max_length=300)
    instructions = models.TextField(_("what to do"), blank=True)
    due_at = models.DateTimeField(_("due"), db_index=True)
    module = models.ForeignKey(ProgramModule, verbose_name=_("journal column: grade for the module"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text=_("The grade goes to the journal as the learner's grade for this module; "
                                           "blank: it stays on the assignment."))
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["section", "due_at"])]

    def __str__(self):
        return self.title


class Submission(models.Model):
    """A learner's answer to an assignment (a file and/or text) and the teacher's grade and comment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="submissions")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("answer"), blank=True)
    file = models.FileField(_("file"), upload_to=GeneratedName("learning/submissions"), blank=True,
                            validators=[validate_document])
    submitted_at = models.DateTimeField(_("submitted"))
    grade = models.ForeignKey(GradeValue, verbose_name=_("grade"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    comment = models.TextField(_("teacher's comment"), blank=True)
    graded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [models.UniqueConstraint(fields=["assignment", "enrolment"], name="learning_submit_once")]
        indexes = [models.Index(fields=["enrolment"])]

    def __str__(self):
        return f"{self.enrolment_id} → {self.assignment_id}"

    @property
    def is_graded(self) -> bool:
        return self.graded_at is not None


class EventConference(models.Model):
    """An event (copp/events) held on BigBlueButton: the organiser's staff join as moderators, the registered
    participants as viewers, only around the event's time. Kept here: events is below learning in the layers."""

    event = models.OneToOneField(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="conference")
    meeting_id = models.CharField(_("meeting id"), max_length=64, unique=True, default=_meeting_id)
    create_time = models.BigIntegerField(_("server's create time"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("web conference of an event")
        verbose_name_plural = _("web conferences of events")

    def __str__(self):
        return self.meeting_id

class QuizKind(models.TextChoices):
    """The survey engine's question kinds (copp.surveys.models.QuestionKind) that have a right answer."""

    SINGLE = QuestionKind.SINGLE.value, QuestionKind.SINGLE.label
    MULTIPLE = QuestionKind.MULTIPLE.value, QuestionKind.MULTIPLE.label
    NUMBER = QuestionKind.NUMBER.value, QuestionKind.NUMBER.label
    SHORT_TEXT = QuestionKind.SHORT_TEXT.value, QuestionKind.SHORT_TEXT.label


class Quiz(models.Model):
    """A short test in a section of the group's course space: questions with right answers and points, scored
    by the server; the best attempt goes to the journal as the module's grade (source «Test»). Questions are
    edited while it is a draft; once published it is fixed, so every attempt is scored by the same key."""

    section = models.ForeignKey(CourseSection, on_delete=models.CASCADE, related_name="quizzes")
    title = models.CharField(_("test title"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=1)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    module = models.ForeignKey(ProgramModule, verbose_name=_("journal column: grade for the module"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(attempts_allowed__gte=1, attempts_allowed__lte=10),
                                              name="learning_quiz_attempts_1_10")]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class QuizQuestion(models.Model):
    """A question of a test. It is read and checked by the survey engine (copp.surveys.answering), so it offers
    the attributes a survey question has; `correct` is the key: the right option, the right options, the
    number, or the accepted short answers."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("question type"), max_length=20, choices=QuizKind.choices)
    text = models.CharField(_("question"), max_length=500)
    hint = models.CharField(_("hint"), max_length=500, blank=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    correct = models.JSONField(_("right answer"))
    points = models.PositiveSmallIntegerField(_("points"), default=1)

    # What the survey engine reads of a question besides kind, text, hint and choices: every test question is
    # required, unconditional and outside survey sections.
    required = True
    section = None
    rows = ()
    show_if_question_id = None
    show_if_value = ""

    class Meta:
        verbose_name = _("test question")
        verbose_name_plural = _("test questions")
        ordering = ["quiz", "order", "pk"]

    def __str__(self):
        return self.text


class QuizAttempt(models.Model):
    """A learner's submitted attempt at a test with its server-side score. (quiz, enrolment, number) is unique:
    a form sent twice is one attempt."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField(_("attempt"))
    answers = models.JSONField(_("answers"), default=dict)
    score = models.PositiveIntegerField(_("score"))
    max_score = models.PositiveIntegerField(_("maximum score"))
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        ordering = ["quiz", "enrolment", "number"]
        constraints = [models.UniqueConstraint(fields=["quiz", "enrolment", "number"], name="learning_attempt_once")]
        indexes = [models.Index(fields=["enrolment"])]

    def __str__(self):
        return f"{self.enrolment_id} → {self.quiz_id} #{self.number}"


class DueReminder(models.Model):
    """A reminder letter sent to a learner before an assignment's or a test's due date; unique per learner and
    item, so the scheduled round sends each at most once."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="+")
    assignment = models.ForeignKey(Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    quiz = models.ForeignKey(Quiz, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("due-date reminder")
        verbose_name_plural = _("due-date reminders")
        constraints = [
            models.CheckConstraint(condition=models.Q(assignment__isnull=True) ^ models.Q(quiz__isnull=True),
                                   name="learning_reminder_one_item"),
            models.UniqueConstraint(fields=["assignment", "enrolment"], condition=models.Q(assignment__isnull=False),
                                    name="learning_reminder_assignment_once"),
            models.UniqueConstraint(fields=["quiz", "enrolment"], condition=models.Q(quiz__isnull=False),
                                    name="learning_reminder_quiz_once"),
        ]

    def __str__(self):
        return f"{self.enrolment_id} → {self.assignment_id or self.quiz_id}"


from .materials.models import Material, MaterialUse, MaterialVersion  # noqa: E402,F401  the materials library (M25)
