"""Ordinary senses of lexicon words in other languages, with the same words aimed at a group beside them. Sentences
written for these tests; every assertion is on the engine's real output (the lexicon's findings).

* Multilingual dehumanisation words and a Portuguese self-name: a fixed phrase that holds the word in its literal sense
  ("parasitas intestinais", "qué monos", "criavam porcos", "la peste negra") or the writer naming themselves ("sou
  crioula") is no match.
* Hindi caste names and the words for hijras used by the writer of themselves ("हम चमार हैं", "मैं हिजड़ा हूँ") are no
  attack; said of others, or in the oblique case after "we" ("हम हिजड़ों को …", we … them), they still match. English's
  self-naming cue ("I am", "we") never reaches Hindi, so these entries carry Hindi senses of their own.
"""

from __future__ import annotations

import pytest

import hatescope


def _lexicon_entries(text: str) -> set[str]:
    return {f.meta["entry"] for f in hatescope.analyze(text).findings if f.detector == "hatescope.lexicon.v1"}


@pytest.mark.parametrize("text, entry", [
    ("Os médicos trataram os refugiados com parasitas intestinais e desnutrição.", "ml.pests"),
    ("En el campamento, los niños migrantes llegan con parásitos intestinales.", "ml.pests"),
    ("¡Qué monos los gemelos de mis vecinos musulmanes!", "ml.animals"),
    ("Os meus avós imigrantes criavam porcos na serra.", "ml.animals"),
    ("Durante la peste negra se culpó a los judíos de envenenar los pozos.", "ml.disease"),
    ("Sou crioula, nascida e criada na Amadora, com muito orgulho.", "pt.slur_black"),
    ("गर्व से कहो हम चमार हैं", "hi.slur_caste"),
    ("हम हिजड़े हैं, यह हमारी सदियों पुरानी पहचान है।", "hi.slur_trans"),
    ("मैं हिजड़ा हूँ और मुझे अपनी पहचान पर गर्व है", "hi.slur_trans"),
])
def test_an_everyday_sense_or_the_writers_own_name_is_no_match(text, entry):
    assert entry not in _lexicon_entries(text)


@pytest.mark.parametrize("text, entry", [
    ("Os refugiados são parasitas que vivem às nossas custas.", "ml.pests"),
    ("Los inmigrantes son monos, no personas.", "ml.animals"),
    ("Esses imigrantes vivem como porcos.", "ml.animals"),
    ("Los judíos son la peste de Europa.", "ml.disease"),
    ("Esses crioulos são todos ladrões.", "pt.slur_black"),
    ("ये चमार लोग गंदे हैं, इनसे दूर रहो", "hi.slur_caste"),
    ("वो हिजड़े हैं, कोई इंसान नहीं", "hi.slur_trans"),
    ("हम हिजड़ों को यहाँ नहीं रहने देंगे", "hi.slur_trans"),
])
def test_the_same_word_aimed_at_a_group_still_matches(text, entry):
    assert entry in _lexicon_entries(text)
