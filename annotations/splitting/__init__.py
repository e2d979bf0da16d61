"""Split news text into sentences and claim candidates, with exact offsets.

Everything here is pure: a string goes in, and spans that index into that same
string come out, so the editor can highlight them and the database can store them.
Sentence boundaries follow the English "Golden Rules" of the Pragmatic Segmenter
(abbreviations, initials, lists, ellipses, quotations). Check-worthiness is a sum
of small named signals whose weights are the constants below, so every score can
be explained to a reviewer.
"""

from annotations.splitting.claims import (
    BASE_CHECKWORTHINESS,
    EVIDENCE_CHARS,
    NON_CLAIM_CAP,
    extract_claims,
)
from annotations.splitting.sentences import split_sentences
from annotations.splitting.types import (
    NON_CLAIM_KINDS,
    ClaimCandidate,
    Kind,
    Signal,
    Span,
)

__all__ = [
    "BASE_CHECKWORTHINESS",
    "EVIDENCE_CHARS",
    "NON_CLAIM_CAP",
    "NON_CLAIM_KINDS",
    "ClaimCandidate",
    "Kind",
    "Signal",
    "Span",
    "extract_claims",
    "split_sentences",
]
