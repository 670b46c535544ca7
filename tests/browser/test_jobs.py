"""A background job's page follows it without a reload: the progress bar moves as the worker reports, and the
download appears when it is done (htmx polling), on a phone (360 px) and a desktop."""
import uuid

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from copp.core.models import Job, JobStatus
from copp.core.roles import Role

from .conftest import shot
from .test_resources import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_job_page_shows_progress_then_the_file_without_a_reload(page, world):
    staff = world.users[Role.STAFF][0]
    # The test plays the worker: it writes the job's progress as a runner would.
    job = Job.objects.create(id=uuid.uuid4(), owner=staff, kind="export", title="Организации в Excel",
                             status=JobStatus.RUNNING, done=120, total=1000)
    sign_in(page, staff, world.password)
    page.goto(f"{page.base}/jobs/{job.pk}/")
    bar = page.locator("progress#job-bar")
    expect(page.get_by_role("status")).to_have_text("Выполняется: 120 из 1000.")
    expect(bar).to_have_attribute("value", "12")
    shot(page, "job-running")

    Job.objects.filter(pk=job.pk).update(done=640)
    expect(page.get_by_role("status")).to_have_text("Выполняется: 640 из 1000.", timeout=5000)
    expect(bar).to_have_attribute("value", "64")

    job.refresh_from_db()
    job.result_file.save(f"{job.pk}.bin", ContentFile(b"xlsx"), save=False)
    job.status, job.done, job.result_name = JobStatus.SUCCEEDED, 1000, "organizations.xlsx"
    job.save()
    expect(page.get_by_role("status")).to_have_text("Задание выполнено.", timeout=5000)
    expect(page.get_by_role("link", name="Скачать файл")).to_be_visible()
    expect(bar).to_have_count(0)
    shot(page, "job-done")
