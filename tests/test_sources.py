import pytest

from annotations.sources import normalize_url, registrable_domain


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://spacenews.com/a", "https://spacenews.com/a"),
        ("HTTP://WWW.SpaceNews.COM:80/a/", "https://spacenews.com/a"),
        (
            "https://spacenews.com/a?utm_source=t&b=2&a=1#frag",
            "https://spacenews.com/a?a=1&b=2",
        ),
        ("https://spacenews.com/a?fbclid=123", "https://spacenews.com/a"),
        ("https://spacenews.com:8443/a", "https://spacenews.com:8443/a"),
        ("https://spacenews.com", "https://spacenews.com/"),
        ("https://bücher.de/x", "https://xn--bcher-kva.de/x"),
    ],
)
def test_normalize_url(url, expected):
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "url", ["", "mailto:a@b.org", "/relative/path", "javascript:alert(1)"]
)
def test_normalize_url_refuses_non_http(url):
    with pytest.raises(ValueError, match="http"):
        normalize_url(url)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://news.bbc.co.uk/story", "bbc.co.uk"),
        ("https://www.spacenews.com/x", "spacenews.com"),
        ("cnsa.gov.cn", "cnsa.gov.cn"),
        ("http://127.0.0.1:8000/", "127.0.0.1"),
        ("", ""),
    ],
)
def test_registrable_domain(value, expected):
    assert registrable_domain(value) == expected


# --- tracking parameters: one test per family -----------------------------------------

from annotations.sources import (  # noqa: E402
    TRACKING_FAMILIES,
    TRACKING_PREFIXES,
    is_tracking_parameter,
)

PAGE = "https://www.example-news.org/world/moon-base?id=42"
CLEAN = "https://example-news.org/world/moon-base?id=42"


@pytest.mark.parametrize("family", sorted(TRACKING_FAMILIES))
def test_every_tracking_parameter_of_a_family_is_dropped(family):
    """Each listed parameter, in any letter case, leaves the document's key as is;
    the parameter that names the document (`id`) stays."""
    for name in TRACKING_FAMILIES[family]:
        for spelled in (name, name.upper()):
            assert normalize_url(f"{PAGE}&{spelled}=abc123") == CLEAN, spelled
    every = "&".join(f"{name}=x" for name in TRACKING_FAMILIES[family])
    assert normalize_url(f"{PAGE}&{every}") == CLEAN


@pytest.mark.parametrize("prefix", TRACKING_PREFIXES)
def test_a_prefix_family_is_dropped_whatever_follows_it(prefix):
    url = f"{PAGE}&{prefix}source=newsletter&{prefix}campaign=spring&{prefix}x="
    assert normalize_url(url) == CLEAN


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # Real share links, as pasted from a browser or an e-mail.
        (
            "https://www.nytimes.com/2021/03/09/science/moon.html?smid=tw-share",
            "https://nytimes.com/2021/03/09/science/moon.html",
        ),
        (
            "https://blog.example.com/post?_hsenc=p2ANqtz-8&_hsmi=123&page=2",
            "https://blog.example.com/post?page=2",
        ),
        (
            "https://example.com/a?mkt_tok=eyJpIjoi&utm_medium=email",
            "https://example.com/a",
        ),
        (
            "https://shop.example.com/p?srsltid=AfmBOoq&gad_source=1&gbraid=0A",
            "https://shop.example.com/p",
        ),
    ],
)
def test_share_links_are_one_document(url, expected):
    assert normalize_url(url) == expected


@pytest.mark.parametrize(
    "name",
    ["id", "page", "q", "ref", "source", "s", "v", "utm", "pk", "story_id", "ga"],
)
def test_parameters_that_name_the_document_are_kept(name):
    """Lookalikes are not tracking: `ref`, `source`, `utm` (no underscore), `ga`..."""
    assert not is_tracking_parameter(name)
    assert f"{name}=1" in normalize_url(f"https://example.com/a?{name}=1")


def test_the_tracking_list_has_no_duplicates_across_families():
    names = [name for names in TRACKING_FAMILIES.values() for name in names]
    assert len(names) == len(set(names))
    assert all(name == name.lower() for name in names)
