"""Text the pure code makes in English and the desk stores or shows is said in the
reader's language where it is shown (docs/I18N.md): a sourcing gap's detail (by
its message id and parameters), the check-worthiness signals behind "Why", and
an article's language's name. The English stays what the pure code writes,
byte for byte.
"""

from __future__ import annotations

import importlib

import lxml.html
import pytest
from django.urls import reverse
from django.utils import translation

from annotations import services
from annotations.extraction import language as extraction_language
from annotations.extraction.splitting import features
from annotations.language_names import language_choices, language_name
from annotations.models import SourcingGap
from annotations.sourcing import details, gaps, scanner
from desk.templatetags import labels
from tests import factories
from tests.api import API, client_for
from tests.factories import label

LANGUAGES = ["es", "ar"]
fill_migration = importlib.import_module("annotations.migrations.0018_gap_detail_code")

# One example of every message id, its parameters, and the English the rules
# wrote before the ids existed (copied from the old f-strings, not computed).
EXAMPLES = {
    "no_source": ({}, "The claim cites no source."),
    "single_source": (
        {"count": 1, "minimum": 2},
        "1 source cited; at least 2 are needed.",
    ),
    "not_independent": (
        {"count": 3, "outlet": "Daily Planet"},
        "All 3 sources come from Daily Planet; cite an independent one.",
    ),
    "not_independent_one_outlet": (
        {"count": 2},
        "All 2 sources come from one outlet; cite an independent one.",
    ),
    "attribution_uncited": (
        {"attribution": "the Ministry of 100% Truth"},
        "The text attributes this to the Ministry of 100% Truth; no citation "
        "comes from them.",
    ),
    "no_primary": (
        {},
        "The claim reports an institution's statement or decision; cite the "
        "primary document or official statement.",
    ),
    "verdict_unsupported_false": (
        {},
        "Rated on the false side, but no citation refutes the claim.",
    ),
    "verdict_unsupported_true": (
        {},
        "Rated on the true side, but no citation supports the claim.",
    ),
    "dead_link": (
        {"url": "https://example.org/a?b=1"},
        "https://example.org/a?b=1 is dead and has no archived copy.",
    ),
    "no_archive": (
        {"url": "https://example.org/a?b=1"},
        "https://example.org/a?b=1 has no archived copy.",
    ),
    "quote_not_in_source": (
        {"source": "https://example.org/a?b=1"},
        "The quoted words are not in the capture of https://example.org/a?b=1.",
    ),
    "quote_not_in_source_unnamed": (
        {},
        "The quoted words are not in the capture of the cited source.",
    ),
}


def test_every_message_id_has_an_example_and_a_marked_sentence():
    assert set(EXAMPLES) == set(gaps.DETAIL_CODES) == set(details.SAYERS)


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_the_stored_english_is_what_the_rules_wrote_before(code):
    params, english = EXAMPLES[code]
    assert gaps.detail_english(code, params) == english
    with translation.override("en"):
        assert details.say(code, params, english) == english


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_a_gap_detail_is_said_in_the_readers_language(code, language):
    params, english = EXAMPLES[code]
    with translation.override(language):
        said = details.say(code, params, english)
    assert said != english
    english_words = ("source", "claim", "archived", "citation", "outlet")
    assert not any(word in said for word in english_words)
    for name, value in params.items():
        # The parameters are the user's or the desk's own values, kept as written
        # (Arabic says a count of one or two in words).
        if not (language == "ar" and name == "count" and value <= 2):
            assert str(value) in said


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_detail_without_a_known_id_is_shown_as_stored(language):
    with translation.override(language):
        assert details.say("", {}, "Checked by hand.") == "Checked by hand."
        assert details.say("bogus", {}, "Old text.") == "Old text."
        # Parameters that do not fit the id (a hand-edited row) never raise.
        assert details.say("single_source", {"count": "x"}, "Kept.") == "Kept."
        assert details.say("dead_link", [], "Kept.") == "Kept."


# Ids of kinds that came after migration 0018: their rows were written with
# their ids from the first, so the frozen migration never reads them.
AFTER_THE_MIGRATION = {"quote_not_in_source", "quote_not_in_source_unnamed"}


@pytest.mark.parametrize("code", sorted(set(EXAMPLES) - AFTER_THE_MIGRATION))
def test_the_migration_reads_each_stored_sentence_back(code):
    params, english = EXAMPLES[code]
    assert fill_migration.read(english) == (code, params)


