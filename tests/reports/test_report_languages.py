"""Exported reports in the article's language (docs/REPORTS-I18N.md): labels from the
reports catalogue, dates from CLDR, `lang` and `dir` on the document, and a tag the
desk cannot read falling back to English without an error."""

import json

import lxml.html
import pytest

from reports.exporters import _i18n
from reports.exporters.html_document import render_html
from reports.exporters.markdown_text import render_markdown


def _in(snapshot, language):
    snapshot["article"]["language"] = language
    return snapshot


def _root(page):
    return lxml.html.document_fromstring(page.encode("utf-8"))


@pytest.mark.parametrize(
    ("tag", "catalogue"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("es_AR", "es"),
        ("pt-BR", "pt"),
        ("pt-PT", "pt"),
        ("de-CH", "de"),
        ("fr-CA", "fr"),
        ("ar", "ar"),
        ("ar-EG", "ar"),
        ("AR", "ar"),
        ("hy-AM", "hy"),
        ("hi-IN", "hi"),
        ("it-CH", "it"),
        ("ru-RU", "ru"),
    ],
)
def test_a_tag_finds_its_catalogue_through_its_base_language(tag, catalogue):
    expected = _i18n.language(catalogue).gettext("Verdicts at a glance")
    assert expected != "Verdicts at a glance"
    assert _i18n.language(tag).gettext("Verdicts at a glance") == expected


@pytest.mark.parametrize(
    "tag",
    ["", None, 42, "zz", "qq-ZZ", "<script>", "en US", "-", "x" * 300, "es-" * 40],
)
def test_an_unknown_or_malformed_tag_is_english(tag, seed):
    language = _i18n.language(tag)
    assert language.gettext("Verdicts at a glance") == "Verdicts at a glance"
    assert language.direction == "ltr"
    page = render_html(_in(seed, tag))
    root = _root(page)
    assert root.get("dir") == "ltr"
    assert root.get("lang") in {"en", "zz", "qq-ZZ"}
    assert "Verdicts at a glance" in page
    assert "Verdicts at a glance" in render_markdown(seed)


@pytest.mark.parametrize(
    ("tag", "direction"),
    [
        ("ar", "rtl"),
        ("he", "rtl"),
        ("fa", "rtl"),
        ("ur", "rtl"),
        ("ps", "rtl"),
        ("ckb", "rtl"),
        ("ar-MA", "rtl"),
        ("es", "ltr"),
        ("hi", "ltr"),
        ("hy", "ltr"),
        ("am", "ltr"),
        ("zh-Hant-TW", "ltr"),
    ],
)
def test_the_document_carries_the_language_and_its_direction(tag, direction, seed):
    root = _root(render_html(_in(seed, tag)))
    assert root.get("lang") == tag
    assert root.get("dir") == direction
    assert root.xpath('//div[@class="article-body"]/@lang') == [tag]


def test_a_spanish_report_speaks_spanish(seed):
    page = render_html(_in(seed, "es"))
    root = _root(page)
    headings = [h.text_content() for h in root.xpath("//h2")]
    assert headings == [
        "Los veredictos de un vistazo",
        "Alcance",
        "El artículo, anotado",
        "Las afirmaciones, verificadas",
        "Cómo lo verificamos",
        "Correcciones y actualizaciones",
    ]
    # Dates in CLDR's Spanish long form: the article's date and the approval time.
    assert "9 de marzo de 2021" in page
    assert "Aprobado por Eddie Editor el 29 de noviembre de 2026, 16:20 UTC." in page
    assert root.xpath("//title")[0].text.startswith("Verificación: ")
    assert "Página " in root.xpath("//style")[-1].text
    for english in ("Verdicts at a glance", "Our verdict", "Approved by", "Evidence"):
        assert english not in page


def test_an_arabic_report_speaks_arabic_right_to_left(seed):
    page = render_html(_in(seed, "ar"))
    root = _root(page)
    assert root.get("dir") == "rtl"
    assert root.xpath("//h2")[0].text_content() == "الأحكام في لمحة"
    assert "حكمنا: " in page
    assert "9 مارس 2021" in page
    # The PDF's margin boxes mirror: the page number moves to the left.
    page_rule = root.xpath("//style")[-1].text
    assert '@bottom-left { content: "الصفحة " counter(page) " من " counter(pages)' in (
        page_rule
    )


