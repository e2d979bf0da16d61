"""Every "may this user do this (to this object)" question, answered in one place.

Views, API permissions, services, templates (through `claim_actions`) and commands
all ask these functions; nothing else looks at a user's role. Each question comes as
`can_<verb>(user, obj) -> bool` for showing or hiding a control, and, where a write
needs it, `check_<verb>(user, obj)`, which raises `NotAllowed` (403) when the person
may not, or `WorkflowConflict` (409) when the claim's state does not allow it now.

Roles (docs/ROLES.md): reviewers annotate (articles, claims, citations, ratings,
submissions, discussion); editors also assign, approve, return, reopen and run full
scans; admins also override the two-person rule with a written reason and use the
Django admin. Anyone may read what is published.

A role is held in a desk (docs/DESKS.md): a question about an article, a claim or
what hangs off them is asked in that object's desk (`article.workspace_id`, no
query); the questions without an object take the desk as `workspace` (a
`Workspace` or its id), where None means "in any of the person's desks".

The approval rules (two-person rule, blocking gap kinds) are one object,
`ApprovalPolicy`, built from a desk's settings by `approval_policy(desk)`,
in the manner of Django's `contrib.auth.tokens.default_token_generator`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from annotations import roles, workflow
from annotations.desksettings import settings_of
from annotations.errors import InvalidInput, NotAllowed, WorkflowConflict
from annotations.sourcing import details as gap_details
from annotations.workflow import Event, State

# --- roles ----------------------------------------------------------------------------


def can_use_account(user) -> bool:
    """Signed in with an account that may act at all: a deactivated account is
    nobody, whichever way it comes in (session, token, HTTP Basic)."""
    return roles.signed_in(user)


def desk_of(obj) -> int | None:
    """The id of the desk an article, or a claim (through its article), is in."""
    if obj is None:
        return None
    if hasattr(obj, "workspace_id"):
        return obj.workspace_id
    return obj.article.workspace_id


def can_annotate(user, workspace=None) -> bool:
    """Create articles, edit claims, cite, rate, submit, discuss: reviewers and up."""
    return roles.is_reviewer(user, workspace)


def can_manage_desk(user, workspace=None) -> bool:
    """Assign, approve, return, reopen, run full scans, edit the scale: editors up."""
    return roles.is_editor(user, workspace)


def can_administer(user) -> bool:
    """Users, desks, the Django admin: the instance's admins only."""
    return roles.is_admin(user)


def can_override_two_person_rule(user, workspace=None) -> bool:
    """Approve a verdict one rated or submitted, with a written reason: the desk's
    admins and the instance's."""
    return roles.is_desk_admin(user, workspace)


def can_use_workspace(user, workspace) -> bool:
    """Work in a desk (choose it as one's current desk): its members, and the
    instance's admins."""
    return roles.is_reviewer(user, workspace)


def can_manage_members(user, workspace) -> bool:
    """Add, change and remove a desk's members: its admins and the instance's."""
    return roles.is_desk_admin(user, workspace)


def check_manage_members(user, workspace) -> None:
    if not can_manage_members(user, workspace):
        raise NotAllowed(gettext("Only the desk's admins manage its members."))


def can_configure_desk(user, workspace) -> bool:
    """Change a desk's own settings (its scale, rules and report identity): its
    admins and the instance's."""
    return roles.is_desk_admin(user, workspace)


def check_configure_desk(user, workspace) -> None:
    if not can_configure_desk(user, workspace):
        raise NotAllowed(gettext("Only the desk's admins change its settings."))


def can_manage_webhooks(user, workspace) -> bool:
    """See, add, change and delete a desk's webhooks and read their delivery log:
    whoever configures the desk (its admins and the instance's). A webhook sends
    the desk's publishing events to an address of the admin's choosing, so it is a
    setting of the desk, not an editor's tool."""
    return can_configure_desk(user, workspace)


def check_manage_webhooks(user, workspace) -> None:
    if not can_manage_webhooks(user, workspace):
        raise NotAllowed(gettext("Only the desk's admins manage its webhooks."))


def check_create_workspace(user) -> None:
    """Making a desk, or renaming one: the instance's admins only."""
    if not can_administer(user):
        raise NotAllowed(gettext("Only the instance's admins make and rename desks."))


def role_name(user, workspace=None) -> str:
    return roles.role_name(user, workspace)


