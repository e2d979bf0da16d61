"""The body renderer: escaped pieces, exact offsets, status never by colour alone."""

import itertools
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk.highlight import Segment, render_body


def seg(id, start, end, **fields):
    defaults = {
        "kind": "claim",
        "status": "open",
        "dismissed": False,
        "checkworthiness": 0.5,
    }
    return Segment(id=id, start=start, end=end, **{**defaults, **fields})


class Runs(HTMLParser):
    """Collects the text of every .txt run with its data-start/data-end."""

    def __init__(self):
        super().__init__()
        self.stack, self.runs = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append(attrs)
        if "txt" in (attrs.get("class") or "").split():
            self.runs.append([int(attrs["data-start"]), int(attrs["data-end"]), ""])

    def handle_endtag(self, tag):
        self.stack.pop()

    def handle_data(self, data):
        if self.stack and "txt" in (self.stack[-1].get("class") or "").split():
            self.runs[-1][2] += data


def runs_of(html):
    parser = Runs()
    parser.feed(html)
    return parser.runs


BODY = "The council approved $3 million. <b>Critics</b> & others said it was small."


def test_text_runs_carry_exact_offsets_and_cover_the_body():
    segments = [seg(1, 0, 32), seg(2, 33, len(BODY), kind="quote")]
    runs = runs_of(render_body(BODY, segments))
    assert "".join(text for _, _, text in runs) == BODY
    for start, end, text in runs:
        assert BODY[start:end] == text


def test_user_text_is_escaped():
    html = render_body(BODY, [seg(1, 0, 32)])
    assert "<b>" not in html
    assert "&lt;b&gt;Critics&lt;/b&gt; &amp; others" in html


def test_status_has_an_icon_and_words_besides_colour():
    html = render_body(BODY, [seg(7, 0, 32, status="submitted", open_gaps=2)])
    assert 'class="seg-badge" aria-hidden="true">➤</span>' in html
    assert "(Submitted, 2 open gaps)" in html
    # The gaps are one badge with their count, not a mark per claim piece.
    assert html.count("gap-badge") == 1
    assert 'class="gap-badge" aria-hidden="true">⚠2</span>' in html
    assert "has-gaps" in html


def test_every_status_has_its_own_glyph_shape():
    """No two statuses share a glyph, and none is another's mirror image (the old
    half-filled circles ◐ ◑ were)."""
    from desk.highlight import DISMISSED_ICON, STATUS_ICONS

    glyphs = [*STATUS_ICONS.values(), DISMISSED_ICON]
    assert len(set(glyphs)) == len(glyphs)
    assert not {"◐", "◑", "◒", "◓"} & set(glyphs)


def test_less_check_worthy_claims_are_quiet():
    """Below the threshold and untouched: no badge, no strong highlight, even with
    an open gap; the words still say what it is."""
    html = render_body(
        BODY, [seg(1, 0, 32, checkworthiness=0.1, open_gaps=1)], checkworthy=0.5
    )
    assert "cw-muted" in html
    assert 'class="seg-badge" aria-hidden="true"></span>' in html
    assert "gap-badge" not in html
    assert "(Open, 1 open gap)" in html


def test_dismissed_and_non_claims_are_marked():
    html = render_body(
        BODY, [seg(1, 0, 32, dismissed=True), seg(2, 33, 40, kind="caption")]
    )
    assert "dismissed" in html
    assert "⊘" in html
    assert "nonclaim" in html
    assert "(not a claim: caption)" in html


def test_one_tab_stop_for_the_body():
    html = render_body(BODY, [seg(1, 0, 32), seg(2, 33, 40)], selected=2)
    assert re.search(r'id="claim-2"[^>]*tabindex="0"', html)
    assert re.search(r'id="claim-1"[^>]*tabindex="-1"', html)
    assert html.count('tabindex="0"') == 1


def test_overlapping_segments_are_skipped_not_misrendered():
    runs = runs_of(render_body(BODY, [seg(1, 0, 20), seg(2, 10, 30)]))
    assert "".join(text for _, _, text in runs) == BODY


@given(
    body=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r"),
        min_size=1,
        max_size=80,
    ),
    cuts=st.lists(st.integers(min_value=0, max_value=80), max_size=8),
)
def test_any_body_round_trips(body, cuts):
    points = sorted({c % (len(body) + 1) for c in cuts})
    segments = [
        seg(i, a, b) for i, (a, b) in enumerate(itertools.pairwise(points)) if a < b
    ][::2]
    runs = runs_of(render_body(body, segments))
    assert "".join(text for _, _, text in runs) == body
    for start, end, text in runs:
        assert body[start:end] == text


@pytest.mark.parametrize("payload", ['"><script>x()</script>', "' onmouseover='x()"])
def test_hostile_text_in_every_position(payload):
    body = f"{payload} claim {payload}"
    html = render_body(body, [seg(1, len(payload) + 1, len(payload) + 6)])
    assert "<script>" not in html
    assert "onmouseover='x()" not in html


def test_reader_view_marks_segments_without_making_them_buttons():
    """Readers see the segments marked, but not as buttons or tab stops."""
    body = "One claim here. Another claim there."
    segments = [
        Segment(id=1, start=0, end=15, kind="claim", status="open", dismissed=False,
                checkworthiness=0.5),
        Segment(id=2, start=16, end=36, kind="claim", status="open", dismissed=False,
                checkworthiness=0.5),
    ]  # fmt: skip
    static = str(render_body(body, segments, interactive=False))
    assert 'role="button"' not in static
    assert "tabindex" not in static
    assert static.count("seg kind-claim") == 2
    interactive = str(render_body(body, segments))
    assert interactive.count('role="button"') == 2
    assert interactive.count('tabindex="0"') == 1
