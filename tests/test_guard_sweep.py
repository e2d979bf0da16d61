"""Every write service refuses, by itself, the people and the states its policy
refuses — not only because the page or the API in front of it checked first.

A mutation sweep (docs/SECURITY.md, "Guards") removed each `check_*` call and each
refusing condition of the services and the policies one at a time; these are the
tests for the ones nothing caught. Each case names the service, who calls it and on
what; nothing may change when it is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from annotations import services
from annotations.errors import Conflict, InvalidInput, NotAllowed, WorkflowConflict
from annotations.models import (
    Article,
    Citation,
    Claim,
    Comment,
    Invitation,
    Membership,
    Rating,
    RatingLabel,
    RatingScale,
    ScanRun,
    Source,
    Verdict,
    Workspace,
)
from annotations.services.evidence import citations_reuse, source_add_archive
from reports import webhooks
from reports.models import Webhook, WebhookDelivery
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.django_db

BODY = (
    "Harbour budget approved\n\n"
    "The council approved the harbour budget on Monday. "
    "Critics said the dredging plan was rushed. "
    "The port moved 4 million containers in 2025. "
    "Officials expect 12 percent more traffic next year. "
    "The mayor called it a historic day."
)


@dataclass
class World:
    reader: object
    rita: object
    sam: object
    eddie: object
    article: Article
    open: Claim  # nobody's work on it
    worked: Claim  # Rita's citation and draft rating
    submitted: Claim  # Sam rated and submitted it
    approved: Claim  # approved by Eddie
    dismissed: Claim
    citation: Citation
    rating: Rating
    source: Source

    def fresh(self) -> World:
        for name in ("open", "worked", "submitted", "approved", "dismissed"):
            getattr(self, name).refresh_from_db()
        return self


@pytest.fixture
def world(db) -> World:
    reader = factories.UserFactory(username="reader")
    rita = factories.UserFactory(username="rita", role="reviewer")
    sam = factories.UserFactory(username="sam", role="reviewer")
    eddie = factories.UserFactory(username="eddie", role="editor")
    article = Article.objects.create(title="Harbour", body=BODY)
    pieces = [s.strip() + "." for s in BODY[25:].split(".") if s.strip()]
    worked, submitted, approved, open_claim, dismissed = factories.claims_for(
        article, pieces, checkworthiness=0.7
    )
    source = factories.SourceFactory(title="Council minutes")
    citation = services.citation_add(
        claim=worked, source=source, stance="supports", user=rita
    )
    rating = services.rating_set(claim=worked, reviewer=rita, label=label())
    for claim in (submitted, approved):
        services.citation_add(
            claim=claim, source=factories.SourceFactory(), stance="supports", user=sam
        )
        services.rating_set(claim=claim, reviewer=sam, label=label())
        services.claim_submit(claim=claim, user=sam)
    approved.refresh_from_db()
    services.verdict_approve(
        claim=approved, user=eddie, label="true", explanation="The minutes.",
        expected_version=approved.version, gap_override_reason="Phoned the clerk.",
    )  # fmt: skip
    services.claim_dismiss(claim=dismissed, reason="Opinion", user=rita)
    Invitation.objects.create(
        workspace=article.workspace,
        email="waiting@example.org",
        role="reviewer",
        token_digest="0" * 64,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    # A desk admin's webhook with a failed delivery, for the webhook services
    # (the Django admin's webhook screens call them too: reports/admin.py).
    hook = webhooks.webhook_create(
        user=factories.UserFactory(username="ada", role="admin"),
        workspace=article.workspace,
        url="https://partner.example.org/hook",
        events=["published"],
    )
    WebhookDelivery.objects.create(
        webhook=hook,
        event="published",
        uuid="6f1c0b3e-1d0a-4c55-9d43-3b8f7f0f9a21",
        payload_json="{}",
        state=WebhookDelivery.State.FAILED,
        next_attempt_at=timezone.now(),
    )
    return World(
        reader=reader, rita=rita, sam=sam, eddie=eddie, article=article,
        open=open_claim, worked=worked, submitted=submitted, approved=approved,
        dismissed=dismissed, citation=citation, rating=rating, source=source,
    ).fresh()  # fmt: skip


def snapshot() -> tuple:
    """Everything a refused write could have changed."""
    return (
        list(
            Article.objects.values_list(
                "pk", "title", "blind_review", "published_at", "language"
            )
        ),
        list(
            Claim.objects.order_by("pk").values_list(
                "pk",
                "start",
                "end",
                "kind",
                "status",
                "attribution",
                "version",
                "dismissed_at",
            )
        ),
        list(Citation.objects.values_list("pk", "claim_id", "quote")),
        list(Rating.objects.values_list("pk", "claim_id", "submitted_at")),
        list(Verdict.objects.values_list("pk", "claim_id")),
        list(Comment.objects.values_list("pk")),
        list(Source.objects.values_list("pk", "title", "archive_url")),
        list(RatingLabel.objects.values_list("pk", "name")),
        list(Claim.assignees.through.objects.values_list("claim_id", "user_id")),
        list(ScanRun.objects.values_list("pk")),
        list(Workspace.objects.values_list("pk", "slug", "name")),
        list(Membership.objects.values_list("pk", "user_id", "role")),
        list(Invitation.objects.values_list("pk", "revoked_at", "accepted_at")),
        list(Webhook.objects.values_list("pk", "url", "events", "active", "secret")),
        list(WebhookDelivery.objects.values_list("pk", "state", "attempts")),
    )


Call = Callable[[World, object], object]


def _waiting_invitation(world) -> Invitation:
    return Invitation.objects.get(email="waiting@example.org")


def _version(claim: Claim) -> int:
    return Claim.objects.get(pk=claim.pk).version


# One call per write service, made as `user` against the world.
def evidence_file():
    """A harmless file a reviewer might upload as a source."""
    return SimpleUploadedFile("memo.txt", b"Plain evidence text.")


SERVICES: dict[str, Call] = {
    "article_create": lambda w, u: services.article_create(
        title="New", body="The port moved 3 million boxes.", created_by=u
    ),
    "article_update": lambda w, u: services.article_update(
        article=w.article, user=u, title="Renamed"
    ),
    "article_set_blind_review": lambda w, u: services.article_set_blind_review(
        article=w.article, user=u, blind=True
    ),
    "article_set_language": lambda w, u: services.article_set_language(
        article=w.article, user=u, language="es"
    ),
    "scan_request": lambda w, u: services.scan_request(user=u),
    "article_set_published": lambda w, u: services.article_set_published(
        article=w.article, user=u, published_at=timezone.now()
    ),
    "article_delete": lambda w, u: services.article_delete(article=w.article, user=u),
    "claims_bulk dismiss": lambda w, u: services.claims_bulk(
        article=w.article,
        items=[(w.open.pk, w.open.version)],
        action="dismiss",
        user=u,
        reason="Opinion",
    ),
    "claims_bulk assign": lambda w, u: services.claims_bulk(
        article=w.article,
        items=[(w.open.pk, w.open.version)],
        action="assign",
        user=u,
        assignees=[w.rita],
    ),
    "claim_create": lambda w, u: services.claim_create(
        article=w.article, start=0, end=7, user=u
    ),
    "claim_rebound": lambda w, u: services.claim_rebound(
        claim=w.open, start=w.open.start, end=w.open.end - 1, user=u
    ),
    "claim_split": lambda w, u: services.claim_split(
        claim=w.open, at=w.open.start + 9, user=u
    ),
    "claim_merge": lambda w, u: services.claim_merge(claim=w.open, user=u),
    "claim_carve": lambda w, u: services.claim_carve(
        claim=w.open, start=w.open.start, end=w.open.start + 8, user=u
    ),
    "claim_dismiss": lambda w, u: services.claim_dismiss(
        claim=w.open, reason="Opinion", user=u
    ),
    "claim_restore": lambda w, u: services.claim_restore(claim=w.dismissed, user=u),
    "claim_set_kind": lambda w, u: services.claim_set_kind(
        claim=w.open, kind="opinion", user=u
    ),
    "claim_set_attribution": lambda w, u: services.claim_set_attribution(
        claim=w.open, attribution="the mayor", user=u
    ),
    "claim_assign": lambda w, u: services.claim_assign(
        claim=w.open, assignees=[w.rita], user=u
    ),
    "claim_start": lambda w, u: services.claim_start(claim=w.open, user=u),
    "citation_add": lambda w, u: services.citation_add(
        claim=w.open, source=w.source, stance="supports", user=u
    ),
    "citation_add_with_source": lambda w, u: services.citation_add_with_source(
        claim=w.open, stance="supports", user=u, url="https://example.org/new"
    ),
    "citation_add_with_upload": lambda w, u: services.citation_add_with_upload(
        claim=w.open, stance="supports", user=u, upload=evidence_file()
    ),
    "citation_update": lambda w, u: services.citation_update(
        citation=w.citation, user=u, quote="Changed."
    ),
    "citation_remove": lambda w, u: services.citation_remove(
        citation=w.citation, user=u
    ),
    "citations_reuse": lambda w, u: citations_reuse(
        claim=w.open, from_claim=w.approved, user=u
    ),
    "rating_set": lambda w, u: services.rating_set(
        claim=w.open, reviewer=u, label=label("false")
    ),
    "rating_remove": lambda w, u: services.rating_remove(rating=w.rating, user=u),
    "source_get_or_create": lambda w, u: services.source_get_or_create(
        url="https://example.org/another", user=u
    ),
    "source_update": lambda w, u: services.source_update(
        source=w.source, user=u, title="Renamed"
    ),
    "source_add_archive": lambda w, u: source_add_archive(
        source=w.source, user=u, archive_url="https://web.archive.org/web/2026/x"
    ),
    "comment_add": lambda w, u: services.comment_add(
        claim=w.open, user=u, body="Hello."
    ),
    "api_token_create": lambda w, u: services.api_token_create(user=u, name="x"),
    "workspace_create": lambda w, u: services.workspace_create(
        user=u, name="Health desk", slug="health"
    ),
    "workspace_rename": lambda w, u: services.workspace_rename(
        user=u, workspace=w.article.workspace, name="Renamed"
    ),
    "workspace_settings_update": lambda w, u: services.workspace_settings_update(
        user=u, workspace=w.article.workspace, data={"ratings_required": 2}
    ),
    "membership_grant": lambda w, u: services.membership_grant(
        user=u, workspace=w.article.workspace, member=w.reader, role="editor"
    ),
    "membership_remove": lambda w, u: services.membership_remove(
        user=u, workspace=w.article.workspace, member=w.sam
    ),
    "invitation_create": lambda w, u: services.invitation_create(
        user=u, workspace=w.article.workspace, email="x@example.org", role="editor"
    ),
    "invitation_revoke": lambda w, u: services.invitation_revoke(
        user=u, invitation=_waiting_invitation(w)
    ),
    "webhook_create": lambda w, u: webhooks.webhook_create(
        user=u,
        workspace=w.article.workspace,
        url="https://elsewhere.example.org/",
        events=["published"],
    ),
    "webhook_update": lambda w, u: webhooks.webhook_update(
        user=u, webhook=Webhook.objects.get(), url="https://elsewhere.example.org/"
    ),
    "webhook_set_active": lambda w, u: webhooks.webhook_set_active(
        user=u, webhook=Webhook.objects.get(), active=False
    ),
    "webhook_rotate_secret": lambda w, u: webhooks.webhook_rotate_secret(
        user=u, webhook=Webhook.objects.get()
    ),
    "webhook_delete": lambda w, u: webhooks.webhook_delete(
        user=u, webhook=Webhook.objects.get()
    ),
    "delivery_resend": lambda w, u: webhooks.delivery_resend(
        user=u, delivery=WebhookDelivery.objects.get()
    ),
    "rating_label_save": lambda w, u: services.rating_label_save(
        scale=RatingScale.objects.get(is_default=True),
        user=u,
        label=label(),
        name="Entirely true",
    ),
    "rating_label_delete": lambda w, u: services.rating_label_delete(
        label=label("pants-on-fire")
        if RatingLabel.objects.filter(slug="pants-on-fire").exists()
        else RatingLabel.objects.filter(scale__is_default=True).last(),
        user=u,
    ),
    "claim_submit": lambda w, u: services.claim_submit(claim=w.worked, user=u),
    "claim_withdraw": lambda w, u: services.claim_withdraw(claim=w.submitted, user=u),
    "claim_return": lambda w, u: services.claim_return(
        claim=w.submitted,
        user=u,
        comment="More sources.",
        expected_version=_version(w.submitted),
    ),
    "verdict_approve": lambda w, u: services.verdict_approve(
        claim=w.submitted,
        user=u,
        label="true",
        explanation="Yes.",
        expected_version=_version(w.submitted),
    ),
    "verdict_reopen": lambda w, u: services.verdict_reopen(
        claim=w.approved,
        user=u,
        reason="A correction.",
        expected_version=_version(w.approved),
    ),
    "claim_import": lambda w, u: services.claim_import(
        article=w.article,
        start=0,
        end=7,
        user=u,
        label="true",
        explanation="Checked elsewhere.",
        citations=[],
        origin="urn:x",
    ),
}

EDITORS_ONLY = {
    "article_set_blind_review", "article_set_published", "claims_bulk assign",
    "claim_assign", "rating_label_save", "rating_label_delete", "claim_return",
    "verdict_approve", "verdict_reopen", "claim_import", "scan_request",
}  # fmt: skip
ADMINS_ONLY = {
    "article_delete", "workspace_create", "membership_grant", "membership_remove",
    "invitation_create", "invitation_revoke", "workspace_rename",
    "workspace_settings_update", "webhook_create", "webhook_update",
    "webhook_set_active", "webhook_rotate_secret", "webhook_delete",
    "delivery_resend",
}  # fmt: skip


def _refused(world, call, user, error) -> None:
    before = snapshot()
    with pytest.raises(error):
        call(world.fresh(), user)
    assert snapshot() == before


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_a_signed_in_reader_changes_nothing(world, name):
    """No desk role: every write is refused by the service itself."""
    _refused(world, SERVICES[name], world.reader, NotAllowed)


@pytest.mark.parametrize("name", sorted(EDITORS_ONLY | ADMINS_ONLY))
def test_a_reviewer_cannot_do_what_editors_do(world, name):
    _refused(world, SERVICES[name], world.rita, NotAllowed)


@pytest.mark.parametrize("name", sorted(ADMINS_ONLY))
def test_an_editor_cannot_do_what_admins_do(world, name):
    _refused(world, SERVICES[name], world.eddie, NotAllowed)


# --- the claim's state ----------------------------------------------------------------

# The same services on the submitted claim: its text and evidence are locked.
LOCKED: dict[str, Call] = {
    "claim_rebound": lambda w, u: services.claim_rebound(
        claim=w.submitted, start=w.submitted.start, end=w.submitted.end - 1, user=u
    ),
    "claim_split": lambda w, u: services.claim_split(
        claim=w.submitted, at=w.submitted.start + 9, user=u
    ),
    "claim_merge": lambda w, u: services.claim_merge(claim=w.submitted, user=u),
    "claim_merge into a locked claim": lambda w, u: services.claim_merge(
        claim=w.worked, user=u
    ),
    "claim_carve": lambda w, u: services.claim_carve(
        claim=w.submitted, start=w.submitted.start, end=w.submitted.start + 8, user=u
    ),
    "claim_dismiss": lambda w, u: services.claim_dismiss(
        claim=w.submitted, reason="Opinion", user=u
    ),
    "claim_restore of a live claim": lambda w, u: services.claim_restore(
        claim=w.submitted, user=u
    ),
    "claim_set_kind": lambda w, u: services.claim_set_kind(
        claim=w.submitted, kind="opinion", user=u
    ),
    "claim_set_attribution": lambda w, u: services.claim_set_attribution(
        claim=w.submitted, attribution="the mayor", user=u
    ),
    "citation_add": lambda w, u: services.citation_add(
        claim=w.submitted, source=w.source, stance="supports", user=u
    ),
    "citation_add_with_source": lambda w, u: services.citation_add_with_source(
        claim=w.submitted, stance="supports", user=u, url="https://example.org/new"
    ),
    "citation_add_with_upload": lambda w, u: services.citation_add_with_upload(
        claim=w.submitted, stance="supports", user=u, upload=evidence_file()
    ),
    "citation_update": lambda w, u: services.citation_update(
        citation=w.submitted.citations.get(), user=u, quote="Changed."
    ),
    "citation_remove": lambda w, u: services.citation_remove(
        citation=w.submitted.citations.get(), user=u
    ),
    "citations_reuse": lambda w, u: citations_reuse(
        claim=w.submitted, from_claim=w.approved, user=u
    ),
    "rating_set": lambda w, u: services.rating_set(
        claim=w.submitted, reviewer=u, label=label("false")
    ),
    "rating_remove": lambda w, u: services.rating_remove(
        rating=w.submitted.ratings.get(), user=u
    ),
}


@pytest.mark.parametrize("name", sorted(LOCKED))
def test_a_submitted_claims_text_and_evidence_are_locked_for_everyone(world, name):
    """Even for the editor, who may otherwise remove anyone's evidence."""
    _refused(world, LOCKED[name], world.eddie, WorkflowConflict)


