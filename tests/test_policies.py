"""The permission module on its own: no request, no view."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from annotations import policies, services
from annotations.errors import NotAllowed, WorkflowConflict
from annotations.models import Article, Rating, RatingLabel, first_workspace
from annotations.policies import ApprovalPolicy
from annotations.sourcing import gaps
from tests import factories

pytestmark = pytest.mark.django_db


def finding(kind: str) -> gaps.Finding:
    return gaps.Finding(kind=kind, source_id=None, severity="high", detail=f"{kind}!")


def in_first_desk():
    """A claim's article as the policies read it: its desk only."""
    return SimpleNamespace(workspace_id=first_workspace().pk)


def submitted_claim(**fields):
    return SimpleNamespace(
        pk=7,
        status="submitted",
        dismissed_at=None,
        kind="claim",
        article=in_first_desk(),
        **fields,
    )


POLICY = ApprovalPolicy(blocking_kinds=frozenset({"no_source", "dead_link"}))


def test_the_approval_policy_passes_an_independent_editor(editor):
    decision = POLICY.check(
        editor, submitted_claim(), rater_ids=[-1], submitter_ids=[-1], findings=[]
    )
    assert decision == policies.ApprovalCheck()


def test_only_blocking_findings_refuse(editor):
    POLICY.check(
        editor,
        submitted_claim(),
        rater_ids=[],
        submitter_ids=[],
        findings=[finding("no_archive"), finding("single_source")],
    )
    with pytest.raises(WorkflowConflict, match="No source: no_source!"):
        POLICY.check(
            editor,
            submitted_claim(),
            rater_ids=[],
            submitter_ids=[],
            findings=[finding("no_source"), finding("no_archive")],
        )


def test_a_justification_lets_an_editor_approve_over_a_blocking_gap(editor):
    decision = POLICY.check(
        editor,
        submitted_claim(),
        rater_ids=[],
        submitter_ids=[],
        findings=[finding("dead_link")],
        gap_override_reason="The archived copy is attached.",
    )
    assert decision.gap_overridden
    assert decision.blocking == (("dead_link", "dead_link!"),)


@pytest.mark.parametrize("author", ["rated", "submitted"])
def test_the_two_person_rule_refuses_an_editor_who_rated_or_submitted(editor, author):
    ids = {"rater_ids": [editor.pk] if author == "rated" else []}
    ids["submitter_ids"] = [editor.pk] if author == "submitted" else []
    with pytest.raises(NotAllowed, match="two-person rule"):
        POLICY.check(editor, submitted_claim(), findings=[], **ids)
    allowed, note = POLICY.may_try(editor, submitted_claim(), **ids)
    assert not allowed
    assert "another editor" in note


def test_an_admin_overrides_the_two_person_rule_only_in_writing(admin_user):
    with pytest.raises(NotAllowed, match="written reason"):
        POLICY.check(
            admin_user,
            submitted_claim(),
            rater_ids=[admin_user.pk],
            submitter_ids=[],
            findings=[],
        )
    decision = POLICY.check(
        admin_user,
        submitted_claim(),
        rater_ids=[admin_user.pk],
        submitter_ids=[],
        findings=[],
        two_person_override_reason="Only one on shift.",
    )
    assert decision.two_person_overridden


@pytest.mark.parametrize("status", ["open", "in_progress", "returned", "approved"])
def test_only_a_submitted_claim_can_be_approved(editor, status):
    claim = SimpleNamespace(
        pk=7, status=status, dismissed_at=None, kind="claim", article=in_first_desk()
    )
    with pytest.raises(WorkflowConflict):
        POLICY.check(editor, claim, rater_ids=[], submitter_ids=[], findings=[])


def test_reviewers_and_nobody_cannot_approve(reviewer):
    for user in (reviewer, AnonymousUser(), None):
        with pytest.raises(NotAllowed):
            POLICY.check(
                user, submitted_claim(), rater_ids=[], submitter_ids=[], findings=[]
            )


def test_the_default_policy_comes_from_settings(settings):
    settings.FACTCHECK_GAP_BLOCKING = ["no_archive"]
    settings.FACTCHECK_TWO_PERSON_RULE = False
    policy = policies.approval_policy()
    assert policy.blocking_kinds == frozenset({"no_archive"})
    assert policy.two_person_rule is False


