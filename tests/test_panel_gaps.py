"""The claim panel's sourcing gaps are the rules evaluated on the claim as it is now,
beside the tracker's record: true right after an edit whether the background rescan
has run, is slow, or never comes (no worker runs in these tests)."""

import lxml.html
import pytest
from django.urls import reverse

from annotations import services
from annotations.models import SourcingGap
from annotations.sourcing import scanner
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory(
        title="Ferry", body="The ferry terminal cost $48 million, twice the estimate."
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.9)
    scanner.scan_claims([claim.pk])  # the tracker's record: "No source" is open
    return claim


def gap_section(client, claim):
    html = client.get(
        reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    tree = lxml.html.fromstring(html)
    (section,) = tree.xpath("//section[contains(@class, 'gaps')]")
    return section


def states(section) -> dict[str, str]:
    """Gap label → "open" or "pending", as the panel shows them."""
    shown = {}
    for item in section.xpath(".//li"):
        kind = " ".join(
            item.xpath(".//span[@class='gap-kind']")[0].text_content().split()
        )
        shown[kind.lstrip("⚠✓ ")] = (
            "pending" if "gap-pending" in item.get("class") else "open"
        )
    return shown


def test_citing_clears_no_source_before_the_rescan(client, reviewer, claim):
    source = factories.SourceFactory(archive_url="https://web.archive.org/web/2026/x")
    services.citation_add(claim=claim, source=source, stance="supports", user=reviewer)
    # The rescan was queued, not run: the record still says "No source".
    assert SourcingGap.objects.filter(
        claim=claim, kind="no_source", resolved_at__isnull=True
    ).exists()
    client.force_login(reviewer)
    section = gap_section(client, claim)
    shown = states(section)
    assert shown["No source"] == "pending"
    assert shown["Single source"] == "open"  # one source: found now, not yet recorded
    assert "found after the last change" in section.text_content()
    count = section.xpath(".//span[@class='count']")[0].text_content()
    assert count == str(sum(1 for state in shown.values() if state == "open"))


def test_a_false_rating_over_a_supporting_source_shows_verdict_unsupported(
    client, reviewer, claim
):
    source = factories.SourceFactory(archive_url="https://web.archive.org/web/2026/x")
    services.citation_add(claim=claim, source=source, stance="supports", user=reviewer)
    services.rating_set(claim=claim, reviewer=reviewer, label=label("false"))
    client.force_login(reviewer)
    assert states(gap_section(client, claim))["Verdict unsupported"] == "open"


def test_removing_the_last_citation_brings_no_source_back(client, reviewer, claim):
    source = factories.SourceFactory(archive_url="https://web.archive.org/web/2026/x")
    citation = services.citation_add(
        claim=claim, source=source, stance="supports", user=reviewer
    )
    scanner.scan_claims([claim.pk])  # the record caught up: "No source" resolved
    services.citation_remove(citation=citation, user=reviewer)
    client.force_login(reviewer)
    assert states(gap_section(client, claim))["No source"] == "open"


def test_once_the_rescan_lands_the_record_and_the_panel_agree(client, reviewer, claim):
    source = factories.SourceFactory(archive_url="https://web.archive.org/web/2026/x")
    services.citation_add(claim=claim, source=source, stance="supports", user=reviewer)
    scanner.scan_pending()
    client.force_login(reviewer)
    section = gap_section(client, claim)
    assert "pending" not in states(section).values()
    assert "found after the last change" not in section.text_content()


def test_the_body_badge_counts_what_the_panel_counts(client, reviewer, claim):
    source = factories.SourceFactory(archive_url="https://web.archive.org/web/2026/x")
    services.citation_add(claim=claim, source=source, stance="supports", user=reviewer)
    client.force_login(reviewer)
    url = reverse("article-detail", args=[claim.article_id]) + f"?claim={claim.pk}"
    tree = lxml.html.fromstring(client.get(url).content.decode())
    badge = tree.xpath(f"//*[@id='claim-{claim.pk}']//*[contains(@class, 'gap-badge')]")
    count = tree.xpath("//section[contains(@class, 'gaps')]//span[@class='count']")
    assert badge[0].text_content().strip() == f"⚠{count[0].text_content()}"
