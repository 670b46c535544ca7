"""Digital learning materials (M25): a material with its catalogue data, its versions (a file, a link or a text
page, each sent to expert review), downloads counted, and where it is used: modules of the region's library,
modules of a program in the constructor, lessons of groups and sections of a group's built-in course space
(programs and training sit below learning in the layers, so the links live here)."""
import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from copp.core.models import TimeStampedModel
from copp.directories.models import Competency, Profession
from copp.organizations.models import Organization
from copp.programs.models import LibraryModule, ProgramModule
from copp.training.models import Lesson


class MaterialKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture notes")
    PRESENTATION = "presentation", _("Presentation")
    VIDEO = "video", _("Video")
    PRACTICE = "practice", _("Practical task")
    TEST = "test", _("Test")
    WORKBOOK = "workbook", _("Workbook")
    GUIDE = "guide", _("Methodological guide")


class MaterialLevel(models.TextChoices):
    INTRO = "intro", _("Introductory")
    BASIC = "basic", _("Basic")
    ADVANCED = "advanced", _("Advanced")


class MaterialLanguage(models.TextChoices):
    RU = "ru", _("Russian")
    EN = "en", _("English")
    OTHER = "other", _("Other")


class Licence(models.TextChoices):
    ALL_RIGHTS = "all_rights", _("All rights reserved")
    CC_BY = "cc_by", "CC BY 4.0"
    CC_BY_SA = "cc_by_sa", "CC BY-SA 4.0"
    CC_BY_NC = "cc_by_nc", "CC BY-NC 4.0"
    OTHER = "other", _("Other licence")