def test_a_submitted_claim_is_not_merged_with_an_open_one_after_it(world):
    """Each side of a merge is checked: here only the first is locked."""
    article = Article.objects.create(title="Two", body="One fact here. Another one.")
    first, second = factories.claims_for(article)
    services.citation_add(
        claim=first, source=world.source, stance="context", user=world.rita
    )
    services.rating_set(claim=first, reviewer=world.rita, label=label())
    services.claim_submit(claim=first, user=world.rita)
    assert Claim.objects.get(pk=second.pk).status == "open"
    _refused(
        world,
        lambda w, u: services.claim_merge(claim=first, user=u),
        world.eddie,
        WorkflowConflict,
    )


def test_merging_is_refused_when_both_cite_the_same_source(world):
    """The citation would be there twice, or one of them lost."""
    article = Article.objects.create(title="Two", body="One fact here. Another one.")
    first, second = factories.claims_for(article)
    for claim, user in ((first, world.rita), (second, world.sam)):
        services.citation_add(
            claim=claim, source=world.source, stance="context", user=user
        )
    _refused(
        world,
        lambda w, u: services.claim_merge(claim=first, user=u),
        world.rita,
        Conflict,
    )


@pytest.mark.parametrize("which", ["dismissed", "headline"])
def test_only_a_live_claim_is_taken_into_progress(world, which):
    if which == "headline":
        Claim.objects.filter(pk=world.open.pk).update(kind="headline")
    claim = world.fresh().dismissed if which == "dismissed" else world.open
    _refused(
        world,
        lambda w, u: services.claim_start(claim=claim, user=u),
        world.rita,
        WorkflowConflict,
    )


