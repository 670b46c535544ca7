"""Background jobs in eager mode: a big export becomes a job whose file only its owner downloads; a job runs
once however often its task is delivered; a failed job shows its error and can be run again."""
import io

import openpyxl
import pytest
from django.urls import reverse

from copp.core import jobs
from copp.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def test_a_small_export_is_sent_at_once_and_a_big_one_becomes_a_job(
        client, world, settings, django_capture_on_commit_callbacks):
    staff, other = world.users["staff"]
    client.force_login(staff)
    response = client.get(reverse("organizations:export"))
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert not Job.objects.exists()

    settings.COPP_JOB_ROWS_IN_REQUEST = 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("organizations:export") + "?q=")
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result_name == "organizations.xlsx"
    assert job.total == job.done == 10
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Скачать файл" in page
    download = client.get(reverse("core:job_download", args=[job.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 11  # the header and the ten organisations of the world

    client.force_login(other)  # the same role, not the owner
    assert client.get(reverse("core:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_a_job_runs_once_however_often_its_task_arrives(world):
    calls = []

    def runner(job, progress):
        calls.append(job.pk)
        progress(1, 1, force=True)
        return jobs.JobOutcome(result={"ok": True})

    jobs.register(jobs.JobKind(name="test.once", runner=runner))
    job = jobs.job_start(owner=world.users["staff"][0], kind="test.once", title="Проверка")
    assert jobs.job_run(job.pk) == JobStatus.SUCCEEDED
    assert jobs.job_run(job.pk) is None
    assert calls == [job.pk]


def test_a_failing_job_shows_an_error_and_the_administrator_runs_it_again(world):
    attempts = []

    def runner(job, progress):
        attempts.append(1)
        if len(attempts) == 1:
            raise ValueError("broken")
        return jobs.JobOutcome(result={"ok": True})

    jobs.register(jobs.JobKind(name="test.flaky", runner=runner))
    job = jobs.job_start(owner=world.users["staff"][0], kind="test.flaky", title="Проверка")
    with pytest.raises(ValueError):
        jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "ValueError" in job.error
    jobs.job_restart(actor=world.users["admin"][0], job=job)
    assert jobs.job_run(job.pk) == JobStatus.SUCCEEDED
    assert len(attempts) == 2


def test_my_jobs_lists_only_the_users_own_jobs(client, world):
    mine = jobs.job_start(owner=world.users["learner"][0], kind="export", title="Моя выгрузка")
    jobs.job_start(owner=world.users["learner"][1], kind="export", title="Чужая выгрузка")
    client.force_login(world.users["learner"][0])
    page = client.get(reverse("core:my_jobs")).content.decode()
    assert "Моя выгрузка" in page and "Чужая выгрузка" not in page
    assert reverse("core:job", args=[mine.pk]) in page
