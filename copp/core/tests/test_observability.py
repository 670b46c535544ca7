"""The production shape inside the app (issue 23): /healthz and /readyz before host checks, the request id in
answers, logs and tasks, Prometheus metrics behind a bearer token, lost jobs queued again, private files from an
object store streamed or handed out as signed links."""
import json
import logging
import uuid

import pytest
from celery import shared_task
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.utils import timezone

from copp.core import health, jobs, metrics, request_id
from copp.core.files import private_file_response
from copp.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def test_healthz_answers_before_host_checks_and_https_redirects(client, settings):
    settings.ALLOWED_HOSTS = ["copp.example.ru"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="web:8000")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    # An ordinary page from the same internal address is refused by the host check (400), as before.
    assert client.get("/", HTTP_HOST="web:8000").status_code == 400


def test_readyz_reports_each_check_and_503_when_one_fails(client, monkeypatch):
    response = client.get("/readyz", HTTP_HOST="10.0.0.5")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": dict.fromkeys(
        ["database", "migrations", "cache", "broker", "storage"], "ok")}

    def broken():
        raise ConnectionError("redis://secret-host:6379 refused")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable" and body["checks"]["cache"] == "failed"
    assert body["checks"]["database"] == "ok"
    assert "secret-host" not in response.content.decode()  # the reason goes to the log, not to the caller


def test_readyz_fails_while_a_migration_is_not_applied(client, monkeypatch):
    from django.db.migrations.recorder import MigrationRecorder

    monkeypatch.setattr(health, "_migrations_applied", False)
    MigrationRecorder.Migration.objects.filter(app="core").order_by("-id").first().delete()
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["checks"]["migrations"] == "failed"


def test_every_answer_carries_a_request_id_and_a_proxys_id_is_kept(client):
    made = client.get("/")["X-Request-ID"]
    assert len(made) == 32 and made != client.get("/")["X-Request-ID"]
    assert client.get("/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")["X-Request-ID"] == "nginx-0123456789abcdef"
    # Something a visitor could use to forge log lines is replaced.
    forged = client.get("/", HTTP_X_REQUEST_ID='abc"\n{"level":"ERROR"}')["X-Request-ID"]
    assert len(forged) == 32 and "ERROR" not in forged


def test_json_log_lines_carry_the_request_id():
    formatter = request_id.JsonFormatter()
    record = logging.LogRecord("copp.test", logging.WARNING, __file__, 1, "Заявка %s", ("№5",), None)
    token = request_id.activate("req-0123456789")
    try:
        request_id.RequestIdFilter().filter(record)
        line = json.loads(formatter.format(record))
    finally:
        request_id.deactivate(token)
    assert line["message"] == "Заявка №5" and line["level"] == "WARNING" and line["logger"] == "copp.test"
    assert line["request_id"] == "req-0123456789" and line["time"].endswith("+00:00")


@shared_task(name="tests.observability.current_request_id")
def current_request_id_task():
    return request_id.current()


def test_the_request_id_travels_in_the_task_message_and_is_active_in_the_task():
    headers = {}
    token = request_id.activate("req-abcdef012345")
    try:
        request_id.task_publish_add_header(headers=headers)
        # Eager tasks run inside the request: they see its id.
        assert current_request_id_task.delay().get() == "req-abcdef012345"
    finally:
        request_id.deactivate(token)
    assert headers == {request_id.TASK_HEADER: "req-abcdef012345"}
    # A task with no request behind it (the scheduler's) gets an id of its own.
    assert len(current_request_id_task.delay().get()) == 32


def _sample(name, **labels):
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0


