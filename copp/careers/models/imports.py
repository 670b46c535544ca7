"""Import runs from «Работа России» and hh.ru: what each run fetched, added, updated, closed and rejected."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .vacancies import VacancySource


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Completed")
    FAILED = "failed", _("Failed")


class ImportTrigger(models.TextChoices):
    SCHEDULE = "schedule", _("On schedule")
    MANUAL = "manual", _("Started by hand")


class ImportRun(models.Model):
    """One run of one source's import (the run log). `full` runs read the whole region and close what vanished;
    incremental ones read what changed since `since`. At most one run of a source runs at a time."""

    source = models.CharField(_("source"), max_length=10, choices=VacancySource.choices)
    trigger = models.CharField(_("started"), max_length=10, choices=ImportTrigger.choices,
                               default=ImportTrigger.SCHEDULE)
    full = models.BooleanField(_("full run"), default=True)
    since = models.DateTimeField(_("changes since"), null=True, blank=True)
    status = models.CharField(_("run status"), max_length=10, choices=ImportStatus.choices,
                              default=ImportStatus.RUNNING)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    fetched = models.PositiveIntegerField(_("fetched"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    closed = models.PositiveIntegerField(_("closed"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rejections = models.JSONField(_("rejected records"), default=list, blank=True)
    requests = models.PositiveIntegerField(_("requests to the source"), default=0)
    retries = models.PositiveIntegerField(_("retries"), default=0)
    error = models.TextField(_("error"), blank=True)
    job = models.ForeignKey("core.Job", verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="+")

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["source"], condition=Q(status="running"),
                                               name="import_one_running_per_source")]
        indexes = [models.Index(fields=["source", "status", "-started_at"], name="import_source_status")]

    def __str__(self):
        return f"{self.get_source_display()} {self.started_at:%d.%m.%Y %H:%M}"

    @property
    def succeeded(self) -> bool:
        return self.status == ImportStatus.SUCCEEDED

    @property
    def failed(self) -> bool:
        return self.status == ImportStatus.FAILED
