"""Long imports and exports as background jobs with progress: a registry of job kinds and their services.

An app registers a kind in its `jobs.py` (found by CoreConfig.ready) with `register(JobKind(...))`; its
runner gets the Job and a Progress and returns a JobOutcome. A view starts a job with `job_start` when the
work is too big for a request (`too_big_for_request`); the owner follows it on the job's page, which polls
while it runs, and finds it later in «Мои задания».
"""
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files import File
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job, JobStatus

logger = logging.getLogger(__name__)


@dataclass
class JobOutcome:
    """What a runner hands back: data for the result template, and a file to download if any."""

    result: dict = field(default_factory=dict)
    file: object = None  # an open binary file
    file_name: str = ""
    failed: bool = False  # the work ran but its result is a refusal (for example an import with faulty rows)


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its name, the service that runs it, the template that shows its result."""

    name: str
    runner: Callable  # runner(job, progress) -> JobOutcome
    result_template: str = ""
    result_context: Callable | None = None  # result_context(job) -> dict for the template
    back_url: Callable | None = None  # back_url(job) -> where the owner came from


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.name] = kind
    return kind


def too_big_for_request(rows: int) -> bool:
    """Work over COPP_JOB_ROWS_IN_REQUEST rows runs as a job; smaller work stays in the request."""
    return rows > settings.COPP_JOB_ROWS_IN_REQUEST


def job_start(*, owner, kind: str, title: str, params: dict | None = None, input_file=None) -> Job:
    """Record a job for its owner and queue it on commit; the uploaded file, if any, is kept for the worker."""
    if kind not in KINDS:
        raise KeyError(kind)
    job = Job(id=uuid.uuid4(), owner=owner, kind=kind, title=str(title)[:300], params=params or {})
    if input_file is not None:
        input_file.seek(0)
        job.input_file.save(f"{job.id}.bin", File(input_file), save=False)
    job.save()
    transaction.on_commit(lambda: _queue(job.pk), robust=True)
    return job


def _queue(job_id) -> None:
    from .tasks import run_job

    try:
        run_job.delay(str(job_id))
    except Exception:  # the broker is down: the sweep of stale jobs starts it later
        logger.warning("Job %s waits for the sweep: the task could not be queued", job_id, exc_info=True)


def _progress_alias() -> str:
    # Progress is written through a connection of its own so the page sees it while the runner's
    # transaction (an all-or-nothing import) is still open.
    return "progress" if "progress" in connections.databases else "default"


class Progress:
    """The runner's progress reporter: `progress(done, total)` saves at most twice a second."""

    INTERVAL = 0.5

    def __init__(self, job: Job):
        self.job = job
        self._saved_at = 0.0

    def __call__(self, done: int, total: int | None = None, *, force: bool = False) -> None:
        self.job.done = done
        if total is not None:
            self.job.total = total
        now = time.monotonic()
        if force or now - self._saved_at >= self.INTERVAL:
            self._saved_at = now
            Job.objects.using(_progress_alias()).filter(pk=self.job.pk).update(done=done, total=self.job.total)


def job_run(job_id) -> str | None:
    """Run a queued job once: claimed by one worker, its outcome saved; a second call does nothing."""
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=timezone.now())
    if not claimed:
        return None
    job = Job.objects.select_related("owner").get(pk=job_id)
    kind = KINDS[job.kind]
    try:
        outcome = kind.runner(job, Progress(job))
    except Exception as error:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, status=JobStatus.FAILED, error=_("The job stopped with an error: %(error)s. Start it again; "
                                                       "if it fails again, tell the administrator.")
                % {"error": type(error).__name__})
        raise
    if outcome.file is not None:
        outcome.file.seek(0)
        job.result_file.save(f"{job.id}.bin", File(outcome.file), save=False)
        outcome.file.close()
    job.result = outcome.result
    job.result_name = outcome.file_name[:200]
    _finish(job, status=JobStatus.FAILED if outcome.failed else JobStatus.SUCCEEDED)
    return job.status


