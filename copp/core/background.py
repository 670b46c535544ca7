"""The state of the background work for the administrator: processes' heartbeats, the outbox, jobs, schedule."""
import ast
import json
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Heartbeat, Job, JobStatus, Letter, LetterStatus

# A process that has not reported for this long is shown as silent (the heartbeat runs every 30 s).
SILENT_AFTER = timedelta(minutes=2)


def background_status() -> dict:
    """Heartbeats, outbox and job counts, the periodic tasks and the latest failed tasks, in fixed queries."""
    from django_celery_beat.models import PeriodicTask
    from django_celery_results.models import TaskResult

    now = timezone.now()
    beats = [{"name": beat.name, "kind": beat.kind, "seen_at": beat.seen_at,
              "alive": now - beat.seen_at <= SILENT_AFTER} for beat in Heartbeat.objects.order_by("kind", "name")]
    letters = dict(Letter.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    jobs = dict(Job.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        "heartbeats": beats,
        "worker_alive": any(b["alive"] for b in beats if b["kind"] == "worker"),
        "scheduler_alive": any(b["alive"] for b in beats if b["kind"] == "beat"),
        "letters": {status: letters.get(status, 0) for status in LetterStatus.values},
        "jobs": {status: jobs.get(status, 0) for status in JobStatus.values},
        "periodic": [(task, schedule_text(task))
                     for task in PeriodicTask.objects.select_related("interval", "crontab").order_by("name")],
        "failed_tasks": list(TaskResult.objects.filter(status="FAILURE").order_by("-date_done")[:20]),
    }


def schedule_text(task) -> str:
    """When a periodic task runs, in words: «каждые 30 секунд», «ежедневно в 04:00», or the cron line."""
    if task.interval:
        every, period = task.interval.every, task.interval.period
        if period == "seconds":
            return ngettext("every %(n)d second", "every %(n)d seconds", every) % {"n": every}
        if period == "minutes":
            return ngettext("every %(n)d minute", "every %(n)d minutes", every) % {"n": every}
        if period == "hours":
            return ngettext("every %(n)d hour", "every %(n)d hours", every) % {"n": every}
        return ngettext("every %(n)d day", "every %(n)d days", every) % {"n": every}
    cron = task.crontab
    if cron is None:
        return "—"
    daily = (cron.day_of_month, cron.month_of_year, cron.day_of_week) == ("*", "*", "*")
    if daily and cron.minute.isdigit() and cron.hour.isdigit():
        return _("daily at %(time)s (%(zone)s)") % {"time": f"{int(cron.hour):02d}:{int(cron.minute):02d}",
                                                    "zone": cron.timezone}
    return f"{cron.minute} {cron.hour} {cron.day_of_month} {cron.month_of_year} {cron.day_of_week} ({cron.timezone})"


def stored_arguments(text: str | None, default):
    """Task arguments as django-celery-results stores them (a repr, sometimes JSON-quoted) back as values."""
    if not text:
        return default
    value = text
    for _attempt in range(2):
        if not isinstance(value, str):
            break
        try:
            value = json.loads(value)
            continue
        except ValueError:
            pass
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return default
    return value if isinstance(value, list | tuple | dict) else default


def task_rerun(*, actor, result) -> str:
    """Send a recorded task again with the arguments it had; returns the new task id."""
    from celery import current_app

    from .audit import audit_record

    args = list(stored_arguments(result.task_args, ()))
    kwargs = dict(stored_arguments(result.task_kwargs, {}))
    sent = current_app.send_task(result.task_name, args=args, kwargs=kwargs)
    audit_record(actor=actor, action="core.task_rerun", obj=result, details={"task": result.task_name,
                                                                             "new_id": sent.id})
    return sent.id