def test_a_segment_that_is_no_claim_is_not_rated(world):
    """A headline may carry sources (its words matter), but it is no claim: it
    takes no rating."""
    Claim.objects.filter(pk=world.open.pk).update(kind="headline")
    _refused(
        world,
        lambda w, u: services.rating_set(claim=w.open, reviewer=u, label=label()),
        world.rita,
        WorkflowConflict,
    )


def test_only_an_approved_claims_citations_are_reused(world):
    """Evidence nobody approved is not evidence to copy; nor is a claim's own."""
    _refused(
        world,
        lambda w, u: citations_reuse(claim=w.open, from_claim=w.worked, user=u),
        world.rita,
        WorkflowConflict,
    )
    _refused(
        world,
        lambda w, u: citations_reuse(claim=w.worked, from_claim=w.worked, user=u),
        world.rita,
        InvalidInput,
    )


def test_only_a_submitted_claim_is_returned_and_only_an_approved_one_reopened(world):
    _refused(
        world,
        lambda w, u: services.claim_return(
            claim=w.worked, user=u, comment="More.", expected_version=_version(w.worked)
        ),
        world.eddie,
        WorkflowConflict,
    )
    _refused(
        world,
        lambda w, u: services.verdict_reopen(
            claim=w.submitted,
            user=u,
            reason="A correction.",
            expected_version=_version(w.submitted),
        ),
        world.eddie,
        WorkflowConflict,
    )


