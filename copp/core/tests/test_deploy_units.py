"""The systemd units in deploy/ run management commands that exist; timers start units that exist."""
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


def test_the_purge_timer_runs_daily_the_purge_service():
    timer = _unit(DEPLOY / "copp-purge-uploads.timer")
    assert (DEPLOY / timer["Timer"]["Unit"]).is_file()
    assert timer["Timer"]["OnCalendar"] and timer["Install"]["WantedBy"] == "timers.target"
    service = _unit(DEPLOY / timer["Timer"]["Unit"])["Service"]
    assert service["Type"] == "oneshot" and "admissions_purge_uploads" in service["ExecStart"]
    assert service["User"] == _unit(DEPLOY / "copp-web.service")["Service"]["User"]
