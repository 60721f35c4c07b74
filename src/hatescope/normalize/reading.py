"""The text as a reader sees it: the normalised text with the original's capital letters put back.

Voices (who speaks, what is quoted), names and the language of a text are read by rules that need
capitals ("Mr Lind said", "Ostrians") and plain words ("said", "the"). The original has the capitals
but hides the words behind the tricks the normaliser undoes: "Ｍｙ ｕｎｃｌｅ ｓａｉｄ", "H3 wr073",
"s\u200baid", "Мy unсle" with Cyrillic letters, "H e  s a i d". The normalised text has the words
but is case-folded. ``reading_view`` joins the two: every character of the normalised text, upper
case where the original characters it came from are capitals, with the normaliser's map back to the
original, so spans read here are spans of the original.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

from hatescope.normalize import homoglyphs, unicode as uni
from hatescope.normalize.confusables import map_confusables
from hatescope.offsets import MappedText, replace_text


def reading_view(norm: MappedText) -> MappedText:
    """``norm`` with case restored from ``norm.original`` (same length, same map)."""
    text, original = norm.text, norm.original
    n = len(text)
    if n == len(original) and norm.orig_start == tuple(range(n)) and original.lower() == text:
        return replace_text(norm, original)  # nothing rewritten but case
    chars = list(text)
    rewritten: list[int] = []  # letters that are not the original letter in lower case: their case is suspect
    for i, (ch, start, end) in enumerate(zip(text, norm.orig_start, norm.orig_end)):
        if not ch.islower():
            continue
        if end - start == 1:
            source = original[start]
            capital = source.isupper()
            if source.lower() != ch:
                rewritten.append(i)
        else:  # a rewrite of several characters ("Jewz" → "jews"): capital only if they all are
            cased = [c for c in original[start:end] if c.isupper() or c.islower()]
            capital = bool(cased) and all(c.isupper() for c in cased)
            rewritten.append(i)
        if capital:
            upper = ch.upper()
            if len(upper) == 1:
                chars[i] = upper
    if rewritten:
        _tidy_case(chars, rewritten)
    return replace_text(norm, "".join(chars))


_WORD = re.compile(r"[^\W\d_]+")


def _tidy_case(chars: list[str], rewritten: list[int]) -> None:
    """Words with a look-alike, styled or leetspeak letter whose case is neither lower, Title nor UPPER
    ("saiD", "sUspeCt": look-alikes are picked for their looks, capital or not) are read in lower case,
    keeping a capital first letter. Words the normaliser left alone keep their case ("McDonald")."""
    text = "".join(chars)
    for m in _WORD.finditer(text):
        k = bisect.bisect_left(rewritten, m.start())
        if k == len(rewritten) or rewritten[k] >= m.end():
            continue
        word = m.group()
        if word.islower() or word.isupper() or word.istitle():
            continue
        chars[m.start() + 1 : m.end()] = word[1:].lower()


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def written_form(text: str) -> str:
    """``text`` as its author wrote it (accents, case and other scripts kept, for a multilingual encoder
    trained on them) without the tricks that are not writing: invisible and format characters (zero-width,
    bidi controls, soft hyphens), noise marks (zalgo, strike-through), fullwidth and mathematical letters,
    and letters of another alphabet passing for Latin ones where the normaliser reads them as evasion
    (``hatescope.normalize.confusables``). Odd Latin letters ("ł", "ø") are writing here and stay."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFC", text)  # decomposed accents become letters, so only noise marks are left over
    out: list[str] = []
    pos = 0
    for m in _NOT_ASCII.finditer(text):
        i = m.start()
        out.append(text[pos:i])
        pos = i + 1
        out.append(_written_char(text, i))
    out.append(text[pos:])
    cleaned = "".join(out)
    folded = map_confusables(MappedText.identity(cleaned))
    if folded.text == cleaned:
        return cleaned
    chars = []
    for ch, start, end in zip(folded.text, folded.orig_start, folded.orig_end):
        source = cleaned[start:end]
        glyph = homoglyphs.table().get(source)
        if glyph is not None and glyph.kind == "latin":
            chars.append(source)  # "ł" is Polish, not a disguised "l"
        else:
            chars.append(ch.upper() if source.isupper() and len(ch.upper()) == 1 else ch)
    return "".join(chars)


def _written_char(text: str, i: int) -> str:
    """What the non-ASCII character at ``i`` contributes to :func:`written_form`."""
    ch = text[i]
    if ch in uni.INVISIBLE:
        return uni.INVISIBLE[ch]
    cat = unicodedata.category(ch)
    prev = text[i - 1] if i else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch == uni.ZWJ:  # builds an emoji sequence between two emoji, nothing inside a word
        return ch if prev and nxt and not (prev.isalnum() or nxt.isalnum() or prev.isspace()) else ""
    if uni.is_tag(ch):
        return ch if prev == uni.BLACK_FLAG or uni.is_tag(prev) else ""
    if cat == "Cf":
        return ""
    if cat in ("Mn", "Me") and uni.is_generic_mark(ch):
        return ""
    if cat.startswith("L") or cat == "Nd":
        compat = unicodedata.normalize("NFKC", ch)
        if compat.isascii() and compat.isalnum():
            return compat  # "ｋ", "𝐤" are styled Latin letters
    return ch


__all__ = ["reading_view", "written_form"]
