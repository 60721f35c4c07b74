"""One-character evasions and Unicode look-alikes: the engine's verdict must not move with them.

Hateful posts come from the project's own context dev suite (its plain-hate cases); the homoglyph
table is Unicode's confusables data (data/normalize/confusables.tsv, training/build_confusables.py).
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hatescope
from hatescope.engine import default_engine
from hatescope.evaluation import context
from hatescope.normalize import homoglyphs, normalize
from hatescope.segment.quotes import find_quotes, stray_marks

#: Marks people put before or after a post, by accident or to dodge a filter.
EDGE_MARKS = list("\"'“”‘’«»‹›„‚()[]{}<>*_~-.,!?…:;/|#") + ["＂", "「", "」"]

_HATEFUL_POSTS = [c.text for c in context.load_cases() if c.category == "plain_hate" and c.hateful and c.kind == "post"]


def _flagged(text: str) -> bool:
    return hatescope.analyze(text).action in ("review", "remove")


@pytest.fixture(scope="module")
def hateful_posts() -> list[str]:
    posts = [t for t in _HATEFUL_POSTS if _flagged(t)]
    assert len(posts) >= 15  # the suite's plain hate is flagged as written: the property below has material
    return posts


# --- stray and wrapping quote marks -------------------------------------------------------------


@pytest.mark.parametrize("text", ['"gays are disgusting', "“gays are disgusting", "«gays are disgusting",
                                  '"gays are disgusting"', "'gays are disgusting", '("gays are disgusting")'])
def test_a_stray_or_wrapping_quote_mark_does_not_silence_a_post(text: str) -> None:
    assert hatescope.analyze("gays are disgusting").action == "remove"
    assert hatescope.analyze(text).action == "remove"


@pytest.mark.parametrize(
    "text",
    [
        '"Gays are disgusting" — that is what they said about us.',
        '"Gays are disgusting" is hate speech and I reported it.',
        'My uncle said "gays are disgusting',  # unclosed, but introduced: still his words
        "He wrote: “My dad said ‘gays are disgusting’ at dinner.”",
    ],
)
def test_a_quotation_with_a_comment_or_a_speaker_is_still_someone_elses(text: str) -> None:
    assert not hatescope.analyze(text).hateful


def test_stray_marks_are_unclosed_unintroduced_or_wrapping() -> None:
    assert stray_marks('"gays are disgusting') == [0]
    assert stray_marks('"gays are disgusting"') == [0, 20]
    assert stray_marks("gays are disgusting”") == [19]  # closes nothing
    assert stray_marks("the dogs' bowls, don't") == []  # apostrophes are not quote marks
    assert stray_marks('He said "they are here" today.') == []
    assert stray_marks('He said "this never closes') == []  # introduced: a quote to the paragraph's end
    assert [q.depth for q in find_quotes("“My dad said ‘x y z’ at dinner.”")] == [0]  # the inner one moves up


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_one_punctuation_mark_before_or_after_never_lowers_hate_below_review(hateful_posts, data) -> None:
    post = data.draw(st.sampled_from(hateful_posts))
    mark = data.draw(st.sampled_from(EDGE_MARKS))
    text = data.draw(st.sampled_from([mark + post, post + mark]))
    assert _flagged(text), text


# --- any text at all ------------------------------------------------------------------------------


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=120))  # surrogates included
def test_analyze_returns_or_raises_a_coded_error_for_any_text(text: str) -> None:
    try:
        result = hatescope.analyze(text)
    except hatescope.HatescopeError as exc:
        assert re.fullmatch(r"HS\d{3}", exc.code)
        return
    assert result.action in ("allow", "label", "review", "remove")
    for f in result.findings:
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.text


# --- homoglyphs -----------------------------------------------------------------------------------


def test_every_confusable_of_a_latin_letter_is_folded_inside_a_latin_word() -> None:
    missed = []
    for ch, glyph in homoglyphs.table().items():
        side = "q" if glyph.letter != "q" else "w"  # never the same letter: doubled letters are squeezed
        folded = normalize(f"x{side}{ch}{side}x").text
        if glyph.kind != "nfkc" and folded != f"x{side}{glyph.letter}{side}x":
            missed.append(ch)
        elif glyph.kind == "nfkc" and not folded.isascii():
            missed.append(ch)
    assert not missed, "".join(missed)


def test_the_table_covers_unicodes_confusables_and_the_lunate_sigma() -> None:
    table = homoglyphs.table()
    assert len(table) >= 1200
    assert {"ϲ", "Ꮯ", "ꓚ", "Ⲥ", "ᴄ"} <= set(table)
    assert normalize("ϲunt").text == "cunt"  # NFKC alone makes it "σunt"
    assert normalize("ϲ καλημέρα").text == "σ καλημερα"  # in Greek writing it is a sigma


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ᏦᎥᏞᏞ them", "kill them"),  # Cherokee
        ("ꓖꓮꓬꓢ are disgusting", "gays are disgusting"),  # Lisu
        ("f∪ck", "fuck"),  # a symbol between letters
        ("n०gger", "nogger"),  # a Devanagari zero inside a Latin word
    ],
)
def test_look_alikes_of_any_script_are_folded_where_they_are_evasion(text: str, expected: str) -> None:
    assert normalize(text).text == expected


@pytest.mark.parametrize(
    "text",
    ["Сегодня хорошая погода, сор и мусор", "Καλή σου μέρα, τι κάνεις;", "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ", "३×४ = १२", "A×B testing"],
)
def test_writing_in_other_scripts_keeps_its_letters(text: str) -> None:
    folded = normalize(text).text
    if not text.isascii() and any(unicodedata.name(c, "").startswith(("CYRILLIC", "GREEK", "CHEROKEE")) for c in text):
        assert not folded.isascii()  # genuine Russian, Greek or Cherokee is not turned into Latin
    assert "×" in folded or "x" not in text.lower()


def test_offsets_of_folded_look_alikes_point_at_the_original() -> None:
    text = "they are ᏦᎥᏞᏞ\u200bing ϲ"
    mt = normalize(text)
    start = mt.text.index("killing")
    s, e = mt.to_original(start, start + len("killing"))
    assert text[s:e] == "ᏦᎥᏞᏞ\u200bing"


# --- other character tricks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("🇬🇦🇾🇸 are disgusting", "gays are disgusting"),  # regional indicators that are no flags
        ("g a y s  a r e  d i s g u s t i n g", "gays are disgusting"),  # words two spaces apart
        ("4r3 n07 1mmigran75 p30pl3", "are not immigrants people"),  # leetspeak read by the dictionary
        ("in the 90s, 4x4, 5km, 1st, b4, 3d, 2024", "in the 90s, 4x4, 5km, 1st, b4, 3d, 2024"),
        # In a sentence written in leetspeak: words of digits, digits the rules leave, one-letter words.
        ("1sr43l 15 4 Naz1 57473.", "israel is a nazi state."),
        ("7h3 hol0h04x 1s 7h3 b1gges7 l1e", "the holohoax is the biggest lie"),
        ("5ix m1ll1on w45n'7 en0ugh.", "six million wasn't enough."),
        ("my k1ll count is 15, I have 4 cats", "my kill count is 15, i have 4 cats"),  # one leet word: no such sentence
        ("p𝟣ayer", "player"),  # "1" is "i" or "l": the word decides
        # Spaced out: words that are chat letters ("b u r n"), a word spaced wider than the others.
        ("G a y s  d e s e r v e  t o  b u r n.", "gays deserve to burn."),
        ("J e w s  a r e  V  E  R  M  I  N.", "jews are vermin."),
        ("u r a star, i c u", "u r a star, i c u"),
        # Symbols passing for letters at a word's edge, when the rest of the word is letters.
        ("⊤hey are chines⋿", "they are chinese"),
        ("5× faster", "5× faster"),
        ("dirty.…", "dirty..."),  # "." typed next to "…": a run of dots says no more than three
        ("_Women belong in the kitchen_", "women belong in the kitchen"),  # "_" is a word character to "\\bwomen"
    ],
)
def test_character_tricks_are_read(text: str, expected: str) -> None:
    assert normalize(text).text == expected


# --- voices read through the tricks ---------------------------------------------------------------


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize(
    "frame",
    [
        _fullwidth("My uncle said"),
        "My unсle sаid",  # Cyrillic с and а
        "My un\u200bcle sa\u200cid",
        "M y  u n c l e  s a i d",
        "My uncl3 54id",
        "𝘔𝘺 𝘶𝘯𝘤𝘭𝘦 𝘴𝘢𝘪𝘥",
    ],
)
def test_a_disguised_reporting_frame_still_names_the_speaker(frame: str) -> None:
    text = f'{frame} "immigrants are vermin" and I was ashamed.'
    doc = default_engine().prepare(text)
    quotes = [s for s in doc.segments if s.kind == "quote"]
    assert len(quotes) == 1 and quotes[0].speaker is not None and quotes[0].speaker.lower() == "my uncle"
    assert text[quotes[0].start : quotes[0].end] == "immigrants are vermin"  # offsets of the input as given
    assert quotes[0].text == "immigrants are vermin"
    assert not hatescope.analyze(text).hateful


def test_a_disguised_speech_verb_keeps_an_unclosed_quote_someone_elses() -> None:
    assert not hatescope.analyze('Ｍｙ ｕｎｃｌｅ ｓａｉｄ "gays are disgusting').hateful
    assert hatescope.analyze('"gays are disgusting').hateful  # nobody introduces it: a stray mark


def test_look_alikes_of_random_case_do_not_hide_the_reporting_verb() -> None:
    text = "Researchers documented posts clai𝗠ing Hindus are filthy."  # a capital look-alike inside "claiming"
    doc = default_engine().prepare(text)
    assert "claiming" in doc.read_text
    assert any(s.kind == "quote" for s in doc.segments)


def test_a_symbol_stuck_to_a_post_does_not_hide_its_first_word() -> None:
    text = "]A teacher was suspended after telling pupils that Muslims are terrorists."
    assert not hatescope.analyze(text).hateful
    assert not hatescope.analyze(']"Immigrants are parasites" is not an opinion, it is hate speech.').hateful


def test_flags_stay_flags() -> None:
    assert normalize("🇺🇸🇬🇧").text == "united states united kingdom"
