"""Sentence boundaries: found in the normalised text, confirmed in the text as written, carried to original offsets.

The normalised text sees through evasion (a fullwidth "．" is a full stop there), but normalisation can fold an
abbreviation: "5 p.m." reads "5 pm." and "the U.S.A." reads "the usa.", which would end a sentence that does not
end. So whether a full stop ends an abbreviation is also read in the text as written (the original, or an HTML
article's text) at the place the boundary maps back to: a boundary stands only where the writer's text has one.

Other scripts end a sentence with their own marks: the ideographic full stop "。" and the fullwidth "！" "？"
(Chinese and Japanese write no space after them), the Devanagari danda "।" "॥", the Arabic question mark "؟",
the Urdu full stop "۔", and the Armenian, Ethiopic, Myanmar, Khmer and Mongolian full stops. These end a
sentence with or without a space after; a "." "!" "?" with no space after ends one only where the writer's
character is a fullwidth form ("！" folds to "!" in the normalised text), never in "3.5" or "U.S.A".

A line break ends a sentence (posts put one thought per line without a full stop, and a header or handle line is
never part of the sentence below it), except where a long line was wrapped: a line of ``WRAP_WIDTH`` characters
or more ends without a final mark, a closing mark or a colon, and the next one goes on in lower case ("… and so
most people are\n disgusted by that"). A short line is a line of its own ("refugees are vermin\nthey must go").

The segment stage splits once (``doc.sentences``, fact "sentences"); every later stage (the voice builder, targets,
the classifier's units, stance) reads those and splits nothing itself.
"""

from __future__ import annotations

import re

from hatescope.document import Document, Sentence

#: Closing quote marks and brackets that follow a sentence's final mark; they lie between sentences
#: (CJK corner brackets and book-title marks included: "……是毒瘤」。").
CLOSERS = "\"'”’)]」』》〉】"
#: Marks of other scripts that end a sentence, with or without a space after (normalisation keeps them as written;
#: the halfwidth "｡" and vertical "︒" fold to "。").
SCRIPT_FINAL = "。।॥؟۔።፧։။។᠃"
#: The same as written, with the fullwidth forms that normalisation folds to "." "!" "?".
_NO_SPACE_FINAL = set(SCRIPT_FINAL + "！？．﹗﹖﹒｡︒")
_CLOSE = "[" + re.escape(CLOSERS) + "]*"
# A sentence ends at . ! ? … or a script's final mark (and closing quotes/brackets after them) followed by space,
# at a line break, or at a final mark with no space after that the writer wrote in a script that uses no spaces.
_BOUNDARY = re.compile(
    r"(?<=[.!?…" + SCRIPT_FINAL + r"])" + _CLOSE + r"\s+|\n"
    r"|(?<=[.!?" + SCRIPT_FINAL + r"])" + _CLOSE + r"(?=[^\s.!?…" + re.escape(SCRIPT_FINAL + CLOSERS) + r"])"
)
# A period after these is not the end of a sentence ("Mr. Lind", "the U.S. envoy", "5 p.m. on Friday").
ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|st|sen|rep|gov|gen|col|lt|capt|sgt|prof|vs|approx|dept|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|\b(?:[a-z]\.){1,3}[a-z]|\b[a-z])\.$",
    re.IGNORECASE,
)
#: Abbreviations that stand before a number ("No. 5", "Fig. 2", "est. 1990"); before a word the full stop ends
#: the sentence ("… without saying no. You …").
_BEFORE_NUMBER = re.compile(r"\b(?:no|fig|est)\.$", re.IGNORECASE)
#: Abbreviations that close a phrase ("nails, screws etc.", "Acme Inc."): before a capital letter the sentence
#: ends with them ("… no big deal, etc. Seriously?").
_CLOSES_PHRASE = re.compile(r"\b(?:etc|inc|ltd|jr|sr)\.$", re.IGNORECASE)
#: What ends a line that a line break ends, wrapped or not: a final mark, a closing mark, a colon.
_LINE_END = set(".!?…:;：；" + SCRIPT_FINAL + CLOSERS)
#: A line at least this long that breaks in the middle of a sentence was wrapped (by a form or an editor);
#: posts that put a thought per line have shorter ones.
WRAP_WIDTH = 60