def check_set_own_preferences(user) -> None:
    """Anyone signed in chooses for themselves (the interface's language), readers
    too: it changes what they see, nothing anyone else sees."""
    if not can_use_account(user):
        raise NotAllowed(gettext("Sign in to save your preferences."))


def check_annotate(user, workspace=None) -> None:
    if not can_annotate(user, workspace):
        raise NotAllowed(gettext("Only reviewers, editors and admins may do that."))


def check_add_source(user) -> None:
    """Adding a source to the desk's shared list is annotating: reviewers, editors
    and admins."""
    if not can_annotate(user):
        raise NotAllowed(gettext("Only reviewers, editors and admins may add sources."))


def check_manage_desk(user, refusal: str = "", *, workspace=None) -> None:
    """NotAllowed saying `refusal` (a whole translated sentence, so each language
    orders its own words) unless the user is an editor or admin of the desk."""
    if not can_manage_desk(user, workspace):
        raise NotAllowed(refusal or gettext("Only editors and admins do that."))


def assignable_users_filter(workspace=None) -> Q:
    """Users who can be given claims in `workspace`: its members (reviewers, editors,
    admins) and the instance's admins; with None, the members of any desk."""
    from annotations.models import Membership

    members = Membership.objects.all()
    if workspace is not None:
        members = members.filter(workspace_id=roles.workspace_id(workspace))
    return Q(is_active=True) & (
        Q(is_superuser=True) | Q(pk__in=members.values("user_id"))
    )


# --- articles -------------------------------------------------------------------------


def public_articles_filter(prefix: str = "") -> Q:
    """The one rule for what is public: an article is public once it is published.

    `prefix` reaches the article from another model ("article__" for claims).
    """
    return Q(**{f"{prefix}published_at__isnull": False})


def is_public(article) -> bool:
    """`public_articles_filter` for one article already loaded."""
    return article.published_at is not None


def working_desk_ids(viewer) -> list[int] | None:
    """The ids of the desks whose unpublished work the viewer reads (their
    memberships'); None for the instance's admins, who read every desk's."""
    return roles.workspace_ids(viewer)


def sees_shared_checks(viewer, desk) -> bool:
    """Whether "already checked" matches shown in `desk` may come from other desks
    that share theirs: only when `desk` shares too (docs/DESKS.md) and the viewer
    works there."""
    return (
        desk is not None
        and settings_of(desk).share_already_checked
        and can_annotate(viewer, roles.workspace_id(desk))
    )


def visible_articles_filter(viewer, prefix: str = "") -> Q:
    """The articles a viewer reads on the desk's pages and API: those of their desks
    (every desk for the instance's admins); the public ones for people in no desk.

    A member reads what another desk published as the public does, in its reports:
    the desk's view of an article (ratings, gaps, history) stays its desk's.
    `prefix` reaches the article from another model ("article__" for claims).
    """
    desks = working_desk_ids(viewer)
    if desks is None:
        return Q()
    if not desks:
        return public_articles_filter(prefix)
    return Q(**{f"{prefix}workspace_id__in": desks})


def visible_claims_filter(viewer) -> Q:
    """The claims a viewer may read: those of the articles they may read."""
    return visible_articles_filter(viewer, "article__")


def visible_sources_filter(viewer) -> Q:
    """The sources a viewer finds in the source library (the picker, the API): those
    their desks' claims cite, those their desks' members added, and those nobody
    added (seeds, imports and sources older than desks: the instance's); every one
    for the instance's admins, none for people in no desk.

    One document is one source, whichever desk added it (its URL is its identity),
    so a desk that cites a URL another desk cited shares that row; what it does not
    get is a list of what other desks are reading (docs/DESKS.md).
    """
    desks = working_desk_ids(viewer)
    if desks is None:
        return Q()
    if not desks:
        return Q(pk__in=[])
    from annotations.models import Citation, Membership

    return (
        Q(created_by__isnull=True)
        | Q(
            pk__in=Citation.objects.filter(
                claim__article__workspace_id__in=desks
            ).values("source_id")
        )
        | Q(
            created_by_id__in=Membership.objects.filter(workspace_id__in=desks).values(
                "user_id"
            )
        )
    )