def _finish(job: Job, *, status: str, error: str = "") -> None:
    job.status = status
    job.error = error
    job.finished_at = timezone.now()
    if status == JobStatus.SUCCEEDED and job.total:
        job.done = job.total
    job.save(update_fields=["status", "error", "finished_at", "done", "result", "result_file", "result_name"])
    # The uploaded file is kept after a failure so the job can be run again; purged with the job.
    if job.input_file and status == JobStatus.SUCCEEDED:
        job.input_file.delete(save=True)


def job_restart(*, actor, job: Job) -> Job:
    """A failed or stale job queued again with the same parameters and file (the administrator's «re-run»)."""
    from .audit import audit_record

    with transaction.atomic():
        Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, done=0, error="", started_at=None,
                                             finished_at=None)
        audit_record(actor=actor, action="core.job_restarted", obj=job)
        transaction.on_commit(lambda: _queue(job.pk), robust=True)
    job.refresh_from_db()
    return job


# A run longer than the task's hard time limit (copp.core.tasks.run_job, 3600 s) cannot still be going: its
# worker was killed (a deploy, the OOM killer, a lost machine) and the job is lost unless queued again.
RUNNING_LOST_AFTER = timezone.timedelta(seconds=3600 + 300)


def jobs_requeue_stale(*, older_than_minutes: int = 10) -> int:
    """Jobs still «queued» long after they were recorded (the broker was down) are queued again, and so are jobs
    left «running» by a worker that died (see RUNNING_LOST_AFTER): each starts afresh, and the claim in `job_run`
    lets only one worker run it."""
    now = timezone.now()
    lost = list(Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - RUNNING_LOST_AFTER)
                .values_list("pk", flat=True)[:100])
    if lost:
        # Only a job still «running» since before the limit is reset, so a run that just finished keeps its result.
        Job.objects.filter(pk__in=lost, status=JobStatus.RUNNING, started_at__lt=now - RUNNING_LOST_AFTER).update(
            status=JobStatus.QUEUED, done=0, started_at=None)
        logger.warning("Jobs left running by a lost worker queued again: %s", ", ".join(map(str, lost)))
    limit = now - timezone.timedelta(minutes=older_than_minutes)
    ids = list(Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=limit).values_list("pk", flat=True)[:100])
    for job_id in ids:
        _queue(job_id)
    return len(ids)


def jobs_purge(*, older_than_days: int = 30) -> int:
    """Finished jobs and their files are kept for a month."""
    limit = timezone.now() - timezone.timedelta(days=older_than_days)
    count = 0
    for job in Job.objects.filter(finished_at__lt=limit).iterator():
        for stored in (job.input_file, job.result_file):
            if stored:
                stored.delete(save=False)
        job.delete()
        count += 1
    return count


def visible_jobs(user):
    """A user sees only their own jobs."""
    return Job.objects.filter(owner=user)


# --- Excel exports: in the request when small, as a job when big -------------------------------------------

@dataclass(frozen=True)
class Export:
    """An app's Excel export: `build(owner, query, progress)` returns (open file, file name) for the user's
    filters (`query` is the list page's QueryDict); the same function serves the request and the job."""

    name: str
    title: str
    build: Callable


EXPORTS: dict[str, Export] = {}


def _run_export(job, progress) -> JobOutcome:
    from django.http import QueryDict

    export = EXPORTS[job.params["export"]]
    file, file_name = export.build(job.owner, QueryDict(job.params.get("query", "")), progress)
    return JobOutcome(file=file, file_name=file_name, result={"file_name": file_name})


register(JobKind(name="export", runner=_run_export))


def register_export(export: Export) -> Export:
    EXPORTS[export.name] = export
    return export


def rows_over_limit(queryset) -> int:
    """How many rows a queryset has, counted only up to one past the in-request limit (never a full COUNT)."""
    return queryset[: settings.COPP_JOB_ROWS_IN_REQUEST + 1].count()
