"""A read replica and the restore drill against real second databases on the test server (issue 23): the
catalogue reads from DATABASE_REPLICA_URL while sign-in and writes stay on the primary; a backup of the test
database restores into a fresh one with the same rows and files, and a tampered backup fails the drill."""
import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from psycopg import sql

from copp.core.backup import connection_params, restore_drill
from copp.organizations.models import OrganizationType
from copp.programs.tests.factories import make_program

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[3]


def _admin():
    return psycopg.connect(**{**connection_params(connection.settings_dict), "dbname": "postgres"}, autocommit=True)


def _url(name: str) -> str:
    params = connection_params(connection.settings_dict)
    auth = params.get("user", "") + (f":{params['password']}" if params.get("password") else "")
    host = params.get("host", "")
    if host.startswith("/"):
        return f"postgresql://{auth}@/{name}?host={host}"
    return f"postgresql://{auth}@{host}:{params.get('port', '5432')}/{name}"


@pytest.fixture
def program(world):
    return make_program(world.orgs[OrganizationType.PARTNER][0], title="С основной базы")


@pytest.fixture
def replica(program):
    """A copy of the test database (with the program) under another name, as a streaming replica would be."""
    primary = connection.settings_dict["NAME"]
    name = f"{primary}_replica"
    connections.close_all()  # a template must have no other session
    with _admin() as admin:
        # Nor an idle one left by a thread of an earlier test on this worker (a browser test's server, a task).
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND state = 'idle' "
                      "AND pid <> pg_backend_pid()", [primary])
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(primary)))
    yield name
    with _admin() as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


REPLICA_SCRIPT = """
import json, sys
import django
django.setup()
from django.db import connections
from django.test import Client
from copp.accounts.models import User
from copp.core.db_router import replica_reads
from copp.programs.models import Program

pk = int(sys.argv[1])
client = Client()
catalogue = client.get("/programs/").content.decode()
detail = client.get(f"/programs/{pk}/").content.decode()
inside = replica_reads(lambda request: Program.objects.get(pk=pk).title)(type("R", (), {"method": "GET"})())
outside = Program.objects.get(pk=pk).title
# A learner: no second factor to set up; sign-in writes and reads on the primary.
client.force_login(User.objects.get(email="learner1@example.ru"))
signed_in = client.get(f"/programs/{pk}/")
print(json.dumps({"catalogue": "С реплики" in catalogue, "detail": "С реплики" in detail, "inside": inside,
                  "outside": outside, "signed_in": signed_in.status_code,
                  "replica_sessions": connections["replica"].cursor().execute(
                      "SELECT count(*) FROM django_session").fetchone()[0]}))
"""


def test_catalogue_reads_go_to_the_replica_and_everything_else_to_the_primary(program, replica):
    # The replica's copy of the row differs, so each read shows which database answered it.
    with psycopg.connect(_url(replica), autocommit=True) as conn:
        conn.execute("UPDATE programs_program SET title = 'С реплики' WHERE id = %s", [program.pk])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test",
           "DATABASE_URL": _url(connection.settings_dict["NAME"]), "DATABASE_REPLICA_URL": _url(replica)}
    env.pop("TEST_DATABASE_NAME", None)
    result = subprocess.run([sys.executable, "-c", REPLICA_SCRIPT, str(program.pk)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["catalogue"] is True and found["detail"] is True
    assert found["inside"] == "С реплики" and found["outside"] == "С основной базы"
    assert found["signed_in"] == 200 and found["replica_sessions"] == 0


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_program(world.orgs[OrganizationType.PARTNER][0], title="Программа для резервной копии")
    saved = default_storage.save("admissions/scan.pdf", ContentFile(b"%PDF-1.7 passport scan"))
    default_storage.save("branding/logo.svg", ContentFile(b"<svg/>"))

    call_command("backup", "--dir", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["tables"]["programs_program"]["rows"] >= 1
    assert manifest["tables"]["accounts_user"]["rows"] == len([u for us in world.users.values() for u in us])
    assert set(manifest["files"]) == {saved, "branding/logo.svg"}

    report = restore_drill(folder)
    assert report.ok, report.differences
    assert report.tables == len(manifest["tables"]) and report.files == 2

    # A backup that lost a row (or whose manifest was edited) fails the drill and names the table.
    manifest["tables"]["programs_program"]["rows"] += 1
    (folder / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="restore drill failed"):
        call_command("restore_drill", str(folder))
    report = restore_drill(folder)
    assert [d for d in report.differences if d.startswith("table programs_program:")]
    # A damaged archive is found before anything is restored.
    with open(folder / "files.tar", "ab") as archive:
        archive.write(b"x")
    assert restore_drill(folder).differences == ["files.tar: the archive's hash differs from the manifest"]
