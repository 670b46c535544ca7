"""Imports against the local trudvsem and hh.ru servers (issue 18): the first run loads everything, a second
counts exactly what changed, every fault mode leaves the database as it was or complete, dedup holds."""
import pytest

from copp.careers.models import ImportRun, ImportStatus, Vacancy, VacancyStatus
from copp.careers.services.imports import ImportRefused, import_run_now, import_start

pytestmark = pytest.mark.django_db


def snapshot(source):
    return sorted(Vacancy.objects.filter(source=source).values_list("external_id", "status", "salary_from",
                                                                    "content_hash"))


def test_trudvsem_first_run_loads_all_and_second_counts_the_changes_exactly(trudvsem):
    run = import_run_now(source="trudvsem", full=True)
    assert run.status == ImportStatus.SUCCEEDED, run.error
    assert (run.fetched, run.created, run.updated, run.closed, run.rejected) == (250, 250, 0, 0, 0)
    assert Vacancy.objects.filter(source="trudvsem", status=VacancyStatus.PUBLISHED).count() == 250
    # The page index reading of `offset`: three pages of at most 100.
    assert any("offset=2&limit=100" in r for r in trudvsem.requests)
    welded = Vacancy.objects.filter(source="trudvsem", title__icontains="сварщик").first()
    assert welded.source_url.startswith("https://trudvsem.ru/vacancy/card/")
    assert welded.municipality is not None and welded.competencies.filter(name="Сварочные технологии").exists()

    changes = trudvsem.mutate(seed=1, update=5, remove=4, add=3)
    second = import_run_now(source="trudvsem", full=True)
    assert (second.fetched, second.created, second.updated, second.closed) == (249, 3, 5, 4)
    gone = Vacancy.objects.filter(source="trudvsem", external_id__in=changes["removed"])
    assert gone.count() == 4 and set(gone.values_list("status", flat=True)) == {VacancyStatus.CLOSED}
    assert Vacancy.objects.filter(source="trudvsem").count() == 253  # closed, never deleted
    # A third run with nothing new changes nothing.
    third = import_run_now(source="trudvsem", full=True)
    assert (third.created, third.updated, third.closed) == (0, 0, 0)


def test_hhru_splits_the_period_into_windows_beyond_the_2000_depth(settings):
    from fakes.hhru.server import FakeHhru

    from .conftest import import_settings

    fake = FakeHhru(count=2300, seed=3, rps=10_000)
    settings.COPP_VACANCY_IMPORT = import_settings(hhru_url=fake.start())
    try:
        run = import_run_now(source="hhru", full=True)
    finally:
        fake.stop()
    assert run.status == ImportStatus.SUCCEEDED, run.error
    assert (run.fetched, run.created) == (2300, 2300)
    assert Vacancy.objects.filter(source="hhru").count() == 2300
    searches = [r for r in fake.requests if r.startswith("/vacancies?")]
    assert all("date_from=" in r and "date_to=" in r for r in searches)
    assert all(int(r.split("per_page=")[1].split("&")[0]) <= 100 for r in searches)


def test_hhru_sends_the_user_agent_and_the_application_token(hhru):
    run = import_run_now(source="hhru", full=True)
    assert run.status == ImportStatus.SUCCEEDED, run.error
    assert run.created == 300
    assert hhru.requests[0] == "/oauth/token"
    vacancy = Vacancy.objects.filter(source="hhru").first()
    assert vacancy.source_url.startswith("https://hh.ru/vacancy/")
    assert "<highlighttext>" not in vacancy.duties


def test_hhru_incremental_run_reads_changes_since_the_last_run(hhru):
    import_run_now(source="hhru", full=True)
    hhru.mutate(seed=2, update=3, add=2, remove=1)
    run = import_run_now(source="hhru", full=False)
    assert not run.full and run.since is not None
    assert (run.created, run.updated, run.closed) == (2, 3, 0)  # vanished ones close on a full run only
    assert all("date_from=" in r for r in hhru.requests if r.startswith("/vacancies?"))


@pytest.mark.parametrize("mode", ["error", "html", "truncated", "timeout", "rate_limit"])
def test_a_persistent_fault_fails_the_run_and_leaves_the_database_as_it_was(trudvsem, mode):
    import_run_now(source="trudvsem", full=True)
    trudvsem.mutate(seed=4, update=10, remove=10, add=10)
    before = snapshot("trudvsem")
    trudvsem.add_fault(mode, times=None, page=1, delay=1.5)
    run = import_run_now(source="trudvsem", full=True)
    assert run.status == ImportStatus.FAILED
    assert run.error and "попыт" in run.error
    assert run.retries == 2
    assert snapshot("trudvsem") == before
    assert (run.created, run.updated, run.closed) == (0, 0, 0)


