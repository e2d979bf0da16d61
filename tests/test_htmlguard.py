"""Markup gets a size, tag and depth budget before any parser runs
(annotations/extraction/htmlguard.py), on every path where it enters: an uploaded page,
a page fetched by URL (pages, API, command), a Markdown file, and nh3."""

import http.server
import random
import threading

import httpx
import pytest
import tinyhtml5
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from annotations.errors import InvalidInput
from annotations.extraction import htmlguard, ingest
from annotations.models import Article

DEEP = "<html><body>" + "<div>" * 50_000 + "The council met." + "</div>" * 50_000
REFUSAL = "nests its elements more than 512 levels deep"


def parser_depth(markup: str) -> int:
    """How deep an HTML5 parser (tinyhtml5, the standard's tree construction)
    nests elements that hold something, not counting html and body: the depth its
    stack of open elements reaches. An empty element (a <br>, an <img>) never
    stays on that stack."""
    deepest, stack = 0, [(tinyhtml5.parse(markup), 0)]
    while stack:
        element, depth = stack.pop()
        if len(element) or (element.text or "").strip():
            deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest - 1


# --- the scan -------------------------------------------------------------------------

SLOPPY_PAGE = """<!doctype html><html><head><title>Harbour <b>budget</b></title>
<script>document.write("<div><div><div>" + "<p>");</script>
<style>p > b { color: red }</style></head><body>
<header><nav><ul><li><a href=/>Home<li><a href=/news>News<li>Sport</ul></nav></header>
<main><article><h1>Harbour budget approved</h1>
<p class=byline>By <b>A. Writer<p>The council approved a <b>$3.2 million budget
<p>for the harbour<br>on Monday.<img src=a.png alt="a > b"><p>It said so.
<svg class=icon viewBox="0 0 10 10"><path d="M0 0L10 10"/><circle r=5 /><g/></svg>
<table><tr><td>Year<td>Amount<tr><td>2026<td>$3.2m</table>
<!-- <div><div><div> an old layout, commented out -->
<dl><dt>Vote<dd>7 to 2<dt>Date<dd>Monday</dl>
<select name=s><option>One<option>Two</select>
<textarea><div><div></textarea><p>The end.</article></main>
<footer><div><div><div><p>Footer</div></div></div></footer></body></html>
"""


def test_a_sloppy_real_page_measures_about_as_deep_as_a_parser_builds_it():
    """Unclosed <p>, <li>, <td>, <dt>, <b> and <a>, void elements, inline SVG
    icons, markup inside script, style, textarea and comments: the scan is never
    shallower than the parser, and deeper by only the few formatting elements it
    counts as open a little early."""
    parsed = parser_depth(SLOPPY_PAGE)
    assert parsed <= htmlguard.nesting_depth(SLOPPY_PAGE) <= parsed + 4
    assert htmlguard.check_html(SLOPPY_PAGE) == SLOPPY_PAGE


@pytest.mark.parametrize(
    "markup",
    [
        "<p>a<p>b<p>c",
        "<ul><li>a<li>b<ol><li>c<li>d</ol></ul>",
        "<table><tr><td>a<td>b<tr><td>c</table>",
        "<p><b>bold across<p>paragraphs</b> and back",
        "<b><div>block inside bold</b> after</div>",
        "<svg><g><g/><path d='1'/></g></svg><div/><div/>",
        "<math><mi><div><div>x</div></div></mi></math>",
        "<div title='a>b'><div>x</div></div>",
        "<a ='<div><div>'>x</a>",
        "</<title><div><div>x",
        "<!--><div><div>",
        "<h1><span><h2>x</h1>y",
        "<form><div></form><div>",
        "<p><button><span></p>x",
        "<select><option>a<div><div></select><div>",
    ],
)
def test_the_scan_never_reports_less_than_the_parser_builds(markup):
    assert htmlguard.nesting_depth(markup) >= parser_depth(markup)


TAGS = [
    "div",
    "p",
    "span",
    "b",
    "i",
    "a",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "svg",
    "g",
    "math",
    "mi",
    "foreignObject",
    "desc",
    "title",
    "script",
    "style",
    "textarea",
    "form",
    "button",
    "h1",
    "h2",
    "dd",
    "dt",
    "dl",
    "select",
    "option",
    "em",
    "font",
    "nobr",
    "caption",
    "col",
    "colgroup",
    "br",
    "img",
    "hr",
    "body",
    "html",
    "xmp",
    "plaintext",
    "object",
    "marquee",
    "iframe",
    "section",
]
ATTRIBUTES = ["", " class=x", ' a="1"', " a=x/", ' title="<div>"', " =", " a='>'"]


def random_snippet(chooser: random.Random) -> str:
    pieces = []
    for _ in range(chooser.randint(1, 12)):
        roll, name = chooser.random(), chooser.choice(TAGS)
        if roll < 0.45:
            attributes = chooser.choice(ATTRIBUTES) + chooser.choice(["", "/"])
            pieces.append(f"<{name}{attributes}>")
        elif roll < 0.8:
            pieces.append(f"</{name}>")
        elif roll < 0.9:
            pieces.append(chooser.choice(["x", " ", "<!--", "-->", "<", "</", "'"]))
        else:
            pieces.append(chooser.choice(["<p>", "<div>", "<b>", "<li>"]) * 3)
    return "".join(pieces)


