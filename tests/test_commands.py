"""Command-line tools: one-line errors, nothing half-saved, idempotent seeds."""

import io
import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from annotations.models import Article, Claim, RatingLabel
from tests import factories

SEED = settings.BASE_DIR / "seeds" / "china-russia-moon-base.txt"


def run_command(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        input=stdin,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_split_text_prints_the_seed_claims_as_json():
    out = io.StringIO()
    call_command("split_text", str(SEED), stdout=out)
    claims = json.loads(out.getvalue())
    text = SEED.read_text(encoding="utf-8")
    assert all(text[c["start"] : c["end"]] == c["text"] for c in claims)
    by_text = {c["text"]: c for c in claims}
    cnsa = next(
        c for c in claims if "China National Space Administration said" in c["text"]
    )
    assert cnsa["kind"] == "claim"
    assert cnsa["attribution"] == "the China National Space Administration"
    assert cnsa["text"].startswith('"China and Russia will use')
    assert by_text["March 9, 2021"]["kind"] != "claim"
    nelson = next(c for c in claims if "(D., Fla.)" in c["text"])
    assert nelson["text"].endswith("private space flight.")
    assert any(
        "U.S.-China relations" in c["text"] and c["text"].startswith("Nelson")
        for c in claims
    )


def test_split_text_reads_stdin():
    result = run_command(
        "split_text", "-", stdin=b"First claim here. Second one there."
    )
    assert result.returncode == 0, result.stderr
    assert [c["text"] for c in json.loads(result.stdout)] == [
        "First claim here.",
        "Second one there.",
    ]


def test_split_text_takes_the_language_and_says_when_it_has_no_rules(tmp_path):
    path = tmp_path / "es.txt"
    path.write_text(
        'Por Ana Ruiz\n\n"Subirá el 5 %", dijo la ministra Carmen Ortega.',
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("split_text", str(path), "--language", "es", stdout=out)
    claims = json.loads(out.getvalue())
    assert [c["kind"] for c in claims] == ["byline", "claim"]
    assert claims[1]["attribution"] == "la ministra Carmen Ortega"
    err = io.StringIO()
    call_command("split_text", str(path), "--language", "hy", stdout=out, stderr=err)
    assert "No attribution rules for 'hy'" in err.getvalue()
    err = io.StringIO()
    call_command("split_text", str(path), "--language", "el", stdout=out, stderr=err)
    assert "No kind or attribution rules for 'el'" in err.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ("caf\u00e9".encode("latin-1"), "UTF-8"),
    ],
)
def test_split_text_bad_input_is_one_line_on_stderr(tmp_path, content, message):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    result = run_command("split_text", str(path))
    assert result.returncode != 0
    assert message in result.stderr.decode()
    assert len(result.stderr.decode().strip().splitlines()) == 1
    assert result.stdout == b""


def test_split_text_missing_file():
    result = run_command("split_text", "/nonexistent/file.txt")
    assert result.returncode != 0
    assert "No such file" in result.stderr.decode()


@pytest.mark.django_db
def test_import_article_from_a_file(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        "# Budget vote\n\nThe council approved $3 million on Monday.", encoding="utf-8"
    )
    out = io.StringIO()
    call_command("import_article", str(path), stdout=out)
    article = Article.objects.get()
    assert article.title == "Budget vote"
    assert "Imported article" in out.getvalue()
    for claim in article.claims.all():
        assert article.body[claim.start : claim.end] == claim.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00", "binary"),
        ("latin.txt", "caf\u00e9 au lait".encode("latin-1"), "UTF-8"),
        ("image.png", b"\x89PNG", "Unsupported"),
    ],
)
def test_import_article_bad_files_save_nothing(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_article", str(path))
    assert Article.objects.count() == 0
    assert Claim.objects.count() == 0


@pytest.mark.django_db
def test_import_article_oversized_file(tmp_path, settings):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 1000
    path = tmp_path / "big.txt"
    path.write_bytes(b"A sentence. " * 200)
    with pytest.raises(CommandError, match="limit is 1,000"):
        call_command("import_article", str(path))
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_import_article_refuses_loopback_urls_by_default():
    with pytest.raises(CommandError, match="private or local address"):
        call_command("import_article", "http://127.0.0.1:9/article")
    assert Article.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["http://", "https://exa mple.org/x", "http://[::1"])
