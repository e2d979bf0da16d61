"""Backup and restore: `manage.py backup`, `restore` and `verify_restore`.

A desk with published reports (one corrected) is backed up, restored into a fresh
database (on SQLite a new file, on PostgreSQL a new database) by the commands run as
an operator runs them, in processes of their own, and checked: the same tables with
the same rows, the same published reports byte for byte in every format. The checker
is shown to catch a changed row and a changed report, and a restore to refuse a
database that holds desk data unless forced.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from annotations import services as desk
from annotations.models import Capture, CaptureOrigin, Claim, Source
from annotations.services import captures
from reports import backup, exporters
from reports import services as reports
from reports.models import ReportRevision
from tests import factories
from tests.conftest import ROOT
from tests.report_fixtures import label
from tests.rich_report import rich_report
from tests.worker import require_services

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

DEMO_LOGINS = "reviewer  rita  correct-horse-battery\n"


def postgresql() -> bool:
    return connection.vendor == "postgresql"


@pytest.fixture
def need_pg_tools():
    """On PostgreSQL the backup needs pg_dump and pg_restore: missing, the test
    skips on a developer's machine and fails in CI."""
    if not postgresql():
        return
    missing = [tool for tool in ("pg_dump", "pg_restore") if not shutil.which(tool)]
    if missing:
        message = f"{', '.join(missing)} not on PATH"
        if require_services():
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    (settings.VAR_DIR / "demo-logins.txt").write_text(DEMO_LOGINS, encoding="utf-8")
    # Not backed up: renderings come back from their revisions.
    (settings.VAR_DIR / "cache").mkdir()
    (settings.VAR_DIR / "cache" / "rendered.djcache").write_bytes(b"x")
    return settings.VAR_DIR


def warc_of(url: str, payload: bytes) -> bytes:
    """A fetched capture's file as the capture task writes it: a gzipped WARC."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(
        writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(payload),
            http_headers=StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            ),
        )
    )
    return buffer.getvalue()


def stored_captures(article) -> list[Capture]:
    """A fetched capture (a WARC) and an uploaded file for the article's first two
    cited sources, their files really in the captures storage."""
    sources = list(
        Source.objects.filter(citations__claim__article=article)
        .distinct()
        .order_by("pk")[:2]
    )
    storage = storages["captures"]
    page = b"<p>The memorandum was signed on 9 March.</p>"
    fetched = factories.CaptureFactory(
        source=sources[0], sha256=hashlib.sha256(page).hexdigest()
    )
    fetched.file_path = storage.save(
        captures.capture_file_name(fetched.pk),
        ContentFile(warc_of(sources[0].url or "https://example.org/", page)),
    )
    fetched.size_bytes = len(page)
    fetched.save()
    notes = b"Minutes of the meeting, 9 March.\n"
    uploaded = factories.CaptureFactory(
        source=sources[1],
        origin=CaptureOrigin.UPLOADED,
        url="",
        final_url="",
        content_type="text/plain",
        file_name="minutes.txt",
        file_path=storage.save("uploads/2026/12/0a1b2c3d.txt", ContentFile(notes)),
        size_bytes=len(notes),
        sha256=hashlib.sha256(notes).hexdigest(),
    )
    return [fetched, uploaded]


@pytest.fixture
def published_desk(
    scale_in_transactional_db, seed_text, reviewer, editor, admin_user, captures_folder
):
    """A rich published report and a correction of it (two revisions), the second
    citing two captures whose files are in the captures storage."""
    article, _first = rich_report(
        body=seed_text, reviewer=reviewer, editor=editor, admin=admin_user
    )
    stored_captures(article)
    claim = Claim.objects.filter(article=article, status="approved").order_by("start")[
        0
    ]
    desk.verdict_reopen(
        claim=claim, user=editor, reason="A new source.", expected_version=claim.version
    )
    desk.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    desk.verdict_approve(
        claim=claim, user=editor, label=label("true").slug,
        explanation="Corrected: the memorandum was signed on 9 March.",
        expected_version=claim.version,
    )  # fmt: skip
    reports.article_publish(
        article=article, user=editor, note="Corrected the date in claim 1."
    )
    return article


def manage(*args, database_url: str, var: Path) -> subprocess.CompletedProcess:
    """A management command in a process of its own, on another database and var
    directory (the project's settings: the test settings pin the session's var)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": database_url,
        "FACTCHECK_VAR_DIR": str(var),
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def _postgresql_admin():
    import psycopg2

    conninfo, env = backup.postgresql_conninfo(
        {**connection.settings_dict, "NAME": "postgres"}
    )
    admin = psycopg2.connect(conninfo, password=env.get("PGPASSWORD"))
    admin.autocommit = True
    return admin


