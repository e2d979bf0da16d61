"""One URL validator for pages, the API and commands (annotations.urlcheck)."""

import pytest

from annotations.urlcheck import InvalidURL, check_url


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a",
        "http://example.com",
        "https://news.example.co.uk/2024/05/story.html?id=3&x=y#part",
        "https://bücher.de/x",
        "https://example.com/it's-fine",  # an apostrophe is a legal sub-delimiter
        "https://example.com:8443/a",
        "https://web.archive.org/web/20240101000000/https://example.com/a",
        "  https://example.com/trimmed  ",
    ],
)
def test_good_urls_pass_stripped(url):
    assert check_url(url) == url.strip()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("", "is empty"),
        ("https://example.com/a b", "contains a space"),
        ("https://example.com/a\tb", "contains a space"),
        ('https://example.com/"quoted"', "'\"'"),
        ("https://example.com/<script>", "'<' '>'"),
        ("https://exa mple.com/", "contains a space"),
        ('https://"example.com"/', "'\"'"),
        ("https://example.com/a|b", "'|'"),
        ("ftp://example.com/file", "http:// or https://"),
        ("javascript:alert(1)", "http:// or https://"),
        ("example.com/no-scheme", "http:// or https://"),
        ("https://user:secret@example.com/", "user name or password"),
        ("https://example.com:0/", "invalid port"),
        ("https://example.com:99999/", "malformed"),
        ("https:///no-host", "not a valid web address"),
        ("https://-bad-.example/", "not a valid web address"),
        ("https://example.com/" + "a" * 2000, "longer than 2,000"),
        ("https://example.com/\x00", "cannot hold"),
    ],
)
def test_bad_urls_are_refused_with_a_clear_message(url, says):
    with pytest.raises(InvalidURL) as refused:
        check_url(url, what="The source URL", field="url")
    assert refused.value.message.startswith("The source URL ")
    assert says in refused.value.message
    assert refused.value.field == "url"
    assert refused.value.status == 400
