"""A big import runs as a background job on a real worker: progress while it runs, the same report as the
import page gives, and nobody but its owner sees the job (copp.core.jobs, docs/background-jobs.md)."""
import pytest
from django.urls import reverse

from copp.core.models import Job, JobStatus
from copp.core.xlsx import estimated_rows
from tests.worker import Worker, wait_for

from ..kinds import KINDS
from ..models import Equipment
from ..services import resources_import
from . import factories
from .test_import import as_table, equipment_rows, upload, workbook

BAD_ROWS = [12, 2500, 4999]


@pytest.fixture
def five_thousand_rows(org_a):
    kind = factories.equipment_type()
    site = factories.site(org_a, name="Мастерская сварки")
    factories.competency("Сварочные технологии")
    rows = equipment_rows(5000, kind.name, site.name)
    return rows


def _bad(rows):
    rows[12 - 2]["Количество"] = "много"
    rows[2500 - 2]["Тип"] = "Телепорт"
    rows[4999 - 2]["Наименование"] = None
    return rows


def test_the_row_estimate_reads_the_sheet_dimension_without_parsing_it():
    header, rows = as_table(equipment_rows(700, "Сварочный", "Мастерская"))
    assert estimated_rows(workbook(header, rows)) == 700
    assert estimated_rows(workbook(header, [])) == 0
    assert estimated_rows(upload(workbook(header, rows[:3]))) == 3


@pytest.mark.django_db(transaction=True)
def test_a_five_thousand_row_import_runs_as_a_job_with_progress_and_the_same_report(
        client, org_a, partner_a, partner_b, five_thousand_rows):
    header, rows = as_table(_bad(five_thousand_rows))
    content = workbook(header, rows)
    # The report the import gives in a request (nothing is saved: the file has faults).
    expected = resources_import(actor=partner_a, organization=org_a, kind=KINDS["equipment"], file=content)
    assert expected.faulty_rows == BAD_ROWS

    worker = Worker().start()
    try:
        client.force_login(partner_a)
        response = client.post(reverse("resources:import", args=["equipment"]),
                               {"organization": org_a.pk, "file": upload(content)})
        job = Job.objects.get()
        assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
        seen = []

        def finished():
            state = Job.objects.values("status", "done", "total").get(pk=job.pk)
            seen.append((state["done"], state["total"]))
            return state["status"] in (JobStatus.SUCCEEDED, JobStatus.FAILED)

        wait_for(finished, timeout=180, interval=0.05)
    finally:
        worker.stop()
    # Progress was visible while the import's own transaction was still open.
    assert any(0 < done < total for done, total in seen), seen[-5:]
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result["faults"] == expected.as_dict()["faults"]
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Ничего не сохранено: 3 строки с ошибками." in page
    assert sorted(int(row) for row in __import__("re").findall(r'data-row="(\d+)"', page)) == BAD_ROWS
    assert not Equipment.objects.exists()
    # Another user, even a partner, sees neither the job nor its list entry.
    client.force_login(partner_b)
    assert client.get(reverse("core:job", args=[job.pk])).status_code == 404
    assert job.title not in client.get(reverse("core:my_jobs")).content.decode()


@pytest.mark.django_db
def test_a_correct_big_file_is_saved_by_the_job_and_the_owner_is_told(
        client, org_a, partner_a, five_thousand_rows, settings, django_capture_on_commit_callbacks):
    settings.COPP_JOB_ROWS_IN_REQUEST = 100
    header, rows = as_table(five_thousand_rows[:300])
    client.force_login(partner_a)
    with django_capture_on_commit_callbacks(execute=True):  # the (eager) task runs on commit
        response = client.post(reverse("resources:import", args=["equipment"]),
                               {"organization": org_a.pk, "file": upload(workbook(header, rows))})
    job = Job.objects.get()
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.done == job.total == 300
    assert Equipment.objects.filter(organization=org_a).count() == 300
    assert not job.input_file  # the upload is removed once the job has done its work
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "Файл загружен: 300 строк." in page
    listing = client.get(reverse("core:my_jobs")).content.decode()
    assert job.title in listing and "Готово" in listing
