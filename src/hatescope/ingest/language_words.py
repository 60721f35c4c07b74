"""Word lists the language guess reads where the n-gram model is weak: English internet slang (the
model has seen little of it, so "ngl this slaps fr fr" scores as Norwegian), and the marker words of
languages written in Latin letters that the model does not know at all: romanised Hindi
("kya scene hai bhai") and Arabizi, Arabic in Latin letters and digits ("wallah ta3bana").

Marker words are each language's data, the ``[romanised]`` table of its context file
(hatescope/data/context/<lang>.toml), split into *strong* words, which are frequent in the language and not
words of English or of the Latin-script languages the model knows ("hai", "nahi"; "wallah", "mesh"), and
*weak* words, frequent but shared with other languages ("ke" is Indonesian too, "el" and "ya" Spanish): a
weak word counts only beside a strong one. They are function words for the most part, so their share of a
text does not depend on what it is about. Used by :mod:`hatescope.ingest.language_guess`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from hatescope.context_cues import FOLDER as CONTEXT_FOLDER

#: Slang and abbreviations of English posts missing from the English word list.
ENGLISH_SLANG = frozenset("""
lol lmao lmfao rofl bruh ngl smh tbh idk imo imho omg omfg btw ikr irl fml stfu gtfo yeet bestie finna
deadass sus yall istg ily hbu wyd wbu ppl pls plz thx nvm srsly dunno lemme gimme aint cuz coz bc bro
bruv fam innit nah yea yeah yep nope meh ugh tryna gotcha boomer zoomer
""".split())

#: Words of English that are not words of the other Latin-script languages' posts ("the", "you"; not "a", "de",
#: "in", "is", "die", which the 67,000-word English list shares with them): two of them, in a text whose words are
#: mostly English, make it English without asking the n-gram model (the language guess's fast path). The second block
#: holds common English words found in at most 4 of 23,645 Latin-script posts in other languages (the public
#: per-language sets, the in-house rounds of 14 languages, the language-ID benchmark's sentences): with it 61% of the
#: realistic benchmark mix takes the fast path instead of 48%, and no post in another language takes it that did not
#: before (those that do are English tweets of HASOC's Hindi set). ``benchmarks/langid.py`` scores the result.
ENGLISH_ONLY_WORDS = frozenset("""
the and you that this they with what have your are was just but been were would could should their them there
about because people dont cant wont didnt doesnt isnt
if from get how she being only got think then than need our did here really back never other after against where
does him into every its those well much many before always must while someone another better little feel says done
thing very around give anything please actually wrong believe which few everyone things something through though
probably might without between seen saw told thought anyone both having who when why know now more can right
""".split())


@dataclass(frozen=True)
class RomanisedMarkers:
    """The marker words of one language written in Latin letters (a context file's ``[romanised]`` table)."""

    language: str
    strong: frozenset[str]
    weak: frozenset[str]
    #: Words written with one of these digits for a letter Latin lacks are markers too (Arabizi "7asharat").
    digit_word: re.Pattern[str] | None


def _load_markers() -> tuple[RomanisedMarkers, ...]:
    """Every context file's ``[romanised]`` table, read once (packaged data, a few kB)."""
    found = []
    for path in sorted(CONTEXT_FOLDER.glob("*.toml")):
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("romanised")
        if not table:
            continue
        digits = re.escape(str(table.get("digit_letters", "")))
        found.append(RomanisedMarkers(
            path.stem, frozenset(str(table["strong"]).split()), frozenset(str(table.get("weak", "")).split()),
            re.compile(rf"^(?=.*[a-z])[a-z]*[{digits}][a-z0-9]*$") if digits else None))
    return tuple(found)


ROMANISED = _load_markers()

#: At most this share of English words: Hinglish and Arabizi borrow English nouns ("match", "team"),
#: but a text that is mostly English words is English.
_MAX_ENGLISH = 0.5
#: Marker words must make at least this share of the words.
_MIN_MARKER_SHARE = 0.3
#: From this share of marker words the guess is sure: function words make about half of a plain sentence.
_SURE_MARKER_SHARE = 0.5
#: Different strong markers (or digit words) it takes for the share to count as sure: one may be a word of
#: another language written the same way (Indonesian and Japanese "hai"), two different ones are the language.
_SURE_DISTINCT = 2


def romanised_language(words: list[str], english_share: float) -> tuple[str, float] | None:
    """(language, confidence) when ``words`` (lower-case Latin tokens, digits kept) read as a language written
    in Latin letters that the model does not know (``ROMANISED``: romanised Hindi, Arabizi), else None.

    The confidence is the share of marker words, or, with ``_SURE_DISTINCT`` different strong markers, that
    share against ``_SURE_MARKER_SHARE`` (the caller weighs it by the number of words)."""
    if not words or english_share > _MAX_ENGLISH:
        return None
    best: tuple[str, float] | None = None
    for markers in ROMANISED:
        strong = [w for w in words if w in markers.strong]
        digit = [w for w in words if markers.digit_word is not None and markers.digit_word.match(w)]
        n_weak = sum(w in markers.weak for w in words)
        found = len(strong) + len(digit) + n_weak
        # A strong word, or a digit word beside a marker word (leetspeak has digits, not "ya").
        anchored = bool(strong) or (bool(digit) and n_weak + len(strong) >= 1)
        share = found / len(words)
        if not (anchored and found >= 2 and share >= _MIN_MARKER_SHARE):
            continue
        sure = len(set(strong) | set(digit)) >= _SURE_DISTINCT
        confidence = min(1.0, share / _SURE_MARKER_SHARE) if sure else share
        if best is None or confidence > best[1]:
            best = (markers.language, confidence)
    return best
