"""Staff resources (M17): teachers, masters of industrial training and experts, with competencies and
qualification documents."""
import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from copp.directories.models import Competency

from ..files import GeneratedName, validate_document
from .base import BookableMixin, ResourceModel, ResourceQuerySet

WEEKLY_HOURS_MAX = 60
EXPIRY_WARNING_DAYS = 60


class StaffKind(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    MASTER = "master", _("Master of industrial training")
    EXPERT = "expert", _("Demonstration exam expert")
    OTHER = "other", _("Other specialist")


class StaffMember(ResourceModel, BookableMixin):
    """A person who teaches or assesses for an organisation, with or without an account on the platform.
    Scheduling books the person up to the weekly workload limit."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("account on the platform"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="staff_records")
    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    kind = models.CharField(_("category"), max_length=20, choices=StaffKind.choices, default=StaffKind.TEACHER,
                            db_index=True)
    position = models.CharField(_("position"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("teaching experience, years"), null=True, blank=True, validators=[MaxValueValidator(70)])
    weekly_hours_limit = models.PositiveSmallIntegerField(
        _("weekly workload limit, hours"), default=18, validators=[MaxValueValidator(WEEKLY_HOURS_MAX)],
        help_text=_("Scheduling will not give the person more lesson hours a week."))

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["last_name", "first_name", "patronymic", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], condition=models.Q(user__isnull=False),
                                    name="resources_staff_one_record_per_user"),
            models.CheckConstraint(condition=models.Q(weekly_hours_limit__lte=WEEKLY_HOURS_MAX),
                                   name="resources_staff_weekly_hours_limit"),
        ]
        indexes = [
            models.Index(fields=["organization", "is_active"]),
            models.Index(Upper("last_name"), Upper("first_name"), Upper("patronymic"),
                         name="resources_staff_full_name"),
            GinIndex(OpClass(Upper("last_name"), name="gin_trgm_ops"), name="resources_staff_name_trgm"),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class CompetencyLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    ADVANCED = "advanced", _("Advanced")
    EXPERT = "expert", _("Expert")


class StaffCompetency(models.Model):
    organization_path = "staff__organization"

    staff = models.ForeignKey(StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE,
                              related_name="competency_levels")
    competency = models.ForeignKey(Competency, verbose_name=_("competency"), on_delete=models.PROTECT,
                                   related_name="+")
    level = models.CharField(_("level"), max_length=20, choices=CompetencyLevel.choices,
                             default=CompetencyLevel.BASIC)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("competency of a staff member")
        verbose_name_plural = _("competencies of staff")
        ordering = ["competency__name"]
        constraints = [models.UniqueConstraint(fields=["staff", "competency"], name="resources_staff_competency")]

    def __str__(self):
        return f"{self.competency} — {self.get_level_display()}"


class DocumentKind(models.TextChoices):
    EDUCATION = "education", _("Education document")
    UPSKILLING = "upskilling", _("Upskilling certificate")
    RETRAINING = "retraining", _("Retraining diploma")
    DEMO_EXAM_EXPERT = "demo_exam_expert", _("Demonstration exam expert certificate")
    OTHER = "other", _("Other document")


class StaffDocument(models.Model):
    """A qualification or a document with its validity: an upskilling certificate, an expert's certificate."""

    organization_path = "staff__organization"

    staff = models.ForeignKey(StaffMember, verbose_name=_("staff member"), on_delete=models.CASCADE,
                              related_name="documents")
    kind = models.CharField(_("document type"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("qualification or programme"), max_length=300)
    number = models.CharField(_("number"), max_length=64, blank=True)
    issued_by = models.CharField(_("issued by"), max_length=300, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True, db_index=True,
                                   help_text=_("Leave empty if the document does not expire."))
    file = models.FileField(_("scan"), upload_to=GeneratedName("resources/documents"), blank=True,
                            validators=[validate_document], help_text=_("PDF, JPEG or PNG, up to 10 MB."))

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = _("qualification document")
        verbose_name_plural = _("qualification documents")
        ordering = ["valid_until", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(issued_on__isnull=True)
                | models.Q(valid_until__gte=models.F("issued_on")),
                name="resources_document_valid_after_issue"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.issued_on and self.valid_until and self.valid_until < self.issued_on:
            raise ValidationError({"valid_until": _("The document cannot expire before it was issued.")})

    @property
    def is_expired(self) -> bool:
        return bool(self.valid_until and self.valid_until < timezone.localdate())

    @property
    def expires_soon(self) -> bool:
        today = timezone.localdate()
        return bool(self.valid_until and today <= self.valid_until
                    <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS))