def visible_captures_filter(viewer, claim_id: int) -> Q:
    """The captures a viewer may open from one claim's panel: those of the sources
    the claim cites, when the viewer may read the claim (anyone who sees the claim
    sees the evidence it rests on; another desk's claim finds nothing)."""
    from annotations.models import Citation, Claim

    readable = Claim.objects.filter(visible_claims_filter(viewer), pk=claim_id)
    return Q(
        source_id__in=Citation.objects.filter(claim__in=readable).values("source_id")
    )


def can_name_person(viewer, person) -> bool:
    """Whether a page may name `person` to `viewer` where the page is not about a
    desk's own work (who asked for a full gap scan): someone of the viewer's desks
    (or anyone, to an instance admin); another desk's people stay unnamed."""
    if person is None:
        return False
    mine = working_desk_ids(viewer)
    if mine is None or roles.is_admin(person):
        return True
    theirs = working_desk_ids(person)
    return theirs is None or bool(set(mine) & set(theirs))


def can_read_article(user, article) -> bool:
    return is_public(article) or can_annotate(user, desk_of(article))


def can_set_blind_review(user, article=None) -> bool:
    return can_manage_desk(user, desk_of(article))


def check_set_blind_review(user, article=None) -> None:
    check_manage_desk(
        user,
        gettext("Only editors and admins switch blind review on or off."),
        workspace=desk_of(article),
    )


def can_set_language(user, article=None) -> bool:
    """Correct an article's language: whoever works on articles (reviewers up)."""
    return can_annotate(user, desk_of(article))


def check_set_language(user, article=None) -> None:
    if not can_set_language(user, article):
        raise NotAllowed(
            gettext("Only reviewers, editors and admins change an article's language.")
        )


def can_publish(user, article=None) -> bool:
    """Publish, correct and unpublish an article's report: editors and admins."""
    return can_manage_desk(user, desk_of(article))


def check_publish(user, article=None) -> None:
    check_manage_desk(
        user,
        gettext("Only editors and admins publish reports."),
        workspace=desk_of(article),
    )


def can_import_annotations(user, article=None) -> bool:
    """Importing annotations brings verdicts with them: an editor's call."""
    return can_manage_desk(user, desk_of(article))


def check_import_annotations(user, article=None) -> None:
    check_manage_desk(
        user,
        gettext("Only editors and admins import annotations with their verdicts."),
        workspace=desk_of(article),
    )


def can_run_full_scan(user, workspace=None) -> bool:
    return can_manage_desk(user, workspace)


def check_run_full_scan(user, workspace=None) -> None:
    check_manage_desk(
        user,
        gettext("Only editors and admins start a full gap scan."),
        workspace=workspace,
    )


def can_view_review_queue(user, workspace=None) -> bool:
    return can_manage_desk(user, workspace)


def can_view_desk_stats(user, workspace=None) -> bool:
    return can_annotate(user, workspace)


# --- claims and their workflow --------------------------------------------------------


def claim_state(claim) -> State:
    return workflow.state_of(claim.status, dismissed=claim.dismissed_at is not None)


def _state_allows(claim, event: Event) -> bool:
    return workflow.allowed(claim_state(claim), event)


# The pure workflow module says why a move is refused in English
# (`workflow.STATE_LABELS`, `workflow._REFUSALS`); the desk says the same sentence
# whole in the reader's language, one per event, the state in the claim's gender
# (tests/test_i18n_python.py checks the English agrees with the workflow's).
CLAIM_STATE_WORDS = {
    State.OPEN: pgettext_lazy("claim state", "open"),
    State.IN_PROGRESS: pgettext_lazy("claim state", "in progress"),
    State.SUBMITTED: pgettext_lazy("claim state", "submitted for review"),
    State.RETURNED: pgettext_lazy("claim state", "returned"),
    State.APPROVED: pgettext_lazy("claim state", "approved"),
    State.DISMISSED: pgettext_lazy("claim state", "dismissed"),
}
TRANSITION_REFUSALS = {
    Event.EVIDENCE: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: its evidence is locked."
    ),
    Event.EDIT: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: its text is locked."
    ),
    Event.SUBMIT: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: it cannot be submitted."
    ),
    Event.WITHDRAW: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: there is no submission to withdraw."
    ),
    Event.RETURN: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: only a submitted claim can be returned."
    ),
    Event.APPROVE: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: only a submitted claim can be approved."
    ),
    Event.REOPEN: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: only an approved claim can be reopened."
    ),
    Event.DISMISS: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: it cannot be dismissed."
    ),
    Event.RESTORE: gettext_lazy(
        "Claim #%(id)s: The claim is %(state)s: it is not dismissed."
    ),
    Event.START: gettext_lazy("Claim #%(id)s: The claim is %(state)s: it is not open."),
}
TRANSITION_REFUSED = gettext_lazy(
    "Claim #%(id)s: The claim is %(state)s: that is not possible now."
)


