"""Two distinct dehumanising names for one group in one sentence corroborate each other; one name, one name
repeated, or names in different sentences do not. And the lexicon fixes that came with it: Roma's names in the
languages of multilingual.toml, French pest words, the disease family's score. The lexicon detector alone, on
the engine's prepared document, so no classifier score hides what the lexicon says."""

from __future__ import annotations

import pytest

from hatescope.detect.lexicon import LexiconDetector
from hatescope.detect.lexicon_corroboration import CAP
from hatescope.engine import Engine

_ENGINE = Engine()
_LEXICON = LexiconDetector()


def _dehumanising(text: str) -> list:
    return [f for f in _LEXICON.detect(_ENGINE.prepare(text)) if f.label == "dehumanization"]


def test_two_names_for_one_group_in_a_sentence_raise_both() -> None:
    found = _dehumanising("Those immigrants are savages and animals.")
    assert {f.text for f in found} == {"savages", "animals"}
    assert all(f.score == pytest.approx(1 - 0.25 * 0.25) for f in found)
    assert all(any("corroborated" in r for r in f.reasons) for f in found)
    assert all(f.history and f.history[-1].stage == "detect" for f in found)


@pytest.mark.parametrize("text", [
    "Those immigrants are animals.",
    "Those immigrants are animals, real animals.",  # one name said twice
    "Those immigrants are animals. The refugees are savages.",  # two sentences
])
def test_one_name_or_two_sentences_stay_as_they_are(text: str) -> None:
    found = _dehumanising(text)
    assert found and all(f.score == pytest.approx(0.75) for f in found)
    assert not any("corroborated" in r for f in found for r in f.reasons)


def test_combined_score_is_capped() -> None:
    found = _dehumanising("Those immigrants are vermin, cockroaches and parasites.")
    assert len({f.text for f in found}) == 3
    assert max(f.score for f in found) == pytest.approx(CAP)


def test_without_a_group_nothing_is_corroborated() -> None:
    found = _dehumanising("The team played like savages and animals tonight.")
    assert not any("corroborated" in r for f in found for r in f.reasons)


@pytest.mark.parametrize(("text", "term"), [
    ("Les Roms sont des parasites.", "parasites"),
    ("Les Roms sont des rats.", "rats"),
    ("Die Zigeuner sind Ungeziefer.", "ungeziefer"),
    ("Los gitanos son ratas.", "ratas"),
    ("Cyganie to robactwo.", "robactwo"),
])
def test_roma_are_a_target_in_other_languages(text: str, term: str) -> None:
    found = _dehumanising(text)
    assert [f.target for f in found] == ["roma"]
    assert found[0].text.lower() == term and found[0].score == pytest.approx(0.85)


def test_real_parasites_in_french_are_no_metaphor() -> None:
    assert not _dehumanising("Les réfugiés arrivent souvent avec des parasites intestinaux.")


def test_the_disease_family_scores_alike_in_every_language() -> None:
    pt = _dehumanising("Os imigrantes são uma praga.")
    en = _dehumanising("Those immigrants are a plague.")
    assert [f.score for f in pt] == [f.score for f in en] == [pytest.approx(0.8)]
