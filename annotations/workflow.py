"""PURE: the claim's editorial state machine (docs/WORKFLOW.md).

No Django here. A claim's workflow state is its stored status, or `dismissed` while
it is dismissed (the status is kept underneath, so a restore returns to it). Every
allowed move is one row of `TRANSITIONS`; anything else raises `IllegalTransition`,
which pages show as a message and the API answers with 409.

    open ──start/evidence──> in_progress ──submit──> submitted ──approve──> approved
      │                          ^    ^                 │  │                   │
      │                          │    └──withdraw───────┘  └─return─> returned │
      │                          └──────────reopen (editor, with a reason)─────┘
      └── dismiss (from open, in_progress, returned) ──> dismissed ──restore──> (back)

Who may fire an event (reviewer, editor, the two-person rule) is not decided here but
in `annotations.policies`; this module only knows which moves exist.
"""

from __future__ import annotations

from enum import StrEnum


class State(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    DISMISSED = "dismissed"  # not stored as a status: the claim's dismissed_at is set


class Event(StrEnum):
    START = "start"  # a reviewer takes the claim on
    EVIDENCE = "evidence"  # a citation or rating is added, changed or removed
    EDIT = "edit"  # the segment is re-bounded, split, merged or reclassified
    SUBMIT = "submit"  # every required rating is submitted: the editors' turn
    WITHDRAW = "withdraw"  # a reviewer takes their submission back before approval
    RETURN = "return"  # an editor sends it back with a comment
    APPROVE = "approve"  # an editor approves the verdict
    REOPEN = "reopen"  # an editor reopens an approved claim, with a reason
    DISMISS = "dismiss"
    RESTORE = "restore"
    ASSIGN = "assign"
    COMMENT = "comment"


# `restore` goes back to the status kept under the dismissal.
PREVIOUS = "previous"

_WORKING = (State.OPEN, State.IN_PROGRESS, State.RETURNED)

TRANSITIONS: dict[tuple[State, Event], State | str] = {
    # Taking the claim on, and working on its evidence, puts it in progress.
    (State.OPEN, Event.START): State.IN_PROGRESS,
    (State.RETURNED, Event.START): State.IN_PROGRESS,
    **{(state, Event.EVIDENCE): State.IN_PROGRESS for state in _WORKING},
    # The segment itself may change only while nobody has handed it in.
    **{(state, Event.EDIT): state for state in (*_WORKING, State.DISMISSED)},
    **{(state, Event.SUBMIT): State.SUBMITTED for state in _WORKING},
    # While other assignees still have to submit, a reviewer's submission (or its
    # withdrawal) leaves the claim in progress; see `after_submission`.
    (State.IN_PROGRESS, Event.WITHDRAW): State.IN_PROGRESS,
    (State.RETURNED, Event.WITHDRAW): State.RETURNED,
    (State.SUBMITTED, Event.WITHDRAW): State.IN_PROGRESS,
    (State.SUBMITTED, Event.RETURN): State.RETURNED,
    (State.SUBMITTED, Event.APPROVE): State.APPROVED,
    (State.APPROVED, Event.REOPEN): State.IN_PROGRESS,
    **{(state, Event.DISMISS): State.DISMISSED for state in _WORKING},
    (State.DISMISSED, Event.RESTORE): PREVIOUS,
    # Assigning and discussing never change the state and are always possible.
    **{(state, Event.ASSIGN): state for state in State},
    **{(state, Event.COMMENT): state for state in State},
}

# Evidence (citations, ratings) is frozen while an editor has the claim or after they
# approved it, so what the editor approves is what the reviewers handed in.
EVIDENCE_LOCKED = frozenset({State.SUBMITTED, State.APPROVED})

STATE_LABELS = {
    State.OPEN: "open",
    State.IN_PROGRESS: "in progress",
    State.SUBMITTED: "submitted for review",
    State.RETURNED: "returned",
    State.APPROVED: "approved",
    State.DISMISSED: "dismissed",
}

_REFUSALS = {
    Event.EVIDENCE: "its evidence is locked",
    Event.EDIT: "its text is locked",
    Event.SUBMIT: "it cannot be submitted",
    Event.WITHDRAW: "there is no submission to withdraw",
    Event.RETURN: "only a submitted claim can be returned",
    Event.APPROVE: "only a submitted claim can be approved",
    Event.REOPEN: "only an approved claim can be reopened",
    Event.DISMISS: "it cannot be dismissed",
    Event.RESTORE: "it is not dismissed",
    Event.START: "it is not open",
}


class IllegalTransition(Exception):
    """The claim's state does not allow this event."""

    def __init__(self, state: State, event: Event, message: str):
        super().__init__(message)
        self.state = state
        self.event = event
        self.message = message


def state_of(status: str, *, dismissed: bool) -> State:
    """The workflow state of a claim with this stored status and dismissal."""
    return State.DISMISSED if dismissed else State(status)


def allowed(state: State, event: Event) -> bool:
    return (State(state), Event(event)) in TRANSITIONS


def transition(state: State, event: Event, *, previous: State | None = None) -> State:
    """The state after `event`, or IllegalTransition when the table has no such move.

    `previous` is the status kept under a dismissal; `restore` returns to it.
    """
    state, event = State(state), Event(event)
    target = TRANSITIONS.get((state, event))
    if target is None:
        raise IllegalTransition(
            state,
            event,
            f"The claim is {STATE_LABELS[state]}: "
            f"{_REFUSALS.get(event, 'that is not possible now')}.",
        )
    if target == PREVIOUS:
        return State(previous) if previous is not None else State.OPEN
    return State(target)


def after_submission(state: State, *, all_submitted: bool) -> State:
    """Where a reviewer's submission takes the claim: to the editors once every
    required rating is submitted, else it stays in progress (returned stays returned
    until the last resubmission)."""
    target = transition(state, Event.SUBMIT)
    if all_submitted:
        return target
    return State.IN_PROGRESS if state == State.OPEN else State(state)


def evidence_locked(state: State) -> bool:
    return State(state) in EVIDENCE_LOCKED


# --- the article's status, derived from its claims ------------------------------------


class ArticleState(StrEnum):
    """Where an article stands, derived from its claims (docs/WORKFLOW.md): the codes
    the API and the filters use, each with the one label every screen shows."""

    DRAFT = "draft"  # nothing rated yet
    IN_REVIEW = "in review"  # some rating, submission or approval
    VERIFIED = "verified"  # every live check-worthy claim approved
    PUBLISHED = "published"  # its report is public

    @property
    def label(self) -> str:
        return _LABELS[self]


class Publication(StrEnum):
    """Where an article's report stands (docs/PUBLISHING.md)."""

    NOT_PUBLISHED = "not published"
    PUBLISHED = "published"
    CHANGED = "changed since publication"  # a verdict or its evidence moved on
    TAKEN_DOWN = "taken down"  # unpublished; its revisions are kept

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    ArticleState.DRAFT: "Draft",
    ArticleState.IN_REVIEW: "In review",
    ArticleState.VERIFIED: "Verified",
    ArticleState.PUBLISHED: "Published",
    Publication.NOT_PUBLISHED: "Not published",
    Publication.PUBLISHED: "Published",
    Publication.CHANGED: "Changed since publication",
    Publication.TAKEN_DOWN: "Taken down",
}


def state_label(code: str) -> str:
    """The words for an article or publication status code ("in review" → "In
    review"); a code without a label is still shown as words, never as a code."""
    for enum in (ArticleState, Publication):
        try:
            return enum(code).label
        except ValueError:
            continue
    return str(code).replace("_", " ").capitalize()
