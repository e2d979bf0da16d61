"""Excerpts-only reports (docs/PUBLISHING.md, "Excerpts only"): a desk that may not
reprint an article publishes the checked claims without the article's text, and
no public format, page or API answer carries a sentence of the body that is not a
checked claim; a full report still carries them."""

import json
import re

import pytest
from django.urls import reverse

from annotations import services as desk
from annotations.desksettings import DeskSettingsInvalid, clean_desk_settings
from annotations.errors import WorkflowConflict
from annotations.models import Claim
from reports import exporters, services
from tests.api import API, client_for
from tests.report_fixtures import verify_article
from tests.reports.test_exporters_json import VALIDATOR
from tests.reports.test_exporters_pdf import flat, pdf_text

pytestmark = pytest.mark.django_db

# Check-worthy factual sentences (the checked claims) between scenic sentences the
# splitter also offers as claims, which the test dismisses: those must never be
# published by an excerpts-only report. No character any format escapes (quotes,
# ampersands, Markdown marks), so a sentence is found as typed in every format.
SCENIC = [
    "Morning fog rolled slowly over the quiet harbour while fishermen mended "
    "their green nets.",
    "Lanterns swayed above the cobbled lanes as a brass band rehearsed somewhere "
    "near the cathedral.",
    "A violinist in a velvet coat played slow waltzes for passing tourists beside "
    "the fountain.",
]
FACTS = [
    "The city council approved a budget of 45 million euros for new tram lines in "
    "2025, the mayor said on Tuesday.",
    "Unemployment in the region fell to 6.2 percent last year, according to the "
    "national statistics office.",
    "Officials said the new bridge will cut commuting times by 30 percent and cost "
    "120 million euros.",
]
BODY = (
    f"{SCENIC[0]}\n\n{FACTS[0]} {FACTS[1]}\n\n{SCENIC[1]}\n\n{FACTS[2]} {SCENIC[2]}\n"
)
ORIGINAL = "https://news.example.com/city/trams-and-bridges"


@pytest.fixture
def article(reviewer, editor):
    article = desk.article_create(
        title="Trams, bridges and jobs",
        body=BODY,
        url=ORIGINAL,
        publisher="City News",
        created_by=reviewer,
    )
    for claim in Claim.objects.filter(article=article, kind="claim"):
        if claim.text in SCENIC:
            desk.claim_dismiss(claim=claim, reason="scenery", user=reviewer)
    verify_article(article, reviewer=reviewer, editor=editor)
    return article


def _public_texts(client, revision) -> dict[str, str]:
    """Every public rendering of the revision, as text: each format, the report
    page, the revision page and the API's revision."""
    article_id = revision.article_id
    texts = {}
    for exporter in exporters.all():
        response = client.get(
            reverse(
                "report-revision-export",
                args=[article_id, revision.number, exporter.identifier],
            )
        )
        assert response.status_code == 200, exporter.identifier
        payload = response.content
        if exporter.identifier == "pdf":
            texts["pdf"] = flat(pdf_text(payload))
        elif exporter.identifier.startswith("csv"):
            texts[exporter.identifier] = payload.decode("utf-8-sig")
        else:
            texts[exporter.identifier] = payload.decode("utf-8")
    for name, path in (
        ("page", reverse("report-detail", args=[article_id])),
        ("revision page", reverse("report-revision", args=[article_id, 1])),
    ):
        response = client.get(path)
        assert response.status_code == 200
        texts[name] = response.content.decode()
    answer = client_for(None).get(f"{API}/reports/{article_id}/?revision=1")
    assert answer.status_code == 200
    texts["api"] = json.dumps(answer.json(), ensure_ascii=False)
    return texts


def _found(sentence: str, rendered: str) -> bool:
    # PDF text is folded; other formats may break a line anywhere.
    return " ".join(sentence.split()) in " ".join(rendered.split())


def _published(article, editor, **choice):
    revision = services.article_publish(article=article, user=editor, **choice)
    checked = [claim["text"] for claim in revision.snapshot["claims"]]
    assert sorted(checked) == sorted(FACTS), "the fixture checks exactly the facts"
    return revision


def test_an_excerpts_only_report_publishes_no_sentence_that_is_not_a_claim(
    client, article, editor
):
    revision = _published(article, editor, excerpts_only=True)
    texts = _public_texts(client, revision)
    assert {"html", "pdf", "md", "csv", "csv-excel", "json", "claimreview"} <= set(
        texts
    )
    assert {"factcheck-api", "w3c", "page", "revision page", "api"} <= set(texts)
    for where, rendered in texts.items():
        for sentence in SCENIC:
            assert not _found(sentence, rendered), (where, sentence)
    # The checked claims are all there, and a reader is sent to the original.
    for where in ("html", "pdf", "md", "page", "json", "csv", "w3c"):
        for sentence in FACTS:
            assert _found(sentence, texts[where]), (where, sentence)
    for where in ("html", "md", "page"):
        assert ORIGINAL in texts[where], where
        assert "does not reprint the article" in texts[where], where
    assert "does not reprint the article" in texts["pdf"]
    frozen = revision.snapshot
    assert frozen["report"]["excerpts_only"] is True
    assert frozen["article"]["body"] == ""
    # Still a valid version-1 snapshot (reports/schemas/report-v1.schema.json).
    assert list(VALIDATOR.iter_errors(frozen)) == []


