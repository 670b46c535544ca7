"""Celery tasks of remote learning: thin wrappers over the conference and Moodle services; Moodle's passing
failures (network, maintenance) are retried with a growing pause, refusals are logged on the group."""
from celery import shared_task

from . import reminders, services, sync
from .models import MoodleCourse
from .moodle import MoodleError


@shared_task(name="learning.sync_course", bind=True, max_retries=5, time_limit=900, soft_time_limit=850)
def sync_course(self, course_pk: int, grades: bool = True):
    """Sync one group's Moodle course (and read its grades back)."""
    course = MoodleCourse.objects.filter(pk=course_pk).first()
    if course is None:
        return None
    try:
        result = sync.course_sync(course)
        if grades:
            result |= sync.grades_import(course)
        return result
    except MoodleError as exc:
        if exc.retryable and not self.request.is_eager:
            raise self.retry(exc=exc, countdown=min(60 * 2 ** self.request.retries, 3600)) from exc
        return {"error": exc.code}
    except sync.MoodleRefused as refusal:
        return {"error": str(refusal)}


@shared_task(name="learning.sync_moodle", time_limit=3600, soft_time_limit=3500)
def sync_moodle():
    """The scheduled sweep of every group's Moodle course."""
    return sync.courses_sync_all()


@shared_task(name="learning.poll_conferences", time_limit=120, soft_time_limit=100, ignore_result=True)
def poll_conferences():
    """Every minute: who is in the running conferences; end those whose lesson is over."""
    return services.conferences_poll_running()


@shared_task(name="learning.refresh_recordings", time_limit=600, soft_time_limit=550)
def refresh_recordings():
    return services.conferences_refresh_recordings()


@shared_task(name="learning.remind_due", time_limit=600, soft_time_limit=550)
def remind_due():
    """Every hour: letters to learners who have not yet sent an assignment or taken a test due soon."""
    return reminders.reminders_send()
