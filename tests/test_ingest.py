"""Files and pages become plain article text; bad input is refused clearly."""

# Typographic dashes in titles are the point of several cases.
# ruff: noqa: RUF001

import pytest

from annotations.errors import InvalidInput
from annotations.extraction import ingest


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"Plain text.", "Plain text."),
        ("Caf\u00e9 \u00a0news".encode(), "Caf\u00e9 \u00a0news"),
        (b"\xef\xbb\xbfWith a BOM.", "With a BOM."),
        ("UTF-16 text.".encode("utf-16"), "UTF-16 text."),
    ],
)
def test_decode_text_accepts_unicode_encodings(data, expected):
    assert ingest.decode_text(data) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Latin-1 caf\u00e9".encode("latin-1"), "not valid UTF-8"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_decode_text_refuses_binary_and_wrong_encodings(data, message):
    with pytest.raises(InvalidInput, match=message):
        ingest.decode_text(data)


def test_clean_text_normalizes_newlines_and_controls():
    assert ingest.clean_text("  a\r\nb\rc\x07\n\n\n\nd  ") == "a\nb\nc\n\nd"


def test_text_file_takes_its_title_from_the_first_line():
    imported = ingest.text_from_bytes(
        b"Headline Here\n\nBody sentence one.", filename="a.txt"
    )
    assert imported.title == "Headline Here"
    assert imported.body.startswith("Headline Here")


def test_html_is_reduced_to_text_and_scripts_are_dropped():
    page = b"""<html><head><title>Moon base deal</title></head><body>
    <script>alert('x')</script><article><h1>Moon base deal</h1>
    <p>China and Russia signed a long-term agreement on Tuesday to construct a joint
    moon base, according to SpaceNews.</p>
    <p>The two countries said it would be open to others.</p>
    <img src=x onerror=alert(1)></article></body></html>"""
    imported = ingest.text_from_bytes(page, filename="page.html")
    assert "signed a long-term agreement" in imported.body
    assert "alert" not in imported.body
    assert "<" not in imported.body
    assert imported.title == "Moon base deal"


def test_markdown_markup_is_removed():
    imported = ingest.text_from_bytes(
        b"# The Title\n\nSome **bold** claim with a [link](http://x.org).",
        filename="a.md",
    )
    assert imported.title == "The Title"
    assert "Some bold claim with a link." in imported.body
    assert "**" not in imported.body
    assert "](" not in imported.body


def test_unsupported_file_type_is_refused():
    with pytest.raises(InvalidInput, match="Unsupported file type"):
        ingest.text_from_bytes(b"%PDF-1.4", filename="report.pdf")


def test_html_without_text_is_refused():
    with pytest.raises(InvalidInput, match="No article text"):
        ingest.text_from_bytes(
            b"<html><body><script>x()</script></body></html>", filename="a.html"
        )


# --- web pages: metadata --------------------------------------------------------------

STORY = (
    "<p>The county council approved a $4 million bond for a new water plant on "
    "Tuesday, ending two years of debate over how to replace the old one.</p>"
    "<p>The bond will be repaid over 30 years through water rates, which are "
    "expected to rise about 9% a year for the next three years.</p>"
    "<p>Two council members voted against it, saying the city should have applied "
    "for more state and federal grants first.</p>"
)


def page(head: str = "", body: str = "", story: str = STORY) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body>"
        f"{body}<article><h1>Council approves bond</h1>{story}</article></body></html>"
    ).encode()


def imported(head: str = "", body: str = "", **kwargs) -> ingest.ImportedText:
    return ingest.text_from_bytes(page(head, body, **kwargs), filename="page.html")


@pytest.mark.parametrize(
    ("head", "url"),
    [
        # rel=canonical first, then the JSON-LD article's own URL, then og:url.
        (
            '<link rel="canonical" href="https://news.example.org/a/1">'
            '<meta property="og:url" content="https://news.example.org/a/1/amp">',
            "https://news.example.org/a/1",
        ),
        (
            '<meta property="og:url" content="https://news.example.org/a/2">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"mainEntityOfPage": {"@id": "https://news.example.org/a/2?id=7"}}'
            "</script>",
            "https://news.example.org/a/2?id=7",
        ),
        # Tracking parameters and the fragment go; the rest stays as written.
        (
            '<meta property="og:url" content="http://www.news.example.org/a/3?'
            'utm_source=rss&amp;page=2&amp;fbclid=IwAR0&amp;mc_cid=9#comments">',
            "http://www.news.example.org/a/3?page=2",
        ),
        # A relative canonical resolves against the page's absolute declarations.
        (
            '<link rel="canonical" href="/a/4/">'
            '<meta property="og:url" content="https://news.example.org/a/4/?taid=1">',
            "https://news.example.org/a/4/",
        ),
        # Only absolute http(s) URLs the desk would store count.
        (
            '<link rel="canonical" href="javascript:alert(1)">'
            '<meta property="og:url" content="ftp://news.example.org/a/5">'
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"url": "https://news.example.org/a/5 with spaces"}</script>',
            "",
        ),
        (
            '<link rel="canonical" href="https://user:secret@news.example.org/a/6">'
            '<meta property="og:url" content="https://news.example.org/a/6">',
            "https://news.example.org/a/6",
        ),
        ("", ""),
    ],
)
def test_the_canonical_url_of_a_page(head, url):
    assert imported(head).url == url


