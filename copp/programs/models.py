"""Programs with modules and start dates (M9), the region's module library and frozen program versions (M14);
the workflow of their statuses is in workflow.py."""
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from copp.core.models import TimeStampedModel
from copp.directories.models import Competency, FundingSource, Municipality, Profession, ProgramKind, StudyForm
from copp.organizations.models import Organization


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class IssuedDocument(models.TextChoices):
    UPSKILLING_CERTIFICATE = "upskilling_certificate", _("Certificate of upskilling")
    RETRAINING_DIPLOMA = "retraining_diploma", _("Diploma of professional retraining")
    WORKER_CERTIFICATE = "worker_certificate", _("Certificate of a worker profession")
    COMPLETION_CERTIFICATE = "completion_certificate", _("Certificate of training")


class AssessmentForm(models.TextChoices):
    CREDIT = "credit", _("Credit")
    EXAM = "exam", _("Examination")
    TEST = "test", _("Test")
    PROJECT = "project", _("Project defence")
    DEMO_EXAM = "demo_exam", _("Demonstration exam")
    QUALIFICATION_EXAM = "qualification_exam", _("Qualification exam")


# The kinds of hours a module is planned in, in the order of the curriculum table.
HOUR_FIELDS = ("theory_hours", "practice_hours", "internship_hours", "self_study_hours", "assessment_hours")


class PlannedHours(models.Model):
    """Hours of a module by kind; the total is their sum."""

    theory_hours = models.PositiveIntegerField(_("theory, hours"), default=0)
    practice_hours = models.PositiveIntegerField(_("practice, hours"), default=0)
    internship_hours = models.PositiveIntegerField(_("internship, hours"), default=0)
    self_study_hours = models.PositiveIntegerField(_("self-study, hours"), default=0)
    assessment_hours = models.PositiveIntegerField(_("assessment, hours"), default=0)

    class Meta:
        abstract = True

    @property
    def total_hours(self) -> int:
        return sum(getattr(self, f) for f in HOUR_FIELDS)


class ModuleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class LibraryModule(TimeStampedModel, PlannedHours):
    """A reusable module of the region's library (M14): programs are constructed from copies of it, and
    learners pick the ones open for individual paths (D4)."""

    title = models.CharField(_("title"), max_length=300)
    author = models.ForeignKey(Organization, verbose_name=_("author organisation"), on_delete=models.PROTECT,
                               related_name="library_modules")
    summary = models.TextField(_("contents"), blank=True)
    knowledge = models.TextField(_("knows"), blank=True)
    skills = models.TextField(_("is able to"), blank=True)
    abilities = models.TextField(_("masters"), blank=True)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="library_modules")
    profession = models.ForeignKey(Profession, verbose_name=_("profession"), null=True, blank=True,
                                   on_delete=models.PROTECT)
    # The kinds of equipment and rooms are links the resources app keeps (it sits above programs in the layers,
    # DESIGN.md) and edits through programs.extensions; this note holds whatever the registry does not list.
    equipment = models.TextField(_("other needs (note)"), blank=True)
    assessment_form = models.CharField(_("assessment form"), max_length=30, choices=AssessmentForm.choices,
                                       default=AssessmentForm.CREDIT)
    status = models.CharField(_("status"), max_length=20, choices=ModuleStatus.choices, default=ModuleStatus.DRAFT,
                              db_index=True)
    open_for_individual = models.BooleanField(_("open for individual learning paths"), default=False,
                                              db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("library module")
        verbose_name_plural = _("module library")
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["status", "author"]),
                   GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="programs_module_title_trgm"),
                   # The library's order (title, id): a page is read along this index and stops after 20 rows,
                   # instead of sorting every visible module of the region (20 000 at a region's scale).
                   models.Index(fields=["title", "id"], name="programs_module_title_order")]

    def __str__(self):
        return self.title

    @property
    def outcomes(self) -> str:
        return "\n".join(t for t in (self.knowledge, self.skills, self.abilities) if t)


# A program's long texts and its search vector: lists that show programs only by title leave them unread
# (`defer`), since a page of rows with them weighs far more than the rest (M32).
LONG_TEXT_FIELDS = ("audience", "entry_requirements", "goals", "outcomes", "contacts", "search_vector")