def _check_state(claim, event: Event) -> State:
    """The state `event` leads to, or WorkflowConflict naming why not."""
    state = claim_state(claim)
    try:
        return workflow.transition(state, event, previous=State(claim.status))
    except workflow.IllegalTransition as exc:
        refusal = TRANSITION_REFUSALS.get(exc.event, TRANSITION_REFUSED)
        raise WorkflowConflict(
            str(refusal) % {"id": claim.pk, "state": CLAIM_STATE_WORDS[exc.state]}
        ) from exc


def _is_live_claim(claim) -> bool:
    return claim.kind == "claim" and claim.dismissed_at is None


def can_edit_segment(user, claim) -> bool:
    """Re-bound, split, merge or reclassify: not once it is handed in or approved."""
    return can_annotate(user, desk_of(claim)) and _state_allows(claim, Event.EDIT)


def check_edit_segment(user, claim) -> None:
    check_annotate(user, desk_of(claim))
    _check_state(claim, Event.EDIT)


def check_dismiss(user, claim) -> None:
    check_annotate(user, desk_of(claim))
    _check_state(claim, Event.DISMISS)


def check_restore(user, claim) -> State:
    check_annotate(user, desk_of(claim))
    return _check_state(claim, Event.RESTORE)


def check_start(user, claim) -> None:
    check_annotate(user, desk_of(claim))
    if not _is_live_claim(claim):
        raise WorkflowConflict(
            gettext("Segment #%(id)s is not a live claim.") % {"id": claim.pk}
        )
    _check_state(claim, Event.START)


def can_assign(user, claim=None) -> bool:
    return can_manage_desk(user, desk_of(claim))


def check_assign(user, claim=None) -> None:
    check_manage_desk(
        user,
        gettext("Only editors and admins assign claims."),
        workspace=desk_of(claim),
    )


def can_cite(user, claim) -> bool:
    """Add a citation: reviewers, while the claim's evidence is not locked."""
    return can_annotate(user, desk_of(claim)) and _state_allows(claim, Event.EVIDENCE)


def check_evidence_open(user, claim) -> None:
    """Citations and ratings change only while nobody has handed the claim in."""
    check_annotate(user, desk_of(claim))
    _check_state(claim, Event.EVIDENCE)


def check_reuse_citations(user, claim, from_claim) -> None:
    check_evidence_open(user, claim)
    if from_claim.pk == claim.pk:
        raise InvalidInput(gettext("A claim cannot reuse its own citations."))
    if not can_read_article(user, from_claim.article):
        raise NotAllowed(
            gettext("You cannot read claim #%(id)s.") % {"id": from_claim.pk}
        )
    if from_claim.status != "approved":
        raise WorkflowConflict(
            gettext(
                "Claim #%(id)s is not approved: only the citations of a checked "
                "and approved claim can be reused."
            )
            % {"id": from_claim.pk}
        )


def _owns(user, row, owner_field: str) -> bool:
    return bool(user.is_authenticated) and getattr(row, owner_field) == user.pk


def can_edit_citation(user, citation, claim) -> bool:
    """A reviewer edits only the citations they added."""
    return can_cite(user, claim) and _owns(user, citation, "added_by_id")


def check_edit_citation(user, citation, claim) -> None:
    check_evidence_open(user, claim)
    if not _owns(user, citation, "added_by_id"):
        raise NotAllowed(
            gettext(
                "You can edit only the citations you added; ask whoever added this "
                "one, or an editor to remove it."
            )
        )


def can_remove_citation(user, citation, claim) -> bool:
    """Their own citations, or anyone's for an editor (recorded in history)."""
    return can_cite(user, claim) and (
        _owns(user, citation, "added_by_id") or can_manage_desk(user, desk_of(claim))
    )


