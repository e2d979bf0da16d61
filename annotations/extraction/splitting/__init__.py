"""Split news text into sentences and claim candidates, with exact offsets.

Everything here is pure: a string goes in, and spans that index into that same
string come out, so the editor can highlight them and the database can store them.
Sentence boundaries follow the English "Golden Rules" of the Pragmatic Segmenter
(abbreviations, initials, lists, ellipses, quotations) in English, and each of
the 46 languages in `SENTENCE_LANGUAGES` has its abbreviations and starters when the
text's language is given; every script's sentence terminals are known in any. Kinds
and attributions follow the rules of the text's language (`languages`).
Check-worthiness comes from a small logistic regression trained on public labelled
sentences; every score is explained by the features that contributed most, in
words. See docs/EXTRACTION.md.
"""

from annotations.extraction.splitting.claims import (
    NON_CLAIM_CAP,
    Extraction,
    extract,
    extract_claims,
    sentence_features,
)
from annotations.extraction.splitting.features import EVIDENCE_CHARS
from annotations.extraction.splitting.metadata import ArticleMetadata, extract_metadata
from annotations.extraction.splitting.sentence_languages import (
    SUPPORTED as SENTENCE_LANGUAGES,
)
from annotations.extraction.splitting.sentences import split_sentences
from annotations.extraction.splitting.types import (
    NON_CLAIM_KINDS,
    ClaimCandidate,
    Kind,
    Signal,
    Span,
)

__all__ = [
    "EVIDENCE_CHARS",
    "NON_CLAIM_CAP",
    "NON_CLAIM_KINDS",
    "SENTENCE_LANGUAGES",
    "ArticleMetadata",
    "ClaimCandidate",
    "Extraction",
    "Kind",
    "Signal",
    "Span",
    "extract",
    "extract_claims",
    "extract_metadata",
    "sentence_features",
    "split_sentences",
]
