"""Two desks, Alpha and Bravo, each with a published and an unpublished article and
everything that hangs off them, for the leak walk (tests/test_desk_leaks.py).

Everything of Bravo's that is not published carries `PRIVATE` in its text (titles,
bodies, quotes, rationales, comments, gap details, notification texts, the source
library's titles); what Bravo published, and so shows to anyone in its report,
carries `PUBLIC` instead, while the internal work on it (ratings, comments, gaps)
still carries `PRIVATE`. Alpha's objects carry neither.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from annotations import roles, services
from annotations.models import (
    Article,
    Capture,
    Citation,
    Claim,
    Comment,
    Membership,
    Notification,
    Rating,
    RatingLabel,
    Source,
    SourcingGap,
    Verdict,
    Workspace,
)
from reports import services as report_services
from reports import webhooks
from reports.models import (
    PublicationEvent,
    ReportRevision,
    Webhook,
    WebhookDelivery,
)
from tests import factories

PRIVATE = "Zebraquill"
PUBLIC = "Otterlamp"


@dataclass
class DeskObjects:
    """One desk's objects, each kind under the name a URL parameter infers."""

    workspace: Workspace
    reviewer: object
    second: object
    editor: object
    desk_admin: object
    # Per article variant ("draft", "published"): kind -> object.
    draft: dict = field(default_factory=dict)
    published: dict = field(default_factory=dict)


@dataclass
class LeakWorld:
    alpha: DeskObjects
    bravo: DeskObjects
    outsider: object
    bravo_snapshot: list

    def person(self, role: str):
        return {
            "anonymous": None,
            "outsider": self.outsider,
            "reviewer": self.alpha.reviewer,
            "editor": self.alpha.editor,
            "desk admin": self.alpha.desk_admin,
        }[role]


ROLES = ("anonymous", "outsider", "reviewer", "editor", "desk admin")


def _body(marker: str, topic: str) -> str:
    return (
        f"{marker} {topic} report\n\n"
        f"The {marker} council spent $4 million on {topic} in 2024. "
        f"Officials from {marker} said 3,100 people used it in March. "
        f"The {topic} budget grew by 12 percent last year. "
        f"Critics at {marker} said the plan was rushed. "
        "The mayor called it a historic day."
    )


def _people(desk: Workspace, prefix: str) -> tuple:
    made = []
    for name, role in (
        ("reviewer", "reviewer"),
        ("second", "reviewer"),
        ("editor", "editor"),
        ("admin", "admin"),
    ):
        person = factories.UserFactory(username=f"{prefix}-{name}")
        roles.grant(person, role, desk)
        made.append(person)
    return tuple(made)


def _capture(source: Source, marker: str) -> Capture:
    """A finished capture of `source` whose file and text carry `marker`."""
    payload = f"WARC/1.1\r\n\r\n<p>{marker} captured page</p>".encode()
    name = storages["captures"].save(
        f"leak-walk/{source.pk}.warc.gz", ContentFile(payload)
    )
    return factories.CaptureFactory(
        source=source,
        file_path=name,
        size_bytes=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(),
        text=f"{marker} captured words",
    )


