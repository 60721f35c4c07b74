"""Undo the spelling tricks people use to slip words past filters, on case-folded text.

    spaced letters      "k i l l", "k.i.l.l", "k - i - l - l"  → "kill"
    split words         "ki.ll", "k-ill", "ki_ll"             → "kill"
    leetspeak           "k1ll", "j3w", "v3rm1n", "r@pe"        → "kill", "jew", "vermin", "rape"
    elongation          "kiiiiill", "sooooo"                   → "kiill", "soo"

Each stage only deletes characters or rewrites a span (see ``offsets.rewrite``), and leaves URLs,
e-mail addresses, @mentions and domain names alone. "*" that masks a letter ("v*rmin") is kept as it is: it is the
one wildcard detectors may match against (see docs/NORMALIZATION.md).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from hatescope.normalize.offsets import Edit, MappedText, rewrite

_TLDS = (
    "com|net|org|edu|gov|mil|int|io|co|uk|us|ca|de|fr|es|it|nl|ru|eu|info|biz|me|tv|ly|gl|gg|app|dev|xyz"
    "|html?|php|aspx?|pdf|jpe?g|png|gif|txt|docx?|mp[34]|py|js"
)
# Anchored and possessive, so a long word cannot make them backtrack quadratically.
_URL = re.compile(r"(?:https?://|www\.)\S+")
_EMAIL_OR_MENTION = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+|(?:(?<![\w@])|(?<=\brt))@\w++")
_DOMAIN_HINT = re.compile(rf"\.(?:{_TLDS})\b")
_DOMAIN = re.compile(rf"(?<![\w.-])[\w-]++(?:\.[\w-]++)*\.(?:{_TLDS})\b")


@lru_cache(maxsize=64)
def _protected_spans(text: str) -> tuple[tuple[int, int], ...]:
    """URLs, e-mail addresses, @mentions (user names are not words), bare domains and file names.

    Cached: the stages ask for the same text in turn, and most stages leave it unchanged.
    """
    spans: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        spans.extend(m.span() for m in _URL.finditer(text))
    if "@" in text:
        spans.extend(m.span() for m in _EMAIL_OR_MENTION.finditer(text))
    if "." in text and _DOMAIN_HINT.search(text):
        spans.extend(m.span() for m in _DOMAIN.finditer(text))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):  # a mention inside a URL, a domain inside an e-mail: merge
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _outside(spans: tuple[tuple[int, int], ...], start: int, end: int) -> bool:
    """Whether [start, end) overlaps none of ``spans`` (disjoint and sorted, so only the last span
    starting before ``end`` can overlap; bisect keeps long texts linear)."""
    i = bisect.bisect_left(spans, (end, -1))
    return i == 0 or spans[i - 1][1] <= start


def _is_letter(ch: str) -> bool:
    return ch.isalpha()


# --- spaced letters -------------------------------------------------------------------------------

_SPACED = re.compile(r"(?<![\w@$'’])[\w@$](?P<sep> ?[.\-_*~·•+/,] ?| )[\w@$](?:(?P=sep)[\w@$])+(?![\w@$])")

#: One-letter words of chat and texting ("u r a", "y u", "i c u", "b4 n after"), never joined by spaces.
_CHAT_LETTERS = frozenset("aiuryncbkxo")


def join_spaced_letters(mt: MappedText) -> MappedText:
    """Join runs of three or more single characters set apart by the same separator: "k i l l" → "kill".

    The run needs at least two letters and more letters than digits/symbols, so "1 2 3", "a 1 2" and
    "4 - 5 - 6" stay as they are. "k 1 l l" joins to "k1ll" and the leetspeak stage reads it. Letters
    apart by spaces that are all one-letter words of chat ("u r a", "i c u") stay apart.
    """
    text = mt.text
    if _SPACED.search(text) is None:
        return mt
    edits: list[Edit] = []
    for m in _SPACED.finditer(text):
        run = m.group()
        step = 1 + len(m.group("sep"))
        tokens = run[::step]
        letters = sum(map(_is_letter, tokens))
        if letters < 2 or letters <= len(tokens) - letters or "_" in tokens:
            continue
        if m.group("sep") == " " and set(tokens) <= _CHAT_LETTERS:
            continue
        if not _outside(_protected_spans(text), *m.span()):
            continue
        edits.extend((m.start() + k + 1, m.start() + k + step) for k in range(0, len(run) - 1, step))
    return rewrite(mt, [(s, e, "") for s, e in edits])


# --- split words ----------------------------------------------------------------------------------

_LEET_VOWELS = "0134@!|"  # leet characters that usually stand for vowels: a fragment holding one is pronounceable
_RUN = re.compile(r"(?:[^\W_]|[@$!|])++")  # a word, once leetspeak symbols are counted as letters
_ALWAYS_JOIN = "_~·•"
_SPLIT_SEPARATOR = re.compile(r"[.\-_~·•]")


def _in_run(ch: str) -> bool:
    return ch.isalnum() or ch in "@$!|"


def _run_at(text: str, i: int) -> tuple[int, int]:
    """The word (letters, digits, leet symbols) that ends at or contains position ``i``."""
    start = i
    while start > 0 and _in_run(text[start - 1]):
        start -= 1
    m = _RUN.match(text, start)
    return start, (m.end() if m else start)


def _implausible(fragment: str) -> bool:
    """A fragment that cannot be an English word on its own: one letter, or Latin letters with no vowel
    ("ll", "k", "ggr"). Fragments of other scripts are never judged."""
    if not any(c.isalpha() for c in fragment):
        return False
    if len(fragment) == 1:
        return True
    if not fragment.isascii() or any(c.isdigit() and c not in _LEET_VOWELS for c in fragment):
        return False  # other scripts, and numbers ("9th-inning"), are not judged
    return not any(c in "aeiouy" or c in _LEET_VOWELS for c in fragment)


def join_split_words(mt: MappedText) -> MappedText:
    """Drop punctuation inserted inside a word: "ki.ll", "k-ill", "ki_ll" → "kill".

    "_", "~", "·" and "•" between letters are always dropped. "." and "-" also join real compounds and
    sentences typed without a space, so they are dropped only next to a fragment that cannot be a word
    alone ("ki.ll", "x-ray" join; "well-known", "covid-19", "3.5", "rock-n-roll" do not) and "." never
    before a letter that was upper case in the original ("end.Next" is two sentences).
    """
    text = mt.text
    edits: list[Edit] = []
    for cand in _SPLIT_SEPARATOR.finditer(text):
        i, sep = cand.start(), cand.group()
        if i == 0 or i + 1 == len(text) or not (_in_run(text[i - 1]) and _in_run(text[i + 1])):
            continue
        if sep == "-" and (text.startswith("-n-", i) or text.startswith("-n-", i - 2)):
            continue  # "rock-n-roll", "bitch-n-moan": "n" is "and", and both words must stay visible
        left_start, _ = _run_at(text, i - 1)
        right_end = _run_at(text, i + 1)[1]
        if _joins(mt, i, sep, (left_start, i), (i + 1, right_end)) and _outside(
            _protected_spans(text), left_start, right_end
        ):
            edits.append((i, i + 1, ""))
    return rewrite(mt, edits)


def _joins(mt: MappedText, pos: int, sep: str, left_span: tuple[int, int], right_span: tuple[int, int]) -> bool:
    left, right = mt.text[slice(*left_span)], mt.text[slice(*right_span)]
    if not any(c.isalpha() for c in left) or not any(c.isalpha() for c in right):
        return False
    if sep in _ALWAYS_JOIN:
        return True
    if sep == "." and mt.original[mt.orig_start[pos + 1]].isupper():
        return False
    left_orig, right_orig = _original(mt, left_span), _original(mt, right_span)
    if _acronym(left_orig, right_orig) or _acronym(right_orig, left_orig):
        return False  # "SPD-Politiker", "AfD-MdB", "WWF-Team": compounds with an abbreviation
    return _implausible(left) or _implausible(right)


def _original(mt: MappedText, span: tuple[int, int]) -> str:
    return mt.original[mt.orig_start[span[0]] : mt.orig_end[span[1] - 1]]


def _acronym(fragment: str, other: str) -> bool:
    """An abbreviation written with capitals inside ("SPD", "AfD"), next to a word that is not all capitals."""
    return len(fragment) >= 2 and any(c.isupper() for c in fragment[1:]) and not other.isupper()


# --- leetspeak ------------------------------------------------------------------------------------

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
    """
    text = mt.text
    edits: list[Edit] = []
    done = -1
    for cand in _LEET_CHAR.finditer(text):
        i = cand.start()
        if i < done or not ((i > 0 and text[i - 1].isalpha()) or (i + 1 < len(text) and text[i + 1].isalpha())):
            continue
        start, end = _run_at(text, i)
        done = end
        run = text[start:end]
        positions = _read_run(mt, start, run)
        if positions and _outside(_protected_spans(text), start, end):
            edits.extend((start + k, start + k + 1, _read(run, k)) for k in sorted(positions))
    return rewrite(mt, edits)


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


# --- elongation -----------------------------------------------------------------------------------

_ELONGATED = re.compile(r"(.)\1{2,}")  # any character (fast); non-letters are skipped below


def squeeze_repeats(mt: MappedText) -> MappedText:
    """Cut runs of three or more of the same letter to two: "kiiiiill" → "kiill", "sooooo" → "soo".

    Two, not one: no English word triples a letter, but many double one ("kill", "good", "too"), so
    two keeps every real word intact. The second letter kept stands for the whole rest of the run,
    so a match maps back over all of it.
    """
    text = mt.text
    if _ELONGATED.search(text) is None:
        return mt
    edits = [
        (m.start() + 1, m.end(), m.group(1))
        for m in _ELONGATED.finditer(text)
        if m.group(1).isalpha() and _outside(_protected_spans(text), *m.span())
    ]
    return rewrite(mt, edits)
