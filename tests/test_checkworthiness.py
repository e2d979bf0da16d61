"""The check-worthiness model: shipped weights, pure scoring, reproducible training."""

import ast
import dataclasses
import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.extraction.splitting import (
    Kind,
    extract_claims,
    model,
    sentence_features,
)
from annotations.extraction.splitting.lexicon import FUNCTION_WORDS

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "annotations" / "extraction" / "splitting"
SEED = ROOT / "seeds" / "china-russia-moon-base.txt"


def test_weights_ship_inside_the_package_and_are_small():
    assert model.WEIGHTS_PATH.parent == PACKAGE
    assert model.WEIGHTS_PATH.stat().st_size <= 2_000_000
    weights = model.weights()
    assert weights.signals["official_action"] > 0
    assert weights.signals["question"] < 0
    assert model.weights() is weights  # loaded once


def test_scoring_imports_no_numerical_library():
    """Run time needs the standard library only: no scikit-learn, numpy or scipy."""
    for path in PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert name.split(".")[0] not in {"sklearn", "numpy", "scipy"}, path


def test_scores_are_deterministic_across_processes():
    """A fresh interpreter gives the same scores (no hash randomisation)."""
    code = (
        "from annotations.extraction.splitting import extract_claims;"
        f"t=open({str(SEED)!r}).read();"
        "print([c.checkworthiness for c in extract_claims(t)])"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": str(seed), "PATH": ""},
        ).stdout
        for seed in (1, 2)
    }
    assert len(runs) == 1
    assert runs.pop().strip() == str(
        [c.checkworthiness for c in extract_claims(SEED.read_text(encoding="utf-8"))]
    )


def test_seed_substantive_claims_outrank_captions_and_credits():
    text = SEED.read_text(encoding="utf-8")
    candidates = extract_claims(text)
    furniture = [c for c in candidates if c.kind is not Kind.CLAIM]
    claims = sorted(
        (c for c in candidates if c.kind is Kind.CLAIM),
        key=lambda c: -c.checkworthiness,
    )
    assert max(c.checkworthiness for c in furniture) <= 0.2
    assert all(c.checkworthiness > 0.2 for c in claims[:8])
    top = text[claims[0].start : claims[0].end]
    assert any(
        s.name in ("number", "official_action", "date") for s in claims[0].signals
    )
    assert top.strip()


def test_signals_say_why_in_words():
    (candidate,) = extract_claims(
        "The county approved a $4 million bond on Tuesday, the largest in its history."
    )
    labels = {s.name: s.label for s in candidate.signals}
    assert labels["official_action"] == "names an official action ('approved')"
    assert labels["quantity"] == "money or a percentage"
    assert labels["date"] == "a date or time"
    assert any(s.name in ("word", "words") for s in candidate.signals)
    opinion = extract_claims("The council should resign.")[0]
    assert any(s.label == "opinion word 'should'" for s in opinion.signals)


def test_the_shipped_file_records_its_training_data():
    data = model.WEIGHTS_PATH.read_text(encoding="utf-8")
    assert '"trained_on":{"claimbuster":[7972,1994],"clef2019":[14696,429]}' in data


def _trainer():
    spec = importlib.util.spec_from_file_location(
        "train_checkworthiness", ROOT / "bench" / "train_checkworthiness.py"
    )
    trainer = importlib.util.module_from_spec(spec)
    # Its dataclasses look their module up by name while being made.
    sys.modules[spec.name] = trainer
    spec.loader.exec_module(trainer)
    return trainer