@contextlib.contextmanager
def fresh_database(tmp_path: Path):
    """A DATABASE_URL for an empty database, dropped afterwards."""
    if not postgresql():
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    from tests.worker import test_database_url

    base = connection.settings_dict["NAME"].removeprefix("test_")
    name = f"{base}_restore_{secrets.token_hex(4)}"
    admin = _postgresql_admin()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield test_database_url().rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@contextlib.contextmanager
def raw_connection(database_url: str):
    """A plain DB-API connection to the restored database, to tamper with it."""
    if database_url.startswith("sqlite:///"):
        handle = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    else:
        import psycopg2

        name = database_url.rsplit("/", 1)[1]
        conninfo, env = backup.postgresql_conninfo(
            {**connection.settings_dict, "NAME": name}
        )
        handle = psycopg2.connect(conninfo, password=env.get("PGPASSWORD"))
    try:
        yield handle
        handle.commit()
    finally:
        handle.close()


def test_a_backup_restores_into_a_fresh_database_byte_for_byte(
    published_desk, var_dir, tmp_path, need_pg_tools
):
    target = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", "--output", str(target), stdout=out)
    manifest = json.loads((target / "manifest.json").read_text())
    revisions = list(ReportRevision.objects.order_by("article_id", "number"))
    assert len(revisions) == 2
    assert [(r["article"], r["revision"]) for r in manifest["reports"]] == [
        (r.article_id, r.number) for r in revisions
    ]
    assert set(manifest["reports"][0]["exports"]) == set(exporters.EXPORTERS)
    assert manifest["tables"]["annotations_source"] == Source.objects.count()
    assert f"{len(revisions)} report revisions" in out.getvalue()
    dump = (target / manifest["database"]["file"]).read_bytes()
    # The database's own format: a pg_dump custom archive, or an SQLite file.
    assert dump.startswith(b"PGDMP" if postgresql() else b"SQLite format 3\x00")
    assert (target / "files" / "demo-logins.txt").read_text() == DEMO_LOGINS
    assert not (target / "files" / "cache").exists()

    restored_var = tmp_path / "restored-var"
    with fresh_database(tmp_path) as url:
        done = manage("restore", target, database_url=url, var=restored_var)
        assert done.returncode == 0, done.stderr
        assert "verify_restore" in done.stdout
        checked = manage("verify_restore", target, database_url=url, var=restored_var)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "The database matches the backup" in checked.stdout
        assert (restored_var / "demo-logins.txt").read_text() == DEMO_LOGINS

        # The restored desk serves the same bytes as the original.
        for revision in revisions:
            for identifier in ("json", "w3c", "html", "csv"):
                path = tmp_path / f"r{revision.number}.{identifier}"
                exported = manage(
                    "export_report", revision.article_id, "--format", identifier,
                    "--revision", revision.number, "-o", path,
                    database_url=url, var=restored_var,
                )  # fmt: skip
                assert exported.returncode == 0, exported.stderr
                assert path.read_bytes() == exporters.get(identifier).render(
                    revision.snapshot
                )

        # A database with desk data is not overwritten unless forced.
        again = manage("restore", target, database_url=url, var=restored_var)
        assert again.returncode != 0
        assert "not empty" in again.stderr
        assert "--force" in again.stderr

        # The check catches a lost row and a changed report.
        first = revisions[0]
        with raw_connection(url) as handle:
            cursor = handle.cursor()
            # Its quote check goes first: PostgreSQL holds the foreign key.
            cursor.execute(
                "DELETE FROM annotations_quotecheck WHERE citation_id = "
                "(SELECT MIN(id) FROM annotations_citation)"
            )
            cursor.execute(
                "DELETE FROM annotations_citation WHERE id = "
                "(SELECT MIN(id) FROM annotations_citation)"
            )
            cursor.execute(
                "UPDATE reports_reportrevision SET snapshot_json = "
                "REPLACE(snapshot_json, 'memorandum', 'memorandom') "
                f"WHERE article_id = {first.article_id} AND number = {first.number}"
            )
        checked = manage("verify_restore", target, database_url=url, var=restored_var)
        assert checked.returncode == 1
        assert "Table annotations_citation has" in checked.stdout
        assert (
            f"Revision {first.number} of article #{first.article_id}: its snapshot"
            in checked.stdout
        )

        forced = manage(
            "restore", target, "--force", database_url=url, var=restored_var
        )
        assert forced.returncode == 0, forced.stderr
        checked = manage("verify_restore", target, database_url=url, var=restored_var)
        assert checked.returncode == 0, checked.stdout + checked.stderr


