"""The editorial loop through the services: submit, withdraw, return, approve, reopen;
the two-person rule, the gap gate, locked and owned evidence, notifications."""

import pytest
from django.core import mail
from django.utils import timezone

from annotations import services
from annotations.errors import Conflict, InvalidInput, NotAllowed, WorkflowConflict
from annotations.models import (
    Citation,
    Claim,
    ClaimStatus,
    Comment,
    Notification,
    Rating,
    SourcingGap,
    Verdict,
)
from tests import factories
from tests.factories import label

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor2(db):
    return factories.UserFactory(
        username="erin", first_name="Erin", last_name="Other", role="editor"
    )


@pytest.fixture
def claim(db):
    article = factories.ArticleFactory(
        body="The council approved a budget of $3 million on Monday."
    )
    (claim,) = factories.claims_for(article, checkworthiness=0.6)
    return claim


def cite_two(claim, user, stance="supports"):
    """Two independent sources, so no sourcing gap blocks approval."""
    for n in (1, 2):
        source = factories.SourceFactory(
            publisher=f"Outlet {n}", domain=f"outlet{n}.example.org"
        )
        services.citation_add(claim=claim, source=source, stance=stance, user=user)


def submitted(claim, reviewer, slug="true"):
    cite_two(claim, reviewer)
    services.rating_set(claim=claim, reviewer=reviewer, label=label(slug))
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    return claim


def approve(claim, user, slug="true", **extra):
    claim.refresh_from_db()
    return services.verdict_approve(
        claim=claim,
        user=user,
        label=slug,
        explanation="Two documents confirm the figure.",
        expected_version=claim.version,
        **extra,
    )


# --- submission -----------------------------------------------------------------------


def test_a_claim_with_two_assignees_goes_to_the_editors_after_both_submit(
    claim, reviewer, sam, editor
):
    services.claim_assign(claim=claim, assignees=[reviewer, sam], user=editor)
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    services.rating_set(claim=claim, reviewer=sam, label=label("mostly-true"))
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert [u.username for u in services.workflow.waiting_for(claim)] == ["sam"]
    services.claim_submit(claim=claim, user=sam)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.submitted_by == sam
    assert claim.submitted_at is not None
    assert Rating.objects.filter(claim=claim, submitted_at__isnull=False).count() == 2


def test_changing_a_submitted_rating_makes_it_a_draft_again(
    claim, reviewer, sam, editor
):
    services.claim_assign(claim=claim, assignees=[reviewer, sam], user=editor)
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    services.claim_submit(claim=claim, user=reviewer)
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    assert Rating.objects.get(reviewer=reviewer).submitted_at is not None  # unchanged
    services.rating_set(claim=claim, reviewer=reviewer, label=label("false"))
    assert Rating.objects.get(reviewer=reviewer).submitted_at is None


def test_withdraw_takes_a_submission_back_before_approval(claim, reviewer):
    submitted(claim, reviewer)
    services.claim_withdraw(claim=claim, user=reviewer, expected_version=claim.version)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert claim.submitted_by is None
    assert Rating.objects.get(claim=claim).submitted_at is None


def test_withdrawing_without_a_submission_is_refused(claim, reviewer, sam):
    submitted(claim, reviewer)
    with pytest.raises(WorkflowConflict, match="no submitted rating"):
        services.claim_withdraw(claim=claim, user=sam)


def test_an_approved_claim_cannot_be_withdrawn(claim, reviewer, editor):
    approve(submitted(claim, reviewer), editor)
    with pytest.raises(WorkflowConflict, match="approved"):
        services.claim_withdraw(claim=claim, user=reviewer)


# --- locked and owned evidence --------------------------------------------------------


