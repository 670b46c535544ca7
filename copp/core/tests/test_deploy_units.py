"""The systemd units in deploy/ run management commands that exist, and the worker and scheduler of Celery."""
import configparser
import shlex
from pathlib import Path

from django.core.management import get_commands

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser


def test_manage_py_commands_of_the_units_exist():
    commands = get_commands()
    for path in DEPLOY.glob("*.service"):
        exec_start = shlex.split(_unit(path)["Service"]["ExecStart"])
        if "manage.py" in exec_start:
            assert exec_start[exec_start.index("manage.py") + 1] in commands, path.name


def test_the_worker_and_the_scheduler_run_the_platforms_celery_app_as_the_web_user():
    web_user = _unit(DEPLOY / "copp-web.service")["Service"]["User"]
    for name, command in (("copp-worker.service", "worker"), ("copp-beat.service", "beat")):
        service = _unit(DEPLOY / name)["Service"]
        exec_start = shlex.split(service["ExecStart"])
        assert exec_start[1:4] == ["-A", "config", command], name
        assert service["User"] == web_user
        assert service["Environment"] == "DJANGO_SETTINGS_MODULE=config.settings.production"


def test_periodic_jobs_live_in_the_scheduler_not_in_systemd_timers():
    assert not list(DEPLOY.glob("*.timer"))