def test_roles(reviewer, editor, admin_user):
    reader = factories.UserFactory(username="reader")
    inactive = factories.UserFactory(username="gone", role="editor")
    inactive.is_active = False
    for user, annotate, desk, admin in [
        (AnonymousUser(), False, False, False),
        (None, False, False, False),
        (reader, False, False, False),
        (inactive, False, False, False),
        (reviewer, True, False, False),
        (editor, True, True, False),
        (admin_user, True, True, True),
    ]:
        assert policies.can_annotate(user) is annotate, user
        assert policies.can_manage_desk(user) is desk, user
        assert policies.can_administer(user) is admin, user


def test_who_reads_which_articles(reviewer):
    draft = Article.objects.create(title="d", body="Draft text.")
    out = Article.objects.create(
        title="p", body="Out text.", published_at=timezone.now()
    )
    for user, visible in [
        (AnonymousUser(), {out.pk}),
        (factories.UserFactory(), {out.pk}),
        (reviewer, {draft.pk, out.pk}),
    ]:
        found = Article.objects.filter(policies.visible_articles_filter(user))
        assert set(found.values_list("pk", flat=True)) == visible
        assert policies.can_read_article(user, draft) is (draft.pk in visible)


@pytest.fixture
def blind_claim(reviewer):
    article = factories.ArticleFactory(blind_review=True)
    (claim, *_rest) = factories.claims_for(article)
    return claim


def test_blind_review_hides_the_others_ratings_until_ones_own_is_submitted(
    blind_claim, reviewer, editor
):
    sam = factories.UserFactory(username="sam", role="reviewer")
    true = RatingLabel.objects.get(scale__is_default=True, slug="true")
    services.rating_set(claim=blind_claim, reviewer=sam, label=true)
    visible = Rating.objects.filter(policies.visible_ratings_filter(reviewer))
    assert not visible.exists()
    services.rating_set(claim=blind_claim, reviewer=reviewer, label=true)
    visible = Rating.objects.filter(policies.visible_ratings_filter(reviewer))
    assert [r.reviewer_id for r in visible] == [reviewer.pk]
    services.claim_submit(claim=blind_claim, user=reviewer)
    visible = Rating.objects.filter(policies.visible_ratings_filter(reviewer))
    assert {r.reviewer_id for r in visible} == {reviewer.pk, sam.pk}
    assert Rating.objects.filter(policies.visible_ratings_filter(editor)).count() == 2
    visible = Rating.objects.filter(policies.visible_ratings_filter(sam))
    assert [r.reviewer_id for r in visible] == [sam.pk]


def test_claim_actions_offer_what_each_person_may_do(reviewer, editor, admin_user):
    article = factories.ArticleFactory()
    (claim, *_rest) = factories.claims_for(article)
    true = RatingLabel.objects.get(scale__is_default=True, slug="true")
    services.rating_set(claim=claim, reviewer=reviewer, label=true)
    claim.refresh_from_db()
    ratings = list(claim.ratings.all())
    mine = policies.claim_actions(reviewer, claim, ratings)
    assert (mine.cite, mine.rate, mine.submit, mine.withdraw) == (
        True,
        True,
        True,
        False,
    )
    assert (mine.approve, mine.return_, mine.assign) == (False, False, False)
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    ratings = list(claim.ratings.all())
    mine = policies.claim_actions(reviewer, claim, ratings)
    assert (mine.cite, mine.rate, mine.submit, mine.withdraw) == (
        False,
        False,
        False,
        True,
    )
    assert "locked" in mine.locked_note
    theirs = policies.claim_actions(editor, claim, ratings)
    assert (theirs.approve, theirs.return_, theirs.assign) == (True, True, True)
    assert not theirs.needs_two_person_reason
    reader = policies.claim_actions(factories.UserFactory(), claim, ratings)
    assert reader == policies.ClaimActions(see_ratings=False)
    assert not policies.claim_actions(
        admin_user, claim, ratings
    ).needs_two_person_reason
