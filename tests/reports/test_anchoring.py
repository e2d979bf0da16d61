"""Selectors for every claim of the seed article, and re-anchoring after edits."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotations.extraction.splitting import Kind, extract_claims
from reports.anchoring import CONTEXT_CHARS, Anchor, reanchor, selectors_for
from tests.reports.snapshots import SEED_TEXT

CLAIMS = [c for c in extract_claims(SEED_TEXT) if c.kind is Kind.CLAIM]
SELECTORS = [selectors_for(SEED_TEXT, c.start, c.end) for c in CLAIMS]


def at(opening: str) -> int:
    """The index of the claim that begins with `opening`."""
    return next(
        i for i, c in enumerate(CLAIMS) if SEED_TEXT.startswith(opening, c.start)
    )


def claim_text(index: int) -> str:
    claim = CLAIMS[index]
    return SEED_TEXT[claim.start : claim.end]


def anchors(new_body: str) -> list[Anchor | None]:
    return [reanchor(new_body, quote, position) for quote, position in SELECTORS]


def test_the_seed_article_has_claims_to_anchor():
    assert len(CLAIMS) >= 15


def test_selectors_quote_the_span_with_32_characters_around_it():
    claim = CLAIMS[3]
    quote, position = SELECTORS[3]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": SEED_TEXT[claim.start : claim.end],
        "prefix": SEED_TEXT[claim.start - CONTEXT_CHARS : claim.start],
        "suffix": SEED_TEXT[claim.end : claim.end + CONTEXT_CHARS],
    }
    assert position == {
        "type": "TextPositionSelector",
        "start": claim.start,
        "end": claim.end,
    }
    first_quote, _ = selectors_for(SEED_TEXT, 0, 5)
    assert first_quote["prefix"] == ""


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (7, 3), (0, 10**6)])
def test_selectors_refuse_empty_or_impossible_spans(start, end):
    with pytest.raises(ValueError, match="no span"):
        selectors_for(SEED_TEXT, start, end)


def test_an_unchanged_body_anchors_every_claim_by_position():
    for claim, anchor in zip(CLAIMS, anchors(SEED_TEXT), strict=True):
        assert anchor == Anchor(claim.start, claim.end, "position")


def test_text_inserted_above_moves_every_claim_by_quote():
    note = "Editor's note: this article was updated on 10 March 2021.\n\n"
    for claim, anchor in zip(CLAIMS, anchors(note + SEED_TEXT), strict=True):
        assert anchor.method == "quote"
        assert (anchor.start, anchor.end) == (
            claim.start + len(note),
            claim.end + len(note),
        )


def test_text_inserted_between_claims_moves_only_those_below():
    at = CLAIMS[6].end
    inserted = " A new sentence was added here by the editors."
    new_body = SEED_TEXT[:at] + inserted + SEED_TEXT[at:]
    for index, (claim, anchor) in enumerate(
        zip(CLAIMS, anchors(new_body), strict=True)
    ):
        shift = len(inserted) if claim.start >= at else 0
        assert (anchor.start, anchor.end) == (claim.start + shift, claim.end + shift)
        assert anchor.method in {"position", "quote"}
        assert new_body[anchor.start : anchor.end] == claim_text(index)


def test_text_appended_below_keeps_every_position():
    new_body = SEED_TEXT + "\n\nCorrection: an earlier version misnamed the agency."
    assert all(anchor.method == "position" for anchor in anchors(new_body))


def test_a_deleted_paragraph_above_moves_the_claims_below():
    paragraph_start = SEED_TEXT.index("The agreement marks only")
    paragraph_end = SEED_TEXT.index("In response to this buildup")
    new_body = SEED_TEXT[:paragraph_start] + SEED_TEXT[paragraph_end:]
    removed = paragraph_end - paragraph_start
    for index, (claim, anchor) in enumerate(
        zip(CLAIMS, anchors(new_body), strict=True)
    ):
        if paragraph_start <= claim.start < paragraph_end:
            assert anchor is None, f"claim {index} was deleted, not moved"
        elif claim.start >= paragraph_end:
            assert (anchor.start, anchor.end) == (
                claim.start - removed,
                claim.end - removed,
            )
        else:
            assert anchor.method == "position"


def test_a_few_words_reworded_inside_a_claim_anchor_fuzzily():
    index = at("China and Russia signed a long-term agreement")
    old = claim_text(index)
    new = old.replace("a long-term agreement", "a ten-year memorandum")
    new_body = "Updated.\n\n" + SEED_TEXT.replace(old, new)
    anchor = anchors(new_body)[index]
    assert anchor.method == "fuzzy"
    assert new_body[anchor.start : anchor.end] == new
    assert 0.65 <= anchor.similarity < 1


def test_reworded_at_the_start_and_at_the_end_of_claims():
    edits = {
        at("In response to this buildup"): (
            "In response to this buildup",
            "Responding to this build-up",
        ),
        at("Space advocates"): (
            "golden age for space.",
            "golden era for space flight.",
        ),
        at("The Biden administration has already"): (
            "has already faced criticism",
            "has faced sharp criticism",
        ),
    }
    new_body = SEED_TEXT
    expected = {}
    for index, (before, after) in edits.items():
        old = claim_text(index)
        assert before in old
        expected[index] = old.replace(before, after)
        new_body = new_body.replace(old, expected[index])
    found = anchors(new_body)
    for index, text in expected.items():
        assert found[index].method == "fuzzy"
        assert new_body[found[index].start : found[index].end] == text
    untouched = set(range(len(CLAIMS))) - set(edits)
    for index in untouched:
        anchor = found[index]
        assert new_body[anchor.start : anchor.end] == claim_text(index)


def test_a_deleted_sentence_is_reported_not_guessed():
    for index in (0, 5, 9, len(CLAIMS) - 1):
        claim = CLAIMS[index]
        end = claim.end
        while end < len(SEED_TEXT) and SEED_TEXT[end] == " ":
            end += 1
        new_body = SEED_TEXT[: claim.start] + SEED_TEXT[end:]
        found = anchors(new_body)
        assert found[index] is None, f"claim {index} deleted yet anchored"
        for other, anchor in enumerate(found):
            if other != index:
                assert new_body[anchor.start : anchor.end] == claim_text(other)


def test_a_sentence_rewritten_beyond_recognition_is_an_orphan():
    index = 9
    new_body = SEED_TEXT.replace(
        claim_text(index), "Officials declined to comment on the matter."
    )
    assert anchors(new_body)[index] is None


def test_a_duplicated_sentence_elsewhere_does_not_steal_the_anchor():
    index = 3
    quote = claim_text(index)
    # The quotation is repeated in a pull quote at the top and again at the end.
    pull = f"{quote}\n\n"
    new_body = pull + SEED_TEXT + "\n\nAs the agency put it: " + quote
    anchor = anchors(new_body)[index]
    assert anchor.method == "quote"
    assert anchor.start == CLAIMS[index].start + len(pull)


def test_a_sentence_repeated_right_after_itself_keeps_the_original():
    index = 4
    claim = CLAIMS[index]
    text = claim_text(index)
    new_body = SEED_TEXT[: claim.end] + " " + text + SEED_TEXT[claim.end :]
    anchor = anchors(new_body)[index]
    assert (anchor.start, anchor.end) == (claim.start, claim.end)


def test_a_duplicate_with_the_original_deleted_is_found_by_quote():
    index = 2
    claim = CLAIMS[index]
    text = claim_text(index)
    new_body = SEED_TEXT[: claim.start] + SEED_TEXT[claim.end + 1 :] + "\n\n" + text
    anchor = anchors(new_body)[index]
    assert anchor.method == "quote"
    assert new_body[anchor.start : anchor.end] == text


def test_without_a_position_selector_the_quote_and_context_decide():
    quote, _ = SELECTORS[5]
    anchor = reanchor("Intro.\n\n" + SEED_TEXT, quote)
    assert anchor.method == "quote"
    assert anchor.start == CLAIMS[5].start + len("Intro.\n\n")


def test_nothing_to_find_in_an_empty_body_or_with_an_empty_quote():
    quote, position = SELECTORS[0]
    assert reanchor("", quote, position) is None
    assert reanchor(SEED_TEXT, {"type": "TextQuoteSelector", "exact": ""}) is None


text_strategy = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
)


@settings(max_examples=150, deadline=None)
@given(body=text_strategy, data=st.data())
def test_property_unchanged_body_anchors_by_position(body, data):
    assume(len(body) >= 1)
    start = data.draw(st.integers(0, len(body) - 1))
    end = data.draw(st.integers(start + 1, len(body)))
    quote, position = selectors_for(body, start, end)
    assert reanchor(body, quote, position) == Anchor(start, end, "position")


@settings(max_examples=150, deadline=None)
@given(
    body=st.text(alphabet="abcdefghij klmnop.,", min_size=20, max_size=300),
    inserted=st.text(alphabet="QRSTUVWXYZ \n", min_size=1, max_size=80),
    data=st.data(),
)
def test_property_text_inserted_outside_a_claim_never_loses_it(body, inserted, data):
    start = data.draw(st.integers(0, len(body) - 2))
    end = data.draw(st.integers(start + 1, len(body)))
    at = data.draw(
        st.sampled_from([i for i in range(len(body) + 1) if i <= start or i >= end])
    )
    quote, position = selectors_for(body, start, end)
    new_body = body[:at] + inserted + body[at:]
    anchor = reanchor(new_body, quote, position)
    # The inserted letters never occur in the body, so the exact text survives
    # somewhere; when it occurs once, it is found exactly where it moved to.
    assert anchor is not None
    assert anchor.method in {"position", "quote"}
    assert new_body[anchor.start : anchor.end] == body[start:end]
    exact = body[start:end]
    occurrences = sum(1 for i in range(len(new_body)) if new_body.startswith(exact, i))
    if occurrences == 1:
        shift = len(inserted) if at <= start else 0
        assert anchor.start == start + shift


@pytest.mark.parametrize(
    "context",
    [{"prefix": 5}, {"suffix": ["x"]}, {"prefix": {"a": 1}}, {"suffix": None}],
)
def test_context_of_another_type_is_ignored_not_a_crash(context):
    """Imported annotations are hostile input: a prefix or suffix that is not a
    string counts as no context (the quote alone anchors), never an error."""
    body = "Alpha beta gamma. Delta epsilon zeta. Alpha beta gamma!"
    for exact, start in (("Alpha beta gamma.", 0), ("Delta epsilon zeta.", 18)):
        anchor = reanchor(body, {"exact": exact, **context}, {"start": start})
        assert (anchor.start, anchor.end) == (start, start + len(exact))
