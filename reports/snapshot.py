"""Build the report snapshot (docs/REPORT_SNAPSHOT.md) from the database.

A snapshot is the whole report as plain data: the article, every approved claim in
body order with its verdict and evidence, coverage, methodology and the revision's
own metadata. Publishing freezes one in a `ReportRevision`; every export renders from
it, so the same revision always gives the same bytes. It is built in a fixed number
of queries whatever the number of claims and citations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from annotations import selectors, siteurl, wording
from annotations.desksettings import desk_settings, scale_filter
from annotations.models import (
    Article,
    Capture,
    CaptureState,
    Citation,
    Claim,
    ClaimStatus,
    RatingLabel,
    RatingScale,
)
from annotations.sourcing import gaps
from reports import exporters
from reports.anchoring import CONTEXT_CHARS
from reports.exporters.claimreview import review_dates

SCHEMA = "factcheck-report/1"
# A person's name: two to four capitalised words, no institution word.
_PERSON = re.compile(r"^(?:[A-Z][\w.'\u2019-]*\s+){1,3}[A-Z][\w.'\u2019-]*$")


def iso_time(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def _credit(user) -> str | None:
    """A staff member's name where the desk credits its staff, else None.

    The name is `wording.person_name`, the one the desk's pages show; revisions
    frozen before it was shared hold the same bytes (full name, else username).
    """
    if user is None or not settings.FACTCHECK_CREDIT_STAFF:
        return None
    return wording.person_name(user)


def attribution_type(attribution: str) -> str | None:
    """Person or Organization for ClaimReview's itemReviewed.author (None when the
    attribution names nobody in particular: "experts", "leaders from both sides")."""
    attribution = (attribution or "").strip()
    if not attribution or not gaps.is_named(attribution) or _described(attribution):
        return None
    if gaps.names_institution(attribution):
        return "Organization"
    if _PERSON.match(attribution) and not attribution.lower().startswith("the "):
        return "Person"
    return "Organization"


def _described(attribution: str) -> bool:
    """Whether the attribution describes its speakers rather than names them: a
    phrase of several words whose only capital is its first letter ("Space
    advocates", "Local officials"), capitalised only because a sentence starts
    there. ClaimReview would read it as an organisation's name, so it gets no
    author; a one-word name ("Reuters") cannot be told from a word and stays."""
    return len(attribution.split()) > 1 and not any(
        character.isupper() for character in attribution[1:]
    )


def report_url(article_id: int) -> str:
    """The report's canonical public address (NotConfigured without
    FACTCHECK_SITE_URL).

    It is `/reports/<id>/`, not the desk's `/w/<slug>/reports/<id>/`: the article's
    id never changes where a desk's slug may, and every revision published before
    desks froze this form, so every revision of every report names one address
    (docs/PUBLISHING.md, "Canonical addresses")."""
    return siteurl.absolute(reverse("report-detail", args=[article_id]))


def identity(article: Article) -> dict:
    """Who publishes the article's report: its desk's organisation and methodology
    (`desk_settings`, the instance's as defaults), as the snapshot freezes them."""
    report = desk_settings(article.workspace).report
    return {
        "organisation": {
            "name": report.organisation_name,
            "url": report.organisation_url,
            "logo": report.logo_url or None,
        },
        "methodology": report.methodology,
    }


def _scale(article: Article) -> dict:
    """The rating scale of the article's desk, as the report describes it."""
    scale = RatingScale.objects.filter(scale_filter(article, prefix="")).first()
    labels = list(
        RatingLabel.objects.filter(scale=scale).order_by("position", "id")
        if scale
        else []
    )
    ordinals = [label.ordinal for label in labels if label.ordinal is not None]
    return {
        "name": scale.name if scale else "",
        "best": max(ordinals) if ordinals else None,
        "worst": min(ordinals) if ordinals else None,
        "labels": [
            {
                "slug": label.slug,
                "name": label.name,
                "ordinal": label.ordinal,
                "polarity": label.polarity,
                "description": label.description,
            }
            for label in labels
        ],
    }


def cited_captures():
    """The captures a report may cite: finished, hashed and stored, newest first
    (the first of a source's is the one a revision freezes)."""
    return (
        Capture.objects.filter(state=CaptureState.CAPTURED)
        .exclude(sha256="")
        .exclude(file_path="")
        .exclude(captured_at__isnull=True)
        .order_by("-captured_at", "-id")
    )


def checked_claims(article_id: int):
    """The article's approved live claims in body order, with verdicts and evidence
    and each cited source's finished captures (four queries)."""
    return (
        Claim.objects.filter(
            article_id=article_id,
            kind=Claim.Kind.CLAIM,
            dismissed_at__isnull=True,
            status=ClaimStatus.APPROVED,
            verdict__isnull=False,
        )
        .select_related("verdict__label", "verdict__approved_by")
        .prefetch_related(
            Prefetch(
                "citations",
                queryset=Citation.objects.select_related("source").order_by(
                    "created_at", "id"
                ),
            ),
            Prefetch(
                "citations__source__captures",
                queryset=cited_captures(),
                to_attr="finished_captures",
            ),
        )
        .order_by("start")
    )


def _claim(claim: Claim, number: int) -> dict:
    verdict = claim.verdict
    label = verdict.label
    return {
        "id": claim.pk,
        "number": number,
        "anchor": f"claim-{number}",
        "start": claim.start,
        "end": claim.end,
        "text": claim.text,
        "kind": claim.kind,
        "attribution": claim.attribution,
        "attribution_type": attribution_type(claim.attribution),
        "checkworthiness": round(claim.checkworthiness, 4),
        "verdict": {
            "label": label.slug,
            "name": label.name,
            "ordinal": label.ordinal,
            "polarity": label.polarity,
            "explanation": verdict.explanation,
            "claim_as_checked": verdict.claim_as_checked,
            "approved_at": iso_time(verdict.approved_at),
            "approved_by": _credit(verdict.approved_by),
            "gap_override_reason": verdict.gap_override_reason,
            "gap_override_kinds": list(verdict.gap_override_kinds or []),
            "two_person_override_reason": verdict.two_person_override_reason,
        },
        "citations": [
            {
                "stance": citation.stance,
                "quote": citation.quote,
                "locator": citation.locator,
                "source": {
                    "title": citation.source.title,
                    "publisher": citation.source.publisher,
                    "url": citation.source.url,
                    "archive_url": citation.source.archive_url,
                    "kind": citation.source.kind,
                    "domain": citation.source.domain,
                    **_capture(claim.article_id, citation.source),
                },
            }
            for citation in claim.citations.all()
        ],
    }


def capture_path(article_id: int, capture_id: int, *, text: bool = False) -> str:
    """The public path of a capture cited in the article's report: its file, or
    (`text`) the words extracted from it. Canonical under `/reports/<id>/` for the
    reason `report_url` gives."""
    name = "report-capture-text" if text else "report-capture"
    return reverse(name, args=[article_id, capture_id])


def _capture(article_id: int, source) -> dict:
    """`{"capture": {...}}` naming the source's newest finished capture, or `{}`
    when it has none: a source without one keeps the keys revisions frozen before
    captures existed have, so their content digest is unchanged."""
    captures = getattr(source, "finished_captures", None) or ()
    if not captures:
        return {}
    capture = captures[0]
    return {
        "capture": {
            "id": capture.pk,
            "origin": capture.origin,
            "sha256": capture.sha256,
            "captured_at": iso_time(capture.captured_at),
            "content_type": capture.content_type,
            "size_bytes": capture.size_bytes,
            # Publishing refuses without the site's address (`report_url`); the
            # preview and the digest still build, with paths from the root.
            "url": siteurl.base() + capture_path(article_id, capture.pk),
            "text_url": siteurl.base()
            + capture_path(article_id, capture.pk, text=True),
        }
    }


def content(article: Article, *, counts: Article | None = None) -> dict:
    """Everything the report says about the article, without the revision block:
    equal content means there is nothing new to publish. `counts` is the article's
    row from `selectors.article_list()` when the caller already read it."""
    claims = [
        _claim(claim, number)
        for number, claim in enumerate(checked_claims(article.pk), start=1)
    ]
    scale = _scale(article)
    if counts is None:
        counts = selectors.article_list().get(pk=article.pk)
    by_verdict: dict[str, int] = {label["slug"]: 0 for label in scale["labels"]}
    for claim in claims:
        by_verdict[claim["verdict"]["label"]] = (
            by_verdict.get(claim["verdict"]["label"], 0) + 1
        )
    threshold = selectors.checkworthy_threshold(article)
    sources = {
        (c["source"]["url"] or c["source"]["title"]) for claim in claims
        for c in claim["citations"]
    }  # fmt: skip
    return {
        **identity(article),
        "article": {
            "id": article.pk,
            "title": article.title,
            "url": article.url,
            "publisher": article.publisher,
            "byline": article.byline,
            "published_on": article.published_on.isoformat()
            if article.published_on
            else None,
            "language": article.language,
            "body": article.body,
        },
        "scale": scale,
        "claims": claims,
        "coverage": {
            "checkworthy": counts.checkworthy_count,
            "checked": sum(1 for c in claims if c["checkworthiness"] >= threshold),
            "sources": len(sources),
            "by_verdict": {slug: n for slug, n in by_verdict.items() if n},
        },
    }


def build(
    article: Article,
    *,
    number: int,
    published_at: dt.datetime,
    published_by=None,
    note: str = "",
    override_reason: str = "",
    previous: list[dict] | None = None,
    latest: dict | None = None,
    excerpts_only: bool = False,
) -> dict:
    """The snapshot of revision `number` of the article's report
    (docs/REPORT_SNAPSHOT.md); `latest` is the snapshot of the revision before it,
    which says since when each claim it carried has been public.

    With `excerpts_only` the revision block says so and the snapshot still holds
    the article's text: `content_sha256` is taken over it, then `excerpted` takes
    the text out before anything is frozen or shown."""
    body = content(article)
    published = iso_time(published_at)
    earlier = claims_first_published(latest) if latest else {}
    return {
        "schema": SCHEMA,
        "report": {
            "url": report_url(article.pk),
            "revision": number,
            "published_at": published,
            "published_by": _credit(published_by),
            "note": note,
            "override_reason": override_reason,
            "excerpts_only": bool(excerpts_only),
            "previous": list(previous or []),
            "claims_first_published": {
                str(claim["id"]): earlier.get(str(claim["id"])) or published
                for claim in body["claims"]
            },
        },
        **body,
    }


def excerpted(snapshot: dict) -> dict:
    """The snapshot as published: unchanged unless its revision block says
    `excerpts_only`, then without the article's text: the body is emptied and each claim
    keeps, besides its own words, at most `CONTEXT_CHARS` characters either side of
    them (what a W3C TextQuoteSelector records), so no export of it can reprint the
    article. Offsets still say where each claim was in the text the desk imported.
    Returns a new dict; `snapshot` is not changed."""
    if not snapshot["report"].get("excerpts_only") or not snapshot["article"]["body"]:
        return snapshot
    article = dict(snapshot["article"])
    body = article["body"]
    article["body"] = ""
    claims = []
    for claim in snapshot["claims"]:
        start, end = claim["start"], claim["end"]
        inside = 0 <= start <= end <= len(body) and body[start:end] == claim["text"]
        claims.append(
            {
                **claim,
                "context": {
                    "prefix": body[max(0, start - CONTEXT_CHARS) : start]
                    if inside
                    else "",
                    "suffix": body[end : end + CONTEXT_CHARS] if inside else "",
                },
            }
        )
    return {**snapshot, "article": article, "claims": claims}


def claims_first_published(snapshot: dict) -> dict[str, str]:
    """Claim id (a string) -> when that claim's review first went public, for every
    claim of a published snapshot ("" when no time of it parses).

    It lives in the revision block, not beside the claim, because it depends on the
    revisions before and the content digest must not. A snapshot frozen before the
    map existed gives, for each of its claims, when its verdict first went public:
    the best it can tell (`claimreview.review_dates` reads both alike)."""
    return {
        str(claim.get("id")): review_dates(snapshot, claim)[0]
        for claim in snapshot.get("claims") or ()
    }


def canonical_bytes(snapshot: dict) -> bytes:
    """The snapshot as the JSON export writes it: what its sha256 is taken over."""
    return exporters.get("json").render(snapshot)


def sha256(snapshot: dict) -> str:
    return hashlib.sha256(canonical_bytes(snapshot)).hexdigest()


def content_sha256(snapshot: dict) -> str:
    """A digest of what the report says (every part but the revision block).

    Take it over the snapshot before `excerpted`: the digest compares what the
    report says with what the desk would publish now, whichever way it is shown."""
    body = {key: value for key, value in snapshot.items() if key != "report"}
    return _content_digest(body)


def content_digest(article: Article, *, counts: Article | None = None) -> str:
    """`content_sha256` of the snapshot the article would publish now, without
    building the revision around it (its address, times and history)."""
    return _content_digest(content(article, counts=counts))


def _content_digest(body: dict) -> str:
    return hashlib.sha256(
        exporters.get("json").render({"schema": SCHEMA, "report": {}, **body})
    ).hexdigest()


def verdict_changes(before: dict, after: dict) -> list[dict]:
    """What a revision changed against the one before, claim by claim (by claim
    id), in the later revision's order then the dropped ones': each a dict with
    `number` (the claim's number in the revision that has it), `text`, `old` and
    `new` (the verdict's label name, None when the claim was not in that
    revision). Claims whose label did not change are left out."""
    earlier = {claim["id"]: claim for claim in before.get("claims") or ()}
    later = {claim["id"]: claim for claim in after.get("claims") or ()}
    changes = []
    for identifier, claim in later.items():
        old = earlier.get(identifier)
        old_label = old["verdict"]["label"] if old else None
        if old_label == claim["verdict"]["label"]:
            continue
        changes.append(
            {
                "number": claim["number"],
                "text": claim["text"],
                "old": old["verdict"]["name"] if old else None,
                "new": claim["verdict"]["name"],
            }
        )
    for identifier, claim in earlier.items():
        if identifier not in later:
            changes.append(
                {
                    "number": claim["number"],
                    "text": claim["text"],
                    "old": claim["verdict"]["name"],
                    "new": None,
                }
            )
    return changes