def is_abbreviation_end(text: str, pos: int, following: str = "") -> bool:
    """Whether the period just before ``pos`` ends an abbreviation or an initial; ``following`` is the first
    character of the text after the space that follows it, as written."""
    lo = max(0, pos - 12)
    if _BEFORE_NUMBER.search(text, lo, pos):
        return following.isdigit()
    if _CLOSES_PHRASE.search(text, lo, pos):
        return not following.isupper()
    return bool(ABBREVIATION.search(text, lo, pos))


def split_sentences(doc: Document) -> list[Sentence]:
    text = doc.text
    out: list[Sentence] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0) == "\n" and _wrapped(doc, m.start()):
            continue
        if not m.group(0).strip(CLOSERS) and not _written_without_space(doc, m.start() - 1):
            continue  # "3.5", "U.S.A", "?!": no space after a mark of a script that writes spaces
        if text[m.start() - 1 : m.start()] == "." and "\n" not in m.group(0) and _abbreviation_end(doc, m.start(), m.end()):
            continue
        _add(doc, out, pos, m.start())
        pos = m.end()
    _add(doc, out, pos, len(text))
    return out


def ensure_sentences(doc: Document) -> list[Sentence]:
    """``doc.sentences``; split here (not tagged with segments) for a document no engine prepared."""
    if not doc.sentences and "sentences" not in doc.assigned:
        doc.sentences = split_sentences(doc)
        doc.assigned.add("sentences")
    return doc.sentences


def _abbreviation_end(doc: Document, pos: int, after: int) -> bool:
    """Whether the full stop just before normalised ``pos`` ends an abbreviation, in the normalised text or in
    the text as written ("p.m." that normalisation folded to "pm."); ``after``: where the next word starts."""
    following = doc.read_text[after : after + 1]  # with the writer's capitals
    if is_abbreviation_end(doc.text, pos, following):
        return True
    start, end = doc.to_original(pos - 1, pos)
    if doc.source is not None:  # an HTML article: the text as read from its markup, not the markup
        return is_abbreviation_end(doc.source.text, doc.source.to_normalized(start, end)[1], following)
    return is_abbreviation_end(doc.original, end, following)


def _written_without_space(doc: Document, pos: int) -> bool:
    """Whether the final mark at normalised ``pos`` is one that ends a sentence with no space after it, as written
    ("。", "।", or a fullwidth "！" that the normalised text reads as "!")."""
    if doc.text[pos] in SCRIPT_FINAL:
        return True
    start, end = doc.to_original(pos, pos + 1)
    return any(ch in _NO_SPACE_FINAL for ch in doc.original[start:end])


def _wrapped(doc: Document, pos: int) -> bool:
    """Whether the line break at normalised ``pos`` wraps a sentence: a long line before it ends in a word (no
    final, closing or colon mark) and the next line goes on in lower case, in the text as written."""
    text = doc.read_text
    last, first = pos - 1, pos + 1
    while last >= 0 and text[last] in " \t\r":
        last -= 1
    while first < len(text) and text[first] in " \t\r":
        first += 1
    if last < 0 or text[last] in _LINE_END or text[last] == "\n" or not text[first : first + 1].islower():
        return False
    return pos - (text.rfind("\n", max(0, pos - WRAP_WIDTH), pos) + 1) >= WRAP_WIDTH


def _add(doc: Document, out: list[Sentence], s: int, e: int) -> None:
    while s < e and doc.text[s].isspace():
        s += 1
    while e > s and doc.text[e - 1].isspace():
        e -= 1
    if e > s:
        start, end = doc.to_original(s, e)
        out.append(Sentence(nstart=s, nend=e, start=start, end=end))
