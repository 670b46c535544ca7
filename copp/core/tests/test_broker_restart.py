"""A broker restart (issue 23): a real worker on a Redis server of the test's own, restarted while tasks wait in
the queue. Redis keeps the queue on disk (append-only file, as `docker-compose.yml` runs it); the worker and the
sender reconnect by themselves; every task runs, none twice. Described in docs/background-jobs.md."""
import shutil
import socket
import subprocess
import time

import pytest
from celery import current_app

from copp.core.models import Heartbeat
from tests.worker import Worker, wait_for

pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")]

TASKS = 12


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Redis:
    """A redis-server on a free local port, its data in a temporary folder kept across restarts."""

    def __init__(self, folder):
        self.folder, self.port, self.process = folder, _free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "Redis":
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self.answers, timeout=20, interval=0.1)
        return self

    def answers(self) -> bool:
        done = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
        return done.stdout.strip() == "PONG"

    def queued(self, queue: str) -> int:
        done = subprocess.run(["redis-cli", "-p", str(self.port), "llen", queue], capture_output=True, text=True)
        return int(done.stdout.strip() or 0)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: redis flushes the append-only file and exits
            self.process.wait(timeout=20)


def _send(url: str, queue: str, marker: str, seconds: float) -> None:
    with current_app.connection_for_write(url) as connection:
        current_app.send_task("tests.record", args=[marker, seconds], queue=queue, connection=connection,
                              retry=True, retry_policy={"max_retries": 30, "interval_start": 0.5,
                                                        "interval_step": 0.5, "interval_max": 1})


def _runs(prefix: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in Heartbeat.objects.filter(name__startswith=prefix).values_list("name", flat=True):
        marker = name.split(" run ")[0]
        counts[marker] = counts.get(marker, 0) + 1
    return counts


def test_tasks_queued_across_a_broker_restart_all_run_once(tmp_path):
    redis = Redis(tmp_path).start()
    worker = Worker()
    worker.broker = redis.url
    worker.start()
    try:
        _send(redis.url, worker.queue, "warm", 0)
        wait_for(lambda: _runs("warm").get("warm"), timeout=90)

        # Slow tasks pile up in the queue: the worker (one at a time) has most of them still waiting.
        for n in range(TASKS):
            _send(redis.url, worker.queue, f"before {n:02d}", 0.5)
        assert redis.queued(worker.queue) >= TASKS // 2

        redis.stop()  # the broker goes away with tasks queued and one running
        time.sleep(3)  # the worker notices the lost connection and waits to reconnect
        redis.start()
        assert redis.queued(worker.queue) > 0  # the queue came back from the append-only file

        for n in range(3):  # new work sent after the restart reaches the same worker
            _send(redis.url, worker.queue, f"after {n}", 0)

        expected = {f"before {n:02d}" for n in range(TASKS)} | {f"after {n}" for n in range(3)}
        wait_for(lambda: expected <= set(_runs("before")) | set(_runs("after")), timeout=120, interval=0.5)
        time.sleep(2)  # a message handed out twice would run again now
        runs = _runs("before") | _runs("after")
        assert set(runs) == expected  # nothing lost
        assert all(count == 1 for count in runs.values()), runs  # nothing done twice
        assert redis.queued(worker.queue) == 0
    finally:
        worker.stop()
        redis.stop()