@pytest.mark.parametrize("mode", ["error", "html", "truncated", "rate_limit"])
def test_a_passing_fault_is_retried_and_the_run_completes(hhru, mode):
    hhru.add_fault(mode, times=1)
    run = import_run_now(source="hhru", full=True)
    assert run.status == ImportStatus.SUCCEEDED, run.error
    assert run.retries == 1 and run.created == 300


def test_hhru_throttling_is_waited_out(settings):
    from fakes.hhru.server import FakeHhru

    from .conftest import import_settings

    fake = FakeHhru(count=500, seed=5, rps=2)
    settings.COPP_VACANCY_IMPORT = import_settings(hhru_url=fake.start(), retries=6, backoff=0.3)
    try:
        run = import_run_now(source="hhru", full=True)
    finally:
        fake.stop()
    assert run.status == ImportStatus.SUCCEEDED, run.error
    assert run.created == 500 and run.retries >= 1


def test_one_source_failing_does_not_stop_the_other(trudvsem, hhru):
    trudvsem.add_fault("error", times=None)
    failed = import_run_now(source="trudvsem", full=True)
    done = import_run_now(source="hhru", full=True)
    assert failed.status == ImportStatus.FAILED and done.status == ImportStatus.SUCCEEDED
    assert Vacancy.objects.filter(source="hhru").count() == 300


def test_a_second_run_of_a_source_is_refused_while_one_runs(trudvsem):
    run = import_start(source="trudvsem")
    with pytest.raises(ImportRefused):
        import_start(source="trudvsem")
    assert import_run_now(source="trudvsem") is None
    assert ImportRun.objects.filter(source="trudvsem").count() == 1
    assert run.status == ImportStatus.RUNNING


def test_the_same_vacancy_delivered_twice_is_stored_once(trudvsem):
    record = next(iter(trudvsem.records.values()))
    original = trudvsem.search

    def twice(**kwargs):
        found = original(**kwargs)
        return found + [record] if kwargs.get("region") else found

    trudvsem.search = twice
    run = import_run_now(source="trudvsem", full=True)
    assert run.fetched == 251 and run.created == 250
    assert Vacancy.objects.filter(source="trudvsem", external_id=record.key).count() == 1


def test_a_bad_record_is_rejected_with_its_reason_and_the_rest_imported(trudvsem):
    record = next(iter(trudvsem.records.values()))
    record.salary_from, record.salary_to = 90000, 50000
    run = import_run_now(source="trudvsem", full=True)
    assert run.status == ImportStatus.SUCCEEDED
    assert run.rejected == 1 and run.created == 249
    assert run.rejections == [{"id": record.key, "reason": "зарплата «до» меньше зарплаты «от»"}]


def test_staff_corrections_of_matching_stick_on_reimport(trudvsem, world):
    from copp.careers.services.vacancies import vacancy_matching_correct
    from copp.core.roles import Role
    from copp.directories.models import Competency

    import_run_now(source="trudvsem", full=True)
    vacancy = Vacancy.objects.filter(source="trudvsem").first()
    chosen = Competency.objects.get(name="Охрана труда")
    vacancy_matching_correct(actor=world.users[Role.STAFF][0], vacancy=vacancy, profession=None,
                             competencies=[chosen])
    trudvsem.records[vacancy.external_id].duty += " Новые обязанности."
    run = import_run_now(source="trudvsem", full=True)
    assert run.updated == 1
    vacancy.refresh_from_db()
    assert vacancy.duties.endswith("Новые обязанности.")
    assert list(vacancy.competencies.values_list("name", flat=True)) == ["Охрана труда"]


def test_staff_start_an_import_by_hand_and_follow_it_as_a_job(client, world, trudvsem,
                                                              django_capture_on_commit_callbacks):
    from django.urls import reverse

    from copp.core.models import Job
    from copp.core.roles import Role

    client.force_login(world.users[Role.STAFF][0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("careers:imports"), {"source": "trudvsem", "full": "1"})
    job = Job.objects.get(kind="careers.import")
    assert response.url == reverse("core:job", args=[job.pk])
    run = ImportRun.objects.get(source="trudvsem")
    assert run.trigger == "manual" and run.job_id == job.pk and run.created == 250
    page = client.get(response.url).content.decode()
    assert "Получено 250: новых 250" in page
    assert "250" in client.get(reverse("careers:import_run", args=[run.pk])).content.decode()
