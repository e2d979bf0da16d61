"""Articles in other languages through the import service: the language chosen
from the page and the text, sensible segments, kinds and speakers by the
language's rules, and correcting the language afterwards (page, API, service).

The articles under tests/data/articles/ were written for these tests."""

# This module holds typographic quotes on purpose.
# ruff: noqa: RUF001, RUF003

import re
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.errors import InvalidInput, NotAllowed
from annotations.extraction.splitting import split_sentences
from annotations.models import Article, Claim
from annotations.services.system import SYSTEM
from tests.factories import ArticleFactory, UserFactory, claims_for

pytestmark = pytest.mark.django_db

ARTICLES = Path(__file__).parent / "data" / "articles"


def _import(name: str, **overrides) -> Article:
    path = ARTICLES / name
    return services.article_import_file(
        data=path.read_bytes(),
        filename=path.name,
        **{"created_by": SYSTEM, **overrides},
    )


def _segments(article: Article) -> list[Claim]:
    return list(Claim.objects.filter(article=article).order_by("start"))


def _by_text(article: Article) -> dict[str, Claim]:
    return {claim.text: claim for claim in _segments(article)}


def _check_offsets(article: Article) -> None:
    """Offsets are sacred, no segment crosses a paragraph, every paragraph's words
    are in some segment."""
    body = article.body
    segments = _segments(article)
    for claim in segments:
        assert body[claim.start : claim.end] == claim.text
        assert claim.text == claim.text.strip()
        assert "\n\n" not in claim.text
    covered = set()
    for claim in segments:
        covered.update(range(claim.start, claim.end))
    for match in re.finditer(r"\S", body):
        assert match.start() in covered, body[match.start() : match.start() + 40]


def test_a_spanish_page_with_a_template_lang_en_is_spanish():
    """`<html lang="en">` on a page whose story is Spanish: the text overrules it."""
    article = _import("es-salario-minimo.html")
    assert article.language == "es"
    _check_offsets(article)
    segments = _by_text(article)
    first = _segments(article)[0]
    assert first.kind == Claim.Kind.HEADLINE
    assert first.text == "El Gobierno aprueba una subida del salario mínimo del 5 %"
    assert segments["MADRID (EFE) —"].kind == Claim.Kind.DATELINE
    quote = next(text for text in segments if text.startswith('"No vamos'))
    assert segments[quote].attribution == "Carmen Ortega"
    assert segments[quote].kind == Claim.Kind.CLAIM
    # A sub-heading that asks with a question word stays a question, as in English.
    assert segments["¿Quién pagará la subida?"].kind == Claim.Kind.QUESTION
    added = next(text for text in segments if text.startswith("Añadió que"))
    assert segments[added].attribution == "el presidente de la patronal"
    assert segments["Con información de EFE y Europa Press."].kind == (
        Claim.Kind.FOOTER
    )
    assert article.byline == "Lucía Fernández and Andrés Molina"


def test_an_arabic_page_declares_arabic_and_reads_right_to_left_speakers():
    article = _import("ar-alhad-aladna.html")
    assert article.language == "ar"
    _check_offsets(article)
    segments = _segments(article)
    assert segments[0].kind == Claim.Kind.HEADLINE
    assert segments[1].text == "القاهرة (رويترز) -"
    assert segments[1].kind == Claim.Kind.DATELINE
    speakers = [claim.attribution for claim in segments if claim.kind == "claim"]
    assert speakers == [
        "وزارة العمل",
        "وزير المالية",
        "وزير المالية",  # "وأضاف أن …": the subject left out is the minister
        "رئيس النقابة العامة",  # "للعاملين للصحفيين": "to the …" ends it
        "الجهاز المركزي",
    ]
    assert segments[-1].kind == Claim.Kind.FOOTER  # "اقرأ أيضا: …"


def test_json_ld_in_language_wins_over_the_html_lang():
    article = _import("fr-electricite.html")
    assert article.language == "fr-FR"
    _check_offsets(article)
    segments = _by_text(article)
    quote = next(text for text in segments if text.startswith("« C'est un coup"))
    assert segments[quote].attribution == "Sophie Lambert"  # "a-t-elle reconnu"


