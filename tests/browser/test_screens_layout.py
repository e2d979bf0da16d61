"""What is on screen, measured in Chromium: the header on a phone, the toast beside
the panel, the claim table's text column, and the API reference under our CSP."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_reference_loads_with_no_csp_violation_and_nothing_remote(
    page, live_server, scale
):
    """Redoc renders the schema and searches it under the site's CSP without one
    violation (its search worker, its footer logo), asking no other host for
    anything."""
    console, remote = [], []
    page.on("console", lambda message: console.append(message.text))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "blob:"))
            else remote.append(request.url)
        ),
    )
    page.goto(f"{live_server.url}/api/docs/redoc/")
    page.get_by_role("heading", name="Fact-check annotation toolkit API").wait_for()
    # The search index lives in a web worker: a result proves the worker runs.
    page.get_by_placeholder("Search...").fill("agreement")
    results = page.locator("[data-role='search:results']")
    results.wait_for()
    assert "Reviewer agreement on the article" in results.inner_text()
    assert [text for text in console if "Content Security Policy" in text] == []
    assert remote == []
