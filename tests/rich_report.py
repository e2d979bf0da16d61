"""A published report with every field a report shows filled in, built through the
services: sources of every kind (two of each, most with an archived copy) and one
without an address cited by two claims, quotes, locators and internal notes on
citations, every stance, a corrected attribution, a verdict approved over an open
sourcing gap and one approved by an admin over the two-person rule."""

from __future__ import annotations

import copy

from annotations import selectors, services
from annotations.errors import WorkflowConflict
from annotations.models import Article, Claim, SourceKind
from reports import services as reports
from reports.models import ReportRevision
from tests.report_fixtures import INTERNAL, SLUGS, label

BODY_MARK = "ZZBODYZZ"
ATTRIBUTION = "the Secure World Foundation"
GAP_REASON = "Only the agency's own statement exists; the desk relied on it openly."
TWO_PERSON_REASON = "Only one editor was on shift that night; the admin checked it."
UNADDRESSED = {
    "title": "Interview with Dr Jane Roe, 3 March 2021",
    "publisher": "Fact desk interview notes",
    "kind": SourceKind.EXPERT,
}


def _documents() -> list[dict]:
    """Two documents of every kind; every third one has no archived copy."""
    documents = []
    for kind in SourceKind.values:
        for n in (1, 2):
            # Each on a domain of its own, so no two count as one outlet.
            host = f"{kind}-source{n}.org"
            documents.append(
                {
                    "url": f"https://www.{host}/docs/{kind}-{n}?utm_source=feed",
                    "title": f"The {kind} document number {n}",
                    "publisher": f"{kind.capitalize()} Publisher {n}",
                    "kind": kind,
                    "archive_url": ""
                    if len(documents) % 3 == 2
                    else f"https://web.archive.org/web/2021/https://www.{host}/",
                }
            )
    return documents


def _stance_for(slug: str) -> str:
    return "refutes" if label(slug).polarity == "false" else "supports"


def rich_report(
    *, body: str, reviewer, editor, admin
) -> tuple[Article, ReportRevision]:
    """Build, verify and publish the rich report on an article with `body`."""
    article = services.article_create(
        title="China and Russia Agree to Build Joint Moon Base",
        body=body,
        url="https://www.example.com/china-russia-moon-base",
        publisher="Space.com",
        byline="Jane Doe",
        created_by=reviewer,
    )
    threshold = selectors.checkworthy_threshold()
    claims = list(
        Claim.objects.filter(
            article=article,
            kind="claim",
            dismissed_at__isnull=True,
            checkworthiness__gte=threshold,
        ).order_by("start")
    )
    assert len(claims) >= 6, "the body needs at least six check-worthy claims"
    documents = _documents()
    unaddressed = None
    gap_claim, two_person_claim = claims[1], claims[3]
    services.claim_set_attribution(
        claim=claims[2], attribution=ATTRIBUTION, user=reviewer
    )
    for n, claim in enumerate(claims):
        slug = SLUGS[n % len(SLUGS)]
        rater = admin if claim == two_person_claim else reviewer
        if claim != gap_claim:
            for index, document in enumerate(
                [documents[(2 * n) % 14], documents[(2 * n + 1) % 14]]
            ):
                services.citation_add_with_source(
                    claim=claim, stance=_stance_for(slug), user=rater,
                    quote="" if index else f"Quoted passage for claim {n}.",
                    locator=f"p. {n + index + 1}" if (n + index) % 4 else "",
                    note=f"{INTERNAL} note {n}-{index}",
                    **document,
                )  # fmt: skip
            services.citation_add_with_source(
                claim=claim, stance="context", user=rater,
                quote=f"Context for claim {n}.", locator="transcript, 3 March",
                note=f"{INTERNAL} context note",
                **documents[(2 * n + 5) % 14],
            )  # fmt: skip
            if n in (0, 4):
                if unaddressed is None:
                    citation = services.citation_add_with_source(
                        claim=claim, stance="supports", user=rater,
                        quote="We saw the signed memorandum ourselves.",
                        locator="minute 12", note=f"{INTERNAL} interview",
                        **UNADDRESSED,
                    )  # fmt: skip
                    unaddressed = citation.source
                else:
                    services.citation_add_with_source(
                        claim=claim, stance="supports", user=rater,
                        source=unaddressed, quote="", locator="minute 31",
                    )  # fmt: skip
        services.rating_set(
            claim=claim, reviewer=rater, label=label(slug),
            rationale=f"{INTERNAL} rationale",
        )  # fmt: skip
        services.claim_submit(claim=claim, user=rater)
        claim.refresh_from_db()
        approver = admin if claim == two_person_claim else editor
        approval = {
            "claim": claim,
            "user": approver,
            "label": slug,
            "explanation": f"Verdict {n}: what the sources show.\n\nA second "
            f"paragraph for claim {n}.",
            "expected_version": claim.version,
            "two_person_override_reason": TWO_PERSON_REASON
            if claim == two_person_claim
            else "",
        }
        try:
            services.verdict_approve(**approval)
        except WorkflowConflict:
            claim.refresh_from_db()
            approval["expected_version"] = claim.version
            services.verdict_approve(**approval, gap_override_reason=GAP_REASON)
    revision = reports.article_publish(article=article, user=editor)
    verdicts = [claim["verdict"] for claim in revision.snapshot["claims"]]
    # The report really shows what this helper promises.
    assert any(v["gap_override_reason"] == GAP_REASON for v in verdicts)
    assert any(v["two_person_override_reason"] == TWO_PERSON_REASON for v in verdicts)
    assert any(c["attribution"] == ATTRIBUTION for c in revision.snapshot["claims"])
    cited = [
        citation["source"]
        for claim in revision.snapshot["claims"]
        for citation in claim["citations"]
    ]
    assert {source["kind"] for source in cited} == set(SourceKind.values)
    assert any(not source["url"] for source in cited)
    return article, revision


def published_content(snapshot: dict) -> dict:
    """What a snapshot publishes, without what belongs to one database or moment:
    the revision block, ids, approval times, and the approving editor (an imported
    verdict is approved by the editor who imports it)."""
    content = copy.deepcopy({k: v for k, v in snapshot.items() if k != "report"})
    content["article"].pop("id")
    for claim in content["claims"]:
        claim.pop("id")
        claim["verdict"].pop("approved_at")
        claim["verdict"].pop("approved_by")
    return content