@pytest.mark.parametrize(
    ("candidate", "base", "url"),
    [
        ("http://[::1", "", ""),
        ("/a/8", "http://[::1", ""),
        ("https://news.example.org:99999/a", "", ""),
        ("//other.example/a?fbclid=1", "https://news.example.org/", "https://other.example/a"),
    ],
)  # fmt: skip
def test_a_malformed_address_is_no_story_url(candidate, base, url):
    from annotations.extraction.page_metadata import story_url

    assert story_url(candidate, base) == url


def test_a_fetched_page_takes_its_canonical_url_on_the_same_site_only():
    same = page('<link rel="canonical" href="/a/7">')
    found = ingest.text_from_fetch(
        same,
        url="https://amp.news.example.org/a/7.amp?utm_source=x",
        content_type="text/html",
        charset="utf-8",
    )
    assert found.url == "https://amp.news.example.org/a/7"
    syndicated = page('<link rel="canonical" href="https://wire.example.com/story">')
    found = ingest.text_from_fetch(
        syndicated,
        url="https://www.localpaper.example.net/wire/story",
        content_type="text/html",
        charset="utf-8",
    )
    assert found.url == "https://www.localpaper.example.net/wire/story"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Council approves bond | Riverton Gazette</title>"
         '<meta property="og:site_name" content="Riverton Gazette">',
         "Council approves bond"),
        ('<meta property="og:title" content="Council approves $4m bond - The Ledger">'
         '<meta property="og:site_name" content="The Ledger">',
         "Council approves $4m bond"),
        ("<title>Opinion | Why the bond is a bad deal – The Granite Herald</title>"
         '<meta property="og:site_name" content="The Granite Herald">',
         "Why the bond is a bad deal"),
        # No site name declared: the page's own <h1> inside its <title>.
        ("<title>Council approves bond :: WXYZ Radio</title>",
         "Council approves bond"),
        # A dash inside a headline is the headline's.
        ('<script type="application/ld+json">{"@type": "NewsArticle", '
         '"headline": "Covid-19 – what we know so far"}</script>',
         "Covid-19 – what we know so far"),
    ],
)  # fmt: skip
def test_the_title_is_the_headline_without_the_site(head, title):
    assert imported(head).title == title


def test_the_body_opens_with_the_headline_and_holds_the_story():
    found = imported("<title>Council approves bond</title>")
    assert found.body.startswith("Council approves bond\n\nThe county council")
    assert found.body.endswith("federal grants first.")


@pytest.mark.parametrize(
    ("head", "publisher"),
    [
        ('<meta property="og:site_name" content="Riverton Gazette">',
         "Riverton Gazette"),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
         '{"@type": "Organization", "name": "Prairie Public News"}}</script>',
         "Prairie Public News"),
        # A @graph whose article names its publisher by @id.
        ('<script type="application/ld+json">{"@graph": [{"@type": "Article", '
         '"publisher": {"@id": "#org"}}, {"@type": "Organization", "@id": "#org", '
         '"name": "The Harbor Ledger"}]}</script>',
         "The Harbor Ledger"),
        # An organisation where the author goes, on a page that names no site.
        ('<meta name="author" content="Reuters">', "Reuters"),
        ("", ""),
    ],
)  # fmt: skip
def test_the_publisher(head, publisher):
    assert imported(head).publisher == publisher


