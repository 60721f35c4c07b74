"""Sentence boundaries on the normalised text, carried to original offsets."""

from __future__ import annotations

import re

from hatescope.document import Document, Sentence

# A sentence ends at . ! ? … (and closing quotes/brackets after them) followed by space, or at a blank line.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*[-•*@>])")
# A period after these is not the end of a sentence ("Mr. Lind", "the U.S. envoy").
ABBREVIATION = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|st|sen|rep|gov|gen|col|lt|capt|sgt|prof|jr|sr|no|vs|etc|approx|dept|est|fig|inc|ltd|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)|\b(?:[a-z]\.){1,3}[a-z]|\b[a-z])\.$",
    re.IGNORECASE,
)


def is_abbreviation_end(text: str, pos: int) -> bool:
    """Whether the period just before ``pos`` ends an abbreviation or an initial."""
    return bool(ABBREVIATION.search(text, max(0, pos - 12), pos))


def split_sentences(doc: Document) -> list[Sentence]:
    text = doc.text
    out: list[Sentence] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
        if text[m.start() - 1 : m.start()] == "." and "\n" not in m.group(0) and is_abbreviation_end(text, m.start()):
            continue
        _add(doc, out, pos, m.start())
        pos = m.end()
    _add(doc, out, pos, len(text))
    return out


def _add(doc: Document, out: list[Sentence], s: int, e: int) -> None:
    while s < e and doc.text[s].isspace():
        s += 1
    while e > s and doc.text[e - 1].isspace():
        e -= 1
    if e > s:
        start, end = doc.to_original(s, e)
        out.append(Sentence(nstart=s, nend=e, start=start, end=end))
