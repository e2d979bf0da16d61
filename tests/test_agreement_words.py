"""Agreement in words (annotations.agreement_words): the pure module's facts said
in the reader's language, for every reading."""

import pytest
from django.utils import translation

from annotations import agreement_words
from annotations.agreement import Alpha

CASES = {
    "reliable": Alpha(value=0.9, units=12, ratings=24, reviewers=3),
    "tentative": Alpha(value=0.7, units=12, ratings=24, reviewers=3),
    "low": Alpha(value=0.2, units=12, ratings=24, reviewers=3),
    "not_enough": Alpha(value=None, units=3, ratings=7, reviewers=2, rated_once=1),
    "no_variation": Alpha(value=None, units=12, ratings=24, reviewers=3),
    "several_scales": Alpha(value=None, units=12, ratings=24, reviewers=3, scales=2),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_reading_has_its_code_and_english_words(code):
    alpha = CASES[code]
    assert alpha.reading_code == code
    with translation.override("en"):
        assert agreement_words.reading(alpha) == alpha.reading
        assert agreement_words.reason(alpha) == alpha.reason


@pytest.mark.parametrize("language", ["es", "ar"])
@pytest.mark.parametrize("code", sorted(CASES))
def test_each_reading_is_said_in_the_readers_language(code, language):
    alpha = CASES[code]
    with translation.override(language):
        reading, reason = agreement_words.reading(alpha), agreement_words.reason(alpha)
    assert reading
    assert reading != alpha.reading
    assert (reason == "") == (alpha.value is not None)
    if reason:
        assert reason != alpha.reason
        assert "%(" not in reason
        assert "%(" not in reading
