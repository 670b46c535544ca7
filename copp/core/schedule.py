"""The platform's periodic jobs in beat's database schedule (django-celery-beat), installed where missing."""
from django.conf import settings
from django.db import transaction


def periodic_tasks_install() -> list[str]:
    """Create each task of COPP_PERIODIC_TASKS that the schedule lacks; an administrator's changes to an
    existing one (its timing, a pause) are never overwritten. Returns the names created."""
    from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

    created = []
    with transaction.atomic():
        existing = set(PeriodicTask.objects.filter(name__in=list(settings.COPP_PERIODIC_TASKS))
                       .values_list("name", flat=True))
        for name, spec in settings.COPP_PERIODIC_TASKS.items():
            if name in existing:
                continue
            timing = {}
            if "every" in spec:
                timing["interval"], _ = IntervalSchedule.objects.get_or_create(
                    every=spec["every"], period=IntervalSchedule.SECONDS)
            else:
                minute, hour, day_of_month, month_of_year, day_of_week = spec["crontab"].split()
                timing["crontab"], _ = CrontabSchedule.objects.get_or_create(
                    minute=minute, hour=hour, day_of_month=day_of_month, month_of_year=month_of_year,
                    day_of_week=day_of_week, timezone=settings.TIME_ZONE)
            PeriodicTask.objects.create(name=name, task=spec.get("task", name), description=spec["description"],
                                        **timing)
            created.append(name)
    return created


def install_after_migrate(sender, using="default", **kwargs):
    """post_migrate receiver: the schedule is complete on every database the platform migrates."""
    if using != "default":
        return
    periodic_tasks_install()
