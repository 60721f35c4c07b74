"""Sentences of tests/test_context_languages.py that the engine does not yet get right in full, and why
(measured when the Russian, Turkish, Hebrew, Arabic, Persian, Hindi and Mandarin cue files were written, and again
when multilingual_more.toml gave those languages lexicon entries; the test marks them as expected failures,
strictly, so that a fix shows). ``python benchmarks/context_languages.py --misses`` lists them with what the
engine said."""

#: Romanised Hindi is guessed right but not confidently, so the English cues judge it.
LOW_CONFIDENCE = "romanised Hindi is guessed with low confidence, so the English cues judge it"
#: The lexicon finds an animal metaphor (0.75, the English family's score), which is under the remove bar (0.8).
ANIMALS_BELOW_REMOVE = "found as an animal metaphor (0.75), under the dehumanisation remove bar (0.8)"
#: "לדברי X, "…"" (according to X) is not read as attribution, so the lexicon's finding counts as the writer's.
NOT_ATTRIBUTED = "found, but \"according to X\" before a quotation is not read as attribution: the writer's words"
#: The group is named inside the quotation, so the sentence is judged from it, and a frame after it
#: ("这种说法", this claim) is not read: the classifier's findings stay the writer's.
FRAME_AFTER_GROUP = "the group is named first and the frame after it (这种说法) is not read"

GAPS = {
    'הערבים הם חיות, לא בני אדם.': ANIMALS_BELOW_REMOVE,
    'दलित गंदे जानवर हैं।': ANIMALS_BELOW_REMOVE,
    'ye musalman deemak hain, inko desh se nikalo': LOW_CONFIDENCE,
    'rohingya keede makode hain, sabko bhagao': LOW_CONFIDENCE,
    'musalmanon ko deemak kehna sharmnaak hai, ye nafrat hai': LOW_CONFIDENCE,
    'jo log rohingya ko keede kehte hain woh nafrat phaila rahe hain, ye galat hai': LOW_CONFIDENCE,
    '“同性恋是病”这种说法是错误的，也是歧视。': FRAME_AFTER_GROUP,
    'לדברי חבר המועצה כהן, "הערבים הם חיות".': NOT_ATTRIBUTED,
}
