"""Helpers for the reports tests: take an article through review to approval."""

from __future__ import annotations

from annotations import selectors, services
from annotations.models import Claim
from tests import factories
from tests.factories import label

# A marker planted in every internal field (ratings, comments, notes, dismissal
# reasons): it must never appear in a public page or an export.
INTERNAL = "ZZINTERNALZZ"


def approve_claim(claim: Claim, *, reviewer, editor, slug: str = "true", n: int = 0):
    """Cite two independent sources (with a stance the verdict needs), rate with an
    internal rationale, submit, approve."""
    stance = "refutes" if label(slug).polarity == "false" else "supports"
    for index in (1, 2):
        source = factories.SourceFactory(
            title=f"Document {claim.pk}-{index}",
            publisher=f"Outlet {index}",
            domain=f"outlet{index}.example.org",
            url=f"https://outlet{index}.example.org/{claim.pk}",
            normalized_url=f"https://outlet{index}.example.org/{claim.pk}",
            archive_url=f"https://web.archive.org/web/2026/https://outlet{index}.example.org/{claim.pk}",
        )
        services.citation_add(
            claim=claim, source=source, stance=stance, user=reviewer,
            quote=f"Quote {index} about claim {claim.pk}.", locator=f"p. {index}",
            note=f"{INTERNAL} reviewer note",
        )  # fmt: skip
    services.rating_set(
        claim=claim, reviewer=reviewer, label=label(slug),
        rationale=f"{INTERNAL} rationale", confidence=2,
    )  # fmt: skip
    services.comment_add(claim=claim, user=reviewer, body=f"{INTERNAL} comment")
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    return services.verdict_approve(
        claim=claim, user=editor, label=slug,
        explanation=f"Explanation of verdict {n} for claim {claim.pk}.",
        expected_version=claim.version,
    )  # fmt: skip


SLUGS = ["true", "mostly-true", "false", "misleading", "half-true", "mostly-false"]


def verify_article(article, *, reviewer, editor) -> list[Claim]:
    """Approve every live check-worthy claim of the article (labels cycle through
    the scale, Misleading included); returns them in body order."""
    threshold = selectors.checkworthy_threshold()
    claims = list(
        Claim.objects.filter(
            article=article,
            kind="claim",
            dismissed_at__isnull=True,
            checkworthiness__gte=threshold,
        ).order_by("start")
    )
    for n, claim in enumerate(claims):
        approve_claim(
            claim, reviewer=reviewer, editor=editor, slug=SLUGS[n % len(SLUGS)], n=n
        )
    return claims


def reapprove(claim: Claim, *, slug: str, reviewer, editor) -> None:
    """Reopen an approved claim and approve it again with another label, the way
    a desk corrects a verdict."""
    claim.refresh_from_db()
    services.verdict_reopen(
        claim=claim, user=editor, reason="New evidence.", expected_version=claim.version
    )
    claim.refresh_from_db()
    services.rating_set(claim=claim, reviewer=reviewer, label=slug, confidence=2)
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    services.verdict_approve(
        claim=claim,
        user=editor,
        label=slug,
        explanation="Corrected explanation.",
        expected_version=claim.version,
    )