@pytest.mark.parametrize("which", ["submitted", "approved", "dismissed", "worked"])
def test_an_import_never_lands_on_a_segment_someone_worked_on(world, which):
    """An annotation anchored exactly onto an existing claim takes it over only
    while nobody has touched it: not once it is handed in, checked, dismissed, or
    carries evidence."""
    claim = getattr(world, which)
    if which == "worked":
        Claim.objects.filter(pk=claim.pk).update(status="open")
    _refused(
        world,
        lambda w, u: services.claim_import(
            article=w.article,
            start=claim.start,
            end=claim.end,
            user=u,
            label="false",
            explanation="Checked elsewhere.",
            citations=[],
            origin="urn:x",
        ),
        world.eddie,
        Conflict,
    )


def test_a_label_a_rating_uses_is_not_deleted(world):
    used = label()
    assert Rating.objects.filter(label=used).exists()
    _refused(
        world,
        lambda w, u: services.rating_label_delete(label=used, user=u),
        world.eddie,
        Conflict,
    )


def test_the_refusals_come_before_any_input_is_looked_at(world):
    """A locked claim is refused as locked whatever else the request says, and no
    source is made for a citation that cannot be added."""
    before = Source.objects.count()
    for url in ("https://example.org/brand-new", "not a web address"):
        with pytest.raises(WorkflowConflict):
            services.citation_add_with_source(
                claim=world.submitted, stance="supports", user=world.rita,
                url=url, title="Brand new",
            )  # fmt: skip
    assert Source.objects.count() == before
    with pytest.raises(NotAllowed):
        services.article_create(title="", body="", created_by=world.reader)


def test_the_sweep_covers_every_write_service():
    """A new service joins the table, or this says which one is missing."""
    exported = set(services.__all__) - {
        "notifications_mark_read",  # one's own notifications only
        "notifications_email",  # the worker's, after commit
        "api_token_revoke",  # one's own tokens only: tests/test_security.py
        "preference_set_language",  # one's own, anyone signed in: tests/test_i18n.py
        "article_import_file",  # both end in article_create, which is here
        "article_import_url",
        # The link is the permission, for anyone holding it: tests/test_members.py
        "invitation_accept",
        "invitation_sign_up",
        # The worker's: a capture is asked for by the citation services above,
        # after their own checks, and run (and its Wayback copy filled) by a task.
        "capture_request",
        "capture_run",
        "source_fill_archive",
    }
    assert exported - {name.split()[0] for name in SERVICES} == set()


def test_the_sweep_covers_every_webhook_write():
    """The webhook services (the desk's page, the API and the Django admin all
    write through them) are in the table too."""
    writes = {
        name
        for name in dir(webhooks)
        if name.startswith(("webhook_", "delivery_")) and name != "webhook_of"
    }
    assert writes
    assert writes - set(SERVICES) == set()
