"""Gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`."""
import json
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
accesslog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# The access log names the request id the app answered (X-Request-ID), so a line of nginx, gunicorn, the app
# and a task of the same request can be found together; LOG_FORMAT=json writes it as JSON like the app's log.
if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    access_log_format = json.dumps({"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access",
                                    "remote": "%(h)s", "request": "%(r)s", "status": "%(s)s", "bytes": "%(B)s",
                                    "duration_ms": "%(M)s", "request_id": "%({x-request-id}o)s"})
else:
    access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms [%({x-request-id}o)s]'


def on_starting(server):
    """Multiprocess metrics (PROMETHEUS_MULTIPROC_DIR): start from an empty folder, not the last run's values."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        os.makedirs(folder, exist_ok=True)
        for name in os.listdir(folder):
            if name.endswith(".db"):
                os.remove(os.path.join(folder, name))


def child_exit(server, worker):
    """A worker that ended leaves its live gauges behind no more (prometheus_client's multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
