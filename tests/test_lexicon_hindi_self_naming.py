"""Hindi caste names and the words for hijras used by the writer of themselves ("हम चमार हैं", "मैं हिजड़ा हूँ") are
no attack; the same words said of others, or in the oblique case after "we" ("हम हिजड़ों को …", we … them), still
match. English's self-naming cue ("I am", "we") never reaches Hindi, so these entries carry Hindi senses of their own.
Sentences written for these tests; every assertion is on the engine's real output (the lexicon's findings)."""

from __future__ import annotations

import pytest

import hatescope


def _lexicon_entries(text: str) -> set[str]:
    return {f.meta["entry"] for f in hatescope.analyze(text).findings if f.detector == "hatescope.lexicon.v1"}


@pytest.mark.parametrize("text, entry", [
    ("गर्व से कहो हम चमार हैं", "hi.slur_caste"),
    ("हम हिजड़े हैं, यह हमारी सदियों पुरानी पहचान है।", "hi.slur_trans"),
    ("मैं हिजड़ा हूँ और मुझे अपनी पहचान पर गर्व है", "hi.slur_trans"),
])
def test_the_writer_naming_themselves_is_no_match(text, entry):
    assert entry not in _lexicon_entries(text)


@pytest.mark.parametrize("text, entry", [
    ("ये चमार लोग गंदे हैं, इनसे दूर रहो", "hi.slur_caste"),
    ("वो हिजड़े हैं, कोई इंसान नहीं", "hi.slur_trans"),
    ("हम हिजड़ों को यहाँ नहीं रहने देंगे", "hi.slur_trans"),
])
def test_the_word_said_of_others_still_matches(text, entry):
    assert entry in _lexicon_entries(text)