RESTORED_CAPTURES = """
import json
from django.test import Client
from django.urls import reverse
from annotations.models import Capture
from annotations.services.captures import capture_verify
from reports.models import ReportRevision

verified = {c.pk: capture_verify(c) for c in Capture.objects.filter(state="captured")}
def frozen(value):
    if isinstance(value, dict):
        if isinstance(value.get("capture"), dict):
            yield value["capture"]
        for item in value.values():
            yield from frozen(item)
    elif isinstance(value, list):
        for item in value:
            yield from frozen(item)


served = {}
for revision in ReportRevision.objects.all():
    for capture in frozen(revision.snapshot):
        answer = Client(HTTP_HOST="localhost").get(
            reverse("report-capture", args=[revision.article_id, capture["id"]])
        )
        served[capture["id"]] = [answer.status_code, answer.get("X-Capture-Sha256", "")]
print(json.dumps({"verified": verified, "served": served}))
"""


def test_a_restored_desk_has_every_capture_file_back_and_serves_them(
    published_desk, var_dir, tmp_path, need_pg_tools, captures_folder
):
    """Backup, wipe the captures folder, restore into a fresh database and var: every
    capture file is back byte for byte, verifies against its row's hash, and the
    published report serves it; a damaged capture file in the backup is refused."""
    stored = list(Capture.objects.filter(state="captured").exclude(file_path=""))
    assert {c.origin for c in stored} == {"fetched", "uploaded"}
    originals = {
        c.file_path: (captures_folder / c.file_path).read_bytes() for c in stored
    }
    target = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", "--output", str(target), stdout=out)
    assert "2 capture files" in out.getvalue()
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["captures"]["storage"] == "copied"
    assert set(manifest["captures"]["files"]) == set(originals)
    shutil.rmtree(captures_folder)

    restored_var = tmp_path / "restored-var"
    with fresh_database(tmp_path) as url:
        done = manage("restore", target, database_url=url, var=restored_var)
        assert done.returncode == 0, done.stderr
        for name, data in originals.items():
            assert (restored_var / "captures" / name).read_bytes() == data
        checked = manage("verify_restore", target, database_url=url, var=restored_var)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "2 capture files" in checked.stdout
        looked = manage(
            "shell", "-c", RESTORED_CAPTURES, database_url=url, var=restored_var
        )
        assert looked.returncode == 0, looked.stderr
        seen = json.loads(looked.stdout.strip().splitlines()[-1])
        assert seen["verified"] == {str(c.pk): True for c in stored}
        assert seen["served"] == {str(c.pk): [200, c.sha256] for c in stored}

        # A lost capture file is a difference.
        (restored_var / "captures" / stored[1].file_path).unlink()
        checked = manage("verify_restore", target, database_url=url, var=restored_var)
        assert checked.returncode == 1
        assert f"Capture file {stored[1].file_path} is missing" in checked.stdout

        # A damaged capture file in the backup is refused before anything is done.
        damaged = target / "captures" / stored[0].file_path
        damaged.write_bytes(damaged.read_bytes() + b"!")
        again = manage("restore", target, "--force", database_url=url, var=restored_var)
        assert again.returncode != 0
        assert "is damaged" in again.stderr


