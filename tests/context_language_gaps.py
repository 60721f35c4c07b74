"""Sentences of tests/test_context_languages.py that the engine does not yet get right in full, and why
(measured when the Russian, Turkish, Hebrew, Arabic, Persian, Hindi and Mandarin cue files were written, and again
when multilingual_more.toml gave those languages lexicon entries; the test marks them as expected failures,
strictly, so that a fix shows). ``python benchmarks/context_languages.py --misses`` lists them with what the
engine said."""

#: The lexicon finds an animal metaphor (0.75, the English family's score), which is under the remove bar (0.8).
ANIMALS_BELOW_REMOVE = "found as an animal metaphor (0.75), under the dehumanisation remove bar (0.8)"

GAPS = {
    'दलित गंदे जानवर हैं।': ANIMALS_BELOW_REMOVE,
}