def test_repeating_any_snippet_never_lets_the_parser_outgrow_the_scan():
    """Tag soup against the HTML5 tree construction: 800 random snippets, each
    repeated 10 and 30 times. An attacker repeats whatever makes a parser nest
    deeper than the scan thinks; the gap never grows with the repeats (a leaf
    element or two is all the parser may add)."""
    chooser = random.Random(20261206)
    for _ in range(800):
        snippet = random_snippet(chooser)
        for repeats in (10, 30):
            markup = snippet * repeats
            assert parser_depth(markup) <= htmlguard.nesting_depth(markup) + 2, snippet


def test_fifty_thousand_nested_divs_are_refused_in_words_without_a_parser():
    with pytest.raises(htmlguard.MarkupRefused, match=REFUSAL):
        htmlguard.check_html(DEEP)


def test_too_many_tags_are_refused_in_words():
    flat = "<p>x</p>" * 40_000
    with pytest.raises(htmlguard.MarkupRefused, match="more than 60,000 tags"):
        htmlguard.check_html(flat)
    assert htmlguard.check_html(flat[: 8 * 1000]) == flat[:8000]


def test_markup_over_the_size_budget_is_refused_before_it_is_scanned(settings):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(htmlguard.MarkupRefused, match="read up to 1,000"):
        htmlguard.check_html("<p>" + "x" * 1000)


def test_the_budgets_come_from_the_settings(settings):
    settings.FACTCHECK_HTML_MAX_DEPTH = 3
    settings.FACTCHECK_HTML_MAX_TAGS = 10
    htmlguard.check_html("<div><div><div>x</div></div></div>")
    with pytest.raises(htmlguard.MarkupRefused, match="more than 3 levels"):
        htmlguard.check_html("<div><div><div><div>x")
    with pytest.raises(htmlguard.MarkupRefused, match="more than 10 tags"):
        htmlguard.check_html("<br>" * 11)


# --- Markdown -------------------------------------------------------------------------


def test_markdown_is_rendered_to_html_by_cmark():
    html = htmlguard.markdown_to_html("# Title\n\n- one\n- two\n\nSome *word*.")
    assert "<h1>Title</h1>" in html
    assert "<li>one</li>" in html
    assert "<em>word</em>" in html


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "source",
    [
        "<a " * 40_000,  # Python-Markdown: 18 s for 10,000 of these
        "[a](" * 40_000,
        "![a " * 40_000,
        "[" * 200_000,
        "a  \n" * 40_000,
    ],
)
def test_markdown_that_was_quadratic_is_read_in_one_pass(source):
    """A Markdown file of these patterns is read (and its text taken, or refused in
    words) in one pass, not in minutes."""
    try:
        outcome = ingest.text_from_bytes(source.encode(), filename="story.md").body
    except InvalidInput as refused:
        outcome = refused.message
    assert outcome


def test_a_link_reference_used_many_times_does_not_multiply_the_html():
    url = "http://example.org/" + "a" * 100_000
    source = f"[1]: {url}\n\n" + "[x][1] " * 5_000
    html = htmlguard.markdown_to_html(source)
    assert len(html) < 10 * len(source)


def test_markdown_nested_deeper_than_the_budget_is_refused():
    with pytest.raises(htmlguard.MarkupRefused, match="quotes and lists"):
        htmlguard.markdown_to_html(">" * 600 + " deep")
    with pytest.raises(htmlguard.MarkupRefused, match="quotes and lists"):
        htmlguard.markdown_to_html("> - " * 600 + "deep")
    assert "<blockquote>" in htmlguard.markdown_to_html("> > quoted twice")


def test_raw_html_in_markdown_is_measured_after_rendering():
    with pytest.raises(htmlguard.MarkupRefused, match=REFUSAL):
        ingest.text_from_bytes(DEEP.encode(), filename="deep.md")


# --- every path where markup enters ---------------------------------------------------


@pytest.mark.django_db
def test_the_upload_page_refuses_deep_html_with_a_400_in_words(client, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("deep.html", DEEP.encode(), content_type="text/html")
    response = client.post(reverse("article-new"), {"file": upload})
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_deep_html_in_one_line(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text(DEEP)
    with pytest.raises(CommandError, match=REFUSAL):
        call_command("import_article", str(path))
    assert not Article.objects.exists()


class DeepPage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = DEEP.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def deep_page(settings):
    settings.FACTCHECK_ALLOW_PRIVATE_URLS = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DeepPage)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/deep.html"
    server.shutdown()


@pytest.mark.django_db
def test_a_deep_page_fetched_by_url_is_refused_by_the_api_and_the_command(
    deep_page, reviewer
):
    api = APIClient()
    api.force_authenticate(reviewer)
    response = api.post("/api/v1/articles/", {"url": deep_page}, format="json")
    assert response.status_code == 400
    assert REFUSAL in response.json()["detail"]
    with pytest.raises(CommandError, match=REFUSAL):
        call_command("import_article", deep_page)
    assert not Article.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_web_server_refuses_the_upload_and_answers_the_next_request(
    live_server, reviewer
):
    """Through a real server: the upload is a 400 that says why, and the same
    server answers the next request."""
    from django.test import Client

    browser = Client()
    browser.force_login(reviewer)
    cookies = {"sessionid": browser.cookies["sessionid"].value}
    with httpx.Client(base_url=live_server.url, cookies=cookies, timeout=120) as http:
        form = http.get(reverse("article-new"))
        assert form.status_code == 200
        token = http.cookies["csrftoken"]
        response = http.post(
            reverse("article-new"),
            data={"csrfmiddlewaretoken": token},
            files={"file": ("deep.html", DEEP.encode(), "text/html")},
            headers={"Referer": live_server.url + reverse("article-new")},
        )
        assert response.status_code == 400
        assert REFUSAL in response.text
        assert http.get(reverse("article-new")).status_code == 200
