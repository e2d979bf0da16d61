"""Back up the desk, restore it, and check a restore (docs/OPERATIONS.md, "Backup and
restore").

A backup is a directory:

- the database: PostgreSQL's own dump in its custom format (`pg_dump -Fc`, needs the
  PostgreSQL client tools on PATH), or a copy of the SQLite file made with SQLite's
  online backup API, which is consistent while the desk keeps writing;
- `files/`: the files under FACTCHECK_VAR_DIR that hold something the database does
  not (VAR_FILES);
- `captures/`: the stored file of every finished capture the database names, under
  its storage name, when the "captures" storage is a local folder; another storage
  (an object store) is backed up by its own means, and the manifest says so;
- `manifest.json`: what the backup holds, read from the same moment as the dump:
  the row count of every table, and for every published report revision the sha256
  of its stored snapshot and of its rendering in every export format (the exporters
  are deterministic, so a restore must render the same bytes), plus the digest of
  each file above.

`restore` puts a backup into the database the settings name (refusing one that holds
desk data unless forced); `verify` compares the database with a manifest.

This module reads and writes the whole database as files and tables: it bypasses the
services on purpose, as a restore is the one write that must put back every row as
it was, history included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor

from annotations.models import Capture, CaptureState
from reports import exporters, exports
from reports.models import ReportRevision

FORMAT = "factcheck-backup/1"
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRESQL_FILE = "database.pgdump"
FILES = "files"
CAPTURES = "captures"
CAPTURES_STORAGE = "captures"
# The manifest's word for where the captures are: copied into the backup, or kept in
# a storage that is not a local folder (an object store backs itself up).
CAPTURES_COPIED = "copied"
CAPTURES_ELSEWHERE = "not copied"
# Under FACTCHECK_VAR_DIR, what a backup keeps besides the database. The demo logins
# are the only copy of the demo users' generated passwords. Left out, because
# nothing is lost without them: the export cache (every rendering comes back from
# its revision), the filesystem broker's queue (tasks in flight; a full gap scan
# after a restore redoes what they would have), logs and pid files.
VAR_FILES = ("demo-logins.txt",)
# Tables whose rows are the desk's own data: a database with a row in any of them
# is not empty (a fresh `migrate` fills others: the default scale, role groups and
# beat schedules).
DESK_TABLES = (
    "auth_user",
    "annotations_article",
    "annotations_source",
    "reports_reportrevision",
)
# libpq connection keywords a database's OPTIONS may carry, passed on to pg_dump,
# pg_restore and our own connection.
_LIBPQ_OPTIONS = (
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslcrl",
    "connect_timeout",
    "options",
    "target_session_attrs",
    "application_name",
)


class BackupError(Exception):
    """A backup, restore or check that cannot be done; the message says why."""


def engine() -> str:
    """ "sqlite" or "postgresql": the database the settings name."""
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- PostgreSQL connections -----------------------------------------------------------


def _conninfo_value(value) -> str:
    text = str(value)
    if text and not any(ch in text for ch in " '\\"):
        return text
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def postgresql_conninfo(settings_dict: dict) -> tuple[str, dict]:
    """A libpq connection string for the database (without the password) and the
    environment that carries the password, so it never shows in a process list."""
    parts = {
        "dbname": settings_dict.get("NAME"),
        "user": settings_dict.get("USER"),
        "host": settings_dict.get("HOST"),
        "port": settings_dict.get("PORT"),
    }
    options = settings_dict.get("OPTIONS") or {}
    parts.update({key: options[key] for key in _LIBPQ_OPTIONS if key in options})
    conninfo = " ".join(
        f"{key}={_conninfo_value(value)}" for key, value in parts.items() if value
    )
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return conninfo, env


def _postgresql_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not on PATH: install the PostgreSQL client tools (Debian: "
            "postgresql-client) of the server's major version or newer."
        )
    return path


def _run(command: list[str], env: dict, what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"{what} failed: {detail[-1] if detail else done.returncode}")


# --- reading a database: tables, revisions --------------------------------------------


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_tables(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {_quoted(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%'"
    )
    return [row[0] for row in cursor.fetchall()]


def _postgresql_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_catalog.pg_tables "
        "WHERE schemaname = ANY(current_schemas(false))"
    )
    return [row[0] for row in cursor.fetchall()]


def _revisions(cursor) -> list[tuple[int, int, str, str]]:
    """(article id, number, stored sha256, snapshot text) of every revision."""
    table = _quoted(ReportRevision._meta.db_table)
    cursor.execute(
        f"SELECT article_id, number, sha256, snapshot_json FROM {table} "
        "ORDER BY article_id, number"
    )
    return list(cursor.fetchall())


def _renderings(
    snapshot_json: str, formats: list[str]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """sha256 of the snapshot rendered in each format; a format that cannot be
    rendered here (the PDF without its Typst wheel, say) is None, with the
    reason."""
    snapshot = json.loads(snapshot_json)
    digests: dict[str, str | None] = {}
    problems: dict[str, str] = {}
    for identifier in formats:
        try:
            payload = exporters.get(identifier).render(snapshot)
        except Exception as exc:  # a renderer's failure is reported, not fatal
            digests[identifier] = None
            problems[identifier] = f"{type(exc).__name__}: {exc}"
        else:
            digests[identifier] = hashlib.sha256(payload).hexdigest()
    return digests, problems


def _report_entries(revisions, formats, progress) -> tuple[list[dict], dict[str, str]]:
    entries, problems = [], {}
    for article_id, number, stored, snapshot_json in revisions:
        digests, failed = _renderings(snapshot_json, formats)
        problems.update(failed)
        entries.append(
            {
                "article": article_id,
                "revision": number,
                "sha256": stored,
                "snapshot_sha256": hashlib.sha256(
                    snapshot_json.encode("utf-8")
                ).hexdigest(),
                "exports": digests,
            }
        )
        progress(f"Rendered revision {number} of article #{article_id}.")
    return entries, problems


def _capture_files(cursor) -> list[str]:
    """The storage names of the finished captures' files, in id order."""
    table = _quoted(Capture._meta.db_table)
    # A constant of ours, inlined: sqlite3 and psycopg2 spell parameters apart.
    cursor.execute(
        f"SELECT file_path FROM {table} "
        f"WHERE state = '{CaptureState.CAPTURED.value}' AND file_path <> '' "
        "ORDER BY id"
    )
    return [row[0] for row in cursor.fetchall()]