@pytest.mark.parametrize("stage", ["submitted", "approved"])
def test_evidence_is_locked_once_submitted_or_approved(claim, reviewer, editor, stage):
    """Adding, editing or removing citations and ratings is refused, and nothing
    changes (each guard has its own assertion)."""
    submitted(claim, reviewer)
    if stage == "approved":
        approve(claim, editor)
    citation = Citation.objects.filter(claim=claim).first()
    rating = Rating.objects.get(claim=claim)
    before = (Citation.objects.count(), Rating.objects.count(), rating.label_id)
    with pytest.raises(WorkflowConflict, match="locked"):
        services.citation_add(
            claim=claim, source=factories.SourceFactory(), stance="refutes",
            user=reviewer,
        )  # fmt: skip
    with pytest.raises(WorkflowConflict, match="locked"):
        services.citation_update(citation=citation, user=reviewer, stance="refutes")
    with pytest.raises(WorkflowConflict, match="locked"):
        services.citation_remove(citation=citation, user=reviewer)
    with pytest.raises(WorkflowConflict, match="locked"):
        services.rating_set(claim=claim, reviewer=reviewer, label=label("false"))
    with pytest.raises(WorkflowConflict, match="locked"):
        services.rating_remove(rating=rating, user=editor)
    with pytest.raises(WorkflowConflict, match="locked"):
        services.claim_split(claim=claim, at=claim.start + 10, user=reviewer)
    rating.refresh_from_db()
    assert (Citation.objects.count(), Rating.objects.count(), rating.label_id) == before


def test_a_reviewer_edits_and_removes_only_their_own_citations(claim, reviewer, sam):
    services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    citation = Citation.objects.get(claim=claim)
    with pytest.raises(NotAllowed, match="only the citations you added"):
        services.citation_update(citation=citation, user=sam, stance="refutes")
    with pytest.raises(NotAllowed, match="only the citations you added"):
        services.citation_remove(citation=citation, user=sam)
    citation.refresh_from_db()
    assert citation.stance == "supports"
    services.citation_update(citation=citation, user=reviewer, stance="context")
    services.citation_remove(citation=citation, user=reviewer)
    assert not Citation.objects.exists()


def test_an_editor_removes_anyones_citation_and_history_says_who(
    claim, reviewer, editor
):
    services.citation_add(
        claim=claim, source=factories.SourceFactory(), stance="supports", user=reviewer
    )
    citation = Citation.objects.get(claim=claim)
    with pytest.raises(NotAllowed):
        services.citation_update(citation=citation, user=editor, stance="refutes")
    services.citation_remove(citation=citation, user=editor)
    removal = Citation.history.filter(id=citation.pk, history_type="-").get()
    assert removal.history_user == editor


def test_ratings_are_removed_by_their_reviewer_or_an_editor(
    claim, reviewer, sam, editor
):
    rating = services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    with pytest.raises(NotAllowed, match="only your own rating"):
        services.rating_remove(rating=rating, user=sam)
    services.rating_remove(rating=rating, user=editor)
    assert not Rating.objects.exists()


# --- return ---------------------------------------------------------------------------


def test_return_needs_a_comment_which_opens_the_thread_and_notifies(
    claim, reviewer, editor
):
    submitted(claim, reviewer)
    with pytest.raises(InvalidInput, match="comment"):
        services.claim_return(
            claim=claim, user=editor, comment="  ", expected_version=claim.version
        )
    services.claim_return(
        claim=claim, user=editor, comment="Cite the minutes.",
        expected_version=claim.version,
    )  # fmt: skip
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.RETURNED
    comment = Comment.objects.get(claim=claim)
    assert (comment.kind, comment.body, comment.author) == (
        "return",
        "Cite the minutes.",
        editor,
    )
    note = Notification.objects.get(recipient=reviewer, kind="returned")
    assert "Cite the minutes." in note.text
    assert note.comment == comment