def test_import_article_malformed_url(url):
    with pytest.raises(CommandError):
        call_command("import_article", url)
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_load_seeds_is_idempotent(monkeypatch):
    monkeypatch.setenv("FACTCHECK_DEMO_REVIEWER_PASSWORD", "review-pass-1")
    first = io.StringIO()
    call_command("load_seeds", stdout=first)
    assert "reviewer  review-pass-1" in first.getvalue()
    second = io.StringIO()
    call_command("load_seeds", stdout=second)
    assert "already loaded" in second.getvalue()
    assert "Demo logins" not in second.getvalue()
    assert Article.objects.count() == 1
    assert (
        User.objects.filter(username__in=["reviewer", "editor", "admin"]).count() == 3
    )
    assert User.objects.get(username="reviewer").check_password("review-pass-1")
    assert User.objects.get(username="editor").memberships.get().role == "editor"
    assert RatingLabel.objects.filter(scale__is_default=True).count() == 7
    article = Article.objects.get()
    assert article.published_on.isoformat() == "2021-03-09"
    assert article.publisher == ""
    assert article.byline == ""


@pytest.mark.django_db
def test_import_article_from_a_local_page_when_private_urls_are_allowed(settings):
    """With the setting on (as in tests), a page is fetched and its main text kept."""
    import http.server
    import threading

    page = (
        b"<html><head><title>Moon deal</title></head><body><article><h1>Moon deal</h1>"
        b"<p>China and Russia signed a long-term agreement on Tuesday to construct a "
        b"joint moon base, according to SpaceNews.</p><script>alert(1)</script>"
        b"</article></body></html>"
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    try:
        call_command("import_article", f"http://127.0.0.1:{server.server_address[1]}/a")
    finally:
        server.shutdown()
    article = Article.objects.get()
    assert article.title == "Moon deal"
    assert "joint moon base" in article.body
    assert "alert" not in article.body
    assert article.url.startswith("http://127.0.0.1:")


# --- review_claim: the editorial loop from the command line -------------------------


@pytest.fixture
def rated_claim(reviewer):
    from annotations import services
    from annotations.models import RatingLabel

    article = factories.ArticleFactory()
    (claim, *_rest) = factories.claims_for(article, checkworthiness=0.6)
    services.rating_set(
        claim=claim,
        reviewer=reviewer,
        label=RatingLabel.objects.get(scale__is_default=True, slug="true"),
    )
    return claim


def _review(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("review_claim", *map(str, args), stdout=out, stderr=err)
    return out.getvalue()


@pytest.mark.django_db
def test_review_claim_runs_the_loop_and_refuses_with_one_line(
    rated_claim, reviewer, editor
):
    from annotations.models import Verdict

    assert "submitted for review" in _review("submit", rated_claim.pk, "--user", "rita")
    approve = ["approve", rated_claim.pk, "--user", "eddie", "--label", "true"]
    # The gap gate: no citation on a check-worthy claim is a blocking no_source gap.
    with pytest.raises(CommandError, match="No source"):
        _review(*approve, "--explanation", "Confirmed.")
    assert not Verdict.objects.exists()
    out = _review(
        *approve, "--explanation", "Confirmed.", "--gap-override", "Phoned the clerk."
    )
    assert "approved as True" in out
    assert Verdict.objects.get().gap_override_reason == "Phoned the clerk."
    out = _review("reopen", rated_claim.pk, "--user", "eddie", "--reason", "Appeal.")
    assert "reopened" in out


@pytest.mark.django_db
def test_review_claim_keeps_the_two_person_rule(rated_claim, reviewer, editor):
    from annotations import services
    from annotations.models import RatingLabel, Verdict

    services.rating_set(
        claim=rated_claim,
        reviewer=editor,
        label=RatingLabel.objects.get(scale__is_default=True, slug="true"),
    )
    # Eddie rated it (a draft he never submitted): that is enough to be barred.
    _review("submit", rated_claim.pk, "--user", "rita")
    with pytest.raises(CommandError, match="two-person rule"):
        _review(
            "approve", rated_claim.pk, "--user", "eddie", "--label", "true",
            "--explanation", "Mine.", "--gap-override", "x",
        )  # fmt: skip
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_review_claim_refuses_reviewers_and_unknown_people(rated_claim, reviewer):
    _review("submit", rated_claim.pk, "--user", "rita")
    with pytest.raises(CommandError, match="Only editors"):
        _review("return", rated_claim.pk, "--user", "rita", "--comment", "Hm.")
    with pytest.raises(CommandError, match="No user"):
        _review("return", rated_claim.pk, "--user", "nobody", "--comment", "Hm.")
    with pytest.raises(CommandError, match="No claim"):
        _review("return", 999999, "--user", "rita", "--comment", "Hm.")


@pytest.mark.django_db
def test_access_matrix_prints_the_tested_table():
    out = io.StringIO()
    call_command("access_matrix", stdout=out)
    assert "| page | POST | `/claims/{submitted_claim}/approve/` |" in out.getvalue()