def test_metrics_need_the_bearer_token_and_show_latency_by_route_and_task_durations(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404  # no token configured: no endpoint
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401

    before = _sample("copp_http_request_duration_seconds_count", route="/programs/<int:pk>/", method="GET",
                     status="404")
    client.get("/programs/999999/")
    after = _sample("copp_http_request_duration_seconds_count", route="/programs/<int:pk>/", method="GET",
                    status="404")
    assert after == before + 1  # one series per route pattern, not per id

    done = _sample("copp_task_duration_seconds_count", task="tests.observability.current_request_id",
                   state="SUCCESS")
    current_request_id_task.delay()
    assert _sample("copp_task_duration_seconds_count", task="tests.observability.current_request_id",
                   state="SUCCESS") == done + 1

    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-0123456789", HTTP_HOST="web:8000")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert 'copp_http_request_duration_seconds_bucket{le="0.01",method="GET",route="/programs/<int:pk>/"' in text
    assert "copp_task_duration_seconds_count" in text and "copp_task_failures_total" in text


def test_the_queue_length_is_read_from_redis(settings):
    import redis

    url = settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        pytest.skip("the broker of this run is not Redis (COPP_TEST_BROKER_URL)")
    queue = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-length"
    client = redis.Redis.from_url(url)
    client.delete(queue)
    client.rpush(queue, "a", "b", "c")
    try:
        assert metrics.queue_length(queue) == 3
    finally:
        client.delete(queue)
    settings.CELERY_BROKER_URL = "sqla+postgresql://x/y"
    assert metrics.queue_length(queue) is None


def test_a_job_left_running_by_a_lost_worker_is_queued_again_and_runs_once(world, django_capture_on_commit_callbacks):
    calls = []

    def runner(job, progress):
        calls.append(job.pk)
        return jobs.JobOutcome(result={"ok": True})

    jobs.register(jobs.JobKind(name="test.lost", runner=runner))
    owner = world.users["staff"][0]
    long_ago = timezone.now() - jobs.RUNNING_LOST_AFTER - timezone.timedelta(minutes=1)
    lost = Job.objects.create(id=uuid.uuid4(), owner=owner, kind="test.lost", title="Потерянное",
                              status=JobStatus.RUNNING, started_at=long_ago)
    busy = Job.objects.create(id=uuid.uuid4(), owner=owner, kind="test.lost", title="Идёт",
                              status=JobStatus.RUNNING, started_at=timezone.now() - timezone.timedelta(minutes=30))
    Job.objects.filter(pk__in=[lost.pk, busy.pk]).update(created_at=timezone.now() - timezone.timedelta(hours=2))
    assert jobs.jobs_requeue_stale() == 1  # eager: the task ran the job at once
    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.status == JobStatus.SUCCEEDED and calls == [lost.pk]
    assert busy.status == JobStatus.RUNNING  # still within the time limit: it may well be running
    # The broker redelivers the dead worker's message later: the claim lets nothing run twice.
    assert jobs.job_run(lost.pk) is None and calls == [lost.pk]


def test_private_files_on_an_object_store_are_streamed_or_signed(settings):
    storage = InMemoryStorage()
    name = storage.save("documents/scan.pdf", ContentFile(b"%PDF-1.7 scan"))
    field_file = type("Stored", (), {"storage": storage, "name": name,
                                     "open": lambda self, mode="rb": storage.open(name, mode)})()
    settings.COPP_PRIVATE_FILES_ACCEL = True  # nginx has no disk to send an object-store file from
    response = private_file_response(field_file, filename="Скан.pdf", content_type="application/pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.7 scan"
    assert "X-Accel-Redirect" not in response

    from storages.backends.s3 import S3Storage

    s3 = S3Storage(bucket_name="copp", endpoint_url="http://127.0.0.1:9000", access_key="minio",
                   secret_key="minio-secret", region_name="us-east-1", addressing_style="path",
                   querystring_expire=120, signature_version="s3v4")
    signed = type("Stored", (), {"storage": s3, "name": "documents/scan.pdf"})()
    settings.COPP_PRIVATE_FILES_SIGNED = True
    response = private_file_response(signed, filename="Скан.pdf", content_type="application/pdf")
    assert response.status_code == 302
    link = response["Location"]
    assert link.startswith("http://127.0.0.1:9000/copp/documents/scan.pdf?")
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=120" in link
    assert "response-content-disposition=attachment" in link
    assert response["Cache-Control"] == "private, no-store"


def test_s3_settings_choose_django_storages(monkeypatch):
    import importlib
    import sys

    monkeypatch.setenv("S3_BUCKET", "copp-files")
    monkeypatch.setenv("S3_ENDPOINT_URL", "http://minio:9000")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgresql://reader@replica:5432/copp")
    saved = sys.modules.pop("config.settings.base", None)
    try:
        base = importlib.import_module("config.settings.base")
        assert base.STORAGES["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
        assert base.STORAGES["default"]["OPTIONS"]["bucket_name"] == "copp-files"
        assert base.STORAGES["default"]["OPTIONS"]["endpoint_url"] == "http://minio:9000"
        assert base.DATABASES["replica"]["HOST"] == "replica"
        assert base.DATABASE_ROUTERS == ["copp.core.db_router.ReplicaRouter"]
    finally:
        if saved is not None:
            sys.modules["config.settings.base"] = saved
