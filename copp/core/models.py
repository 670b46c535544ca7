"""Shared model mixins, the audit log, the mail outbox, background jobs and heartbeats."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditLog(models.Model):
    """Who did what to which record, when and from where (M29: changes can be browsed)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    details = models.JSONField(_("details"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class LetterStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Letter(models.Model):
    """One e-mail in the outbox: written in the transaction of the change that caused it, sent by a task.

    The message is kept as plain JSON parts (addresses, headers, bodies, attachments in base64), so a worker
    on another machine sends it exactly as it was composed."""

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.QUEUED)
    subject = models.CharField(_("subject"), max_length=998)
    recipients = models.TextField(_("recipients"))
    message = models.JSONField(_("message"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at"]
        indexes = [
            # The retry sweep reads only letters still waiting.
            models.Index(fields=["next_attempt_at"], name="core_letter_due",
                         condition=models.Q(status="queued")),
            models.Index(fields=["status", "-created_at"], name="core_letter_status"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("done")
    FAILED = "failed", _("failed")


class Job(models.Model):
    """A long import or export run by the worker for one user, with its progress and its result."""

    id = models.UUIDField(primary_key=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE,
                              related_name="jobs")
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    input_file = models.FileField(_("input file"), upload_to="jobs/input/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/result/", blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="core_job_owner")]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def is_queued(self) -> bool:
        return self.status == JobStatus.QUEUED

    @property
    def is_running(self) -> bool:
        return self.status == JobStatus.RUNNING

    @property
    def succeeded(self) -> bool:
        return self.status == JobStatus.SUCCEEDED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


class Heartbeat(models.Model):
    """The last sign of life of a background process (a worker or the scheduler), for the status page."""

    name = models.CharField(_("process"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20)
    seen_at = models.DateTimeField(_("last heartbeat"))
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self):
        return self.name


class StatusChange(models.Model):
    """One step of any record's status timeline (groups, enrolments, lessons, events, registrations): who moved
    it from which status to which, when and why. Written only by `Workflow.move`, so every change is here."""

    content_type = models.ForeignKey("contenttypes.ContentType", verbose_name=_("record type"),
                                     on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(_("record id"))
    from_status = models.CharField(_("from status"), max_length=30, blank=True)
    to_status = models.CharField(_("to status"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("changed at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="core_status_change_record")]

    def __str__(self):
        return f"{self.content_type_id}#{self.object_id}: {self.from_status} → {self.to_status}"

    @classmethod
    def record(cls, obj, *, source: str, target: str, actor=None, comment: str = "") -> "StatusChange":
        from django.contrib.contenttypes.models import ContentType

        user = actor if getattr(actor, "is_authenticated", False) else None
        return cls.objects.create(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
                                  from_status=source, to_status=target, actor=user, comment=comment or "")

    @classmethod
    def of(cls, obj):
        """The timeline of one record, oldest first."""
        from django.contrib.contenttypes.models import ContentType

        return cls.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)),
                                  object_id=obj.pk).select_related("actor")