def check_remove_citation(user, citation, claim) -> None:
    check_evidence_open(user, claim)
    if not (
        _owns(user, citation, "added_by_id") or can_manage_desk(user, desk_of(claim))
    ):
        raise NotAllowed(
            gettext(
                "You can remove only the citations you added; an editor can remove "
                "others."
            )
        )


def can_rate(user, claim) -> bool:
    return (
        can_annotate(user, desk_of(claim))
        and _is_live_claim(claim)
        and can_cite(user, claim)
    )


def check_rate(user, claim) -> None:
    check_evidence_open(user, claim)
    if not _is_live_claim(claim):
        raise WorkflowConflict(
            gettext("Segment #%(id)s is not a live claim; it cannot be rated.")
            % {"id": claim.pk}
        )


def can_remove_rating(user, rating, claim) -> bool:
    return can_cite(user, claim) and (
        _owns(user, rating, "reviewer_id") or can_manage_desk(user, desk_of(claim))
    )


def check_remove_rating(user, rating, claim) -> None:
    check_evidence_open(user, claim)
    if not (
        _owns(user, rating, "reviewer_id") or can_manage_desk(user, desk_of(claim))
    ):
        raise NotAllowed(
            gettext("You can remove only your own rating; an editor can remove others.")
        )


def _rating_of(user, ratings: Iterable):
    if not user.is_authenticated:
        return None
    return next((r for r in ratings if r.reviewer_id == user.pk), None)


def can_submit(user, claim, ratings: Iterable) -> bool:
    """Submit one's rating; once submitted, submitting again resubmits the claim
    (after a return, say) when every required rating stands submitted."""
    mine = _rating_of(user, ratings)
    return (
        can_annotate(user, desk_of(claim))
        and _is_live_claim(claim)
        and mine is not None
        and _state_allows(claim, Event.SUBMIT)
    )


def check_submit(user, claim, ratings: Iterable) -> None:
    check_annotate(user, desk_of(claim))
    if not _is_live_claim(claim):
        raise WorkflowConflict(
            gettext("Segment #%(id)s is not a live claim; it cannot be submitted.")
            % {"id": claim.pk}
        )
    _check_state(claim, Event.SUBMIT)
    if _rating_of(user, ratings) is None:
        raise WorkflowConflict(
            gettext("Rate claim #%(id)s before submitting it.") % {"id": claim.pk}
        )


def can_withdraw(user, claim, ratings: Iterable) -> bool:
    mine = _rating_of(user, ratings)
    return (
        mine is not None
        and mine.submitted_at is not None
        and _state_allows(claim, Event.WITHDRAW)
    )


def check_withdraw(user, claim, ratings: Iterable) -> None:
    check_annotate(user, desk_of(claim))
    _check_state(claim, Event.WITHDRAW)
    mine = _rating_of(user, ratings)
    if mine is None or mine.submitted_at is None:
        raise WorkflowConflict(
            gettext("You have no submitted rating of #%(id)s.") % {"id": claim.pk}
        )


def can_return(user, claim) -> bool:
    return can_manage_desk(user, desk_of(claim)) and _state_allows(claim, Event.RETURN)


def check_return(user, claim) -> None:
    check_manage_desk(
        user,
        gettext("Only editors and admins return claims."),
        workspace=desk_of(claim),
    )
    _check_state(claim, Event.RETURN)


def can_reopen(user, claim) -> bool:
    return can_manage_desk(user, desk_of(claim)) and _state_allows(claim, Event.REOPEN)


def check_reopen(user, claim) -> None:
    check_manage_desk(
        user,
        gettext("Only editors and admins reopen approved claims."),
        workspace=desk_of(claim),
    )
    _check_state(claim, Event.REOPEN)


def can_comment(user, claim=None) -> bool:
    return can_annotate(user, desk_of(claim))


def check_comment(user, claim=None) -> None:
    check_annotate(user, desk_of(claim))


