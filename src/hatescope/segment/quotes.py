"""Find quotations in the ORIGINAL text: straight and curly, single and double, nested, spanning sentences.

A quotation is returned as the span of its content (without the marks). The scanner keeps a stack of
open marks so that nesting (“He said ‘X’ to me”) works, and it tells quote marks from apostrophes by
what surrounds them: ``don't``/``it’s`` (letters on both sides) are apostrophes, ``'em``/``'90s`` are
elisions, and a dangling single mark (``the dogs' bowls``) never opens or closes anything.
A quote still open at the end of a paragraph continues only when the next paragraph opens again with
the same kind of mark (the newspaper convention for multi-paragraph quotes); otherwise a double quote
is closed at the paragraph end and an unclosed single mark is dropped as an apostrophe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPEN_ONLY = {"“": "double", "«": "double", "„": "double", "‘": "single", "‹": "single", "‚": "single"}
_CLOSE_ONLY = {"”": "double", "»": "double", "›": "single"}
_AMBIGUOUS = {'"': "double", "'": "single", "’": "single", "＂": "double"}
_ALL_MARKS = set(_OPEN_ONLY) | set(_CLOSE_ONLY) | set(_AMBIGUOUS)
_OPEN_CONTEXT = set("([{—–-/") | _ALL_MARKS
_CLOSE_CONTEXT = set(".,;:!?)]}—–-…") | _ALL_MARKS
_ELISIONS = re.compile(r"(?:em|cause|cos|til|tis|twas|n|s)\b|\d\ds?\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n\s*")


@dataclass(frozen=True)
class Quote:
    """Content span [start, end) of one quotation, with its mark positions and nesting depth."""

    start: int
    end: int
    open_mark: int
    close_mark: int
    style: str  # "double" or "single"
    depth: int  # 0 = outermost


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text`` (any nesting), sorted by start."""
    quotes: list[Quote] = []
    stack: list[tuple[str, int]] = []  # (style, open mark position)
    breaks = {m.start(): m.end() for m in _PARAGRAPH_BREAK.finditer(text)}
    i, n = 0, len(text)
    while i < n:
        if i in breaks:
            i = _paragraph_end(text, i, breaks[i], stack, quotes)
            continue
        ch = text[i]
        if ch in _ALL_MARKS:
            _handle_mark(text, i, ch, stack, quotes)
        i += 1
    _close_all(stack, quotes, n, dangling_single=True)
    return sorted(quotes, key=lambda q: (q.start, -q.end))


def _handle_mark(text: str, i: int, ch: str, stack: list[tuple[str, int]], quotes: list[Quote]) -> None:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in _OPEN_ONLY:
        style = _OPEN_ONLY[ch]
        if style == "single" and prev.isalnum() and nxt.isalnum():
            return  # ‘ misused as an apostrophe inside a word
        stack.append((style, i))
        return
    if ch in _CLOSE_ONLY:
        _close(stack, quotes, _CLOSE_ONLY[ch], i)
        return
    style = _AMBIGUOUS[ch]
    if style == "single":
        if prev.isalnum() and nxt.isalnum():
            return  # apostrophe: don't, it's, O'Brien
        if (prev.isspace() or prev in _OPEN_CONTEXT) and _ELISIONS.match(text, i + 1):
            return  # 'em, '90s, 'cause
    can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_CONTEXT)
    can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT)
    open_same = any(s == style for s, _ in stack)
    if can_close and open_same and not (can_open and not can_close):
        _close(stack, quotes, style, i)
    elif can_open and not (style == "single" and prev.isalnum()):
        stack.append((style, i))
    elif open_same and not can_open:
        _close(stack, quotes, style, i)


def _close(stack: list[tuple[str, int]], quotes: list[Quote], style: str, pos: int) -> None:
    """Close the innermost open quote of ``style``; inner quotes of the other style left open are dropped."""
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] == style:
            _, opened = stack[k]
            del stack[k:]
            if pos > opened + 1:
                quotes.append(Quote(opened + 1, pos, opened, pos, style, depth=k))
            return


def _paragraph_end(text: str, brk: int, nxt: int, stack: list[tuple[str, int]], quotes: list[Quote]) -> int:
    """At a blank line: continue a quote reopened by the next paragraph, otherwise close what is open."""
    if stack:
        outer_style = stack[0][0]
        first = text[nxt] if nxt < len(text) else ""
        reopens = (first in _OPEN_ONLY and _OPEN_ONLY[first] == outer_style) or (
            first in _AMBIGUOUS and _AMBIGUOUS[first] == outer_style
        )
        if reopens:
            del stack[1:]
            return nxt + 1  # skip the re-opening mark: the quote goes on
        _close_all(stack, quotes, brk, dangling_single=True)
    return nxt


def _close_all(stack: list[tuple[str, int]], quotes: list[Quote], pos: int, *, dangling_single: bool) -> None:
    while stack:
        style, opened = stack.pop()
        if style == "single" and dangling_single:
            continue
        if pos > opened + 1:
            quotes.append(Quote(opened + 1, pos, opened, pos, style, depth=len(stack)))