def test_a_returned_claim_is_fixed_and_resubmitted(claim, reviewer, editor):
    submitted(claim, reviewer)
    services.claim_return(
        claim=claim, user=editor, comment="Which vote?", expected_version=claim.version
    )
    services.rating_set(
        claim=claim, reviewer=reviewer, label=label("mostly-true"), rationale="7-2"
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    services.claim_submit(claim=claim, user=reviewer)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_only_editors_return(claim, reviewer, sam):
    submitted(claim, reviewer)
    with pytest.raises(NotAllowed, match="editors"):
        services.claim_return(
            claim=claim, user=sam, comment="No.", expected_version=claim.version
        )


# --- approve --------------------------------------------------------------------------


def test_approve_records_the_verdict_who_and_when(claim, reviewer, editor):
    submitted(claim, reviewer)
    verdict = approve(claim, editor)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert (verdict.label.slug, verdict.approved_by) == ("true", editor)
    assert verdict.explanation == "Two documents confirm the figure."
    assert verdict.approved_at <= timezone.now()
    assert (verdict.gap_override_reason, verdict.two_person_override_reason) == ("", "")
    assert Notification.objects.filter(recipient=reviewer, kind="approved").exists()
    assert Verdict.history.filter(claim_id=claim.pk, history_type="+").count() == 1


@pytest.mark.parametrize("explanation", ["", "   "])
def test_approve_needs_a_public_explanation(claim, reviewer, editor, explanation):
    submitted(claim, reviewer)
    with pytest.raises(InvalidInput, match="explanation"):
        services.verdict_approve(
            claim=claim, user=editor, label="true", explanation=explanation,
            expected_version=claim.version,
        )  # fmt: skip
    assert not Verdict.objects.exists()


def test_approve_takes_a_label_of_the_scale_only(claim, reviewer, editor):
    submitted(claim, reviewer)
    with pytest.raises(InvalidInput, match="Unknown label"):
        approve(claim, editor, slug="pants-on-fire")


def test_a_claim_not_submitted_cannot_be_approved(claim, reviewer, editor):
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    with pytest.raises(WorkflowConflict, match="only a submitted claim"):
        approve(claim, editor)


def test_a_stale_version_is_refused(claim, reviewer, editor):
    submitted(claim, reviewer)
    with pytest.raises(Conflict):
        services.verdict_approve(
            claim=claim, user=editor, label="true", explanation="x",
            expected_version=claim.version - 1,
        )  # fmt: skip


def test_a_second_approval_is_refused_naming_who_approved(
    claim, reviewer, editor, editor2
):
    submitted(claim, reviewer)
    stale = claim.version
    approve(claim, editor)
    with pytest.raises(Conflict, match="already approved by Eddie Editor") as info:
        services.verdict_approve(
            claim=claim, user=editor2, label="false", explanation="No.",
            expected_version=stale,
        )  # fmt: skip
    assert info.value.changed_by == "Eddie Editor"
    assert Verdict.objects.get().label.slug == "true"


# --- the two-person rule --------------------------------------------------------------


def test_an_editor_who_rated_the_claim_cannot_approve_it(claim, editor, editor2):
    """The two-person rule: the guard refuses, and nothing is approved."""
    submitted(claim, editor)
    with pytest.raises(NotAllowed, match="two-person rule"):
        approve(claim, editor)
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not Verdict.objects.exists()
    approve(claim, editor2)  # a second person may


def test_an_editor_who_submitted_but_did_not_rate_cannot_approve(
    claim, reviewer, editor, editor2
):
    cite_two(claim, reviewer)
    services.rating_set(claim=claim, reviewer=reviewer, label=label("true"))
    Claim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.SUBMITTED, submitted_by=editor
    )
    with pytest.raises(NotAllowed, match="two-person rule"):
        approve(claim, editor)


def test_an_admin_may_override_the_two_person_rule_with_a_reason(claim, admin_user):
    submitted(claim, admin_user)
    with pytest.raises(NotAllowed, match="written reason"):
        approve(claim, admin_user)
    verdict = approve(
        claim, admin_user, two_person_override_reason="Night shift, nobody else on."
    )
    assert verdict.two_person_override_reason == "Night shift, nobody else on."


def test_an_editor_cannot_override_the_two_person_rule(claim, editor):
    submitted(claim, editor)
    with pytest.raises(NotAllowed, match="two-person rule"):
        approve(claim, editor, two_person_override_reason="I am sure.")