class Program(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    kind = models.ForeignKey(ProgramKind, verbose_name=_("kind"), on_delete=models.PROTECT)
    provider = models.ForeignKey(Organization, verbose_name=_("provider"), on_delete=models.PROTECT,
                                 related_name="programs")
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="programs")
    profession = models.ForeignKey(Profession, verbose_name=_("profession"), null=True, blank=True,
                                   on_delete=models.PROTECT)
    audience = models.TextField(_("audience"), blank=True)
    entry_requirements = models.TextField(_("entry requirements"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    outcomes = models.TextField(_("learning outcomes"), blank=True)
    hours = models.PositiveIntegerField(_("volume, hours"))
    study_form = models.ForeignKey(StudyForm, verbose_name=_("study form"), on_delete=models.PROTECT)
    duration = models.CharField(_("duration"), max_length=100, blank=True)
    municipalities = models.ManyToManyField(Municipality, verbose_name=_("municipalities"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    price = models.DecimalField(_("price, roubles"), max_digits=10, decimal_places=2, default=0)
    funding = models.ForeignKey(FundingSource, verbose_name=_("funding"), null=True, blank=True,
                                on_delete=models.PROTECT)
    is_free = models.BooleanField(_("free for the learner"), default=False, db_index=True)
    document = models.CharField(_("document issued"), max_length=40, choices=IssuedDocument.choices)
    contacts = models.TextField(_("contacts"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProgramStatus.choices,
                              default=ProgramStatus.DRAFT, db_index=True)
    final_assessment = models.CharField(_("final assessment"), max_length=30, choices=AssessmentForm.choices,
                                        blank=True)
    # When the published version passed expert review: the catalogue card says so (M15).
    reviewed_on = models.DateField(_("passed expert review on"), null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # The nearest start date from today on (M9, issue 15): stored so the catalogue sorts by it through an index
    # instead of a subquery per program; `services.program_next_start_update` keeps it when the dates change and
    # the daily task `programs.refresh_next_starts` when a date passes.
    next_start = models.DateField(_("nearest start"), null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_vector", "next_start"])

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["title"]
        indexes = [GinIndex(fields=["search_vector"]), models.Index(fields=["status", "kind"]),
                   # The catalogue's default order (nearest start, then title) over the published programs.
                   # (B-tree ASC puts NULLs last, as the order asks; the provider is included so that a page's
                   # ids are read from the index alone and the verified-provider check needs no table row.)
                   models.Index(fields=["next_start", "title", "id"], include=["provider"],
                                name="programs_catalogue_start", condition=Q(status="published")),
                   # The searchable choice of a program (copp.programs.choices): ordered by title, typed text
                   # found anywhere in it (icontains compares UPPER(title)).
                   models.Index(fields=["title", "id"], name="programs_program_title"),
                   # A part of the title (icontains → UPPER(title) LIKE), e.g. the group list's search.
                   GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="programs_program_title_trgm")]

    def __str__(self):
        return self.title


class ProgramModule(PlannedHours):
    """A module of a program: a copy of a library module (which it remembers) or the program's own."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE,
                                related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    library_module = models.ForeignKey(LibraryModule, verbose_name=_("library module"), null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="program_modules")
    outcomes = models.TextField(_("learning outcomes"), blank=True)
    summary = models.TextField(_("contents"), blank=True)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="+")
    assessment_form = models.CharField(_("assessment form"), max_length=30, choices=AssessmentForm.choices,
                                       blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["program", "order"]

    def __str__(self):
        return self.title


class ProgramStart(models.Model):
    """An upcoming start date of a program (a future group)."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE,
                                related_name="starts")
    starts_on = models.DateField(_("starts on"), db_index=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    seats = models.PositiveIntegerField(_("seats"), null=True, blank=True)

    class Meta:
        verbose_name = _("start date")
        verbose_name_plural = _("start dates")
        ordering = ["starts_on"]

    def __str__(self):
        return f"{self.program} — {self.starts_on:%d.%m.%Y}"


class VersionStatus(models.TextChoices):
    IN_REVIEW = "in_review", _("In expert review")
    REVISION = "revision", _("Needs changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class ProgramVersion(models.Model):
    """A frozen state of a program sent to review or published (M14): what the experts saw and what the
    catalogue shows stays as it was while the authors work on the next version."""

    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE,
                                related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("contents"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices,
                              default=VersionStatus.IN_REVIEW, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)

    class Meta:
        verbose_name = _("program version")
        verbose_name_plural = _("program versions")
        ordering = ["program", "-number"]
        constraints = [models.UniqueConstraint(fields=["program", "number"], name="programs_version_number")]

    def __str__(self):
        return f"{self.program} — v{self.number}"


class ProgramDocumentTemplate(models.Model):
    """A DOCX template (docxtpl) of the program document the administrator uploads to replace the shipped one;
    the newest active one is used."""

    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("DOCX template"), upload_to="programs/templates/",
                            validators=[FileExtensionValidator(["docx"])])
    is_active = models.BooleanField(_("active"), default=True)
    uploaded_at = models.DateTimeField(_("uploaded on"), auto_now_add=True)

    class Meta:
        verbose_name = _("program document template")
        verbose_name_plural = _("program document templates")
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title
