"""The objects the access matrix and the fuzz tests call every endpoint on.

`build_world()` makes the five people and the objects that
tests/support/access_design.py names (its docstring says what each is);
`fill()` puts their ids into a row's path.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from annotations import services
from annotations.models import Article, Claim, Notification, RatingLabel, SourcingGap
from reports import services as report_services
from reports import webhooks
from reports.models import WebhookDelivery
from tests import factories

DRAFT_BODY = (
    "Transit budget\n\n"
    "The mayor said the city spent $4 million on new buses in 2024. "
    "The council approved the budget by a vote of 7 to 2 on Monday. "
    "Officials expect ridership to grow by 12 percent next year. "
    "The transit agency reported 3,100 daily riders in March. "
    "Critics said the plan was rushed."
)


@dataclass
class World:
    rita: object
    sam: object
    eddie: object
    ada: object
    draft: Article
    published: Article
    headline: Claim
    open_claim: Claim
    worked_claim: Claim
    submitted_claim: Claim
    approved_claim: Claim
    dismissed_claim: Claim
    published_claim: Claim
    rita_citation: object
    sam_citation: object
    rita_rating: object
    rita_note: Notification
    source: object
    gap: SourcingGap
    label_true: RatingLabel
    # A capture frozen in the published report, and one no report cites.
    capture: object
    draft_capture: object
    # The desk's webhook, and a delivery to it that failed (so it may be resent).
    webhook: object
    failed_delivery: object

    def pk_of(self, name: str) -> int:
        return getattr(self, name).pk


def _cite(claim, user, n: int):
    source = factories.SourceFactory(
        publisher=f"Outlet {n}", domain=f"outlet{n}.example.org"
    )
    return services.citation_add(
        claim=claim, source=source, stance="supports", user=user, quote="It says so."
    )


def _capture(source, words: str):
    """A finished capture of `source`, its file in the captures storage."""
    payload = f"WARC/1.1\r\n\r\n<p>{words}</p>".encode()
    name = storages["captures"].save(
        f"access/{source.pk}.warc.gz", ContentFile(payload)
    )
    return factories.CaptureFactory(
        source=source, file_path=name, size_bytes=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(), text=words,
    )  # fmt: skip


def build_world() -> World:
    rita = factories.UserFactory(
        username="rita", first_name="Rita", last_name="Reviewer", role="reviewer"
    )
    sam = factories.UserFactory(
        username="sam", first_name="Sam", last_name="Second", role="reviewer"
    )
    eddie = factories.UserFactory(
        username="eddie", first_name="Eddie", last_name="Editor", role="editor"
    )
    ada = factories.UserFactory(username="ada", role="admin")
    true = RatingLabel.objects.get(scale__is_default=True, slug="true")
    draft = Article.objects.create(title="Transit budget", body=DRAFT_BODY)
    pieces = ["Transit budget", *[s.strip() + "." for s in DRAFT_BODY[16:].split(".")]]
    pieces = [p for p in pieces if p.strip(".")]
    claims = factories.claims_for(draft, pieces, checkworthiness=0.6)
    headline, open_claim, worked, submitted, approved, dismissed = claims
    Claim.objects.filter(pk=headline.pk).update(kind="headline")
    headline.refresh_from_db()
    services.claim_assign(claim=open_claim, assignees=[rita], user=eddie)
    rita_citation = _cite(worked, rita, 1)
    sam_citation = _cite(worked, sam, 2)
    rita_rating = services.rating_set(claim=worked, reviewer=rita, label=true)
    services.comment_add(claim=worked, user=rita, body="Checking the budget memo.")
    _cite(submitted, rita, 3)
    _cite(submitted, rita, 4)
    services.rating_set(claim=submitted, reviewer=rita, label=true)
    services.claim_submit(claim=submitted, user=rita)
    _cite(approved, sam, 5)
    _cite(approved, sam, 6)
    services.rating_set(claim=approved, reviewer=sam, label=true)
    services.claim_submit(claim=approved, user=sam)
    approved.refresh_from_db()
    services.verdict_approve(
        claim=approved, user=eddie, label=true, explanation="Both agree.",
        expected_version=approved.version,
    )  # fmt: skip
    services.claim_dismiss(claim=dismissed, reason="Opinion", user=rita)
    published = Article.objects.create(
        title="Port traffic",
        body="The port handled 2 million containers in 2023.",
        published_at=timezone.now(),
    )
    (published_claim,) = factories.claims_for(published, checkworthiness=0.6)
    _cite(published_claim, sam, 7)
    _cite(published_claim, sam, 8)
    services.rating_set(claim=published_claim, reviewer=sam, label=true)
    services.claim_submit(claim=published_claim, user=sam)
    published_claim.refresh_from_db()
    services.verdict_approve(
        claim=published_claim, user=eddie, label=true, explanation="The port says so.",
        expected_version=published_claim.version,
    )  # fmt: skip
    capture = _capture(published_claim.citations.first().source, "The port's page.")
    report_services.article_publish(article=published, user=eddie)
    draft_capture = _capture(rita_citation.source, "The budget memo's page.")
    now = timezone.now()
    gap = SourcingGap.objects.create(
        claim=open_claim, kind="no_source", opened_at=now, last_seen_at=now
    )
    webhook = webhooks.webhook_create(
        user=ada,
        workspace=draft.workspace,
        url="https://partner.example.org/in",
        events=list(webhooks.EVENTS),
    )
    failed_delivery = WebhookDelivery.objects.create(
        webhook=webhook, event="published", uuid=uuid.uuid4(), payload_json="{}",
        state=WebhookDelivery.State.FAILED, attempts=3, last_status=500,
        next_attempt_at=now,
    )  # fmt: skip
    for claim in claims:
        claim.refresh_from_db()
    rita_citation.refresh_from_db()
    return World(
        rita=rita, sam=sam, eddie=eddie, ada=ada, draft=draft, published=published,
        headline=headline, open_claim=open_claim, worked_claim=worked,
        submitted_claim=submitted, approved_claim=approved,
        dismissed_claim=dismissed, published_claim=published_claim,
        rita_citation=rita_citation, sam_citation=sam_citation,
        rita_rating=rita_rating,
        rita_note=Notification.objects.get(recipient=rita, claim=open_claim),
        source=rita_citation.source, gap=gap, label_true=true,
        capture=capture, draft_capture=draft_capture,
        webhook=webhook, failed_delivery=failed_delivery,
    )  # fmt: skip


def person(world: World, role: str):
    return {
        "anonymous": None,
        "reviewer": world.rita,
        "second reviewer": world.sam,
        "editor": world.eddie,
        "admin": world.ada,
    }[role]


def fill(path: str, world: World) -> str:
    names = {
        name: getattr(world, name).pk
        for name in World.__dataclass_fields__
        if hasattr(getattr(world, name), "pk")
    }
    return path.format(**names)
