"""Trigram similarity (annotations.extraction.similarity) and the "already checked"
threshold, measured on pairs of claims that say the same thing and pairs that do not.

The figures (docs/ARTICLE_PAGE.md, "Already checked"): at 0.5, 11 of the 12 restatements
are found and 2 of the 12 different claims are shown too, both the same sentence
with other figures (a reviewer compares them); no threshold separates those two from
the loosest restatements, which is why the panel always shows the matched text.
"""

import pytest

from annotations.extraction.similarity import best_matches, similarity, trigrams
from annotations.selectors.sourcing import ALREADY_CHECKED_THRESHOLD

# (one claim, another, whether they state the same thing)
PAIRS = [
    (
        "China and Russia will build a joint research station on the Moon, the "
        "China National Space Administration said.",
        "China and Russia will build a joint lunar research station, the China "
        "National Space Administration said on Tuesday.",
        True,
    ),
    (
        "The unemployment rate fell to 3.5% in September, the lowest level in 50 "
        "years.",
        "Unemployment fell to 3.5 percent in September, its lowest level in 50 years.",
        True,
    ),
    (
        "The city spent $3 million on the new bridge.",
        "The city has spent $3 million on its new bridge, officials said.",
        True,
    ),
    (
        "Vaccines do not cause autism, according to a review of 1.2 million children.",
        "According to a review of 1.2 million children, vaccines do not cause autism.",
        True,
    ),
    (
        "The Amazon rainforest lost 11,088 square kilometres of tree cover in 2020.",
        "In 2020 the Amazon rainforest lost 11,088 square kilometers of tree cover.",
        True,
    ),
    (
        "Crime in the city rose by 20 percent last year.",
        "Last year crime in the city went up by 20%.",
        True,
    ),
    (
        '"We have never raised taxes on working families," the governor said.',
        "The governor said he had never raised taxes on working families.",
        True,
    ),
    (
        "The Great Wall of China is visible from space with the naked eye.",
        "The Great Wall of China can be seen from space with the naked eye.",
        True,
    ),
    (
        "More than 40,000 people died in the earthquake in Turkey and Syria.",
        "The earthquake in Turkey and Syria killed more than 40,000 people.",
        True,
    ),
    (
        "Drinking eight glasses of water a day is necessary for good health.",
        "You need to drink eight glasses of water every day to stay healthy.",
        True,
    ),
    (
        "The bill would cut taxes for 90% of families.",
        "90 percent of families would get a tax cut under the bill.",
        True,
    ),
    (
        "Electric cars produce more emissions over their lifetime than petrol cars.",
        "Over their lifetime, electric cars produce more emissions than petrol "
        "cars do.",
        True,
    ),
    (
        "The unemployment rate fell to 3.5% in September.",
        "The unemployment rate rose to 4.1% in March.",
        False,
    ),
    (
        "China and Russia will build a joint research station on the Moon.",
        "NASA plans to return astronauts to the Moon by 2025.",
        False,
    ),
    (
        "The city spent $3 million on the new bridge.",
        "The state spent $40 million on new roads last year.",
        False,
    ),
    (
        "Vaccines do not cause autism, according to a review of 1.2 million children.",
        "Measles cases doubled in Europe in 2019, the World Health Organization said.",
        False,
    ),
    (
        "The governor said he had never raised taxes on working families.",
        "The governor raised the sales tax by one percentage point in 2019.",
        False,
    ),
    (
        "Crime in the city rose by 20 percent last year.",
        "The city's population rose by 2 percent last year.",
        False,
    ),
    (
        "The Amazon rainforest lost 11,088 square kilometres of tree cover in 2020.",
        "Brazil's president said deforestation in the Amazon was falling.",
        False,
    ),
    (
        "The Great Wall of China is visible from space with the naked eye.",
        "The Great Barrier Reef is the largest living structure on Earth.",
        False,
    ),
    (
        "The earthquake in Turkey and Syria killed more than 40,000 people.",
        "The flood in Pakistan killed more than 1,700 people.",
        False,
    ),
    (
        "The bill would cut taxes for 90% of families.",
        "The bill would raise taxes for 10% of families.",
        False,
    ),
    (
        "Electric cars produce more emissions over their lifetime than petrol cars.",
        "Electric cars are cheaper to run than petrol cars.",
        False,
    ),
    (
        "The president signed the climate bill into law on Tuesday.",
        "The senate rejected the immigration bill on Thursday.",
        False,
    ),
]


def test_trigrams_are_pg_trgms():
    """show_trgm('Cat, cat!') in PostgreSQL: {"  c"," ca","at ","cat"}."""
    assert trigrams("Cat, cat!") == {"  c", " ca", "at ", "cat"}
    assert trigrams("") == frozenset()
    assert trigrams("a") == {"  a", " a "}


def test_similarity_is_shared_over_all_trigrams():
    assert similarity("harbour tolls", "Harbour, TOLLS.") == 1.0
    assert similarity("abc", "xyz") == 0.0
    assert similarity("", "abc") == 0.0
    # "word" (5 trigrams) against "words" (6): 4 shared of 7.
    assert similarity("word", "words") == pytest.approx(4 / 7)


def test_the_threshold_on_the_measured_pairs():
    """11 of 12 restatements found, 2 of 12 different claims shown (see the module
    docstring); a change of tokenizer or threshold shows up here."""
    same = [similarity(a, b) for a, b, alike in PAIRS if alike]
    different = [similarity(a, b) for a, b, alike in PAIRS if not alike]
    found = sum(score >= ALREADY_CHECKED_THRESHOLD for score in same)
    shown = sum(score >= ALREADY_CHECKED_THRESHOLD for score in different)
    assert (len(same), len(different)) == (12, 12)
    assert (found, shown) == (11, 2)
    # Restatements score 0.47 to 1.0; unrelated claims 0.08 to 0.45, and the same
    # sentence with other figures 0.61 to 0.68.
    assert min(same) == pytest.approx(0.465, abs=0.005)
    assert sorted(different)[-3] < ALREADY_CHECKED_THRESHOLD


def test_best_matches_orders_by_similarity_then_given_order():
    candidates = [
        (1, "Harbour tolls rose by 12 percent."),
        (2, "Harbour tolls rose 12 percent."),
        (3, "Ferry fares fell."),
        (4, "Harbour tolls rose 12 percent."),
    ]
    matches = best_matches(
        "Harbour tolls rose 12 percent.", candidates, threshold=0.5, limit=3
    )
    assert [key for key, _ in matches] == [2, 4, 1]
    assert matches[0][1] == 1.0
    assert best_matches("x", candidates, threshold=0.5, limit=3) == []
