"""The on-demand import as a background job with a progress bar (copp.core.jobs)."""
from django.urls import reverse

from copp.core.jobs import JobKind, JobOutcome, register


def _run_import(job, progress) -> JobOutcome:
    from .models import ImportRun
    from .services.imports import import_execute

    run = ImportRun.objects.get(pk=job.params["run"])
    run.job = job
    run.save(update_fields=["job"])
    run = import_execute(run, progress=progress)
    return JobOutcome(result={"run": run.pk, "status": run.status, "fetched": run.fetched, "created": run.created,
                              "updated": run.updated, "closed": run.closed, "rejected": run.rejected,
                              "error": run.error}, failed=run.status != "succeeded")


register(JobKind(name="careers.import", runner=_run_import, result_template="careers/import_job_result.html",
                 back_url=lambda job: reverse("careers:import_run", args=[job.params["run"]])))
