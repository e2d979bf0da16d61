"""The banner the desk sees while background work is not running, in a browser
(annotations/background.py, docs/OPERATIONS.md)."""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from annotations import background, queueing
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def no_worker(monkeypatch):
    """No heartbeat on record, no remembered outage or status."""
    monkeypatch.setattr(queueing, "broker_state", queueing.BrokerState())
    cache.clear()
    background.forget_status()
    yield
    cache.clear()
    background.forget_status()


def test_the_desk_is_told_background_work_waits_and_readers_are_not(
    page, login, live_server, transactional_db, no_worker
):
    rita = factories.UserFactory(username="rita", role="reviewer")
    login(page, rita)
    banner = page.locator("#background-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Background work is paused.")
    expect(banner).to_contain_text(
        "No background worker is running, so gap checks, e-mails and PDF exports "
        "are waiting."
    )
    # Between the header and the page, across the page's width.
    header = page.locator("header.topbar").bounding_box()
    box = banner.bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1
    assert box["width"] >= page.viewport_size["width"] - 2

    # The broker goes away while a worker runs: the banner says which.
    background.record_worker_heartbeat("worker-1", broker_connected=False)
    background.forget_status()
    page.reload()
    expect(banner).to_contain_text("The task queue is unreachable")

    # Back to normal: no banner.
    background.record_worker_heartbeat("worker-1", broker_connected=True)
    background.forget_status()
    page.reload()
    expect(page.locator("#background-banner")).to_have_count(0)

    # Readers of the public reports never see it.
    cache.clear()
    background.forget_status()
    context = page.context.browser.new_context()
    reader = context.new_page()
    reader.goto(f"{live_server.url}/reports/")
    expect(reader.locator("#background-banner")).to_have_count(0)
    context.close()
