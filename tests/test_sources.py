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
