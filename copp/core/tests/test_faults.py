"""Faults with a real worker (issue 23): a worker killed in the middle of a job loses nothing and does nothing
twice: the job it held is queued again by the sweep, finished once by another worker, and the message the broker
would deliver again later finds nothing to do."""
import pytest
from django.utils import timezone

from copp.core import jobs
from copp.core.models import Heartbeat, Job, JobStatus
from tests.worker import Worker, wait_for
from tests.worker_tasks import register_gated_job

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_job_whose_worker_is_killed_mid_run_is_queued_again_and_finished_once(world, tmp_path):
    register_gated_job()
    gate = tmp_path / "gate"
    first = Worker().start(COPP_TEST_GATE=str(gate))
    second = None
    try:
        job = jobs.job_start(owner=world.users["staff"][0], kind="tests.gated", title="Выгрузка")
        wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).exists(), timeout=90)
        wait_for(lambda: Heartbeat.objects.filter(name__startswith=f"gated {job.pk} started").exists())
        process = first.processes.pop()
        process.kill()  # the OOM killer, a lost machine: no chance to hand the task back
        process.wait(timeout=10)
        assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING

        # An hour later (past the task's time limit) the sweep finds the job lost and queues it again.
        long_ago = timezone.now() - jobs.RUNNING_LOST_AFTER - timezone.timedelta(minutes=1)
        Job.objects.filter(pk=job.pk).update(started_at=long_ago, created_at=long_ago)
        gate.write_text("open")
        second = Worker().start(COPP_TEST_GATE=str(gate))
        assert jobs.jobs_requeue_stale() == 1
        wait_for(lambda: Job.objects.filter(pk=job.pk, status=JobStatus.SUCCEEDED).exists(), timeout=90)
        # The dead worker's message, delivered again by the broker, finds the job finished and does nothing.
        assert jobs.job_run(job.pk) is None
        finished = Job.objects.get(pk=job.pk)
        assert finished.result == {"finished": True}
        assert Heartbeat.objects.filter(name__startswith=f"gated {job.pk} started").count() == 2
    finally:
        if second is not None:
            second.stop()
        first.stop()