def test_a_german_text_file_is_detected_and_split_by_its_rules():
    article = _import("de-mindestlohn.txt")
    assert article.language == "de"
    _check_offsets(article)
    segments = _by_text(article)
    assert segments["Von Anna Schmidt und Jan Berg"].kind == Claim.Kind.BYLINE
    assert segments["Veröffentlicht am 14.10.2025, 10:32 Uhr"].kind == (
        Claim.Kind.TIMESTAMP
    )
    assert segments["Berlin (dpa) -"].kind == Claim.Kind.DATELINE
    said = next(text for text in segments if text.startswith("„Wir sorgen"))
    assert segments[said].attribution == "Arbeitsminister Thomas Keller"
    told = next(text for text in segments if text.startswith("Am Abend teilte"))
    assert segments[told].attribution == "das Ministerium"
    assert segments["Wer zahlt am Ende?"].kind == Claim.Kind.QUESTION
    assert segments["Mit Material von dpa und Reuters"].kind == Claim.Kind.FOOTER


def test_a_portuguese_text_file_is_detected():
    article = _import("pt-salario-minimo.txt")
    assert article.language == "pt"
    segments = _by_text(article)
    assert segments["Por Mariana Costa e João Pereira"].kind == Claim.Kind.BYLINE
    quote = next(text for text in segments if text.startswith('"Não há'))
    assert segments[quote].attribution == "Rui Almeida"


@pytest.mark.parametrize(
    ("name", "language", "headline"),
    [
        (
            "hy-ashkhatavardz.txt",
            "hy",
            "Կառավարությունը բարձրացնում է նվազագույն աշխատավարձը",
        ),
        ("hi-mazdoori.md", "hi", "सरकार ने न्यूनतम मजदूरी बढ़ाने का फैसला किया"),
    ],
)
def test_a_language_without_rules_imports_with_its_language_and_no_guesses(
    name, language, headline
):
    """Armenian and Hindi: the right language, the headline by its place, every
    paragraph's text in segments, no speaker guessed with another language's
    words."""
    article = _import(name)
    assert article.language == language
    _check_offsets(article)
    segments = _segments(article)
    assert segments[0].text == headline
    assert segments[0].kind == Claim.Kind.HEADLINE
    assert all(claim.attribution == "" for claim in segments)
    assert {claim.kind for claim in segments[1:]} == {Claim.Kind.CLAIM}


# Whether the splitter ends a sentence at "։" and "।" (the multilingual splitter
# is another change to sentences.py): the sentence-level checks wait for it.
SCRIPT_TERMINALS = all(
    len(split_sentences(text)) == 2
    for text in ("Առաջին նախադասություն։ Երկրորդը։", "पहला वाक्य है। दूसरा है।")
)


@pytest.mark.skipif(
    not SCRIPT_TERMINALS, reason="the splitter does not end sentences at ։ or । yet"
)
@pytest.mark.parametrize("name", ["hy-ashkhatavardz.txt", "hi-mazdoori.md"])
def test_armenian_and_hindi_sentences_are_segments(name):
    article = _import(name)
    for claim in _segments(article)[1:]:
        assert claim.text.count("։") + claim.text.count("।") <= 1, claim.text


def test_pasted_text_detects_its_language_and_a_short_one_takes_the_default(
    settings,
):
    body = (
        "Kaupunginvaltuusto hyväksyi tiistaina uuden talousarvion, jonka mukaan "
        "kouluihin palkataan 40 uutta opettajaa ensi vuonna. Päätöksestä äänestettiin "
        "pitkän keskustelun jälkeen."
    )
    assert (
        services.article_create(created_by=SYSTEM, title="", body=body).language == "fi"
    )
    settings.FACTCHECK_DEFAULT_LANGUAGE = "es"
    short = services.article_create(
        created_by=SYSTEM, title="", body="Alpha beta gamma."
    )
    assert short.language == "es"


def test_a_named_language_is_taken_as_given_and_normalised():
    body = "The council approved a budget of $3 million on Monday."
    article = services.article_create(
        created_by=SYSTEM, title="", body=body, language="en_gb"
    )
    assert article.language == "en-GB"
    with pytest.raises(InvalidInput, match="not a language tag"):
        services.article_create(
            created_by=SYSTEM, title="", body=body + " Again.", language="english"
        )