def test_the_two_person_rule_can_be_switched_off(claim, editor, settings):
    settings.FACTCHECK_TWO_PERSON_RULE = False
    submitted(claim, editor)
    assert approve(claim, editor).approved_by == editor


# --- the gap gate ---------------------------------------------------------------------


def test_an_open_blocking_gap_refuses_approval_naming_it(claim, reviewer, editor):
    """The gate evaluates the rules on the claim's facts now: a claim rated false
    with only supporting citations is verdict_unsupported, although no SourcingGap
    row exists yet (the scanner has not run)."""
    submitted(claim, reviewer, slug="false")
    assert not SourcingGap.objects.filter(claim=claim, kind="verdict_unsupported")
    with pytest.raises(WorkflowConflict, match="Verdict unsupported") as info:
        approve(claim, editor, slug="false")
    assert "blocking sourcing gaps" in info.value.message
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert not Verdict.objects.exists()


def test_the_gate_reads_the_label_being_approved(claim, reviewer, editor):
    """Approving as True with supporting citations passes, whatever was rated."""
    submitted(claim, reviewer, slug="false")
    assert approve(claim, editor, slug="true").label.slug == "true"


def test_a_stored_gap_row_that_no_longer_holds_does_not_block(claim, reviewer, editor):
    submitted(claim, reviewer)
    now = timezone.now()
    SourcingGap.objects.create(
        claim=claim, kind="no_source", opened_at=now, last_seen_at=now
    )
    assert approve(claim, editor).label.slug == "true"


def test_approving_over_a_blocking_gap_needs_and_keeps_a_justification(
    claim, reviewer, editor
):
    submitted(claim, reviewer, slug="false")
    verdict = approve(
        claim, editor, slug="false", gap_override_reason="The minutes refute it."
    )
    assert verdict.gap_override_reason == "The minutes refute it."
    assert verdict.gap_override_kinds == ["verdict_unsupported"]


def test_a_justification_without_a_blocking_gap_is_not_stored(claim, reviewer, editor):
    submitted(claim, reviewer)
    verdict = approve(claim, editor, gap_override_reason="Just in case.")
    assert (verdict.gap_override_reason, verdict.gap_override_kinds) == ("", [])


def test_which_kinds_block_is_a_setting(claim, reviewer, editor, settings):
    settings.FACTCHECK_GAP_BLOCKING = ["no_archive"]
    submitted(claim, reviewer)  # the factory sources have URLs and no archive
    with pytest.raises(WorkflowConflict, match="No archived copy"):
        approve(claim, editor)


# --- reopen ---------------------------------------------------------------------------


def test_reopen_withdraws_the_verdict_and_needs_a_reason(claim, reviewer, editor):
    approve(submitted(claim, reviewer), editor)
    claim.refresh_from_db()
    with pytest.raises(InvalidInput, match="why"):
        services.verdict_reopen(
            claim=claim, user=editor, reason="", expected_version=claim.version
        )
    services.verdict_reopen(
        claim=claim, user=editor, reason="A correction came in.",
        expected_version=claim.version,
    )  # fmt: skip
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS
    assert not Verdict.objects.exists()
    assert Verdict.history.filter(claim_id=claim.pk, history_type="-").exists()
    assert Rating.objects.get(claim=claim).submitted_at is None
    assert Comment.objects.get(claim=claim, kind="reopen").body == (
        "A correction came in."
    )
    assert Notification.objects.filter(recipient=reviewer, kind="reopened").exists()


def test_only_editors_reopen(claim, reviewer, editor):
    approve(submitted(claim, reviewer), editor)
    claim.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.verdict_reopen(
            claim=claim, user=reviewer, reason="Mine.", expected_version=claim.version
        )


# --- assignment, discussion, notifications --------------------------------------------