def visible_ratings_filter(viewer) -> Q:
    """The one rule for which ratings a viewer may read, written against a rating's
    `claim_id` and `reviewer_id` (so it filters ratings and their history rows alike).

    Every read of ratings (the claim panel, the API, timelines, activity, agreement,
    the review queue) goes through this filter in the selectors. Nobody reads the
    ratings of another desk's claims; editors and admins read all of their desks';
    people without a desk role read none. A reviewer reads their own, and
    the others' except where blind review hides them: on a blind-review article, the
    others' ratings of a claim stay hidden until the viewer's own rating of it is
    submitted (a changed rating is a draft again, so they hide again), or the claim
    is approved.
    """
    desks = roles.workspace_ids(viewer)
    if desks is None:
        return Q()
    if not desks:
        return Q(pk__in=[])
    from annotations.models import Claim, Rating

    # Claim ids, not a join through the claim: history rows of a claim that no
    # longer exists have nothing to join to and must not vanish from the feed.
    elsewhere = ~Q(
        claim_id__in=Claim.objects.exclude(article__workspace_id__in=desks).values("pk")
    )
    editing = set(roles.workspace_ids(viewer, roles.EDITOR))
    reviewing = [desk for desk in desks if desk not in editing]
    if not reviewing:
        return elsewhere
    submitted_mine = Rating.objects.filter(
        reviewer_id=viewer.pk, submitted_at__isnull=False
    ).values("claim_id")
    hidden_claims = (
        Claim.objects.filter(
            article__blind_review=True, article__workspace_id__in=reviewing
        )
        .exclude(status=State.APPROVED)
        .exclude(pk__in=submitted_mine)
        .values("pk")
    )
    return elsewhere & (Q(reviewer_id=viewer.pk) | ~Q(claim_id__in=hidden_claims))


# --- approval -------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalCheck:
    """What the approval policy found: whether to go ahead and what was overridden."""

    blocking: tuple = ()  # the blocking findings (gap kind, detail) in force
    gap_overridden: bool = False
    two_person_overridden: bool = False


@dataclass(frozen=True)
class ApprovalPolicy:
    """May `user` approve this claim's verdict now?

    - Only editors and admins approve, and only a submitted claim.
    - Two-person rule: nobody approves a claim they rated or submitted themselves,
      because a verdict is worth more when a second person checked it. An admin may
      override with a written reason, which is stored on the verdict and shown.
    - Gap gate: an open gap of a `blocking_kinds` kind refuses the approval, naming
      the gaps; an editor may override with a written justification, stored on the
      verdict and shown wherever the verdict is. The findings are the sourcing rules
      evaluated on the claim's facts inside the approval's transaction, not the
      stored gap rows, which lag edits by a moment.
    """

    blocking_kinds: frozenset[str] = field(default_factory=frozenset)
    two_person_rule: bool = True

    def author_of(self, user, *, rater_ids: Iterable[int], submitter_ids) -> bool:
        """True when the user rated or submitted the claim themselves."""
        return user.pk in set(rater_ids) or user.pk in set(submitter_ids)

    def may_try(self, user, claim, *, rater_ids, submitter_ids) -> tuple[bool, str]:
        """Whether to offer the approve form, and why not (for the page)."""
        if not can_manage_desk(user, desk_of(claim)):
            return False, gettext("Only editors and admins approve verdicts.")
        if not _state_allows(claim, Event.APPROVE):
            return False, gettext("Only a submitted claim can be approved.")
        if self.two_person_rule and self.author_of(
            user, rater_ids=rater_ids, submitter_ids=submitter_ids
        ):
            if can_override_two_person_rule(user, desk_of(claim)):
                return True, gettext(
                    "You rated or submitted this claim: as an admin you may approve "
                    "it only with a written reason (two-person rule)."
                )
            return False, gettext(
                "You rated or submitted this claim, so another editor must approve "
                "it (two-person rule)."
            )
        return True, ""

    def check(
        self,
        user,
        claim,
        *,
        rater_ids: Iterable[int],
        submitter_ids: Iterable[int],
        findings: Iterable,
        gap_override_reason: str = "",
        two_person_override_reason: str = "",
    ) -> ApprovalCheck:
        """Raise NotAllowed / WorkflowConflict when the approval must be refused."""
        check_manage_desk(
            user,
            gettext("Only editors and admins approve verdicts."),
            workspace=desk_of(claim),
        )
        _check_state(claim, Event.APPROVE)
        two_person_overridden = False
        if self.two_person_rule and self.author_of(
            user, rater_ids=rater_ids, submitter_ids=submitter_ids
        ):
            if not can_override_two_person_rule(user, desk_of(claim)):
                raise NotAllowed(
                    gettext(
                        "You rated or submitted claim #%(id)s yourself, so another "
                        "editor must approve it (two-person rule)."
                    )
                    % {"id": claim.pk}
                )
            if not two_person_override_reason:
                raise NotAllowed(
                    gettext(
                        "You rated or submitted claim #%(id)s yourself. As an admin "
                        "you may approve it, but only with a written reason for "
                        "overriding the two-person rule."
                    )
                    % {"id": claim.pk}
                )
            two_person_overridden = True
        blocking = tuple(
            (finding.kind, gap_details.said(finding))
            for finding in findings
            if finding.kind in self.blocking_kinds
        )
        if blocking and not gap_override_reason:
            from annotations.models import GapKind

            names = "; ".join(
                f"{GapKind(kind).label}: {detail}" for kind, detail in blocking
            )
            raise WorkflowConflict(
                gettext(
                    "Claim #%(id)s has open blocking sourcing gaps (%(gaps)s). "
                    "Resolve them, or approve with a written justification."
                )
                % {"id": claim.pk, "gaps": names}
            )
        return ApprovalCheck(
            blocking=blocking,
            gap_overridden=bool(blocking),
            two_person_overridden=two_person_overridden,
        )