def _desk(slug: str, private: str, public: str) -> DeskObjects:
    desk = Workspace.objects.create(slug=slug, name=f"{slug.title()} desk")
    reviewer, second, editor, desk_admin = _people(desk, slug)
    objects = DeskObjects(desk, reviewer, second, editor, desk_admin)
    true = RatingLabel.objects.get(scale__is_default=True, slug="true")

    def source(n: int, marker: str) -> Source:
        return factories.SourceFactory(
            title=f"{marker} source {slug} {n}",
            publisher=f"{marker} press",
            url=f"https://{slug}{n}.example.org/{marker.lower()}",
            normalized_url=f"https://{slug}{n}.example.org/{marker.lower()}",
            domain=f"{slug}{n}.example.org",
            created_by=reviewer,
        )

    def approve(claim: Claim, marker: str, n: int) -> None:
        for k in (1, 2):
            services.citation_add(
                claim=claim, source=source(10 * n + k, marker), stance="supports",
                user=second, quote=f"{marker} quote {k}",
            )  # fmt: skip
        services.rating_set(
            claim=claim, reviewer=second, label=true, rationale=f"{private} reasoning"
        )
        services.claim_submit(claim=claim, user=second)
        claim.refresh_from_db()
        services.verdict_approve(
            claim=claim, user=editor, label=true,
            explanation=f"{marker} explanation", expected_version=claim.version,
        )  # fmt: skip

    # The unpublished article: a claim in every state.
    draft = Article.objects.create(
        workspace=desk, title=f"{private} {slug} draft", body=_body(private, "buses")
    )
    claims = factories.claims_for(
        draft,
        [s.strip() + "." for s in draft.body.split("\n\n")[1].split(".") if s.strip()],
        checkworthiness=0.7,
    )
    open_claim, worked, submitted, approved, dismissed = claims
    services.claim_assign(claim=open_claim, assignees=[reviewer], user=editor)
    citation = services.citation_add(
        claim=worked, source=source(1, private), stance="supports", user=reviewer,
        quote=f"{private} quote",
    )  # fmt: skip
    rating = services.rating_set(
        claim=worked, reviewer=reviewer, label=true, rationale=f"{private} why"
    )
    comment = services.comment_add(
        claim=worked, user=reviewer, body=f"{private} note for @{slug}-editor"
    )
    services.citation_add(
        claim=submitted, source=source(2, private), stance="supports", user=reviewer
    )
    services.rating_set(claim=submitted, reviewer=reviewer, label=true)
    services.claim_submit(claim=submitted, user=reviewer)
    approve(approved, private, 3)
    services.claim_dismiss(claim=dismissed, reason=f"{private} opinion", user=reviewer)
    now = timezone.now()
    gap = SourcingGap.objects.create(
        claim=open_claim, kind="no_source", opened_at=now, last_seen_at=now,
        detail=f"{private} gap detail",
    )  # fmt: skip
    for claim in claims:
        claim.refresh_from_db()
    citation.refresh_from_db()
    # A capture of a source only the unpublished article cites: never public.
    draft_capture = _capture(citation.source, private)
    objects.draft = {
        "desk": desk,
        "article": draft,
        "claim": worked,
        "submitted": submitted,
        "approved": approved,
        "citation": citation,
        "rating": rating,
        "comment": comment,
        "gap": gap,
        "source": citation.source,
        "capture": draft_capture,
        "notification": Notification.objects.filter(recipient=reviewer)
        .order_by("pk")
        .first(),
    }

    # The published article: its report public, the work on it not.
    published = Article.objects.create(
        workspace=desk, title=f"{public} {slug} report", body=_body(public, "ferries")
    )
    published_claims = factories.claims_for(
        published,
        [
            s.strip() + "."
            for s in published.body.split("\n\n")[1].split(".")
            if s.strip()
        ],
        checkworthiness=0.7,
    )
    for n, claim in enumerate(published_claims):
        approve(claim, public, 4 + n)
    first = published_claims[0]
    first.refresh_from_db()
    # A webhook whose address carries the desk's private marker: publishing
    # records a delivery to it (docs/WEBHOOKS.md).
    hook = webhooks.webhook_create(
        user=desk_admin,
        workspace=desk,
        url=f"https://{private.lower()}-{slug}.example.org/hook",
        events=list(webhooks.EVENTS),
    )
    # Captured before publishing, so the report cites it (and serves it).
    published_capture = _capture(
        Citation.objects.filter(claim=first).order_by("pk").first().source, public
    )
    report_services.article_publish(article=published, user=editor)
    published.refresh_from_db()
    published_comment = services.comment_add(
        claim=first, user=second, body=f"{private} after publishing"
    )
    published_gap = SourcingGap.objects.create(
        claim=first, kind="single_source", opened_at=now, last_seen_at=now,
        detail=f"{private} published gap",
    )  # fmt: skip
    published_citation = Citation.objects.filter(claim=first).order_by("pk").first()
    objects.published = {
        "desk": desk,
        "article": published,
        "claim": first,
        "submitted": first,
        "approved": first,
        "citation": published_citation,
        "rating": Rating.objects.filter(claim=first).first(),
        "comment": published_comment,
        "gap": published_gap,
        "source": published_citation.source,
        "capture": published_capture,
        "notification": Notification.objects.filter(recipient=second)
        .order_by("pk")
        .first(),
        "revision": ReportRevision.objects.get(article=published).number,
        "webhook": hook,
        "delivery": WebhookDelivery.objects.get(webhook=hook),
    }
    # A desk's webhooks are not an article's: every side names them.
    objects.draft["webhook"] = hook
    objects.draft["delivery"] = objects.published["delivery"]
    return objects


def desk_rows(desk: Workspace) -> list:
    """Every row of a desk's, each as a dict of its fields, in a fixed order."""
    articles = Article.objects.filter(workspace=desk)
    claims = Claim.objects.filter(article__in=articles)
    members = Membership.objects.filter(workspace=desk)
    querysets = [
        Workspace.objects.filter(pk=desk.pk),
        members,
        articles,
        claims,
        Claim.assignees.through.objects.filter(claim__in=claims),
        Citation.objects.filter(claim__in=claims),
        Source.objects.filter(created_by__in=members.values("user_id")),
        Capture.objects.filter(source__citations__claim__in=claims).distinct(),
        Rating.objects.filter(claim__in=claims),
        Verdict.objects.filter(claim__in=claims),
        Comment.objects.filter(claim__in=claims),
        SourcingGap.objects.filter(claim__in=claims),
        Notification.objects.filter(claim__in=claims),
        ReportRevision.objects.filter(article__in=articles),
        PublicationEvent.objects.filter(article__in=articles),
        Webhook.objects.filter(workspace=desk),
        WebhookDelivery.objects.filter(webhook__workspace=desk),
    ]
    return [list(queryset.order_by("pk").values()) for queryset in querysets]


def build() -> LeakWorld:
    alpha = _desk("alpha", "alphaplain", "alphapublic")
    bravo = _desk("bravo", PRIVATE, PUBLIC)
    outsider = factories.UserFactory(username="outsider")
    return LeakWorld(
        alpha=alpha, bravo=bravo, outsider=outsider,
        bravo_snapshot=desk_rows(bravo.workspace),
    )  # fmt: skip
