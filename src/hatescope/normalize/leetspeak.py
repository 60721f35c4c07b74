"""Leetspeak: digits and symbols that stand for letters ("k1ll", "j3w", "v3rm1n", "r@pe" → "kill", "jew", "vermin", "rape").

Part of the normalisation chain (``hatescope.normalize.STAGES``), on case-folded text with spaced
letters already joined. See :func:`decode_leet` for the rules, and docs/NORMALIZATION.md.
"""

from __future__ import annotations

import bisect
import itertools
import re

from hatescope.normalize.deobfuscate import _implausible, _in_run, _outside, _protected_spans, _run_at
from hatescope.normalize.word_lists import word_list
from hatescope.offsets import Edit, MappedText, rewrite


_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "i"}
_DIGIT_LEET = "013457|"  # stand in for letters wherever they sit inside a word
_SYMBOL_LEET = "@!"  # also ordinary punctuation ("me@home", "wow!this"): always need a non-word neighbour
_LEET_CHAR = re.compile(r"[013457@$!|]")
_CASHTAG = re.compile(r"\$[A-Z]{1,6}")


def decode_leet(mt: MappedText) -> MappedText:
    """Read digits and symbols that stand for letters inside words: "k1ll" → "kill", "$lut" → "slut".

    Only characters *between* two letters of a word are read (plus the word's leading and trailing
    digits once it has such an inner one: "h0m0" → "homo"), so "in 2024", "$5", "100%", "4chan",
    "covid19", "1st" and "mp3" keep their digits. An inner one counts when a letter piece beside it
    cannot be a word alone ("k|1|ll", "j|3|w") or when the word has two or more, so "#vote5sos" and
    "#iwaited5years" keep theirs; digits of a number ("#jt2020tour") are never read. A "1" or "|" is
    read as "l" when doubled ("sk1ll", "he||o") and as "i" otherwise. "!" and "@" are read only next
    to a piece that is not a word by itself ("b!tch", "r@pe", but not "wow!this" or "me@home"). A
    word-initial "$" before letters is an "s", except in cashtags written in capitals ("$TSLA").

    In a sentence written in leetspeak (:func:`_leet_sentences`) the words these rules leave are read
    too: "h0l0h04x", "th13ves", "50r0s", numbers that spell a word ("15" is, "57473" state) and the
    one-letter words ("1" I, "4" a).
    """
    text = mt.text
    read: list[tuple[int, int, dict[int, str]]] = []
    left: list[tuple[int, int]] = []  # words with leetspeak characters the rules did not read
    done = -1
    for cand in _LEET_CHAR.finditer(text):
        i = cand.start()
        if i < done:
            continue
        start, end = _run_at(text, i)
        done = max(end, i + 1)
        if start == end or not _outside(_protected_spans(text), start, end):
            continue
        run = text[start:end]
        if not any(c.isalpha() for c in run):
            left.append((start, end))
            continue
        readings = {k: _read(run, k) for k in _read_run(mt, start, run)}
        if any(c in _DIGIT_LEET and k not in readings for k, c in enumerate(run)):
            readings = _dictionary_reading(run) or readings  # digits left: "1n73llig3n7" is one word
        elif readings:
            readings = _i_or_l(run, readings)
        if readings:
            read.append((start, end, readings))
        if any(c in _DIGIT_LEET and k not in readings for k, c in enumerate(run)):
            left.append((start, end))
    if left and read:
        read += _in_leet_sentences(text, read, left)
        read.sort()
    return rewrite(mt, [(start + k, start + k + 1, rd[k]) for start, _, rd in read for k in sorted(rd)])


_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n")
_TOKEN = re.compile(r"[^\W_]+")
#: A lone digit after an apostrophe that follows a letter: a contraction ("wasn'7", "it'5").
_CONTRACTION = re.compile(r"(?<=[a-z]['’])[0-9]$")


def _leet_sentences(text: str, read: list[tuple[int, int, dict[int, str]]]) -> tuple[list[int], set[int]]:
    """(sentence starts, indexes of the sentences written in leetspeak). A sentence is when a quarter of its
    words or more were read by the rules, two of them at least unless the sentence has four words or fewer:
    "1 h4te them", "1sr43l 15 a Naz1 57473" are; "my k1ll count is 15" and a quoted "j3ws" in an article are not."""
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
    words = [0] * len(starts)
    for m in _TOKEN.finditer(text):
        words[bisect.bisect_right(starts, m.start()) - 1] += 1
    decoded = [0] * len(starts)
    for start, _, _ in read:
        decoded[bisect.bisect_right(starts, start) - 1] += 1
    heavy = {k for k, (d, w) in enumerate(zip(decoded, words)) if d and 4 * d >= w and (d >= 2 or w <= 4)}
    return starts, heavy