def test_assigning_notifies_only_the_people_newly_given_the_claim(
    claim, reviewer, sam, editor
):
    services.claim_assign(claim=claim, assignees=[reviewer], user=editor)
    claim.refresh_from_db()
    services.claim_assign(claim=claim, assignees=[reviewer, sam], user=editor)
    assert Notification.objects.filter(kind="assigned", recipient=reviewer).count() == 1
    assert Notification.objects.filter(kind="assigned", recipient=sam).count() == 1


def test_assigning_someone_without_a_desk_role_is_refused(claim, editor):
    outsider = factories.UserFactory(username="outsider")
    with pytest.raises(InvalidInput, match="no desk role"):
        services.claim_assign(claim=claim, assignees=[outsider], user=editor)
    assert not claim.assignees.exists()


def test_a_comment_notifies_the_desk_members_it_mentions(claim, reviewer, sam, editor):
    factories.UserFactory(username="outsider")
    comment = services.comment_add(
        claim=claim,
        user=reviewer,
        body="@Sam and @eddie, see <b>this</b>; @outsider and @rita too. rita@x.org",
    )
    # Outsiders are not desk members; an e-mail address mentions nobody.
    assert sorted(u.username for u in comment.mentions.all()) == [
        "eddie",
        "rita",
        "sam",
    ]
    notified = Notification.objects.filter(kind="mentioned")  # never oneself
    assert sorted(n.recipient.username for n in notified) == ["eddie", "sam"]
    assert comment.body.startswith("@Sam and @eddie, see <b>this</b>")


def test_an_empty_comment_is_refused(claim, reviewer):
    with pytest.raises(InvalidInput):
        services.comment_add(claim=claim, user=reviewer, body=" \n ")


def test_readers_cannot_comment(claim):
    with pytest.raises(NotAllowed):
        services.comment_add(
            claim=claim, user=factories.UserFactory(), body="Hello there."
        )


def test_notifications_are_emailed_once_after_commit(
    claim, reviewer, editor, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    reviewer.email = "rita@example.org"
    reviewer.save(update_fields=["email"])
    from factcheck.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.claim_assign(claim=claim, assignees=[reviewer], user=editor)
    finally:
        app.conf.task_always_eager = False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rita@example.org"]
    assert "assigned you claim" in mail.outbox[0].body
    assert f"?claim={claim.pk}" in mail.outbox[0].body
    note = Notification.objects.get(recipient=reviewer)
    assert note.emailed_at is not None
    # Run again (a redelivered task): nothing more is sent.
    assert services.notifications_email(notification_ids=[note.pk]) == 0
    assert len(mail.outbox) == 1


def test_mails_link_the_site_address_or_nothing(claim, reviewer, editor, settings):
    """The link in a mail is on the configured public address; without one the mail
    has no link rather than a wrong one."""
    reviewer.email = "rita@example.org"
    reviewer.save(update_fields=["email"])
    settings.FACTCHECK_EMAIL_NOTIFICATIONS = False  # send below, not on commit
    services.claim_assign(claim=claim, assignees=[reviewer], user=editor)
    note = Notification.objects.get(recipient=reviewer)
    settings.FACTCHECK_SITE_URL = "https://desk.example.org"
    assert services.notifications_email(notification_ids=[note.pk]) == 1
    assert (
        f"https://desk.example.org/articles/{claim.article_id}/?claim={claim.pk}"
        in mail.outbox[0].body
    )
    Notification.objects.filter(pk=note.pk).update(emailed_at=None)
    settings.FACTCHECK_SITE_URL = ""
    assert services.notifications_email(notification_ids=[note.pk]) == 1
    assert "http" not in mail.outbox[1].body
    assert "assigned you claim" in mail.outbox[1].body


def test_nobody_marks_someone_elses_notifications_read(claim, reviewer, sam, editor):
    services.claim_assign(claim=claim, assignees=[reviewer], user=editor)
    note = Notification.objects.get(recipient=reviewer)
    assert services.notifications_mark_read(user=sam, ids=[note.pk]) == 0
    note.refresh_from_db()
    assert note.read_at is None
    assert services.notifications_mark_read(user=reviewer) == 1
