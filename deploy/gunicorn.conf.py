"""Gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`."""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = 2
timeout = 60
accesslog = "-"
forwarded_allow_ips = "127.0.0.1"