def test_the_migration_leaves_text_it_does_not_know():
    assert fill_migration.read("Someone wrote this by hand.") is None
    assert fill_migration.read("") is None
    # Cut at the column's length: no sentence fits it whole.
    cut = gaps.detail_english("no_archive", {"url": "https://x.org/" + "a" * 600})
    assert fill_migration.read(cut) is None


@pytest.mark.django_db
def test_the_migration_fills_old_rows_and_keeps_unknown_ones(reviewer):
    article = factories.ArticleFactory(body="The bridge cost $4 million.")
    (claim,) = factories.claims_for(article, checkworthiness=0.9)
    now = article.created_at
    known = SourcingGap.objects.create(
        claim=claim,
        kind="no_source",
        detail="The claim cites no source.",
        opened_at=now,
        last_seen_at=now,
    )
    unknown = SourcingGap.objects.create(
        claim=claim,
        kind="single_source",
        detail="Written by an older version.",
        opened_at=now,
        last_seen_at=now,
        resolved_at=now,
    )
    from django.apps import apps

    fill_migration.fill_codes(apps, None)
    known.refresh_from_db()
    unknown.refresh_from_db()
    assert (known.detail_code, known.detail_params) == ("no_source", {})
    assert (unknown.detail_code, unknown.detail_params) == ("", {})
    with translation.override("es"):
        assert known.said_detail == "La afirmación no cita ninguna fuente."
        assert unknown.said_detail == "Written by an older version."


@pytest.fixture
def gapped_claim(db):
    article = factories.ArticleFactory(
        title="Ferry", body="The ferry terminal cost $48 million, twice the estimate."
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.9)
    scanner.scan_claims([claim.pk])
    return claim