def _migrations(cursor) -> dict[str, list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    applied: dict[str, list[str]] = {}
    for app, name in cursor.fetchall():
        applied.setdefault(app, []).append(name)
    return applied


# --- backup ---------------------------------------------------------------------------


def _prepare_output(output: Path) -> None:
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise BackupError(f"{output} exists and is not an empty directory.")
    output.mkdir(parents=True, exist_ok=True)


def _backup_sqlite(output: Path, progress) -> tuple[dict, dict, list]:
    name = connection.settings_dict["NAME"]
    if not name or str(name) == ":memory:" or not Path(name).exists():
        raise BackupError(f"No SQLite database file at {name}.")
    target = output / SQLITE_FILE
    # A connection of its own, not Django's: it reads what is committed, whatever
    # transaction this process is in, and the online backup API copies a
    # consistent state while the desk keeps writing.
    source = sqlite3.connect(name)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    progress(f"Copied the SQLite database ({target.stat().st_size:,} bytes).")
    # Everything in the manifest is read from the copy itself.
    copy = sqlite3.connect(target)
    try:
        cursor = copy.cursor()
        tables = _count_tables(cursor, _sqlite_tables(cursor))
        migrations = _migrations(cursor)
        revisions = _revisions(cursor)
        capture_files = _capture_files(cursor)
    finally:
        copy.close()
    database = {"engine": "sqlite", "file": SQLITE_FILE}
    contents = {
        "tables": tables,
        "migrations": migrations,
        "capture_files": capture_files,
    }
    return database, contents, revisions


def _backup_postgresql(output: Path, progress) -> tuple[dict, dict, list]:
    import psycopg2

    pg_dump = _postgresql_tool("pg_dump")
    conninfo, env = postgresql_conninfo(connection.settings_dict)
    target = output / POSTGRESQL_FILE
    # The counts and revisions are read in a transaction whose snapshot pg_dump
    # then dumps (--snapshot): the manifest describes exactly the dump, even while
    # the desk keeps writing.
    reader = psycopg2.connect(conninfo, password=env.get("PGPASSWORD"))
    try:
        reader.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with reader.cursor() as cursor:
            cursor.execute(
                "SELECT pg_export_snapshot(), current_setting('server_version')"
            )
            snapshot_id, server_version = cursor.fetchone()
            _run(
                [
                    pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                    f"--snapshot={snapshot_id}", f"--file={target}",
                    f"--dbname={conninfo}",
                ],
                env,
                "pg_dump",
            )  # fmt: skip
            progress(
                f"Dumped the PostgreSQL database ({target.stat().st_size:,} bytes)."
            )
            tables = _count_tables(cursor, _postgresql_tables(cursor))
            migrations = _migrations(cursor)
            revisions = _revisions(cursor)
            capture_files = _capture_files(cursor)
    finally:
        reader.rollback()
        reader.close()
    database = {
        "engine": "postgresql",
        "file": POSTGRESQL_FILE,
        "server_version": server_version,
    }
    contents = {
        "tables": tables,
        "migrations": migrations,
        "capture_files": capture_files,
    }
    return database, contents, revisions


def _captures_storage_is_a_folder() -> bool:
    return isinstance(storages[CAPTURES_STORAGE], FileSystemStorage)


def _copy_captures(output: Path, names: list[str], progress) -> dict:
    """Copy the named capture files into `output`/captures (a local captures
    folder), or only record that another storage holds them. A file the database
    names but the storage lacks is listed as missing: the backup records the desk
    as it is."""
    storage = storages[CAPTURES_STORAGE]
    backend = f"{type(storage).__module__}.{type(storage).__qualname__}"
    if not _captures_storage_is_a_folder():
        progress(
            f"Captures are in {backend}, not a local folder: not copied; back that "
            "storage up by its own means."
        )
        return {
            "storage": CAPTURES_ELSEWHERE,
            "backend": backend,
            "named": len(names),
            "files": {},
            "missing": [],
        }
    files, missing = {}, []
    for name in names:
        target = output / CAPTURES / _safe_relative(name)
        try:
            stored = storage.open(name, "rb")
        except FileNotFoundError:
            missing.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with stored, target.open("wb") as copy:
            shutil.copyfileobj(stored, copy)
        files[name] = {"sha256": sha256_file(target), "bytes": target.stat().st_size}
    progress(f"Copied {len(files)} capture files ({len(missing)} missing).")
    return {
        "storage": CAPTURES_COPIED,
        "backend": backend,
        "named": len(names),
        "files": files,
        "missing": missing,
    }


def _safe_relative(name: str) -> PurePosixPath:
    """A capture's storage name as a path inside the backup; a name that would
    leave it (absolute, `..`) is refused, wherever it came from."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"A capture's file name {name!r} is not a relative path.")
    return path


def create(
    output: Path,
    *,
    formats: list[str] | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> dict:
    """Back the desk up into the directory `output` (new or empty); returns the
    manifest it wrote. The manifest is written last, so a directory without one is
    an unfinished backup; a backup that fails leaves nothing behind."""
    formats = list(formats or exporters.EXPORTERS)
    for identifier in formats:
        exporters.get(identifier)
    kind = engine()
    if kind == "postgresql":
        _postgresql_tool("pg_dump")
    output = Path(output)
    _prepare_output(output)
    try:
        return _write(output, kind, formats, progress)
    except BaseException:
        for path in output.iterdir():
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        raise


def _write(output: Path, kind: str, formats: list[str], progress) -> dict:
    started = _utc_now()
    backup = _backup_postgresql if kind == "postgresql" else _backup_sqlite
    database, contents, revisions = backup(output, progress)
    dump = output / database["file"]
    database["sha256"] = sha256_file(dump)
    database["bytes"] = dump.stat().st_size
    reports, problems = _report_entries(revisions, formats, progress)
    captures = _copy_captures(output, contents["capture_files"], progress)
    files = {}
    for name in VAR_FILES:
        path = Path(settings.VAR_DIR) / name
        if path.is_file():
            (output / FILES).mkdir(exist_ok=True)
            copied = Path(shutil.copy2(path, output / FILES / name))
            files[name] = {
                "sha256": sha256_file(copied),
                "bytes": copied.stat().st_size,
            }
    manifest = {
        "format": FORMAT,
        "created_at": started,
        "database": database,
        "migrations": contents["migrations"],
        "tables": contents["tables"],
        "renderers": exports.renderers_digest(),
        "formats": formats,
        "not_rendered": problems,
        "reports": reports,
        "files": files,
        "captures": captures,
    }
    (output / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return manifest


# --- restore --------------------------------------------------------------------------


def read_manifest(source: Path) -> dict:
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"{path} is not a readable manifest: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path} is not a {FORMAT} manifest (it says {manifest.get('format')!r})."
            if isinstance(manifest, dict)
            else f"{path} is not a {FORMAT} manifest."
        )
    return manifest


def desk_rows() -> dict[str, int]:
    """Rows in the desk's own tables of the database the settings name (tables
    that do not exist count nothing)."""
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        return _count_tables(cursor, [t for t in DESK_TABLES if t in present])


def _check_dump(source: Path, manifest: dict) -> Path:
    database = manifest.get("database") or {}
    dump = Path(source) / str(database.get("file", ""))
    if not dump.is_file():
        raise BackupError(f"The backup's database file {dump} is missing.")
    if sha256_file(dump) != database.get("sha256"):
        raise BackupError(
            f"{dump} is damaged: its sha256 is not the one the manifest recorded."
        )
    return dump


def restore(
    source: Path,
    *,
    force: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> dict:
    """Put the backup in `source` into the database the settings name, its files
    into FACTCHECK_VAR_DIR and its capture files into the captures storage (every
    file checked against the manifest before anything is written). Refuses a
    database that holds desk data (users, articles, sources, reports) unless
    `force`; returns the manifest."""
    source = Path(source)
    manifest = read_manifest(source)
    kind = engine()
    if manifest["database"].get("engine") != kind:
        raise BackupError(
            f"This backup is of a {manifest['database'].get('engine')} database; the "
            f"settings name a {kind} one. Restore it into the same kind of database."
        )
    dump = _check_dump(source, manifest)
    capture_files = _check_captures(source, manifest)
    rows = desk_rows()
    if any(rows.values()) and not force:
        held = ", ".join(
            f"{count:,} in {table}" for table, count in rows.items() if count
        )
        raise BackupError(
            f"The database is not empty ({held}). Restoring replaces everything in "
            "it: give --force to do that."
        )
    connections.close_all()
    if kind == "postgresql":
        conninfo, env = postgresql_conninfo(connection.settings_dict)
        _run(
            [
                _postgresql_tool("pg_restore"), "--clean", "--if-exists",
                "--no-owner", "--no-privileges", "--single-transaction",
                "--exit-on-error", f"--dbname={conninfo}", str(dump),
            ],
            env,
            "pg_restore",
        )  # fmt: skip
    else:
        name = connection.settings_dict["NAME"]
        backup_copy = sqlite3.connect(dump)
        target = sqlite3.connect(name)
        try:
            backup_copy.backup(target)
        finally:
            backup_copy.close()
            target.close()
    connections.close_all()
    progress(f"Restored the {kind} database from {dump.name}.")
    for name in manifest.get("files") or {}:
        stored = source / FILES / name
        if stored.is_file():
            Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
            shutil.copy2(stored, Path(settings.VAR_DIR) / name)
            progress(f"Restored {name}.")
    _restore_captures(capture_files, progress)
    return manifest


def _check_captures(source: Path, manifest: dict) -> list[tuple[str, Path]]:
    """The backup's capture files as (storage name, file in the backup), each
    checked against the manifest's sha256 before anything is restored."""
    recorded = (manifest.get("captures") or {}).get("files") or {}
    checked = []
    for name, facts in recorded.items():
        stored = source / CAPTURES / _safe_relative(name)
        if not stored.is_file():
            raise BackupError(f"The backup's capture file {stored} is missing.")
        if sha256_file(stored) != facts.get("sha256"):
            raise BackupError(
                f"{stored} is damaged: its sha256 is not the one the manifest recorded."
            )
        checked.append((name, stored))
    return checked