def test_a_full_report_still_reprints_the_article(client, article, editor):
    revision = _published(article, editor, excerpts_only=False)
    texts = _public_texts(client, revision)
    for where in ("html", "pdf", "md", "json", "page", "api"):
        for sentence in SCENIC:
            assert _found(sentence, texts[where]), (where, sentence)
    assert "does not reprint the article" not in texts["html"]
    assert revision.snapshot["report"]["excerpts_only"] is False


def test_w3c_selectors_keep_the_quote_and_a_short_context(client, article, editor):
    revision = _published(article, editor, excerpts_only=True)
    collection = json.loads(exporters.get("w3c").render(revision.snapshot))
    items = collection["first"]["items"]
    assert len(items) == len(FACTS)
    for item in items:
        for target in item["target"]:
            selectors = target["selector"]
            selectors = selectors if isinstance(selectors, list) else [selectors]
            quote = next(s for s in selectors if s["type"] == "TextQuoteSelector")
            assert quote["exact"] in FACTS
            start = BODY.index(quote["exact"])
            # The same selector a full report gives: the exact quote and 32
            # characters either side, no more.
            assert quote.get("prefix", "") == BODY[max(0, start - 32) : start]
            end = start + len(quote["exact"])
            assert quote.get("suffix", "") == BODY[end : end + 32]


def test_the_desks_setting_is_the_default_and_the_editor_chooses(
    client, article, editor
):
    workspace = article.workspace
    workspace.settings = {"report": {"excerpts_only": True}}
    workspace.save(update_fields=["settings"])
    client.force_login(editor)
    form = client.get(reverse("report-publish", args=[article.pk])).content.decode()
    assert re.search(r'name="excerpts_only"[^>]* checked', form)
    # Published without a word about it: the desk's default.
    first = services.article_publish(article=article, user=editor)
    assert first.snapshot["report"]["excerpts_only"] is True
    # The same choice again with nothing new is nothing to publish.
    with pytest.raises(WorkflowConflict):
        services.article_publish(article=article, user=editor, note="Again.")
    # The other choice is a change worth a correction, even with the same verdicts.
    response = client.post(
        reverse("report-publish", args=[article.pk]),
        {"note": "Now with the full article.", "excerpts_choice": "1"},
    )
    assert response.status_code == 302
    second = services.latest_revision(article)
    assert second.number == 2
    assert second.snapshot["report"]["excerpts_only"] is False
    assert SCENIC[0] in second.snapshot["article"]["body"]
    # The API's choice, and null for the desk's default.
    eddie = client_for(editor)
    response = eddie.post(
        f"{API}/reports/{article.pk}/publish/",
        {"note": "Excerpts again.", "excerpts_only": None},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert services.latest_revision(article).snapshot["report"]["excerpts_only"]
    refused = eddie.post(
        f"{API}/reports/{article.pk}/publish/",
        {"note": "x", "excerpts_only": "sometimes"},
        format="json",
    )
    assert refused.status_code == 400
    assert "excerpts_only" in refused.json()


def test_the_desk_setting_is_checked():
    assert clean_desk_settings({"report": {"excerpts_only": "on"}}) == {
        "report": {"excerpts_only": True}
    }
    assert clean_desk_settings({"report": {"excerpts_only": False}}) == {
        "report": {"excerpts_only": False}
    }
    with pytest.raises(DeskSettingsInvalid) as refused:
        clean_desk_settings({"report": {"excerpts_only": "perhaps"}})
    assert "report.excerpts_only" in refused.value.errors


def test_the_settings_page_saves_the_default(client, article, admin_user):
    workspace = article.workspace
    client.force_login(admin_user)
    page = reverse("desk-settings")
    shown = client.get(page).content.decode()
    assert 'name="excerpts_only"' in shown
    form = {
        "ratings_required": "1",
        "min_sources": "2",
        "checkworthy": "0.5",
        "excerpts_only": "on",
    }
    response = client.post(page, form)
    assert response.status_code == 200, response.content.decode()[:500]
    workspace.refresh_from_db()
    assert workspace.settings["report"]["excerpts_only"] is True
    del form["excerpts_only"]
    client.post(page, form)
    workspace.refresh_from_db()
    assert workspace.settings["report"]["excerpts_only"] is False
