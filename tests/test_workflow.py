"""The claim state machine, exhaustively: every state by every event (pure, no DB)."""

import pytest

from annotations import workflow
from annotations.workflow import Event, IllegalTransition, State

S, E = State, Event
OP, P, SU, R, A, D = (
    S.OPEN,
    S.IN_PROGRESS,
    S.SUBMITTED,
    S.RETURNED,
    S.APPROVED,
    S.DISMISSED,
)

# The designed table, written out by hand (not derived from the module): the target
# state of every allowed move; a missing cell is an illegal move.
DESIGN = {
    OP: {E.START: P, E.EVIDENCE: P, E.EDIT: OP, E.SUBMIT: SU, E.DISMISS: D},
    P: {E.EVIDENCE: P, E.EDIT: P, E.SUBMIT: SU, E.WITHDRAW: P, E.DISMISS: D},
    R: {
        E.START: P,
        E.EVIDENCE: P,
        E.EDIT: R,
        E.SUBMIT: SU,
        E.WITHDRAW: R,
        E.DISMISS: D,
    },
    SU: {E.WITHDRAW: P, E.RETURN: R, E.APPROVE: A},
    A: {E.REOPEN: P},
    D: {E.EDIT: D, E.RESTORE: "previous"},
}
for state in State:
    DESIGN[state][E.ASSIGN] = state
    DESIGN[state][E.COMMENT] = state

CELLS = [(state, event) for state in State for event in Event]


@pytest.mark.parametrize(("state", "event"), CELLS)
def test_every_state_and_event(state, event):
    """Allowed moves go where the design says; every other move raises."""
    expected = DESIGN[state].get(event)
    assert workflow.allowed(state, event) is (expected is not None)
    if expected is None:
        with pytest.raises(IllegalTransition) as info:
            workflow.transition(state, event)
        assert info.value.state == state
        assert info.value.event == event
        assert workflow.STATE_LABELS[state] in info.value.message
    elif expected == "previous":
        assert workflow.transition(state, event, previous=R) == R
        assert workflow.transition(state, event) == OP
    else:
        assert workflow.transition(state, event) == expected


def test_the_table_has_no_cell_the_design_lacks():
    designed = {(s, e) for s, moves in DESIGN.items() for e in moves}
    assert set(workflow.TRANSITIONS) == designed


def test_evidence_is_locked_exactly_while_submitted_or_approved():
    assert {s for s in State if workflow.evidence_locked(s)} == {SU, A}


@pytest.mark.parametrize(
    ("state", "all_submitted", "expected"),
    [
        (OP, True, SU),
        (OP, False, P),
        (P, True, SU),
        (P, False, P),
        (R, True, SU),
        (R, False, R),
    ],
)
def test_a_submission_waits_for_the_other_assignees(state, all_submitted, expected):
    assert workflow.after_submission(state, all_submitted=all_submitted) == expected


@pytest.mark.parametrize("state", [SU, A, D])
def test_a_submission_from_a_state_that_forbids_it_raises(state):
    with pytest.raises(IllegalTransition):
        workflow.after_submission(state, all_submitted=True)


def test_state_of_a_dismissed_claim_is_dismissed_whatever_its_status():
    assert workflow.state_of("in_progress", dismissed=True) == D
    assert workflow.state_of("returned", dismissed=False) == R


def test_the_messages_say_why_in_words():
    with pytest.raises(IllegalTransition, match="submitted for review: its evidence"):
        workflow.transition(SU, E.EVIDENCE)
    with pytest.raises(IllegalTransition, match="only a submitted claim can be"):
        workflow.transition(P, E.APPROVE)