@pytest.mark.parametrize(
    ("head", "body", "byline"),
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
         '{"@type": "Person", "name": "Dana Whitfield"}, {"@type": "Person", '
         '"name": "Marcus Bell"}, {"@type": "Organization", "name": "WNC"}]}'
         "</script>", "", "Dana Whitfield and Marcus Bell"),
        ('<meta name="author" content="By Jane Doe, Omar Haddad and Ana de la Cruz">',
         "", "Jane Doe, Omar Haddad and Ana de la Cruz"),
        ('<meta name="author" content="Author: Tasha Greer | tgreer@kbrt.example">',
         "", "Tasha Greer"),
        ('<meta name="parsely-author" content="Anjali Rao">'
         '<meta name="parsely-author" content="Bloomberg News">', "", "Anjali Rao"),
        # Organisations, desks and agencies are not people.
        ('<meta name="author" content="By the Editorial Board">', "", ""),
        ('<meta name="author" content="Associated Press">', "", ""),
        ('<meta name="author" content="KBRT Staff">', "", ""),
        ('<meta name="author" content="PTI">', "", ""),
        ('<script type="application/ld+json">{"@type": "NewsArticle", "author": ['
         '{"@type": "Person", "name": "The Associated Press"}, {"@type": "Person", '
         '"name": "Staff"}]}</script>', "", ""),
        ('<meta property="og:site_name" content="Capitol Wire">'
         '<meta name="author" content="Capitol Wire Team">', "", ""),
        # The byline on the page when nothing else names anyone.
        ("", '<p class="byline">By <a rel="author" href="/p/1">Lena Marquez</a></p>',
         "Lena Marquez"),
        ("", '<div class="article-byline">By J. R. Okafor and Mei-Ling Chen, '
         "Staff Writers</div>", "J. R. Okafor and Mei-Ling Chen"),
    ],
)  # fmt: skip
def test_the_byline_names_people_only(head, body, byline):
    assert imported(head, body).byline == byline


@pytest.mark.parametrize(
    ("head", "body", "date"),
    [
        ('<script type="application/ld+json">{"@type": "NewsArticle", '
         '"datePublished": "2024-06-05T14:03:11Z", "dateModified": '
         '"2024-06-07T09:00:00Z"}</script>'
         '<meta property="article:modified_time" content="2024-06-08">',
         "", "2024-06-05"),
        ('<meta property="article:modified_time" content="2024-06-08T10:00:00Z">'
         '<meta property="article:published_time" content="2024-06-04T22:00:00-05:00">',
         "", "2024-06-04"),
        ('<meta name="parsely-pub-date" content="2023-11-02T07:00:00Z">', "",
         "2023-11-02"),
        ("", '<time itemprop="datePublished" datetime="2022-01-31">Jan. 31</time>',
         "2022-01-31"),
    ],
)  # fmt: skip
def test_the_publication_date_not_the_modification(head, body, date):
    assert imported(head, body).published_on.isoformat() == date


def test_hostile_metadata_is_ignored_not_fatal():
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        "</script>"  # truncated JSON
        '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>"
        '<script type="application/ld+json">{"@type": ["NewsArticle"], '
        '"author": {"name": 42}, "datePublished": "yesterday", "url": 7}</script>'
        '<link rel="canonical" href="https://news.example.org/' + "a" * 3000 + '">'
        '<meta name="author" content="'
        + ", ".join(
            f"Jane Doe{chr(65 + i % 26)}{chr(97 + i // 26)} Smith" for i in range(200)
        )
        + '">'
        "<title>" + "Long title " * 300 + "</title>"
    )
    found = imported(head)
    assert found.url == ""
    assert len(found.title) <= 500
    assert len(found.byline) <= 300
    assert found.published_on is None
    assert "The county council approved" in found.body


# --- web pages: the story and nothing else --------------------------------------------


def test_furniture_goes_but_a_story_whose_class_looks_like_furniture_stays():
    html = (
        "<html><body><nav>Home News Sport</nav>"
        '<div class="newsletter-signup"><p>Sign up for our daily newsletter to get '
        "the news that matters in your inbox every single morning.</p></div>"
        '<article class="post comments-open tag-related share-enabled">'
        "<h1>Council approves bond</h1>" + STORY + "</article>"
        "<aside><p>Most read: Crash closes Highway 12 for six hours on Monday after "
        "a lorry overturned near the river bridge.</p></aside>"
        '<div id="comments"><p>Great news for the town, finally some progress on '
        "this after all these years of talking about it.</p></div>"
        "<footer><p>© 2024 Riverton Gazette. All rights reserved.</p></footer>"
        "</body></html>"
    ).encode()
    found = ingest.text_from_bytes(html, filename="page.html")
    assert "The county council approved" in found.body
    assert "federal grants first." in found.body
    for furniture in ("Sign up", "Most read", "Great news", "All rights", "Home News"):
        assert furniture not in found.body


