"""Sentence boundaries on the normalised text, carried to original offsets."""

from __future__ import annotations

import re

from hatescope.document import Document, Sentence

# A sentence ends at . ! ? … (and closing quotes/brackets after them) followed by space, or at a blank line.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*[-•*@>])")


def split_sentences(doc: Document) -> list[Sentence]:
    text = doc.text
    out: list[Sentence] = []
    pos = 0
    for m in _BOUNDARY.finditer(text):
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
