"""The participants', journal and load exports become background jobs past the in-request size: the job
re-checks its owner's access and writes the same sheet as the request would; nobody else sees it."""
import io

import openpyxl
import pytest
from django.urls import reverse

from copp.core.models import Job, JobStatus
from copp.core.roles import Role
from copp.events.tests.factories import make_event, make_registration
from copp.organizations.models import OrganizationType
from copp.resources.tests import factories as rf
from copp.training.tests.factories import at, make_group, make_lesson, world_group

pytestmark = pytest.mark.django_db


def _run_as_job(client, url, params, capture):
    with capture(execute=True):
        response = client.get(url, params)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("core:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    download = client.get(reverse("core:job_download", args=[job.pk]))
    return job, list(openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
                     .iter_rows(values_only=True))


def test_a_big_events_participants_list_is_a_job_of_its_organiser(
        client, world, settings, django_capture_on_commit_callbacks):
    settings.COPP_JOB_ROWS_IN_REQUEST = 2
    event = make_event(world.orgs[OrganizationType.PARTNER][0], title="День открытых дверей")
    for user in (*world.users[Role.LEARNER], world.users[Role.CUSTOMER][0]):
        make_registration(event, user)
    assert event.registrations.count() == 3
    client.force_login(world.users[Role.PARTNER][0])
    job, rows = _run_as_job(client, reverse("events:export", args=[event.pk]), {},
                            django_capture_on_commit_callbacks)
    assert job.result_name == f"registrations-{event.pk}.xlsx" and job.done == job.total == 3
    assert rows[0][0] == "День открытых дверей" and [row[0] for row in rows[4:]] == [1, 2, 3]

    client.force_login(world.users[Role.PARTNER][1])  # another organisation's representative
    assert client.get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_the_job_refuses_an_event_its_owner_no_longer_manages(world):
    from copp.core import jobs

    event = make_event(world.orgs[OrganizationType.PARTNER][0])
    job = jobs.job_start(owner=world.users[Role.PARTNER][1], kind="export", title="Чужое",
                         params={"export": "events.registrations", "query": f"event={event.pk}"})
    with pytest.raises(Exception, match="does not exist"):
        jobs.job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.result_file


def test_a_big_journal_is_a_job_with_the_same_sheet(client, world, settings, django_capture_on_commit_callbacks):
    group, enrolment, _lesson = world_group(world)
    settings.COPP_JOB_ROWS_IN_REQUEST = 0
    client.force_login(world.users[Role.TEACHER][0])
    job, rows = _run_as_job(client, reverse("training:journal_xlsx", args=[group.pk]), {},
                            django_capture_on_commit_callbacks)
    assert job.result_name == f"journal-{group.pk}.xlsx"
    assert rows[0][0] == f"Журнал группы {group.code}" and rows[6][0] == str(enrolment.learner)


def test_a_big_load_table_is_a_job_with_the_same_rows(client, world, settings, django_capture_on_commit_callbacks):
    partner = world.orgs[OrganizationType.PARTNER][0]
    group = make_group(partner)
    for number in range(2):
        make_lesson(group, starts_at=at(number, 9), site=rf.site(partner, name=f"Площадка {number}"), hours=2)
    settings.COPP_JOB_ROWS_IN_REQUEST = 1
    client.force_login(world.users[Role.COORDINATOR][0])
    job, rows = _run_as_job(client, reverse("training:load_xlsx"), {"from": at(-3).date().isoformat(), "by": "month"},
                            django_capture_on_commit_callbacks)
    assert rows[0][:2] == ("Площадка", "Организация")
    assert sorted(row[0] for row in rows[1:]) == ["Площадка 0", "Площадка 1"]