@pytest.mark.parametrize(
    ("count", "opening"),
    [(1, "ادعاء واحد"), (2, "ادعاءان"), (3, "3 ادعاءات"), (0, "لم يُتحقق")],
)
def test_the_description_counts_in_the_language(count, opening, seed):
    seed = _in(seed, "ar")
    seed["claims"] = (seed["claims"] * 2)[:count]
    root = _root(render_html(seed))
    description = root.xpath('//meta[@name="description"]/@content')[0]
    assert description.startswith(opening)


@pytest.mark.parametrize(
    ("count", "words"),
    [(1, "1 утверждение."), (3, "3 утверждения."), (5, "5 утверждений.")],
)
def test_a_russian_description_counts_with_russian_plurals(count, words, seed):
    seed = _in(seed, "ru")
    seed["claims"] = (seed["claims"] * 5)[:count]
    root = _root(render_html(seed))
    description = root.xpath('//meta[@name="description"]/@content')[0]
    assert description.endswith(words)


def test_a_spanish_markdown_report(seed):
    document = render_markdown(_in(seed, "es"))
    assert document.startswith("# Verificación: ")
    for heading in (
        "## Los veredictos de un vistazo",
        "## Alcance",
        "## El artículo",
        "## Afirmaciones",
        "## Metodología",
        "## Correcciones",
    ):
        assert f"\n{heading}\n" in document
    assert "| # | Afirmación | Veredicto | Fuentes |" in document
    assert "- Firma: " in document
    assert "9 de marzo de 2021" in document
    assert "Claim " not in document
    assert "Verdicts" not in document


@pytest.mark.parametrize("tag", ["ar", "es", "de"])
def test_hostile_text_stays_inert_inside_translated_messages(tag, hostile):
    """Values placed into a translated message ("Claim %(number)s") are escaped
    by the engine like any other value."""
    hostile["article"]["language"] = tag
    page = render_html(hostile)
    root = _root(page)
    for script in root.xpath("//script"):
        assert script.get("type") == "application/ld+json"
        json.loads(script.text)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag not in {"img", "iframe", "object", "embed", "svg", "form"}
        assert not any(name.lower().startswith("on") for name in element.attrib)
    assert root.get("lang") == tag


def test_a_css_string_cannot_break_out_of_its_rule():
    from reports.exporters.html_document import css_string

    value = str(css_string('"; } </style><script>x</script> \\ Página 3'))
    assert value.startswith('"')
    assert value.endswith('"')
    inner = value[1:-1]
    assert '"' not in inner
    assert "<" not in inner
    assert "}" not in inner
    assert "Página 3" in inner  # letters, digits and spaces stay readable


def test_user_text_against_the_report_direction_keeps_its_own(seed):
    """WeasyPrint has no dir="auto": blocks whose first strong letter runs against
    the report get their direction written out, and only those."""
    seed = _in(seed, "ar")
    seed["claims"][0]["citations"][0]["quote"] = "«إن المحطة ستنتج» 300 مليون متر مكعب"
    root = _root(render_html(seed))
    methodology = root.xpath('//section[@id="methodology"]/p')
    assert methodology
    assert {p.get("dir") for p in methodology} == {"ltr"}
    quotes = root.xpath('//blockquote[@class="quote"]/p')
    assert quotes[0].get("dir") is None  # Arabic in an Arabic report
    assert quotes[1].get("dir") == "ltr"


def test_an_arabic_quote_in_an_english_report_reads_right_to_left(seed):
    seed["claims"][0]["citations"][0]["quote"] = "قال الوزير إن المشروع 2029"
    root = _root(render_html(seed))
    quotes = root.xpath('//blockquote[@class="quote"]/p')
    assert quotes[0].get("dir") == "rtl"
    assert {p.get("dir") for p in quotes[1:]} == {None}
    assert root.xpath("//h1")[0].get("dir") is None


@pytest.mark.parametrize(
    ("tag", "script"),
    [("hi", "Deva"), ("ar", "Arab"), ("es", "Latn"), ("sr-Latn", "Latn"),
     ("sr", "Cyrl"), ("zh-Hant", "Hant"), ("hy", "Armn"), ("zz", "Latn")],
)  # fmt: skip
def test_the_main_element_names_the_script(tag, script, seed):
    root = _root(render_html(_in(seed, tag)))
    assert root.xpath("//main/@data-script") == [script]
