"""Undo the spelling tricks people use to slip words past filters, on case-folded text.

    spaced letters      "k i l l", "k.i.l.l", "k - i - l - l"  → "kill"
    split words         "ki.ll", "k-ill", "ki_ll"             → "kill"
    leetspeak           "k1ll", "j3w", "v3rm1n", "r@pe"        → "kill", "jew", "vermin", "rape"  (normalize.leetspeak)
    elongation          "kiiiiill", "sooooo"                   → "kiill", "soo"
    stray quote marks   '"gays are …' (never closed)           → 'gays are …'

Each stage only deletes characters or rewrites a span (see ``offsets.rewrite``), and leaves URLs,
e-mail addresses, @mentions and domain names alone. "*" that masks a letter ("v*rmin") is kept as it is: it is the
one wildcard detectors may match against (see docs/NORMALIZATION.md).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from hatescope.normalize.quote_marks import stray_marks
from hatescope.normalize.word_lists import word_list
from hatescope.offsets import Edit, MappedText, rewrite

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


# --- stray quote marks ----------------------------------------------------------------------------

# A double mark anywhere, or a single one where a quotation could open (not "don't", "dogs'").
_MAY_BE_STRAY = re.compile(r"[\"“”«»„＂]|(?:^|(?<=[\s(\[{—–/-]))['‘‹‚]")


def drop_stray_quote_marks(mt: MappedText) -> MappedText:
    """Drop quote marks that quote nothing: a lone ``"`` before a post, one closing nothing, marks that
    wrap the whole text with nobody named (``hatescope.normalize.quote_marks.stray_marks``). The segmenter
    reads them the same way, so detectors and stance rules must not take them for a quotation either."""
    text = mt.text
    if _MAY_BE_STRAY.search(text) is None:
        return mt
    return rewrite(mt, [(i, i + 1, "") for i in stray_marks(text)])


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
        if not _outside(_protected_spans(text), *m.span()):
            continue
        for first, last in _words_of_run(mt, m.start(), len(run) // step + 1, step, m.group("sep") == " "):
            tokens = run[first * step : last * step + 1 : step]
            letters = sum(map(_is_letter, tokens))
            if letters < 2 or letters <= len(tokens) - letters or "_" in tokens:
                continue
            if m.group("sep") == " " and set(tokens) <= _CHAT_LETTERS and "".join(tokens) not in word_list("common_words"):
                continue  # "u r a", "i c u" stay; "b u r n", "y o u" are words
            edits.extend((m.start() + k * step + 1, m.start() + (k + 1) * step) for k in range(first, last))
    return rewrite(mt, [(s, e, "") for s, e in edits])


def _words_of_run(mt: MappedText, start: int, n_tokens: int, step: int, spaces: bool) -> list[tuple[int, int]]:
    """(first, last) token indexes of the words in a run of spaced letters. Letters one space apart
    and words set apart by a wider gap in the original ("g a y s  a r e") are words of their own;
    without wide gaps the run is one word (which then needs three letters or more, see _SPACED).
    Three or more letters in a row each set apart by wide gaps are one word spaced out wider still
    ("a r e  V  E  R  M  I  N")."""
    if not spaces:
        return [(0, n_tokens - 1)]
    wide = [k for k in range(n_tokens - 1) if _original_width(mt, start + k * step + 1) > 1]
    if not wide:
        return [(0, n_tokens - 1)]
    bounds = [-1, *wide, n_tokens - 1]
    words: list[tuple[int, int]] = []
    singles: list[int] = []
    for a, b in zip(bounds, bounds[1:]):
        if b == a + 1:  # one letter between two wide gaps
            singles.append(b)
            continue
        if len(singles) >= 3:
            words.append((singles[0], singles[-1]))
        singles = []
        words.append((a + 1, b))
    if len(singles) >= 3:
        words.append((singles[0], singles[-1]))
    return sorted(words)


def _original_width(mt: MappedText, i: int) -> int:
    return mt.orig_end[i] - mt.orig_start[i]


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
    fragment = fragment.replace("11", "ll").replace("||", "ll")  # doubled, leetspeak reads them as "ll"
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


def drop_edge_underscores(mt: MappedText) -> MappedText:
    """Drop underscores stuck to the edge of a word ("_women belong …", "_really_"): "_" is a word
    character to a pattern, so "\bwomen" would not match. Runs before spaced letters are joined, so
    "k-n-k_" reads the same as "k-n-k". Mentions, URLs and e-mail addresses keep theirs."""
    text = mt.text
    if "_" not in text:
        return mt
    return rewrite(mt, [(m.start(), m.end(), "") for m in _EDGE_UNDERSCORE.finditer(text)
                        if _outside(_protected_spans(text), *m.span())])


# Between the word and a space, a text edge, a bracket or a quote mark (never another joiner: "k_~k").
_EDGE_UNDERSCORE = re.compile(
    r"(?:^|(?<=[\s(\[{\"'“‘«]))_+(?=[^\W_]|[@$!|])|(?<=[^\W_]|[@$!|])_+(?=[.,!?;:)\]}\"'”’»]*(?:\s|$))"
)


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


# --- elongation -----------------------------------------------------------------------------------

_ELONGATED = re.compile(r"(.)\1{2,}")  # any character (fast); other characters are skipped below
#: Sentence marks whose runs are cut to three: "...." (a "." typed next to "…", which NFKC makes "...") says
#: no more than "...", and the encoder reads every extra dot as doubt (a hateful post lost half its score to ".…").
_ELONGATED_MARKS = ".!?"


def squeeze_repeats(mt: MappedText) -> MappedText:
    """Cut runs of three or more of the same letter to two: "kiiiiill" → "kiill", "sooooo" → "soo";
    and runs of four or more of ".", "!" or "?" to three: "dirty....." → "dirty...".

    Two, not one: no English word triples a letter, but many double one ("kill", "good", "too"), so
    two keeps every real word intact. The last character kept stands for the whole rest of the run,
    so a match maps back over all of it.
    """
    text = mt.text
    if _ELONGATED.search(text) is None:
        return mt
    edits = []
    for m in _ELONGATED.finditer(text):
        ch = m.group(1)
        keep = 2 if ch.isalpha() else 3 if ch in _ELONGATED_MARKS else 0
        if keep and m.end() - m.start() > keep and _outside(_protected_spans(text), *m.span()):
            edits.append((m.start() + keep - 1, m.end(), ch))
    return rewrite(mt, edits)
