"""The verb needle (hatescope.segment.verb_needle): the cheap pre-search that lets speaker rules pass a sentence over.
It may admit a sentence with no verb, never miss one with a verb; and it must not admit ordinary English sentences
(Turkish "ı" matched without case is also "i": a needle of it admitted nearly every English sentence)."""

from __future__ import annotations

import re

import pytest

from hatescope.context_cues import load
from hatescope.segment import language_speakers
from hatescope.segment.verb_needle import compile_needle, distinctive, needle_parts

_ENGLISH = [
    "The mayor said on the radio that the new park opens on Friday.",
    "I think it is time we discuss this with the city council, it is insane.",
    "Immigration is a big issue in this election, according to him.",
    "LOL this is hilarious, I cannot believe it is trending again!!!",
]


@pytest.mark.parametrize(("ch", "expected"), [
    ("ö", True), ("я", True), ("说", True), ("ّ", True),
    ("ı", False), ("İ", False), ("ſ", False), ("\u212a", False),  # dotless i, dotted I, long s, Kelvin sign
    ("a", False), ("\u00a0", False),
])
def test_a_distinctive_character_is_matched_by_no_ascii_character(ch: str, expected: bool) -> None:
    assert distinctive(ch) is expected


def _case_variants(text: str) -> set[str]:
    """``text`` as a writer may type it: upper case, and Turkish dotless and dotted i written with ASCII letters."""
    out = {text, text.upper(), text.capitalize()}
    for variant in list(out):
        out |= {variant.replace("ı", "i"), variant.replace("ı", "I"), variant.replace("i", "İ")}
    return out


def _language_words(language: str) -> list[str]:
    table = language_speakers._data(language)["attribution"]
    cues = load(language)
    frames = [f.rstrip("+") for key in ("according_to", "according_to_after") for f in table.get(key, ())]
    words = cues.words("speech_verbs") + cues.words("report_verbs") + cues.words("naming_verbs")
    return [w.rstrip("*") for w in words] + frames


def test_every_sentence_a_verb_or_frame_reads_is_admitted() -> None:
    """By construction: each verb, naming verb and "according to" frame of each language, in its case variants,
    alone, inside a sentence, at the start of a clause and glued to a prefix: wherever the language's own patterns
    match, its needle and the one search over all languages match too."""
    anywhere = language_speakers._any_needle()
    assert anywhere is not None
    needles = dict(language_speakers._candidates())
    checked = 0
    for rules in language_speakers.all_rules():
        patterns = [p for p in (rules.verbs, rules.naming, rules.according, rules.according_after) if p is not None]
        for word in _language_words(rules.language):
            for variant in _case_variants(word):
                sentences = [variant, f"x {variant} y", f"{variant} Ahmet, x y z.", f"« {variant}: x", f"و{variant} x"]
                for sentence in sentences:
                    if any(p.search(sentence) for p in patterns):
                        assert needles[rules.language].search(sentence), (rules.language, sentence)
                        assert anywhere.search(sentence), (rules.language, sentence)
                        checked += 1
    assert checked > 1000


def test_turkish_verbs_written_without_turkish_letters_are_still_read() -> None:
    needle = dict(language_speakers._candidates())["tr"]
    for sentence in ("Bakan, gocmenlerin hirsiz oldugunu YAZDI.", "Yazar bunu acikladi", "Vali tweet   atti"):
        assert needle.search(sentence), sentence
    found = language_speakers.reported("Yazar, gocmenlerin asalak oldugunu yazdi.")
    assert found is not None and found[0] == "Yazar"


@pytest.mark.parametrize("sentence", _ENGLISH)
def test_english_sentences_are_passed_over_by_every_language(sentence: str) -> None:
    for language, needle in language_speakers._candidates():
        assert needle is None or needle.search(sentence) is None, language
    assert language_speakers._any_needle().search(sentence) is None


def test_a_spelled_word_is_looked_for_at_a_word_start_only_where_the_language_allows() -> None:
    starting = compile_needle([needle_parts(["dedi", "iddia etti"], word_start=True)])
    anywhere = compile_needle([needle_parts(["2al"], word_start=False)])
    assert starting.search("Bakan DEDİ") and starting.search("iddia \t etti") and not starting.search("kendedi")
    assert anywhere.search("w2al") and anywhere.search("2AL")
    # A word with a distinctive letter is found by that letter alone; an empty list looks for nothing.
    assert compile_needle([needle_parts(["söyledi"], word_start=True)]).pattern == "[ö]"
    assert compile_needle([needle_parts([], word_start=True)]) is None


def test_grouping_by_first_character_matches_like_listing_the_words() -> None:
    words = ["acikladi", "acıkladı", "adlandırdı", "a b", "dedi", "d"]  # no distinctive letter: all spelled out
    grouped = compile_needle([needle_parts(words, word_start=False)])
    listed = re.compile("|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words), re.IGNORECASE)
    for text in ["ACIKLADI", "x a  b", "ADLANDIRDI", "ç", "d", "e", "ab", "xyz", "açıkladı", "acikladİ"]:
        assert bool(grouped.search(text)) == bool(listed.search(text)), text
