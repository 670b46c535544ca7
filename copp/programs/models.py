"""Programs with modules and start dates (M9); the workflow of their statuses is in workflow.py."""
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
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
    search_vector = SearchVectorField(null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["title"]
        indexes = [GinIndex(fields=["search_vector"]), models.Index(fields=["status", "kind"])]

    def __str__(self):
        return self.title


class ProgramModule(models.Model):
    program = models.ForeignKey(Program, verbose_name=_("program"), on_delete=models.CASCADE,
                                related_name="modules")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=300)
    theory_hours = models.PositiveIntegerField(_("theory, hours"), default=0)
    practice_hours = models.PositiveIntegerField(_("practice, hours"), default=0)

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
