"""The background work with a real Celery worker and scheduler (tests/worker.py): results are stored, a failing
task is retried and then shown failed, the scheduler's database schedule holds and runs the periodic jobs."""
import pytest
from celery import current_app
from django.conf import settings
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_results.models import TaskResult

from copp.core.background import background_status, stored_arguments
from copp.core.models import Heartbeat
from copp.core.schedule import periodic_tasks_install
from tests.worker import Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker():
    running = Worker().start()
    yield running
    running.stop()


def test_a_task_runs_on_the_worker_and_its_result_is_stored(worker):
    sent = current_app.send_task("tests.add", args=[2, 3])
    result = wait_for(lambda: TaskResult.objects.filter(task_id=sent.id, status="SUCCESS").first())
    assert result.result == "5"
    assert result.task_name == "tests.add"
    assert stored_arguments(result.task_args, ()) in ((2, 3), [2, 3])


def test_a_failing_task_is_retried_with_backoff_then_shown_failed(worker):
    sent = current_app.send_task("tests.flaky", args=["flaky-1"])
    result = wait_for(lambda: TaskResult.objects.filter(task_id=sent.id, status="FAILURE").first(), timeout=90)
    assert "ConnectionError" in result.result and "relay is down" in result.result
    # The first run, then retries after a pause (retry_backoff), before the task is given up.
    attempts = list(Heartbeat.objects.filter(kind="test").order_by("seen_at"))
    assert [a.name for a in attempts] == ["flaky-1 attempt 0", "flaky-1 attempt 1", "flaky-1 attempt 2"]
    assert (attempts[1].seen_at - attempts[0].seen_at).total_seconds() >= 0.9
    assert (attempts[2].seen_at - attempts[1].seen_at).total_seconds() >= 1.9
    status = background_status()
    assert [t.task_id for t in status["failed_tasks"]] == [sent.id]


def test_the_schedule_holds_every_periodic_job_and_keeps_the_administrators_changes():
    periodic_tasks_install()
    current_app.loader.import_default_modules()  # every app's tasks.py, as a worker loads them
    tasks = {task.name: task for task in PeriodicTask.objects.select_related("interval", "crontab")}
    assert set(settings.COPP_PERIODIC_TASKS) <= set(tasks)
    for name in settings.COPP_PERIODIC_TASKS:
        assert tasks[name].task in current_app.tasks, name
        assert tasks[name].enabled
    assert tasks["accounts.erase_due"].crontab.hour == "4"
    assert tasks["core.heartbeat"].interval.every == 30
    # The administrator pauses a job: installing again (every migrate) keeps the pause.
    PeriodicTask.objects.filter(name="admissions.purge_uploads").update(enabled=False)
    assert periodic_tasks_install() == []
    assert not PeriodicTask.objects.get(name="admissions.purge_uploads").enabled


def test_the_scheduler_starts_periodic_jobs_on_the_worker_and_the_status_page_shows_both_alive(client, world):
    periodic_tasks_install()
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(name="core.heartbeat").update(interval=every_second)
    PeriodicTask.objects.exclude(name="core.heartbeat").update(enabled=False)
    running = Worker().start(beat=True)
    try:
        wait_for(lambda: Heartbeat.objects.filter(kind="beat").exists() and Heartbeat.objects.filter(
            kind="worker").exists(), timeout=90)
    finally:
        running.stop()
    client.force_login(world.users["admin"][0])
    page = client.get("/admin/background/").content.decode()
    assert "Обработчик заданий работает." in page and "Планировщик работает." in page
    # The schedule in words, in the administrator's language.
    assert "каждую 1 секунду" in page and "ежедневно в 04:00 (Europe/Moscow)" in page
    assert "каждые 60 секунд" in page and "каждые 300 секунд" in page
    client.force_login(world.users["staff"][0])
    assert client.get("/admin/background/").status_code in (302, 403)
