"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser).

The app runs in pytest-django's `live_server`. Without the browser executable the
tests skip, except in CI (FACTCHECK_REQUIRE_SERVICES=1), where that is a failure.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.worker import require_services

# live_server + Playwright's sync API run Django code from inside an event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# How long an expectation waits for the page to reach the state it names. Playwright's
# 5 s is short for a page that a loaded 2-core machine renders while other tests run;
# waiting costs nothing when the state comes at once, and a state that never comes
# still fails. Actions and navigations keep Playwright's 30 s.
EXPECT_TIMEOUT_MS = 30_000
expect.set_options(timeout=EXPECT_TIMEOUT_MS)

CHROMIUM = os.environ.get("FACTCHECK_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's password


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (set FACTCHECK_CHROMIUM)"
        if require_services():
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1366, "height": 900}}


@pytest.fixture
def scale(transactional_db):
    """live_server tests flush the database, data migrations included: restore them."""
    from annotations.ratingscale import ensure_default_scale

    return ensure_default_scale()


@pytest.fixture
def people(scale):
    """Two reviewers and an editor, by first name (a test module may define a
    smaller cast of its own)."""
    from annotations import roles
    from tests import factories

    roles.ensure_first_workspace()
    return {
        "rita": factories.UserFactory(
            username="rita", first_name="Rita", last_name="Reviewer", role="reviewer"
        ),
        "sam": factories.UserFactory(
            username="sam", first_name="Sam", last_name="Second", role="reviewer"
        ),
        "eddie": factories.UserFactory(
            username="eddie", first_name="Eddie", last_name="Editor", role="editor"
        ),
    }


@pytest.fixture
def login(live_server):
    """Log a page in through the login form, as a person would."""

    def do_login(page, user, next_path="/"):
        page.goto(f"{live_server.url}{next_path}")
        page.get_by_label("User name").fill(user.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        return page

    return do_login


@pytest.fixture
def screenshot_path(tmp_path):
    """Where a browser test keeps a screenshot by name: docs/screenshots/ when the
    docs are being refreshed (FACTCHECK_DOCS_SCREENSHOTS=1), else the test's
    temporary folder, so a test run leaves the checkout as it found it."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    refresh = os.environ.get("FACTCHECK_DOCS_SCREENSHOTS") == "1"
    return lambda name: str((docs if refresh else tmp_path) / name)