def test_an_override_wins_over_the_page_declaration():
    article = _import("ar-alhad-aladna.html", language="ar-EG")
    assert article.language == "ar-EG"


def test_setting_the_language_keeps_the_segments_and_new_claims_follow_it():
    reviewer = UserFactory(role="reviewer")
    body = (
        "Der Minister sagte, die Reform komme im Januar.\n\n"
        "Die Opposition kritisierte den Plan scharf."
    )
    article = services.article_create(
        title="", body=body, language="en", created_by=reviewer
    )
    before = [(c.start, c.end, c.kind, c.attribution) for c in _segments(article)]
    assert before[0][3] == ""  # English rules find no speaker in German
    article = services.article_set_language(
        article=article, user=reviewer, language="de_at"
    )
    assert Article.objects.get(pk=article.pk).language == "de-AT"
    after = [(c.start, c.end, c.kind, c.attribution) for c in _segments(article)]
    assert after == before  # extraction is not run again
    first = _segments(article)[0]
    claim = services.claim_rebound(
        claim=first, start=first.start, end=body.index("."), user=reviewer
    )
    assert claim.attribution == "Der Minister"  # a re-bounded claim follows German
    with pytest.raises(InvalidInput):
        services.article_set_language(article=article, user=reviewer, language="x")
    reader = UserFactory()
    with pytest.raises(NotAllowed):
        services.article_set_language(article=article, user=reader, language="fr")


def test_the_article_page_shows_and_corrects_the_language(client):
    reviewer = UserFactory(role="reviewer")
    article = _import("hy-ashkhatavardz.txt")
    client.force_login(reviewer)
    page = client.get(reverse("article-detail", args=[article.pk]))
    text = page.content.decode()
    assert "Language: <strong>Armenian</strong>" in text
    assert 'lang="hy" dir="auto"' in text
    claim = _segments(article)[1]
    panel = client.get(
        reverse("article-detail", args=[article.pk]) + f"?claim={claim.pk}"
    )
    assert "No attribution rules for Armenian yet" in panel.content.decode()
    url = reverse("article-language", args=[article.pk])
    refused = client.post(url, {"language": "not a tag"})
    assert refused.status_code == 400
    assert "not a language tag" in refused.content.decode()
    assert Article.objects.get(pk=article.pk).language == "hy"
    done = client.post(url, {"language": "es-mx"})
    assert done.status_code == 302
    assert Article.objects.get(pk=article.pk).language == "es-MX"
    panel = client.get(
        reverse("article-detail", args=[article.pk]) + f"?claim={claim.pk}"
    )
    assert "No kind or attribution rules" not in panel.content.decode()


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("el", "No kind or attribution rules for Greek yet"),
        ("hi", "No attribution rules for Hindi yet"),
        ("ru", "No attribution rules for Russian yet"),
    ],
)
def test_the_panel_says_which_rules_a_language_lacks(client, language, note):
    """A language with kind rules only (datelines, bylines…) is not told it has
    none; one with neither is told both are missing."""
    reviewer = UserFactory(role="reviewer")
    article = ArticleFactory(language=language)
    claim = claims_for(article)[0]
    client.force_login(reviewer)
    panel = client.get(
        reverse("article-detail", args=[article.pk]) + f"?claim={claim.pk}"
    )
    text = panel.content.decode()
    assert note in text
    other = "No attribution rules" if "kind" in note else "No kind or attribution"
    assert other not in text


def test_the_api_sets_the_language():
    reviewer = UserFactory(role="reviewer")
    article = _import("pt-salario-minimo.txt")
    api = APIClient()
    api.force_authenticate(reviewer)
    url = f"/api/v1/articles/{article.pk}/language/"
    answer = api.post(url, {"language": "pt_br"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["language"] == "pt-BR"
    refused = api.post(url, {"language": "{{lang}}"}, format="json")
    assert refused.status_code == 400
    created = api.post(
        "/api/v1/articles/",
        {"text": "Hola. El Gobierno aprobó el decreto.", "language": "zz-"},
        format="json",
    )
    assert created.status_code == 400
