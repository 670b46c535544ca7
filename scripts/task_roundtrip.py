"""Measure a Celery task's round trip (send → worker → stored result) on the configured broker.

    .venv/bin/python scripts/task_roundtrip.py [-n 20] [--broker URL]

Starts a worker of its own on a private queue, sends the platform's lightest task (the sweep of stale jobs, one
indexed query) `n` times one after
another, and prints the median and the slowest round trip. With no --broker it uses the platform's setting
(CELERY_BROKER_URL, or the PostgreSQL default of `make run`). The numbers are in docs/background-jobs.md.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=20)
    parser.add_argument("--broker", default="")
    args = parser.parse_args()
    queue = f"roundtrip-{uuid.uuid4().hex[:8]}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["CELERY_QUEUE"] = queue
    if args.broker:
        os.environ["CELERY_BROKER_URL"] = args.broker
    import django

    django.setup()
    from celery import current_app
    from django.conf import settings

    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "config", "worker", "--pool=solo", "-Q", queue,
         "-n", f"{queue}@%h", "--without-mingle", "--without-gossip", "--loglevel=WARNING"],
        cwd=ROOT, env=os.environ.copy())
    try:
        current_app.send_task("core.requeue_stale_jobs", queue=queue).get(timeout=60, interval=0.01)  # worker ready
        times = []
        for _ in range(args.n):
            started = time.perf_counter()
            current_app.send_task("core.requeue_stale_jobs", queue=queue).get(timeout=30, interval=0.01)
            times.append(time.perf_counter() - started)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    broker = settings.CELERY_BROKER_URL.split("://", 1)[0]
    print(f"{broker}: {args.n} round trips, median {statistics.median(times) * 1000:.0f} ms, "
          f"slowest {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