def _in_leet_sentences(text: str, read, left: list[tuple[int, int]]) -> list[tuple[int, int, dict[int, str]]]:
    """Readings for the words in ``left`` that sit in a sentence written in leetspeak."""
    starts, heavy = _leet_sentences(text, read)
    if not heavy:
        return []
    out = []
    already = {start: rd for start, _, rd in read}
    for start, end in left:
        if bisect.bisect_right(starts, start) - 1 not in heavy:
            continue
        run = text[start:end]
        if not _stands_alone(text, start, end):
            continue  # "k1k.|", "k1k.k11": read here, "kik.i" and "kik.kll" would be pieces for join_split_words
        contraction = end - start == 1 and _CONTRACTION.match(text, start, end) is not None
        reading = _sentence_reading(run, already.get(start, {}), contraction=contraction)
        if reading:
            if start in already:
                already[start].update(reading)
            else:
                out.append((start, end, reading))
    return out


_WORD_JOINERS = ".-_~·•"  # what join_split_words drops between two pieces of a word


def _stands_alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a word of its own: no letter, digit or word-joining mark against it
    (a joining mark at a sentence's end, "15.", is punctuation)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if _in_run(before) or before in _WORD_JOINERS or _in_run(after):
        return False
    return after not in _WORD_JOINERS or end + 1 >= len(text) or not _in_run(text[end + 1])


def _sentence_reading(run: str, known: dict[int, str], *, contraction: bool) -> dict[int, str]:
    """How a word the rules left is read inside a leetspeak sentence: the digits of a word with letters
    (and symbols inside it, "1@k"), except digits grouped with one that stands for no letter ("covid19";
    "6mw3" keeps its 6), numbers with a unit, decades and ordinals; a word of digits alone when it spells
    a word ("15" is, "57473" state, a lone "1" I and "4" a); the digit of a contraction ("wasn'7")."""
    if contraction:
        return {0: _LEET[run]} if run in _LEET and run != "1" else {}
    if not any(c.isalpha() for c in run):
        if run in ("1", "|", "4"):
            return {0: _LEET[run]}  # the one-letter words, "I" and "a"
        if any(c not in _DIGIT_LEET for c in run):
            return {}
        return _dictionary_reading(run, digits_only=True)
    if run[0].isdigit() and _NUMBER_LIKE.match(run):
        return {}  # "90s", "5km" (inside a word, "h04x" is no number with a unit)
    reading = dict(known)
    for k, c in enumerate(run):
        if k in reading or c not in _LEET or c.isdigit() and _with_other_digits(run, k):
            continue
        if c in _DIGIT_LEET or 0 < k < len(run) - 1 or (c == "$" and k == 0):  # a symbol inside the word
            reading[k] = _read(run, k)
    return {k: v for k, v in reading.items() if k not in known}


def _with_other_digits(run: str, i: int) -> bool:
    """Whether the digit at ``i`` is grouped with a digit that stands for no letter ("19" in "covid19")."""
    start, end = i, i + 1
    while start > 0 and run[start - 1].isdigit():
        start -= 1
    while end < len(run) and run[end].isdigit():
        end += 1
    return any(c not in _DIGIT_LEET for c in run[start:end])


def _i_or_l(run: str, readings: dict[int, str]) -> dict[int, str]:
    """A "1" or "|" is an "i" or an "l": when the reading the rules chose is no word and the other one is
    ("p1ayer" is "player", not "piayer"), the word wins."""
    ambiguous = [k for k in readings if run[k] in "1|"]
    if not ambiguous or len(ambiguous) > _MAX_AMBIGUOUS:
        return readings
    known = word_list("known_words")
    spell = lambda rd: _TRIPLED.sub(r"\1\1", "".join(rd.get(k, c) for k, c in enumerate(run)))  # noqa: E731
    if spell(readings) in known:
        return readings
    for letters in itertools.product("il", repeat=len(ambiguous)):
        other = {**readings, **dict(zip(ambiguous, letters))}
        if spell(other) in known:
            return other
    return readings


_TRIPLED = re.compile(r"([a-z])\1\1+")
_MAX_AMBIGUOUS = 3  # "1" and "|" are "i" or "l": at most 2³ readings are tried


def _dictionary_reading(run: str, *, digits_only: bool = False) -> dict[int, str]:
    """Leetspeak the rules above leave alone because it could be a code ("4r3", "n07", "1mmigran75", "u5"):
    read when the reading is an English word and no digit is part of a number. Symbols other than
    digits count only inside the word ("wow!" stays). ``digits_only``: a word of digits alone, read
    only in a leetspeak sentence."""
    positions = [
        k for k, c in enumerate(run)
        if c in _DIGIT_LEET or (c in _LEET and 0 < k < len(run) - 1) or (c == "$" and k == 0)
    ]
    if not positions or not (digits_only or any(c.isalpha() for c in run)) or _NUMBER_LIKE.search(run):
        return {}
    if any(c in _LEET and k not in positions for k, c in enumerate(run)):
        return {}  # a trailing "!" or "@": punctuation, so the run is not one word
    choices = [("il" if run[k] in "1|" else _LEET[run[k]]) for k in positions]
    if sum(len(c) > 1 for c in choices) > _MAX_AMBIGUOUS:
        return {}
    # Short tokens need a common word; from five characters on, any known word will do ("451an5").
    words = _SHORT_WORDS if len(run) <= 2 else word_list("english_words" if len(run) < 5 else "known_words")
    for letters in itertools.product(*choices):
        reading = dict(zip(positions, letters))
        # Looked up as elongation will leave it ("1iii" → "liii" → "lii"), so that normalising twice changes nothing.
        word = _TRIPLED.sub(r"\1\1", "".join(reading.get(k, c) for k, c in enumerate(run)))
        if word in words:
            return reading
    return {}


#: A decade, an ordinal or a number with a unit ("90s", "1st", "4x4", "5km"): never read as letters.
_NUMBER_LIKE = re.compile(r"\d\ds\b|(?:1st|2nd|3rd|\dth)\b|\d(?:am|pm|k|m|x|km|kg|mm|cm|ft|mb|gb|fps|hz|mp)\b|\d[x×]\d")
#: Two-character tokens are read only as these words ("4s", "u5", "1s", "t0"): "b4", "3d", "a4" stay.
_SHORT_WORDS = frozenset("as us is in to do no so at it an am be he me we my of on or up go oh ok".split())


def _read_run(mt: MappedText, offset: int, run: str) -> set[int]:
    """Positions of ``run`` to read as letters, repeated until nothing new turns up: a digit read at
    the edge makes its neighbour an inner one ("1@k1k" → "i@kik" → "iakik"), and normalising twice
    must give what normalising once gave."""
    positions: set[int] = set()
    current = run
    while True:
        found = set(_leet_positions(mt, offset, current, [k for k, c in enumerate(current) if c.isalpha()]))
        found -= positions
        if not found:
            return positions
        positions |= found
        current = "".join(_read(run, k) if k in found else c for k, c in enumerate(current))


def _leet_positions(mt: MappedText, offset: int, run: str, letters: list[int]) -> list[int]:
    first, last = letters[0], letters[-1]
    inner = [i for i in range(first + 1, last) if run[i] in _LEET and not _in_number(run, i)]
    evident = {i for i in inner if _beside_a_non_word(run, i)}
    if not evident and sum(run[i] not in _SYMBOL_LEET for i in inner) < 2:
        # One digit between two pronounceable pieces is a number in a hashtag ("#vote5sos",
        # "#iwaited5years") more often than a letter; two or more make it leetspeak.
        if run[0] == "$" and len(run) >= 3 and run[1:].isalpha():
            original = mt.original[mt.orig_start[offset] : mt.orig_end[offset + len(run) - 1]]
            return [] if _CASHTAG.fullmatch(original) else [0]
        return []
    inner = [i for i in inner if run[i] not in _SYMBOL_LEET or i in evident]
    if not inner or len(inner) > len(letters):
        return []  # mostly digits: a code or an id, not a word
    edges = [i for i in (*range(first), *range(last + 1, len(run))) if run[i] in _DIGIT_LEET or run[i] == "$"]
    return sorted(inner + [i for i in edges if not _in_number(run, i)])


def _in_number(run: str, i: int) -> bool:
    """A digit that belongs to a number: its digit group is not one digit-letter or one doubled
    ("0", "00"), e.g. "2020", "pr20", "#i70"."""
    if not run[i].isdigit():
        return False
    start, end = i, i + 1
    while start > 0 and run[start - 1].isdigit():
        start -= 1
    while end < len(run) and run[end].isdigit():
        end += 1
    group = run[start:end]
    if len(group) == 1:
        return run[i] not in _DIGIT_LEET
    # "g00n", "l33t" double a vowel; "i70", "2020", "100" are numbers
    return len(group) >= 3 or len(set(group)) > 1 or group[0] not in _DIGIT_LEET


def _beside_a_non_word(run: str, i: int) -> bool:
    """Whether the letters right before or right after position ``i`` cannot be a word by themselves
    ("k|1|ll", "j|3|w", "b|!|tch"), which is what makes a digit or symbol inside a word a letter."""
    left_start = i
    while left_start > 0 and run[left_start - 1].isalpha():
        left_start -= 1
    right_end = i + 1
    while right_end < len(run) and run[right_end].isalpha():
        right_end += 1
    if run[i] in "!|":  # "!" is "i" after an onset ("b!tch", "sh!t"); before one it ends a sentence ("too!rt")
        return _implausible(run[left_start:i])
    return _implausible(run[left_start:i]) or _implausible(run[i + 1 : right_end])


def _read(run: str, i: int) -> str:
    ch = run[i]
    if ch in "1|" and ((i > 0 and run[i - 1] == ch) or (i + 1 < len(run) and run[i + 1] == ch)):
        return "l"
    return _LEET[ch]