def test_a_capture_storage_that_is_not_a_folder_is_recorded_not_copied(
    published_desk, var_dir, tmp_path, settings
):
    """An object store (here Django's in-memory storage standing in for S3) is
    backed up by its own means: the backup copies nothing and says so."""
    settings.STORAGES = {
        **settings.STORAGES,
        "captures": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    target = tmp_path / "backup"
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", "--output", str(target), stdout=out, stderr=err)
    captures_entry = json.loads((target / "manifest.json").read_text())["captures"]
    assert captures_entry["storage"] == "not copied"
    assert captures_entry["backend"].endswith("InMemoryStorage")
    assert (captures_entry["named"], captures_entry["files"]) == (2, {})
    assert not (target / "captures").exists()
    assert "back that storage up by its own means" in err.getvalue()


def test_a_changed_rendering_is_caught(
    published_desk, var_dir, tmp_path, need_pg_tools
):
    """verify_restore compares each format's bytes, not only the snapshots."""
    target = tmp_path / "backup"
    call_command("backup", "--output", str(target), "--formats", "md,csv",
                 stdout=io.StringIO())  # fmt: skip
    manifest = json.loads((target / "manifest.json").read_text())
    manifest["reports"][1]["exports"]["csv"] = "0" * 64
    (target / "manifest.json").write_text(json.dumps(manifest))
    problems, _notes = backup.verify(target)
    entry = manifest["reports"][1]
    assert problems == [
        f"Revision {entry['revision']} of article #{entry['article']}: its csv "
        "export differs."
    ]


def test_bad_backups_are_refused_before_anything_is_written(
    published_desk, var_dir, tmp_path, need_pg_tools
):
    target = tmp_path / "backup"
    call_command("backup", "--output", str(target), "--formats", "json",
                 stdout=io.StringIO())  # fmt: skip
    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("backup", "--output", str(target), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Unknown format 'docx'"):
        call_command("backup", "--output", str(tmp_path / "b2"), "--formats", "docx")
    with pytest.raises(CommandError, match=r"no manifest\.json"):
        call_command("restore", str(tmp_path))

    manifest_path = target / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    other = "sqlite" if postgresql() else "postgresql"
    manifest_path.write_text(
        json.dumps({**manifest, "database": {**manifest["database"], "engine": other}})
    )
    with pytest.raises(CommandError, match=f"backup is of a {other} database"):
        call_command("restore", str(target), "--force")
    manifest_path.write_text(json.dumps(manifest))
    dump = target / manifest["database"]["file"]
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="is damaged"):
        call_command("restore", str(target), "--force")
    # Nothing was touched: the desk is still here.
    assert ReportRevision.objects.count() == 2


def test_a_failed_backup_leaves_nothing_behind(
    published_desk, var_dir, tmp_path, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(backup, "_report_entries", broken)
    target = tmp_path / "backup"
    with pytest.raises(OSError, match="No space left"):
        call_command("backup", "--output", str(target), stdout=io.StringIO())
    assert list(target.iterdir()) == []


def test_without_pg_dump_a_postgresql_backup_says_what_to_install(
    published_desk, var_dir, tmp_path, monkeypatch
):
    if not postgresql():
        pytest.skip("SQLite needs no tool of its own")
    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    target = tmp_path / "backup"
    with pytest.raises(
        CommandError, match=r"pg_dump is not on PATH.*postgresql-client"
    ):
        call_command("backup", "--output", str(target), stdout=io.StringIO())
    assert not target.exists()


def test_the_postgresql_manifest_describes_exactly_the_dump(
    published_desk, var_dir, tmp_path, need_pg_tools, monkeypatch
):
    """A row written while the backup runs is in neither the dump nor the
    manifest: both come from one snapshot of the database."""
    if not postgresql():
        pytest.skip("pg_dump's exported snapshot is PostgreSQL's")
    run = backup._run

    def write_then_run(command, env, what):
        Source.objects.create(title="Written during the backup", url="")
        return run(command, env, what)

    monkeypatch.setattr(backup, "_run", write_then_run)
    target = tmp_path / "backup"
    call_command("backup", "--output", str(target), "--formats", "json",
                 stdout=io.StringIO())  # fmt: skip
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["tables"]["annotations_source"] == Source.objects.count() - 1
    with fresh_database(tmp_path) as url:
        var = tmp_path / "restored-var"
        assert manage("restore", target, database_url=url, var=var).returncode == 0
        checked = manage("verify_restore", target, database_url=url, var=var)
        assert checked.returncode == 0, checked.stdout + checked.stderr