def test_training_balances_classes_within_each_data_set():
    """Each data set's classes carry equal weight, the sets their DATASET_WEIGHTS,
    so positives and negatives weigh the same in all and 0.5 means as likely as not."""
    trainer = _trainer()
    labels = [1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    sources = ["claimbuster"] * 4 + ["clef2019"] * 8
    weights = {"claimbuster": 1.0, "clef2019": 0.5}
    given = trainer.sample_weights(labels, sources, list(range(12)), weights)
    assert sum(given) == pytest.approx(12)  # mean one: C keeps its meaning

    def total(source, label):
        return sum(
            w
            for w, s, y in zip(given, sources, labels, strict=True)
            if s == source and y == label
        )

    assert total("claimbuster", 1) == pytest.approx(total("claimbuster", 0))
    assert total("clef2019", 1) == pytest.approx(total("clef2019", 0))
    assert total("clef2019", 1) == pytest.approx(0.5 * total("claimbuster", 1))
    assert trainer.DATASET_WEIGHTS == {"claimbuster": 1.0, "clef2019": 0.7}
    assert '"dataset_weights":{"claimbuster":1.0,"clef2019":0.7}' in (
        model.WEIGHTS_PATH.read_text(encoding="utf-8")
    )


def _require_sklearn():
    if importlib.util.find_spec("sklearn") is None:
        pytest.skip("scikit-learn is a development requirement")


@pytest.mark.slow
def test_training_reproduces_the_shipped_model_within_tolerance():
    """Retraining on bench/data gives the shipped model: every weight within
    WEIGHT_TOLERANCE, every check sentence's score within SCORE_TOLERANCE (liblinear
    rounds differently on another CPU, so not byte for byte; a few seconds)."""
    _require_sklearn()
    trainer = _trainer()
    retrained = trainer.train_all()
    shipped = model.WEIGHTS_PATH.read_text(encoding="utf-8")
    assert trainer.differences(shipped, retrained, trainer.check_sentences()) == []


@pytest.mark.slow
def test_the_tolerance_still_catches_a_changed_training():
    """A tenth more C, a changed scale of the character n-grams, or the weakest
    named signal dropped, is a different model however the settings recorded in
    the file read."""
    _require_sklearn()
    trainer = _trainer()
    shipped = model.WEIGHTS_PATH.read_text(encoding="utf-8")
    sentences = trainer.check_sentences()
    arrays, labels, sources, counts = trainer.training_data()
    recipe = trainer.RECIPE

    def settings_as_shipped(text: str) -> str:
        # Record the shipped settings, so that only the weights can tell.
        data, old = json.loads(text), json.loads(shipped)
        data["C"], data["char_scale"] = old["C"], old["char_scale"]
        return json.dumps(data)

    other_c = trainer.train(
        arrays, labels, sources, counts, dataclasses.replace(recipe, c=recipe.c * 1.1)
    )
    found = trainer.differences(shipped, settings_as_shipped(other_c), sentences)
    assert any("word weights differ" in line for line in found)
    assert any("n-gram weights differ" in line for line in found)
    assert any(line.startswith("score ") for line in found)

    other_scale = trainer.train(
        arrays,
        labels,
        sources,
        counts,
        dataclasses.replace(recipe, char_scale=recipe.char_scale * 1.1),
    )
    found = trainer.differences(shipped, settings_as_shipped(other_scale), sentences)
    assert any("n-gram weights differ" in line for line in found)

    signals = model.weights().signals
    weakest = min(signals, key=lambda name: abs(signals[name]))
    without = trainer.Arrays(arrays.featured.without_signal(weakest))
    found = trainer.differences(
        shipped, trainer.train(without, labels, sources, counts), sentences
    )
    assert any(
        line.startswith(f"signal {weakest}: {signals[weakest]} against 0.0")
        for line in found
    )


def test_the_comparison_allows_a_rounding_step_and_nothing_more():
    trainer = _trainer()
    shipped = model.WEIGHTS_PATH.read_text(encoding="utf-8")
    data = json.loads(shipped)
    sentences = ["The county approved a $4 million bond on Tuesday."]
    # One step of the fourth decimal, as another CPU rounds: the same model.
    data["words"] = [[index, weight + 0.0001] for index, weight in data["words"]]
    data["intercept"] -= 0.0001
    assert trainer.differences(shipped, json.dumps(data), sentences) == []
    data["signals"]["official_action"] += 0.01
    found = trainer.differences(shipped, json.dumps(data), sentences)
    assert found[0].startswith("signal official_action: ")
    shipped_c = data["C"]
    data["C"] = shipped_c * 1.5
    found = trainer.differences(shipped, json.dumps(data), sentences)
    assert found[0].startswith(f"C: {shipped_c!r} != {shipped_c * 1.5!r}")


WHY_CASES = [
    # Each of these showed "word 'the'", "word 'was'", "word 'to'" or
    # "word '<number>'" among its reasons.
    "March 9, 2021",
    "Space advocates have said the administration's efforts ushered in a second "
    "golden age for space.",
    "China and Russia have cooperated to build advanced weaponry that can target "
    "satellites.",
    "The toll was 14 by Thursday night, up from 9 on Wednesday, and it was still "
    "rising.",
    "It is the third time this year that the U.S. has done so, and it will not be "
    "the last.",
    "Ticket prices rose 12 percent in 2023, to an average of $48, the league said.",
    "She'd have been there if they'd asked, he said.",
    "They\u2019ve said it\u2019s what they\u2019d do, and we\u2019re sure "
    "they\u2019ll do it.",
]


@pytest.mark.parametrize("sentence", WHY_CASES)
def test_the_reasons_shown_are_never_function_words_or_bare_numbers(sentence):
    """Every word signal names a word a person can act on: "word 'toll'" or
    "words 'up from'" (a pair with one content word), never "word 'the'", "word
    'was'" or "word '<number>'" alone."""
    for candidate in extract_claims(sentence):
        for signal in candidate.signals:
            if signal.name not in ("word", "words"):
                continue
            shown = signal.evidence.split()
            assert any(
                word.replace("\u2019", "'") not in FUNCTION_WORDS
                and len(word) > 1
                and word != "0"
                for word in shown
            ), (sentence, signal.label)


def test_content_words_still_explain_the_score():
    """The filter hides words from the reasons, not from the model: the seed's
    claims still show their content words, and the scores are those of every word."""
    text = SEED.read_text(encoding="utf-8")
    labels = {
        signal.label
        for candidate in extract_claims(text)
        for signal in candidate.signals
        if signal.name in ("word", "words")
    }
    assert {"word 'agreement'", "word 'administration'", "word 'budget'"} <= labels
    sentence = "The toll was 14 by Thursday night, up from 9 on Wednesday."
    signals, keys = sentence_features(sentence)
    probability, _, worded = model.score(signals, keys, top_words=50)
    weights = model.weights()
    total = weights.intercept + sum(
        weights.signals.get(feature.key, 0.0) * feature.value for feature in signals
    )
    total += sum(weights.words.get(model.bucket(key), 0.0) for key in keys)
    # A word also carries its character n-grams (a pair does not).
    total += sum(model.char_weight(key[2:]) for key in keys if key[0] == "w")
    assert probability == pytest.approx(1 / (1 + math.exp(-total)))
    assert "w:was" in keys
    assert "w:0" in keys
    assert all(key not in ("w:was", "w:0", "w:the") for key, _ in worded)


@pytest.mark.parametrize(
    ("signal", "shown"),
    [
        ({"name": "word", "evidence": "the", "weight": 0.4}, False),
        ({"name": "word", "evidence": "0", "weight": 0.4}, False),
        ({"name": "words", "evidence": "of the", "weight": 0.4}, False),
        ({"name": "word", "evidence": "", "weight": 0.4}, False),
        ({"name": "word", "evidence": "billion", "weight": 0.4}, True),
        ({"name": "words", "evidence": "tax cut", "weight": 0.4}, True),
        ({"name": "number", "evidence": "12", "weight": 0.4}, True),
    ],
)
def test_stored_signals_are_shown_by_the_same_rule(signal, shown):
    """Signals stored before the display rule (an article imported earlier) are
    filtered when shown, so old and new claims give the same kind of reasons."""
    from annotations.extraction.splitting.model import shown_signal

    assert shown_signal(signal) is shown


# --- languages without training data ---------------------------------------------


@pytest.mark.parametrize(
    ("language", "trained"),
    [
        ("en", True),
        ("en-GB", True),
        ("EN_us", True),
        (None, True),
        ("", True),
        ("es", False),
        ("pt-BR", False),
        ("ar", False),
        ("hy", False),
        ("eng", False),  # not a BCP 47 primary subtag of English
    ],
)
def test_the_model_knows_which_languages_it_was_trained_on(language, trained):
    from annotations.extraction.splitting.features import trained_language

    assert trained_language(language) is trained


def _independent_total(sentence: str, signals) -> float:
    """The language-independent log-odds, summed plainly from the weights file."""
    data = json.loads(model.WEIGHTS_PATH.read_text(encoding="utf-8"))
    part = data["language_independent"]
    chars = dict(data["chars"])
    total = part["intercept"]
    for signal in signals:
        if signal.name in part["signals"]:
            total += data["signals"][signal.name]
    from annotations.extraction.splitting.features import char_keys, word_tokens

    for token in dict.fromkeys(word_tokens(sentence)):
        for key in char_keys(token):
            total += chars.get(model.bucket(key), 0.0)
    return total


FOREIGN_SENTENCES = [
    (
        "es",
        "El Gobierno aprobó ayer un presupuesto de 4.500 millones de euros, un 12 % "
        "más que en 2023.",
        {"number", "quantity", "date"},
    ),
    (
        "ar",
        "ارتفعت أسعار الخبز بنسبة ١٢٪ منذ عام ٢٠٢٣، وفق بيانات الحكومة.",
        {"number", "quantity", "date"},
    ),
    ("de", "Wie viele Menschen leben heute in Berlin?", {"question"}),
    # The Armenian question mark on the questioned word, the Armenian full stop.
    ("hy", "Քանի՞ մարդ է ապրում Երևանում\u0589", {"question"}),
    ("hi", "सरकार ने ₹500 करोड़ की योजना को मंज़ूरी दी।", {"number", "quantity"}),
]


@pytest.mark.parametrize(("language", "sentence", "expected"), FOREIGN_SENTENCES)
def test_a_language_without_training_data_is_scored_by_the_independent_part(
    language, sentence, expected
):
    """Figures, signs and question marks of any script are read; the English words
    and English-only signals weigh nothing; the candidate says how it was scored,
    and gives no word as a reason."""
    (candidate,) = extract_claims(sentence, language=language)
    names = {signal.name for signal in candidate.signals}
    assert "checkworthiness_basis" in names
    assert not names & {"word", "words", "named_entity", "short", "long"}
    assert expected <= names
    total = _independent_total(sentence, candidate.signals)
    assert candidate.checkworthiness == round(1 / (1 + math.exp(-total)), 3)
    english = extract_claims(sentence, language="en")[0]
    assert "checkworthiness_basis" not in {s.name for s in english.signals}


def test_figures_raise_a_foreign_sentence_like_an_english_one():
    plain = extract_claims("Los precios del pan subieron.", language="es")[0]
    figures = extract_claims(
        "Los precios del pan subieron un 12 % desde marzo de 2023.", language="es"
    )[0]
    assert figures.checkworthiness > plain.checkworthiness + 0.2
    question = extract_claims("¿Subieron los precios del pan?", language="es")[0]
    assert question.checkworthiness < plain.checkworthiness


def test_the_basis_is_not_given_as_a_reason_but_is_stored():
    from annotations.extraction.splitting.model import shown_signal

    (candidate,) = extract_claims("Die Miete stieg um 8 %.", language="de")
    (basis,) = [s for s in candidate.signals if s.name == "checkworthiness_basis"]
    assert basis.label == (
        "language-independent score (no training data in this language)"
    )
    # Its weight is what the words' n-grams add: a stored signal says so.
    assert basis.evidence == "its words' character n-grams"
    # (The other signals' weights are rounded to four decimals.)
    assert basis.weight == pytest.approx(
        _independent_total("Die Miete stieg um 8 %.", candidate.signals)
        - model.weights().independent_intercept
        - sum(s.weight for s in candidate.signals if s is not basis),
        abs=0.0005,
    )
    assert not shown_signal(basis.as_dict())


@pytest.mark.django_db
def test_the_claim_panel_says_the_score_is_language_independent(client, reviewer):
    from django.urls import reverse

    from annotations.models import Claim
    from tests import factories

    body = "El desempleo bajó al 11,2 % en el primer trimestre de 2024."
    article = factories.ArticleFactory(title="Paro", body=body)
    (candidate,) = extract_claims(body, language="es")
    claim = Claim.objects.create(
        article=article,
        start=0,
        end=len(body),
        text=body,
        checkworthiness=candidate.checkworthiness,
        signals=[signal.as_dict() for signal in candidate.signals],
    )
    client.force_login(reviewer)
    html = client.get(
        reverse("claim-panel", args=[claim.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    import lxml.html

    tree = lxml.html.fromstring(html)
    (score,) = tree.xpath("//dt[text()='Check-worthiness']/following-sibling::dd[1]")
    assert "language-independent score" in score.text_content()
    other = factories.ArticleFactory(title="Jobs", body="Unemployment fell to 4 %.")
    english = Claim.objects.create(
        article=other, start=0, end=len(other.body), text=other.body
    )
    html = client.get(
        reverse("claim-panel", args=[english.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "language-independent" not in html


@pytest.mark.parametrize(
    "token",
    ["a", "to", "tax", "deficit", "aujourd'hui", "ارتفعت", "मंज़ूरी", "Երևանում", "0"],
)
def test_character_ngrams_are_cut_as_scikit_learn_cuts_them(token):
    """Training and scoring agree with the `char_wb` analyser the model is named
    after: every 2- to 5-gram of the space-padded word, a short word once whole."""
    _require_sklearn()
    from sklearn.feature_extraction.text import CountVectorizer

    from annotations.extraction.splitting.features import char_ngrams

    analyse = CountVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), lowercase=False
    ).build_analyzer()
    assert char_ngrams(token) == analyse(token)


def test_word_tokens_keep_words_of_any_script_whole():
    from annotations.extraction.splitting.features import word_tokens

    assert word_tokens("सरकार ने ₹500 करोड़ की योजना को मंज़ूरी दी।") == [
        "सरकार", "ने", "0", "करोड़", "की", "योजना", "को", "मंज़ूरी", "दी",
    ]  # fmt: skip
    assert word_tokens("ارتفعت الأسعار، وفق الحكومة؟") == [
        "ارتفعت", "الأسعار", "وفق", "الحكومة",
    ]  # fmt: skip
    assert word_tokens("«Aujourd'hui», dit-il: 12,5 %.") == [
        "aujourd'hui", "dit", "il", "0",
    ]  # fmt: skip
