"""Access-matrix rows of the kernel's routes: a user's background jobs (tests/test_access_matrix.py).

A job is seen by its owner only; to everyone else its (unguessable) address answers 404, as a record they may
not see does, so the other roles' 404 is accepted here and test_jobs.py checks owner and stranger exactly."""
from django.core.files.base import ContentFile

from copp.core.models import Job, JobStatus
from copp.core.roles import Role
from tests.access import ALL_ROLES, Route


def _learners_job(world):
    job = Job.objects.create(id="5f0c1a4e-0000-4000-8000-00000000000a", owner=world.users[Role.LEARNER][0],
                             kind="export", title="Выгрузка", status=JobStatus.SUCCEEDED, result_name="file.xlsx")
    job.result_file.save("access-matrix.bin", ContentFile(b"xlsx"), save=True)
    return {"pk": job.pk}


ROUTES = {
    "core:my_jobs": Route(ALL_ROLES),
    "core:job": Route(ALL_ROLES, kwargs=_learners_job, owner=Role.LEARNER, ok=(200, 404)),
    "core:job_download": Route(ALL_ROLES, kwargs=_learners_job, owner=Role.LEARNER, ok=(200, 404)),
}