def _restore_captures(files: list[tuple[str, Path]], progress) -> None:
    """Write the backup's capture files into the captures storage under their own
    names (over a file of that name: the restored rows name these)."""
    storage = storages[CAPTURES_STORAGE]
    for name, stored in files:
        if storage.exists(name):
            storage.delete(name)
        with stored.open("rb") as handle:
            saved = storage.save(name, handle)
        if saved != name:
            storage.delete(saved)
            raise BackupError(f"The captures storage would not write {name}.")
    if files:
        progress(f"Restored {len(files)} capture files.")


def pending_migrations() -> list[str]:
    """Migrations of this code the database has not applied ("app.name")."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


# --- verify ---------------------------------------------------------------------------


def verify(
    source: Path, *, progress: Callable[[str], None] = lambda message: None
) -> tuple[list[str], list[str]]:
    """Compare the database the settings name with the backup's manifest: every
    table's row count, every revision's snapshot and its rendering in every format
    the backup recorded, every file. Returns (problems, notes): a restore is good
    when there are no problems; notes say what could not be compared."""
    manifest = read_manifest(Path(source))
    problems: list[str] = []
    notes: list[str] = []
    list_tables = _postgresql_tables if engine() == "postgresql" else _sqlite_tables
    with connection.cursor() as cursor:
        counts = _count_tables(cursor, list_tables(cursor))
        revisions = {
            (article, number): (stored, snapshot_json)
            for article, number, stored, snapshot_json in _revisions(cursor)
        }
    expected = manifest.get("tables") or {}
    for table in sorted(set(expected) | set(counts)):
        if table not in counts:
            problems.append(f"Table {table} is missing.")
        elif table not in expected:
            problems.append(f"Table {table} is not in the backup.")
        elif counts[table] != expected[table]:
            problems.append(
                f"Table {table} has {counts[table]:,} rows; the backup had "
                f"{expected[table]:,}."
            )
    progress(f"Compared the row counts of {len(expected)} tables.")
    formats = [f for f in manifest.get("formats") or [] if f in exporters.EXPORTERS]
    if manifest.get("renderers") != exports.renderers_digest():
        notes.append(
            "The exporters changed since the backup (another release): the snapshots "
            "are compared, their renderings are not."
        )
        formats = []
    recorded = set()
    for entry in manifest.get("reports") or []:
        key = (entry["article"], entry["revision"])
        recorded.add(key)
        where = f"Revision {key[1]} of article #{key[0]}"
        if key not in revisions:
            problems.append(f"{where} is missing.")
            continue
        stored, snapshot_json = revisions[key]
        digest = hashlib.sha256(snapshot_json.encode("utf-8")).hexdigest()
        if digest != entry["snapshot_sha256"] or stored != entry["sha256"]:
            problems.append(f"{where}: its snapshot is not the backup's.")
            continue
        wanted = {f: entry["exports"].get(f) for f in formats}
        digests, failed = _renderings(
            snapshot_json, [f for f, d in wanted.items() if d is not None]
        )
        for identifier, digest in digests.items():
            if identifier in failed:
                notes.append(
                    f"{where}: {identifier} not rendered here: {failed[identifier]}"
                )
            elif digest != wanted[identifier]:
                problems.append(f"{where}: its {identifier} export differs.")
    for key in sorted(set(revisions) - recorded):
        problems.append(f"Revision {key[1]} of article #{key[0]} is not in the backup.")
    progress(f"Compared {len(recorded)} report revisions in {len(formats)} formats.")
    for name, facts in (manifest.get("files") or {}).items():
        path = Path(settings.VAR_DIR) / name
        if not path.is_file():
            problems.append(f"File {name} is missing from {settings.VAR_DIR}.")
        elif sha256_file(path) != facts.get("sha256"):
            problems.append(f"File {name} differs from the backup's.")
    captures = manifest.get("captures") or {}
    if captures.get("storage") == CAPTURES_ELSEWHERE:
        notes.append(
            f"The captures were not in the backup (they are kept in "
            f"{captures.get('backend')}): check that storage by its own means."
        )
    storage = storages[CAPTURES_STORAGE]
    for name, facts in (captures.get("files") or {}).items():
        try:
            with storage.open(name, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except FileNotFoundError:
            problems.append(f"Capture file {name} is missing.")
            continue
        if digest != facts.get("sha256"):
            problems.append(f"Capture file {name} differs from the backup's.")
    progress(f"Compared {len(captures.get('files') or {})} capture files.")
    return problems, notes
