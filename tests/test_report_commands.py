"""export_report and import_annotations: the command line, and the W3C round trip."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from annotations import services as desk
from annotations.models import Article, Claim, Verdict
from annotations.services.system import SYSTEM
from reports import exporters, services
from tests.report_fixtures import INTERNAL, verify_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(seed_text, reviewer, editor):
    article = desk.article_create(title="", body=seed_text, created_by=reviewer)
    verify_article(article, reviewer=reviewer, editor=editor)
    revision = services.article_publish(article=article, user=editor)
    return article, revision


def export(*args) -> bytes:
    out = io.StringIO()
    err = io.StringIO()
    call_command("export_report", *map(str, args), stdout=out, stderr=err)
    return err.getvalue()


@pytest.mark.parametrize("identifier", list(exporters.EXPORTERS))
def test_export_report_writes_each_format(published, tmp_path, identifier):
    article, revision = published
    path = tmp_path / f"out.{identifier}"
    message = export(article.pk, "--format", identifier, "-o", path)
    payload = path.read_bytes()
    assert payload == exporters.get(identifier).render(revision.snapshot)
    assert f"Wrote revision 1 as {identifier}" in message
    assert INTERNAL.encode() not in payload


def test_export_report_picks_a_revision_and_refuses_clearly(published, tmp_path):
    article, _revision = published
    export(article.pk, "--format", "json", "--revision", 1, "-o", tmp_path / "a")
    assert json.loads((tmp_path / "a").read_text())["report"]["revision"] == 1
    with pytest.raises(CommandError, match="has no revision 7"):
        export(article.pk, "--format", "json", "--revision", 7)
    draft = desk.article_create(
        created_by=SYSTEM, title="d", body="A short draft article text."
    )
    with pytest.raises(CommandError, match="has no published report"):
        export(draft.pk, "--format", "json")
    with pytest.raises(CommandError):
        export(article.pk, "--format", "docx")


def edited(body: str, claims: list[dict]) -> tuple[str, dict]:
    """The body edited above, between and below the claims, one claim's sentence
    deleted; returns the new body and the deleted claim."""
    deleted = claims[len(claims) // 2]
    new = body[: deleted["start"]] + body[deleted["end"] :]
    first = claims[0]["start"]
    new = "EDITOR'S NOTE: this story was updated on Friday.\n\n" + new
    second = new.index(claims[1]["text"])
    new = new[:second] + "An inserted sentence sits here now. " + new[second:]
    new += "\n\nA paragraph added below every claim, after publication."
    assert first >= 0
    return new, deleted


def test_the_w3c_round_trip_reanchors_every_claim_and_reports_a_deleted_one(
    published, editor, tmp_path
):
    article, revision = published
    collection = exporters.get("w3c").render(revision.snapshot)
    claims = revision.snapshot["claims"]
    body, deleted = edited(article.body, claims)
    moved = desk.article_create(title="Moved copy", body=body, created_by=editor)
    path = tmp_path / "annotations.jsonld"
    path.write_bytes(collection)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(
            "import_annotations", str(path), "--article", moved.pk, "--user", "eddie",
            stdout=out, stderr=err,
        )  # fmt: skip
    assert exit_info.value.code == 1  # one annotation could not be anchored
    assert (
        f"{len(claims) - 1} imported, 0 unchanged, 1 not anchored, 0 refused"
        in err.getvalue()
    )
    assert deleted["text"][:40] in out.getvalue()
    imported = Claim.objects.filter(article=moved, status="approved").order_by("start")
    expected = [c for c in claims if c["id"] != deleted["id"]]
    assert [c.text for c in imported] == [c["text"] for c in expected]
    for claim, source in zip(imported, expected, strict=True):
        assert moved.body[claim.start : claim.end] == claim.text
        verdict = Verdict.objects.get(claim=claim)
        assert verdict.label.name == source["verdict"]["name"]
        assert verdict.explanation == source["verdict"]["explanation"]
        assert verdict.imported_from.endswith(f"annotations/{source['id']}")
        assert claim.citations.count() == len(source["citations"])
        assert {c.quote for c in claim.citations.all()} == {
            c["quote"] for c in source["citations"]
        }


def test_import_annotations_refuses_bad_input_with_one_line(
    published, editor, tmp_path
):
    """Bad files are one clear line."""
    article, _revision = published

    def run(path, article_id=article.pk):
        call_command(
            "import_annotations", str(path), "--article", article_id, "--user", "eddie"
        )

    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(CommandError, match="not JSON"):
        run(bad)
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="not UTF-8"):
        run(binary)
    empty = tmp_path / "empty.json"
    empty.write_text("  ")
    with pytest.raises(CommandError, match="empty"):
        run(empty)
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "x")
    with pytest.raises(CommandError, match="No article"):
        run(bad, 999999)
    with pytest.raises(CommandError, match="may not import"):
        call_command(
            "import_annotations", str(bad), "--article", article.pk, "--user", "rita"
        )


def test_import_annotations_acts_only_for_the_editor_it_names(
    published, editor, admin_user, tmp_path
):
    """No --user is refused even with an admin on the desk (nobody is picked to act
    for), as is a name that is no active user; nothing is written either way."""
    article, revision = published
    path = tmp_path / "annotations.jsonld"
    path.write_bytes(exporters.get("w3c").render(revision.snapshot))
    copy = desk.article_create(
        title="Copy", body=article.body, created_by=editor, allow_duplicate=True
    )
    arguments = ["import_annotations", str(path), "--article", copy.pk]
    with pytest.raises(CommandError, match="--user NAME"):
        call_command(*arguments)
    with pytest.raises(CommandError, match="No active user 'nobody'"):
        call_command(*arguments, "--user", "nobody")
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="No active user 'eddie'"):
        call_command(*arguments, "--user", "eddie")
    assert not Claim.objects.filter(article=copy, status="approved").exists()


def test_an_imported_claim_never_cuts_through_someone_elses_work(
    published, reviewer, editor
):
    article, revision = published
    collection = json.loads(exporters.get("w3c").render(revision.snapshot))
    twin = Article.objects.create(title="Twin", body=article.body)
    first = revision.snapshot["claims"][0]
    worked = Claim.objects.create(
        article=twin, start=first["start"], end=first["end"], text=first["text"]
    )
    desk.comment_add(claim=worked, user=reviewer, body="mine")
    desk.rating_set(
        claim=worked, reviewer=reviewer, label=Verdict.objects.first().label
    )
    result = services.annotations_import(article=twin, user=editor, data=collection)
    assert [item["exact"][:30] for item in result.refused] == [first["text"][:30]]
    assert "already" in result.refused[0]["reason"]
    assert len(result.imported) == len(revision.snapshot["claims"]) - 1
    worked.refresh_from_db()
    assert worked.status == "in_progress"


def test_importing_the_same_file_again_writes_nothing_and_succeeds(
    published, editor, tmp_path
):
    article, revision = published
    path = tmp_path / "annotations.jsonld"
    path.write_bytes(exporters.get("w3c").render(revision.snapshot))
    copy = desk.article_create(
        title="Copy", body=article.body, created_by=editor, allow_duplicate=True
    )
    total = len(revision.snapshot["claims"])
    arguments = [str(path), "--article", copy.pk, "--user", "eddie"]
    call_command("import_annotations", *arguments, stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip
    verdicts = list(Verdict.objects.filter(claim__article=copy).values())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_annotations", *arguments, stdout=out, stderr=err)
    assert f"0 imported, {total} unchanged, 0 not anchored, 0 refused" in err.getvalue()
    assert out.getvalue().count("(imported before)") == total
    assert list(Verdict.objects.filter(claim__article=copy).values()) == verdicts