def test_a_precise_run_that_finds_too_little_falls_back(monkeypatch):
    real = ingest.trafilatura.extract
    runs = []

    def precise_finds_one_line(document, **options):
        runs.append(
            "precision" if options.get("favor_precision")
            else "recall" if options.get("favor_recall") else "balanced"
        )  # fmt: skip
        if options.get("favor_precision"):
            return "<doc><main><p>Council approves bond.</p></main></doc>"
        return real(document, **options)

    monkeypatch.setattr(ingest.trafilatura, "extract", precise_finds_one_line)
    found = imported()
    assert runs[:2] == ["precision", "balanced"]
    assert "The county council approved" in found.body
    assert "federal grants first." in found.body


def test_a_page_that_defeats_every_run_keeps_its_plain_text(monkeypatch):
    monkeypatch.setattr(ingest.trafilatura, "extract", lambda *a, **k: None)
    found = imported()
    assert "The county council approved" in found.body
    assert "<" not in found.body


def test_a_figure_in_the_story_keeps_its_caption_with_its_credit():
    story = (
        STORY[:-4]
        + '</p><figure><img src="x.jpg"><figcaption>Workers lay pipe on Elm Street '
        'on Monday. <span class="credit">Photo: Ana Ruiz/Gazette</span>'
        "</figcaption></figure><p>Construction starts next spring and the plant "
        "opens in late 2027, the city said.</p>"
    )
    body = (
        '<div class="promo"><figure><img src="y.jpg"><figcaption>Ten hikes to try '
        "this summer</figcaption></figure></div>"
    )
    found = imported(body=body, story=story)
    paragraphs = found.body.split("\n\n")
    caption = paragraphs.index(
        "Workers lay pipe on Elm Street on Monday. Photo: Ana Ruiz/Gazette"
    )
    assert paragraphs[caption + 1].startswith("Construction starts next spring")
    assert "Ten hikes" not in found.body


def test_a_live_blog_keeps_every_entry_with_its_time_and_heading():
    entries = "".join(
        f'<article class="entry"><time>{time}</time><h2>{heading}</h2>'
        f"<p>{text}</p></article>"
        for time, heading, text in [
            ("8:00 p.m. CDT", "Polls are closed",
             "Polls closed at 8 p.m. across the county, and the first results are "
             "due within the hour."),
            ("6:42 p.m. CDT", "Long lines in Millbrook",
             "Voters in Millbrook waited more than an hour after two check-in "
             "tablets stopped working."),
            ("4:05 p.m. CDT", "Candidates make last stops",
             "Both candidates for the House seat made last-minute stops at the "
             "farmers market."),
        ]
    )  # fmt: skip
    html = f"<html><body><h1>Primary day live</h1><main>{entries}</main></body></html>"
    found = ingest.text_from_bytes(html.encode(), filename="live.html")
    paragraphs = found.body.split("\n\n")
    for heading in ("Polls are closed", "Long lines in Millbrook"):
        assert heading in paragraphs
    assert paragraphs.index("6:42 p.m. CDT") < paragraphs.index(
        "Long lines in Millbrook"
    )
    assert found.body.endswith("stops at the farmers market.")


@pytest.mark.parametrize(
    ("declared", "from_file", "from_fetch"),
    [
        # A host Django's validator refuses (an underscore in a label, a label that
        # starts with a hyphen, a numeric top-level domain): the text core checks
        # only the shape, the service the host, then falls back to where the page
        # came from (nothing, for a file).
        ("https://news_desk.example.org/a/1", "", "https://www.example.org/a/1"),
        ("https://-news.example.org/a/1", "", "https://www.example.org/a/1"),
        ("https://news.example.123/a/1", "", "https://www.example.org/a/1"),
        # One the desk takes is kept on both paths.
        (
            "https://news.example.org/a/1",
            "https://news.example.org/a/1",
            "https://news.example.org/a/1",
        ),
    ],
)
def test_a_page_declaring_an_address_the_desk_refuses_is_still_imported(
    reviewer, monkeypatch, declared, from_file, from_fetch
):
    from annotations import services
    from annotations.sourcing import netfetch

    markup = page(f'<link rel="canonical" href="{declared}">')
    uploaded = services.article_import_file(
        data=markup, filename="page.html", created_by=reviewer
    )
    assert uploaded.url == from_file

    def fetch(url, **options):
        return netfetch.FetchResult(
            url=url, final_url="https://www.example.org/a/1", status=200,
            content_type="text/html", charset="utf-8", body=markup, elapsed_ms=5,
            truncated=False,
        )  # fmt: skip

    monkeypatch.setattr(netfetch, "fetch", fetch)
    fetched = services.article_import_url(
        url="https://www.example.org/a/1", created_by=reviewer, allow_duplicate=True
    )
    assert fetched.url == from_fetch
