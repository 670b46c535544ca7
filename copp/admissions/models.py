"""Applications of every kind in one table (so one inbox reads one index), their participants, documents,
status history, collection campaigns and in-app notifications (M10-M12, M19)."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from copp.core.models import TimeStampedModel
from copp.organizations.models import Organization
from copp.programs.models import LibraryModule, Program

from .files import GeneratedName, validate_document


class ApplicationKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual application")
    MASS = "mass", _("Employer application")
    UPSKILLING = "upskilling", _("Teacher upskilling list")
    NEW_PROGRAM = "new_program", _("Request for a new program")
    PATH = "path", _("Individual learning path")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", pgettext_lazy("application status", "Submitted")
    IN_REVIEW = "in_review", pgettext_lazy("application status", "In review")
    NEEDS_CHANGES = "needs_changes", pgettext_lazy("application status", "Needs changes")
    ACCEPTED = "accepted", pgettext_lazy("application status", "Accepted")
    REJECTED = "rejected", pgettext_lazy("application status", "Rejected")
    ENROLLED = "enrolled", pgettext_lazy("application status", "Enrolled")
    WITHDRAWN = "withdrawn", pgettext_lazy("application status", "Withdrawn")
    COMPLETED = "completed", pgettext_lazy("application status", "Completed")  # set by training (issue 6)


class LearnerCategory(models.TextChoices):
    """Who the learner is, as they say themselves on the application: the ЦОПП indicators count people trained
    by these categories (docs/monitoring.md)."""

    NOT_SPECIFIED = "", pgettext_lazy("learner category", "Not specified")
    SCHOOL_STUDENT = "school_student", _("School student")
    UNEMPLOYED = "unemployed", _("Unemployed")
    PRE_RETIREMENT = "pre_retirement", _("Pre-retirement age")
    TEACHER = "teacher", pgettext_lazy("learner category", "Teacher")


# An application in one of these still holds its place: a person cannot apply to the program again.
ACTIVE_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.NEEDS_CHANGES,
                   ApplicationStatus.ACCEPTED, ApplicationStatus.ENROLLED)


class Campaign(TimeStampedModel):
    """A collection campaign (M12): educational organisations send lists of teachers for upskilling."""

    title = models.CharField(_("campaign title"), max_length=300)
    description = models.TextField(_("campaign description"), blank=True)
    programs = models.ManyToManyField(Program, verbose_name=_("programs"), related_name="campaigns")
    deadline = models.DateTimeField(_("deadline for lists"))
    quota = models.PositiveIntegerField(_("quota per organisation"),
                                        help_text=_("How many teachers one organisation may put on its lists."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("collection campaign")
        verbose_name_plural = _("collection campaigns")
        ordering = ["-deadline"]

    def __str__(self):
        return self.title


class Application(TimeStampedModel):
    """An application to a program (or a request for a new one); `number` is what people quote."""

    number = models.CharField(_("application number"), max_length=20, unique=True)
    kind = models.CharField(_("application kind"), max_length=20, choices=ApplicationKind.choices)
    status = models.CharField(_("application status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED)
    program = models.ForeignKey(Program, verbose_name=_("program"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="applications")
    # A learner's own path (D4): the library modules they chose instead of a program.
    modules = models.ManyToManyField(LibraryModule, verbose_name=_("modules of the path"), blank=True,
                                     related_name="+")
    # The program's provider, copied so that a partner's inbox filters one indexed column.
    provider = models.ForeignKey(Organization, verbose_name=_("program provider"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="incoming_applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("applicant"),
                                  on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey(Organization, verbose_name=_("applying organisation"), null=True,
                                     blank=True, on_delete=models.PROTECT, related_name="applications")
    campaign = models.ForeignKey(Campaign, verbose_name=_("collection campaign"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="applications")
    # The person's details as sent (an individual application): later profile edits do not rewrite them.
    last_name = models.CharField(_("surname"), max_length=100, blank=True)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    snils = models.CharField(_("SNILS"), max_length=14, blank=True)
    education = models.CharField(_("education"), max_length=255, blank=True)
    category = models.CharField(_("learner category"), max_length=20, choices=LearnerCategory.choices, blank=True,
                                default=LearnerCategory.NOT_SPECIFIED)
    applicant_comment = models.TextField(_("applicant's comment"), blank=True)
    # A request for a new program (M11).
    competencies_needed = models.TextField(_("competencies needed"), blank=True)
    hours = models.PositiveIntegerField(_("desired volume, hours"), null=True, blank=True)
    people_count = models.PositiveIntegerField(_("number of people"), null=True, blank=True)
    desired_start = models.DateField(_("desired start"), null=True, blank=True)
    desired_end = models.DateField(_("desired end"), null=True, blank=True)
    description = models.TextField(_("request description"), blank=True)
    # Processing.
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned to"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="assigned_applications")
    decision_comment = models.TextField(_("last decision comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    status_changed_at = models.DateTimeField(_("status changed at"))
    participants_count = models.PositiveIntegerField(_("participants"), default=0)
    # Lower-case names and SNILS digits of the applicant and participants: the inbox's search column.
    search_text = models.TextField(editable=False, default="")
    # The form's one-time token: a repeated click on «Отправить» finds the application it already made.
    submit_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "program"], name="application_one_active_per_person",
                condition=models.Q(kind=ApplicationKind.INDIVIDUAL, status__in=ACTIVE_STATUSES)),
        ]
        indexes = [
            # The inbox sorts by submission (keyset) and filters by any of these columns.
            models.Index(fields=["-submitted_at", "-id"], name="application_inbox_order"),
            models.Index(fields=["status", "-submitted_at", "-id"], name="application_status_order"),
            models.Index(fields=["kind", "-submitted_at", "-id"], name="application_kind_order"),
            models.Index(fields=["program", "-submitted_at"], name="application_program_order"),
            models.Index(fields=["provider", "-submitted_at"], name="application_provider_order"),
            models.Index(fields=["organization", "-submitted_at"], name="application_org_order"),
            models.Index(fields=["assignee", "-submitted_at"], name="application_assignee_order"),
            models.Index(fields=["applicant", "-submitted_at"], name="application_applicant_order"),
            models.Index(fields=["campaign", "organization"], name="application_campaign_org"),
            # The inbox's category filter; most applications say nothing, so only those that do are indexed.
            models.Index(fields=["category", "-submitted_at"], name="application_category_order",
                         condition=~models.Q(category="")),
            models.Index(fields=["status_changed_at"], name="application_status_changed"),
            models.Index(Upper("last_name"), name="application_last_name_upper"),
            GinIndex(OpClass("search_text", name="gin_trgm_ops"), name="application_search_trgm"),
        ]

    def __str__(self):
        return f"№ {self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED

    @property
    def is_rejected(self) -> bool:
        return self.status == ApplicationStatus.REJECTED

    @property
    def needs_changes(self) -> bool:
        """Returned to the applicant, who fixes and sends it again."""
        return self.status == ApplicationStatus.NEEDS_CHANGES

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def masked_snils(self) -> str:
        return f"***-***-{self.snils[8:11]} {self.snils[12:]}" if len(self.snils) == 14 else ""


class Participant(models.Model):
    """A person on an organisation's application (an employee or a teacher), with a status of their own."""

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.CASCADE,
                                    related_name="participants")
    order = models.PositiveIntegerField(_("row"), default=0)
    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    snils = models.CharField(_("SNILS"), max_length=14, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    subject = models.CharField(_("subject taught"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(_("teaching experience, years"), null=True, blank=True)
    consent_confirmed = models.BooleanField(_("consent confirmed by the organisation"), default=False)
    status = models.CharField(_("participant status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["application", "order", "id"]
        # The SNILS-conflict check of employers' lists (M11) looks participants up by SNILS across the region.
        indexes = [models.Index(fields=["snils"], name="admissions_participant_snils",
                                condition=~models.Q(snils=""))]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class DocumentKind(models.TextChoices):
    EDUCATION = "education", _("Education document")
    IDENTITY = "identity", _("Identity document")
    NAME_CHANGE = "name_change", _("Name change document")
    EMPLOYMENT = "employment", _("Employment record")
    OTHER = "other", _("Other document")


class RequiredDocument(models.Model):
    """A document a program asks applicants for; a program with none listed asks for the education document."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE,
                                related_name="required_documents")
    kind = models.CharField(_("document kind"), max_length=20, choices=DocumentKind.choices)
    is_required = models.BooleanField(_("required for applying"), default=True)

    class Meta:
        verbose_name = _("document the program asks for")
        verbose_name_plural = _("documents the program asks for")
        constraints = [models.UniqueConstraint(fields=["program", "kind"], name="required_document_unique")]

    def __str__(self):
        return f"{self.program}: {self.get_kind_display()}"


class ApplicationDocument(models.Model):
    """An uploaded scan; it belongs to its uploader until the application it was sent with is created."""

    application = models.ForeignKey(Application, verbose_name=_("application"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="documents")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE,
                              related_name="+")
    kind = models.CharField(_("document kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=GeneratedName("applications"), validators=[validate_document])
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size, bytes"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class StatusChange(models.Model):
    """One step of an application's (or a participant's) timeline: who changed what, when and why."""

    application = models.ForeignKey(Application, verbose_name=_("application"), on_delete=models.CASCADE,
                                    related_name="history")
    participant = models.ForeignKey(Participant, verbose_name=_("participant"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(_("from status"), max_length=20, choices=ApplicationStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("changed at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["application", "at"])]

    def __str__(self):
        return f"{self.application}: {self.from_status} → {self.to_status}"


class Notification(models.Model):
    """An in-app notification in the cabinet; the same text goes by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                             related_name="notifications")
    application = models.ForeignKey(Application, verbose_name=_("application"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("notification text"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"]),
                   models.Index(fields=["user"], condition=models.Q(read_at__isnull=True),
                                name="notification_unread")]

    def __str__(self):
        return self.text[:80]

