"""PURE: a segment of an article body as the pages draw it, shared by the selector
that loads it (`selectors.segments_for`) and the renderer that marks it in the body
(`highlight.render_body`), so neither layer imports the other."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """One claim's span in the body (`body[start:end]`) and what its mark shows."""

    id: int
    start: int
    end: int
    kind: str
    status: str
    dismissed: bool
    checkworthiness: float
    verdict: str = ""
    verdict_polarity: str = ""
    open_gaps: int = 0
    citations: int = 0
    ratings: int = 0
    version: int = 0