@pytest.mark.django_db
def test_the_scanner_stores_the_id_and_parameters(reviewer, gapped_claim):
    source = factories.SourceFactory(url="https://example.org/report", archive_url="")
    services.citation_add(
        claim=gapped_claim, source=source, stance="supports", user=reviewer
    )
    scanner.scan_claims([gapped_claim.pk])
    stored = {
        gap.kind: gap
        for gap in SourcingGap.objects.filter(
            claim=gapped_claim, resolved_at__isnull=True
        )
    }
    assert stored["single_source"].detail_code == "single_source"
    assert stored["single_source"].detail_params == {"count": 1, "minimum": 2}
    assert stored["single_source"].detail == "1 source cited; at least 2 are needed."
    assert stored["no_archive"].detail_params == {"url": "https://example.org/report"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_panel_says_the_gap_detail_in_the_readers_language(
    client, reviewer, gapped_claim, language
):
    client.force_login(reviewer)
    html = client.get(
        reverse("claim-panel", args=[gapped_claim.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    with translation.override(language):
        expected = details.say("no_source", {}, "The claim cites no source.")
    assert expected in lxml.html.fromstring(html).text_content()
    assert "The claim cites no source." not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_the_api_says_the_detail_in_the_requests_language_beside_its_id(
    reviewer, gapped_claim, language
):
    response = client_for(reviewer).get(
        f"{API}/gaps/?claim={gapped_claim.pk}", HTTP_ACCEPT_LANGUAGE=language
    )
    (row,) = response.json()["results"]
    assert row["detail_code"] == "no_source"
    assert row["detail_params"] == {}
    with translation.override(language):
        expected = details.say("no_source", {}, "The claim cites no source.")
    assert row["detail"] == expected
    if language == "en":
        assert row["detail"] == "The claim cites no source."


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_approval_refusal_says_the_blocking_gap_in_the_readers_language(
    reviewer, editor, gapped_claim, language
):
    services.rating_set(claim=gapped_claim, reviewer=reviewer, label=label("false"))
    services.claim_submit(claim=gapped_claim, user=reviewer)
    gapped_claim.refresh_from_db()
    response = client_for(editor).post(
        f"{API}/claims/{gapped_claim.pk}/approve/",
        {"label": "false", "explanation": "Agreed.", "version": gapped_claim.version},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 409, response.json()
    with translation.override(language):
        expected = details.say("no_source", {}, "The claim cites no source.")
    assert expected in response.json()["detail"]


# --- the check-worthiness signals ----------------------------------------------


def test_every_signal_has_words_at_the_edge():
    assert set(labels.SIGNAL_WORDS) == {*features.SIGNAL_NAMES, features.BASIS_SIGNAL}


def _stored(name: str, evidence: str = "") -> dict:
    """A signal as extraction stores it (label in English)."""
    if name in ("word", "words"):
        key = ("w:" if name == "word" else "p:") + evidence
        english = features.word_label(key)
    elif name == features.BASIS_SIGNAL:
        english = features.BASIS_LABEL
    else:
        english = features.SIGNAL_LABELS[name]
    return {"name": name, "weight": 0.5, "label": english, "evidence": evidence}


@pytest.mark.parametrize(
    "signal",
    [
        *[_stored(name) for name in features.SIGNAL_NAMES],
        _stored(features.BASIS_SIGNAL),
        _stored("word", "billion"),
        _stored("words", "tax 0"),
    ],
    ids=lambda signal: f"{signal['name']}-{signal['evidence']}",
)
def test_a_signal_is_said_in_english_as_stored_and_else_in_the_readers_words(signal):
    with translation.override("en"):
        assert labels.signal_label(signal) == signal["label"]
    for language in LANGUAGES:
        with translation.override(language):
            said = labels.signal_label(signal)
        assert said
        assert said != signal["label"]
        if signal["name"] == "words":
            assert "tax <number>" in said  # the sentence's words stay as written
        if signal["name"] == "word":
            assert "billion" in said


def test_a_signal_without_words_keeps_its_stored_label():
    with translation.override("es"):
        assert labels.signal_label({"name": "novel", "label": "Novel"}) == "Novel"
        assert labels.signal_label({"name": "word", "label": "word ''"}) == "word ''"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_panels_why_line_says_the_signals_in_the_readers_language(
    client, reviewer, language
):
    article = factories.ArticleFactory(body="Taxes rose by 4 billion dollars in 2023.")
    (claim,) = factories.claims_for(
        article,
        checkworthiness=0.9,
        signals=[
            _stored("quantity"),
            _stored("date"),
            {**_stored("word", "billion"), "weight": 0.3},
        ],
    )
    client.force_login(reviewer)
    html = client.get(
        reverse("claim-panel", args=[claim.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    (why,) = lxml.html.fromstring(html).xpath("//p[@class='why']")
    text = why.text_content()
    for name in ("quantity", "date"):
        with translation.override(language):
            assert str(labels.SIGNAL_WORDS[name]) in text
        assert features.SIGNAL_LABELS[name] not in text
    assert "billion" in text
    assert "word 'billion'" not in text


# --- the languages' names -------------------------------------------------------

NAMES = {
    "es": {"es": "español", "pt-BR": "portugués (Brasil)", "hy": "armenio"},
    "ar": {"es": "الإسبانية", "pt-BR": "البرتغالية (البرازيل)", "hy": "الأرمنية"},
}


@pytest.mark.parametrize("tag", ["es", "pt-BR", "hy", "zz", "", None, "<b>"])
def test_a_language_name_in_english_is_the_pure_modules(tag):
    with translation.override("en"):
        assert language_name(tag) == extraction_language.name(tag)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_language_is_named_in_the_readers_language(language):
    with translation.override(language):
        for tag, name in NAMES[language].items():
            assert language_name(tag) == name
        assert language_name("zz") == "zz"  # a tag nobody names stays a tag
        assert language_name("") not in ("", "an unknown language")
        choices = dict(language_choices())
    assert choices["hy"] == NAMES[language]["hy"]
    assert set(choices) == set(extraction_language.NAMES)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_article_page_and_panel_name_the_language_in_the_readers_language(
    client, reviewer, language
):
    article = factories.ArticleFactory(
        body="Կառավարությունը հաստատել է 40 նոր դպրոցի ծրագիրը։",  # noqa: RUF001
        language="hy",
    )
    (claim,) = factories.claims_for(article, [article.body], checkworthiness=0.9)
    client.force_login(reviewer)
    page = client.get(
        reverse("article-detail", args=[article.pk]), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    name = NAMES[language]["hy"]
    assert f"<strong>{name}</strong>" in page
    assert "Armenian" not in page
    datalist = lxml.html.fromstring(page).xpath("//datalist[@id='language-options']")
    options = {o.get("value"): o.text_content() for o in datalist[0].xpath("option")}
    assert options["hy"] == name
    # Armenian has no attribution rules: the panel's note names the language.
    panel = client.get(
        reverse("claim-panel", args=[claim.pk]),
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()
    (note,) = lxml.html.fromstring(panel).xpath("//p[contains(@class, 'rules-note')]")
    assert name in note.text_content()
    assert "Armenian" not in note.text_content()
