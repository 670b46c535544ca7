"""docker-compose.yml and the Dockerfile (issue 23): the file parses and everything it names exists in the project;
its web, worker and beat commands, started here without containers against this machine's PostgreSQL and Redis
with the production settings, answer a request, run a task and a scheduled job. `docker compose config` runs
only where a Docker daemon answers (skipped otherwise)."""
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest
import yaml
from celery import current_app
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("migrate", "web", "worker", "beat")
# Variables the official images read themselves (not the platform).
IMAGE_VARIABLES = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD", "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD"}


def _command(service: str) -> list[str]:
    command = SERVICES[service]["command"]
    return shlex.split(command) if isinstance(command, str) else list(command)


def _project_text() -> str:
    parts = [path.read_text(encoding="utf-8") for folder in ("config", "copp", "deploy")
             for path in (ROOT / folder).rglob("*.py") if "tests" not in path.parts]
    return "\n".join(parts)


def test_the_compose_file_has_the_whole_shape():
    assert set(SERVICES) == {"db", "redis", "minio", "migrate", "web", "worker", "beat", "nginx"}
    for name in APP_SERVICES:
        assert SERVICES[name]["build"] == "." and SERVICES[name]["image"] == "copp-platform:latest", name
        assert SERVICES[name]["environment"]["DJANGO_SETTINGS_MODULE"] == "config.settings.production"
    assert {"pgdata", "redisdata", "miniodata"} <= set(COMPOSE["volumes"])
    assert SERVICES["web"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    # The web container is healthy only when /readyz is; nginx waits for it.
    assert "/readyz" in " ".join(SERVICES["web"]["healthcheck"]["test"])
    assert SERVICES["nginx"]["depends_on"]["web"] == {"condition": "service_healthy"}


def test_every_command_file_and_image_the_compose_file_names_exists():
    dockerfile = (ROOT / "Dockerfile").read_text()
    for source in re.findall(r"^COPY (?:--chown=\S+ )?(.+) \S+$", dockerfile, flags=re.M):
        for name in source.split():
            assert name == "." or (ROOT / name).exists(), name
    assert _command("web")[:3] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    assert (ROOT / "deploy/gunicorn.conf.py").exists() and (ROOT / "config/wsgi.py").exists()
    assert f'CMD {str(_command("web")).replace(chr(39), chr(34))}' in dockerfile
    for name, sub in (("worker", "worker"), ("beat", "beat")):
        assert _command(name)[:4] == ["celery", "-A", "config", sub], name
    commands = get_commands()
    for step in " ".join(_command("migrate")).split("&&"):
        words = step.split()
        if "manage.py" in words:
            assert words[words.index("manage.py") + 1] in commands, step
    for binary in ("gunicorn", "celery"):
        assert Path(sys.executable).with_name(binary).exists(), binary
    for service in SERVICES.values():
        for volume in service.get("volumes", []):
            if volume.startswith("./"):
                assert (ROOT / volume.split(":")[0]).exists(), volume
    docs = (ROOT / "docs" / "deployment.md").read_text()
    for name, service in SERVICES.items():
        if "image" in service and name not in APP_SERVICES:
            assert f"`{service['image']}`" in docs, f"{service['image']} is not described in docs/deployment.md"


def test_every_variable_the_compose_file_names_is_documented_and_read():
    text = (ROOT / "docker-compose.yml").read_text()
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    for name in set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text)):
        assert name in documented, f"${{{name}}} is not in .env.example"
    project = _project_text()
    for service in SERVICES.values():
        for name in service.get("environment", {}):
            if name not in IMAGE_VARIABLES:
                assert f'"{name}"' in project, f"{name} is set by docker-compose.yml but read nowhere"


def _docker_available() -> bool:
    if not shutil.which("docker"):
        return False
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def test_docker_compose_accepts_the_file(tmp_path):
    if not _docker_available():
        pytest.skip("no Docker daemon answers on this machine")
    env_file = tmp_path / ".env"
    env_file.write_text((ROOT / ".env.example").read_text())
    result = subprocess.run(["docker", "compose", "-f", str(ROOT / "docker-compose.yml"), "--env-file",
                             str(env_file), "config", "--quiet"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (a local address)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (a local address)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db(transaction=True)
def test_the_compose_commands_serve_requests_run_tasks_and_scheduled_jobs_without_containers():
    """The same commands as the containers, with the production settings, on this machine's servers."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask
    from django_celery_results.models import TaskResult

    from copp.core.models import Heartbeat
    from copp.core.schedule import periodic_tasks_install
    from tests.worker import _database_url, wait_for

    broker = os.environ.get("COPP_TEST_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.skip("production settings need Redis: set COPP_TEST_BROKER_URL (as .ci/run does)")
    periodic_tasks_install()
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(name="core.heartbeat").update(interval=every_second)
    PeriodicTask.objects.exclude(name="core.heartbeat").update(enabled=False)

    port = _free_port()
    metrics_dir = tempfile.mkdtemp(prefix="copp-metrics-")
    env = {key: value for key, value in os.environ.items() if key not in {"TEST_DATABASE_NAME", "COPP_TEST_WORKER"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "compose-shape-test-" + "k3y-" * 10,
        "DATABASE_URL": _database_url(), "REDIS_CACHE_URL": broker, "CELERY_BROKER_URL": broker,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE, "METRICS_TOKEN": "compose-test-token",
        "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "1",
        "PROMETHEUS_MULTIPROC_DIR": metrics_dir, "LOG_FORMAT": "json", "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    })
    processes = []
    logs = []
    try:
        for name in ("web", "worker", "beat"):
            log = tempfile.TemporaryFile()  # noqa: SIM115 (closed after the processes end)
            logs.append((name, log))
            processes.append(subprocess.Popen(_command(name), cwd=ROOT, env=env, stdout=log, stderr=log))
        base = f"http://127.0.0.1:{port}"

        def ready():
            try:
                return _get(base + "/readyz")[0] == 200
            except OSError:
                return False

        wait_for(ready, timeout=90, interval=0.5)
        status, body = _get(base + "/healthz", **{"X-Request-ID": "compose-test-request-1"})
        assert status == 200 and body == '{"status": "ok"}'
        current_app.conf.task_always_eager = False
        sent = current_app.send_task("core.requeue_stale_jobs")
        wait_for(lambda: TaskResult.objects.filter(task_id=sent.id, status="SUCCESS").exists(), timeout=90)
        wait_for(lambda: Heartbeat.objects.filter(kind="beat").exists(), timeout=90)
        # Both gunicorn workers' counts are added up in one scrape (multiprocess mode).
        for _ in range(6):
            _get(base + "/api/v1/", **{"X-Forwarded-Proto": "https"})
        status, text = _get(base + "/metrics", Authorization="Bearer compose-test-token")
        assert status == 200 and "copp_http_request_duration_seconds_count" in text
        assert "copp_queue_length" in text
    finally:
        current_app.conf.task_always_eager = True
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(metrics_dir, ignore_errors=True)
    for name, log in logs:
        log.seek(0)
        output = log.read().decode(errors="replace")
        assert "Traceback" not in output, f"{name}:\n{output[-3000:]}"
        log.close()
