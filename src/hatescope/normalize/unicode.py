"""Unicode clean-up stages: compatibility folding, invisible characters, noise marks, case and whitespace.

Every stage is ``MappedText -> MappedText`` and returns its input unchanged (the same object) when
there is nothing to do, so clean ASCII text passes through with one regex test per stage.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from hatescope.normalize import homoglyphs
from hatescope.offsets import Edit, MappedText, replace_text, rewrite

# Anything that is not printable ASCII or ordinary ASCII whitespace needs a look.
_NEEDS_FOLD = re.compile(r"[^\t\n\r\x20-\x7e]")

#: Script-neutral combining blocks: accents, strike-throughs and the marks "zalgo" text stacks.
#: Marks of other blocks (Devanagari vowel signs, Arabic harakat, the Japanese voicing mark) are
#: part of their script and are only dropped when they sit on a Latin letter or on no letter at all.
_GENERIC_MARKS = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))

#: Characters that render as nothing (or as blank) but are letters/symbols, so Cf removal misses them.
INVISIBLE = {"\u115f": "", "\u1160": "", "\u3164": "", "\uffa0": "", "\u2800": " ", "\u2028": "\n", "\u2029": "\n"}

ZWJ = "\u200d"
BLACK_FLAG = "\U0001f3f4"  # subdivision flags: 🏴 followed by tag characters


def is_generic_mark(ch: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _GENERIC_MARKS)


def _is_variation_selector(ch: str) -> bool:
    cp = ord(ch)
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


def is_tag(ch: str) -> bool:
    # ``ch`` may be the empty "previous character" of a text's first position.
    return len(ch) == 1 and 0xE0020 <= ord(ch) <= 0xE007F


def _letter_based(ch: str) -> bool:
    """Latin, Greek, or a letter from enclosed/styled alphabets: scripts whose accents we fold away."""
    if ch.isascii():
        return True
    name = unicodedata.name(ch, "")
    return name.startswith(("LATIN", "GREEK"))


def _enclosed_letter(ch: str) -> str | None:
    """Parenthesized, negative circled and negative squared letters, which NFKC leaves alone or
    turns into ``(a)`` (parentheses must not appear from nowhere: ``(((`` is evidence)."""
    cp = ord(ch)
    for base in (0x249C, 0x1F150, 0x1F170):  # ⒜…⒵, 🅐…🅩, 🅰…🆉
        if base <= cp < base + 26:
            return chr(ord("a") + cp - base)
    return None


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """``nfkc_fold``, except for homoglyphs that NFKC would turn into another letter: Greek "ϲ" looks
    like "c" but NFKC makes it "σ". Those are left to the confusables stage, which knows the context."""
    if ch in homoglyphs.folded_here():
        return ch
    return nfkc_fold(ch)


def nfkc_fold(ch: str) -> str:
    """Context-free fold of one character: NFKC, with accents removed from Latin and Greek letters."""
    if ch in INVISIBLE:
        return INVISIBLE[ch]
    enclosed = _enclosed_letter(ch)
    if enclosed is not None:
        return enclosed
    cat = unicodedata.category(ch)
    if cat == "Cc":
        return ch if ch in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85" else ""
    decomposed = unicodedata.normalize("NFKD", ch)
    if len(decomposed) > 1 and _letter_based(decomposed[0]):
        # "ķ" → "k", "ά" → "α": evasion leans on accents, and lexicon terms are stored unaccented.
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", decomposed)


def fold_unicode(mt: MappedText) -> MappedText:
    """NFKC per character, accents off Latin/Greek letters, invisible characters and noise marks dropped.

    Context decides three cases: a zero-width joiner survives between emoji (it builds 👨‍👩‍👧) but not
    inside words; variation selectors survive on emoji but not on letters; tag characters survive only
    inside a subdivision flag. Combining marks are dropped when generic (zalgo, ``k̶i̶l̶l̶``) or when
    they sit on a Latin letter or on nothing; on other scripts they are kept (they are spelling there).
    """
    text = mt.text
    if _NEEDS_FOLD.search(text) is None:
        return mt
    edits: list[Edit] = []
    base = ""  # the last character kept before position i: what a combining mark attaches to
    last = -1  # the previous position this loop looked at
    for m in _NEEDS_FOLD.finditer(text):
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if i != last + 1:  # untouched ASCII in between: it is the base
            base = prev
        last = i
        cat = unicodedata.category(ch)
        if ch == ZWJ:
            keep = bool(prev) and bool(nxt) and not prev.isalnum() and not nxt.isalnum() and not prev.isspace()
            out = ch if keep else ""
        elif is_tag(ch):
            out = ch if prev == BLACK_FLAG or is_tag(prev) else ""
        elif _is_variation_selector(ch):
            out = "" if (not base or base.isascii() or base.isalnum()) else ch  # text, not emoji
        elif cat == "Cf":
            out = ""
        elif cat in ("Mn", "Me"):
            on_latin = not base or base.isascii() or _letter_based(base) or not base.isalpha()
            out = "" if is_generic_mark(ch) or on_latin else ch
        else:
            out = _fold_char(ch)
        dropped_mark = not out and (cat in ("Mn", "Me") or _is_variation_selector(ch))
        if out == ch:
            pass
        elif dropped_mark and base and not prev.isspace():
            _merge_into_base(edits, text, i)
        else:
            edits.append((i, i + 1, out))
        if out and unicodedata.category(out[-1]) not in ("Mn", "Mc", "Me"):
            # A kept mark is not a base: "कीड़े" stacks a nukta and a vowel sign on one letter, and the
            # second mark must still see the letter (else Hindi loses its vowel signs).
            base = out[-1]
    return rewrite(mt, edits)


def _merge_into_base(edits: list[Edit], text: str, i: int) -> None:
    """Drop the mark at ``i`` by widening the edit of the character it sits on, so that a match on
    "zalgo" maps back to the base letters *with* their marks, trailing ones included."""
    if edits and edits[-1][1] == i and edits[-1][2]:
        start, _, out = edits[-1]
        edits[-1] = (start, i + 1, out)
    elif not edits or edits[-1][1] < i:  # the base is untouched: rewrite it as itself plus the mark
        edits.append((i - 1, i + 1, text[i - 1]))
    else:  # the base was itself deleted
        edits.append((i, i + 1, ""))


def casefold(mt: MappedText) -> MappedText:
    """Case folding (``str.casefold``: "ß" → "ss", "Σ"/"ς" → "σ"), character by character."""
    text = mt.text
    if text.isascii():
        lowered = text.lower()
        return mt if lowered == text else replace_text(mt, lowered)
    folded = text.casefold()
    if len(folded) == len(text):  # casefold never shrinks a character, so every one mapped 1:1
        return mt if folded == text else replace_text(mt, folded)
    edits = [(i, i + 1, ch.casefold()) for i, ch in enumerate(text) if len(ch.casefold()) != 1]
    return casefold(rewrite(mt, edits))


_WS_RUN = re.compile(r"\s+")


def fold_whitespace(mt: MappedText) -> MappedText:
    """Whitespace runs become one space; runs with line breaks keep them as "\\n" or "\\n\\n" (paragraphs
    matter to the segmenter: quotes and replies are laid out in lines)."""
    text = mt.text
    if "  " not in text and text.isprintable():  # isprintable() is False for any space but " "
        return mt
    edits: list[Edit] = []
    for m in _WS_RUN.finditer(text):
        run = m.group()
        breaks = run.count("\n") + run.count("\r") - run.count("\r\n")
        out = "\n\n" if breaks >= 2 else "\n" if breaks == 1 else " "
        if run != out:
            edits.append((m.start(), m.end(), out))
    return rewrite(mt, edits)