def approval_policy(desk=None) -> ApprovalPolicy:
    """The approval policy in force in `desk` (a desk, an article or a claim; None:
    the instance's defaults): its blocking kinds are the desk's (docs/DESKS.md), the
    two-person rule the instance's. Read at call time."""
    return ApprovalPolicy(
        blocking_kinds=settings_of(desk).gaps.blocking,
        two_person_rule=settings.FACTCHECK_TWO_PERSON_RULE,
    )


# --- what a page may offer ------------------------------------------------------------


@dataclass(frozen=True)
class ClaimActions:
    """Every control the claim panel or the editor queue may show, for one viewer."""

    annotate: bool = False
    cite: bool = False
    rate: bool = False
    submit: bool = False
    withdraw: bool = False
    edit_segment: bool = False
    assign: bool = False
    approve: bool = False
    approve_note: str = ""
    needs_two_person_reason: bool = False
    return_: bool = False
    reopen: bool = False
    comment: bool = False
    see_ratings: bool = True
    locked_note: str = ""


def claim_actions(
    user, claim, ratings: list, *, hidden_ratings: int = 0
) -> ClaimActions:
    """The one context helper templates use to decide which controls to show.

    `ratings` are the ratings the viewer may read (`visible_ratings_filter`, applied
    by the selectors) and `hidden_ratings` how many others blind review hides.
    """
    if not can_annotate(user, desk_of(claim)):
        return ClaimActions(see_ratings=False)
    policy = approval_policy()
    rater_ids = [rating.reviewer_id for rating in ratings]
    submitter_ids = [r.reviewer_id for r in ratings if r.submitted_at is not None]
    if claim.submitted_by_id:
        submitter_ids.append(claim.submitted_by_id)
    approve, note = policy.may_try(
        user, claim, rater_ids=rater_ids, submitter_ids=submitter_ids
    )
    state = claim_state(claim)
    locked = workflow.evidence_locked(state)
    mine = _rating_of(user, ratings)
    handed_in = mine is not None and mine.submitted_at is not None
    return ClaimActions(
        annotate=True,
        cite=can_cite(user, claim),
        rate=can_rate(user, claim),
        submit=can_submit(user, claim, ratings),
        withdraw=can_withdraw(user, claim, ratings),
        edit_segment=can_edit_segment(user, claim),
        assign=can_assign(user, claim),
        approve=approve,
        approve_note=note,
        needs_two_person_reason=approve
        and policy.two_person_rule
        and policy.author_of(user, rater_ids=rater_ids, submitter_ids=submitter_ids),
        return_=can_return(user, claim),
        reopen=can_reopen(user, claim),
        comment=can_comment(user, claim),
        see_ratings=hidden_ratings == 0,
        locked_note=(
            gettext(
                "The evidence is locked while an editor reviews the claim; withdraw "
                "your submission to change it."
            )
            if state == State.SUBMITTED and handed_in
            # Someone else's submission sent it: this viewer has none to withdraw.
            else gettext(
                "The evidence is locked while an editor reviews the claim, which "
                "went to the editors with the ratings it needed. An editor can return "
                "it to the reviewers."
            )
            if state == State.SUBMITTED
            else gettext(
                "The evidence is locked: the verdict is approved. An editor can "
                "reopen the claim."
            )
            if locked
            else ""
        ),
    )