class ContentForm(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    TEXT = "text", _("Text page")


class Material(TimeStampedModel):
    """A learning material: what the catalogue filters by, and which version the public sees (the approved
    one, while a newer version may be in review)."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="materials")
    organization = models.ForeignKey(Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="materials")
    kind = models.CharField(_("kind"), max_length=20, choices=MaterialKind.choices)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), blank=True,
                                          related_name="materials")
    profession = models.ForeignKey(Profession, verbose_name=_("profession"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=20, choices=MaterialLevel.choices, default=MaterialLevel.BASIC)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    hours = models.PositiveSmallIntegerField(_("hours of study"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=MaterialLanguage.choices,
                                default=MaterialLanguage.RU)
    authors = models.CharField(_("authors"), max_length=500, blank=True,
                               help_text=_("Everyone who wrote the material, as they should be cited."))
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.ALL_RIGHTS)
    licence_text = models.TextField(_("licence terms"), blank=True)
    # The version the catalogue shows (the latest approved one) and the one the authors work on.
    published = models.ForeignKey("MaterialVersion", verbose_name=_("published version"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    latest = models.ForeignKey("MaterialVersion", verbose_name=_("latest version"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    downloads = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        verbose_name = _("learning material")
        verbose_name_plural = _("learning materials")
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "level"]), models.Index(fields=["licence"]),
            models.Index(fields=["organization", "-updated_at"]), models.Index(fields=["author", "-updated_at"]),
            models.Index(fields=["-updated_at", "-id"], name="learning_material_recent",
                         condition=Q(published__isnull=False)),
            # The CoPP's whole library (every review state) in the same order: its page reads ids along this
            # index instead of sorting every material (issue 15); the level filter has its own index.
            models.Index(fields=["-updated_at", "-id"], name="learning_material_all_recent"),
            models.Index(fields=["level"], name="learning_material_level"),
        ]
        constraints = [models.CheckConstraint(condition=~Q(licence="other") | ~Q(licence_text=""),
                                              name="learning_material_other_licence_text")]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        version = self.published or self.latest
        return version.title if version else ""

    @property
    def is_published(self) -> bool:
        return self.published_id is not None


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    REVISION = "revision", _("Needs changes")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class ExtractionStatus(models.TextChoices):
    NONE = "none", _("Nothing to extract")
    PENDING = "pending", _("Waiting for text extraction")
    DONE = "done", _("Text extracted")
    FAILED = "failed", _("Text could not be extracted")


def material_file_name(instance, filename):
    """A generated name: the uploader's name never reaches the storage (DESIGN.md)."""
    from copp.core.uploads import EXTENSION_OF

    return f"materials/{uuid.uuid4().hex}.{EXTENSION_OF.get(instance.file_type, 'bin')}"


class MaterialVersion(models.Model):
    """One version of a material: its title, annotation and content, frozen once sent to review."""

    material = models.ForeignKey(Material, verbose_name=_("material"), on_delete=models.CASCADE,
                                 related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices,
                              default=VersionStatus.DRAFT, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    annotation = models.TextField(_("annotation"))
    form = models.CharField(_("what it is"), max_length=10, choices=ContentForm.choices, default=ContentForm.FILE)
    file = models.FileField(_("file"), upload_to=material_file_name, blank=True, max_length=200)
    file_type = models.CharField(_("file type"), max_length=120, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    link = models.URLField(_("link"), blank=True, max_length=500)
    body = models.TextField(_("text"), blank=True)
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction = models.CharField(_("text extraction"), max_length=10, choices=ExtractionStatus.choices,
                                  default=ExtractionStatus.NONE)
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("sent to review on"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("material version")
        verbose_name_plural = _("material versions")
        ordering = ["material", "-number"]
        indexes = [GinIndex(fields=["search_vector"], name="learning_material_search")]
        constraints = [models.UniqueConstraint(fields=["material", "number"], name="learning_material_version")]

    def __str__(self):
        return f"{self.title} (v{self.number})"

    @property
    def is_editable(self) -> bool:
        """The authors may still change it (a draft, or sent back for changes)."""
        return self.status in (VersionStatus.DRAFT, VersionStatus.REVISION)

    @property
    def is_in_review(self) -> bool:
        return self.status == VersionStatus.IN_REVIEW

    @property
    def is_approved(self) -> bool:
        return self.status == VersionStatus.APPROVED

    @property
    def is_closed(self) -> bool:
        """Approved, rejected or replaced: a change needs a new version."""
        return self.status in (VersionStatus.APPROVED, VersionStatus.REJECTED, VersionStatus.SUPERSEDED)

    @property
    def preview_kind(self) -> str:
        """How the browser shows it: pdf, image, video, or "" (download only)."""
        if self.form != ContentForm.FILE:
            return ""
        if self.file_type == "application/pdf":
            return "pdf"
        if self.file_type.startswith("image/"):
            return "image"
        if self.file_type.startswith("video/"):
            return "video"
        return ""

    @property
    def is_file(self) -> bool:
        return self.form == ContentForm.FILE

    @property
    def is_link(self) -> bool:
        return self.form == ContentForm.LINK

    @property
    def is_text(self) -> bool:
        return self.form == ContentForm.TEXT


class AttachTarget(models.TextChoices):
    """Where an approved material may be attached: each is a field of MaterialUse of the same name."""

    LIBRARY_MODULE = "library_module", _("Module of the library")
    PROGRAM_MODULE = "program_module", _("Module of a program")
    LESSON = "lesson", _("Lesson")
    COURSE_SECTION = "course_section", _("Section of a group's course")


def _exactly_one(fields) -> Q:
    """One of the fields is set and the others are empty."""
    rules = [Q(**{f"{field}__isnull": False}, **{f"{other}__isnull": True for other in fields if other != field})
             for field in fields]
    rule = rules[0]
    for other in rules[1:]:
        rule |= other
    return rule


class MaterialUse(models.Model):
    """A material attached to one place: a module of the region's library (every program built from it shows the
    material to its learners), a module of one program (the constructor), one lesson of a group, or a section of
    a group's built-in course space."""

    material = models.ForeignKey(Material, verbose_name=_("material"), on_delete=models.CASCADE,
                                 related_name="uses")
    library_module = models.ForeignKey(LibraryModule, verbose_name=_("library module"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="material_uses")
    program_module = models.ForeignKey(ProgramModule, verbose_name=_("program module"), null=True, blank=True,
                                       on_delete=models.CASCADE, related_name="material_uses")
    lesson = models.ForeignKey(Lesson, verbose_name=_("lesson"), null=True, blank=True, on_delete=models.CASCADE,
                               related_name="material_uses")
    course_section = models.ForeignKey("learning.CourseSection", verbose_name=_("course section"), null=True,
                                       blank=True, on_delete=models.CASCADE, related_name="material_uses")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True,
                                 on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        verbose_name = _("use of a material")
        verbose_name_plural = _("uses of materials")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=_exactly_one(AttachTarget.values), name="learning_material_use_one_place"),
            *(models.UniqueConstraint(fields=["material", field], name=f"learning_material_{field}_once",
                                      condition=Q(**{f"{field}__isnull": False}))
              for field in AttachTarget.values),
        ]

    def __str__(self):
        return str(self.material_id)

    @property
    def target_kind(self) -> str:
        return next(kind for kind in AttachTarget.values if getattr(self, f"{kind}_id"))

    @property
    def target(self):
        return getattr(self, self.target_kind)


from . import reviewable, tasks  # noqa: E402,F401  the engine learns of materials; the worker of its task
