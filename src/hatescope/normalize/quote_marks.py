"""Find quotations and the quote marks that quote nothing, in the ORIGINAL text: straight and curly, single and double, nested, spanning sentences.

A quotation is returned as the span of its content (without the marks). The scanner keeps a stack of
open marks so that nesting (“He said ‘X’ to me”) works, and it tells quote marks from apostrophes by
what surrounds them: ``don't``/``it’s`` (letters on both sides) are apostrophes, ``'em``/``'90s`` are
elisions, and a dangling single mark (``the dogs' bowls``) never opens or closes anything.
A quote still open at the end of a paragraph continues only when the next paragraph opens again with
the same kind of mark (the newspaper convention for multi-paragraph quotes). Otherwise an unclosed
double quote that something introduces (``He said “…``, ``She wrote: “…``) is closed at the paragraph
end; one that nothing introduces is a stray mark (``"gays are …`` typed to slip past moderation, or a
slip of the thumb), and an unclosed single mark is an apostrophe: neither makes the author's own words
someone else's. Likewise a quotation that is the whole text, with nothing but punctuation around it and
nobody named, is no other voice: sharing a quote without a word of comment is saying it.

In normalize/ because normalisation drops the stray marks (deobfuscate.drop_stray_quote_marks); the segmenter
reads quotations through hatescope.segment.quotes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from hatescope.context_cues import ENGLISH, all_quote_pairs, load, other_language_words, verbs_alternation

#: Verbs that report speech; before a quote mark they introduce a quotation (hatescope.segment.speakers reads them too).
#: English's, from hatescope/data/context/en.toml; the other languages' are in OTHER_SPEECH_VERBS.
SPEECH_VERBS = list(load(ENGLISH).words("speech_verbs"))
OTHER_SPEECH_VERBS = other_language_words("speech_verbs")
_OPEN_ONLY = {"“": "double", "«": "double", "„": "double", "‘": "single", "‹": "single", "‚": "single"}
_CLOSE_ONLY = {"”": "double", "»": "double", "›": "single"}
_AMBIGUOUS = {'"': "double", "'": "single", "’": "single", "＂": "double"}
#: The pairs other languages write (hatescope/data/context/<lang>.toml): „…“ and ‚…‘ close with what English opens
#: with, »…« opens with what English closes with. Quotations are scanned before the language is known, so
#: a mark closes the quote it pairs with in any language: "“" closes an open „ and opens otherwise.
_PAIR_CLOSERS: dict[str, set[str]] = {}
for _opening, _closing in all_quote_pairs():
    _PAIR_CLOSERS.setdefault(_opening, set()).add(_closing)
for _ch in "".join(_PAIR_CLOSERS) + "".join("".join(c) for c in _PAIR_CLOSERS.values()):
    if _ch not in _OPEN_ONLY and _ch not in _CLOSE_ONLY and _ch not in _AMBIGUOUS:
        _OPEN_ONLY[_ch] = "double"  # a pair no language above uses (「」): open-only, closed by its pair
_ALL_MARKS = set(_OPEN_ONLY) | set(_CLOSE_ONLY) | set(_AMBIGUOUS)
_OPEN_CONTEXT = set("([{—–-/") | _ALL_MARKS
_CLOSE_CONTEXT = set(".,;:!?)]}—–-…") | _ALL_MARKS
_ELISIONS = re.compile(r"(?:em|cause|cos|til|tis|twas|n|s)\b|\d\ds?\b", re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r]*\n\s*")
#: What introduces a quotation in the sentence before its mark: a speech verb, "according to", a colon.
_INTRODUCED = re.compile(
    rf"\b(?:{'|'.join(SPEECH_VERBS)}|according\s+to|{verbs_alternation(OTHER_SPEECH_VERBS)})\b[^.!?\n]*$|:\s*$", re.IGNORECASE
)
#: How far back an introduction is looked for (characters).
_INTRO_LOOK = 200


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
    return _scan(text)[0]


def stray_marks(text: str) -> list[int]:
    """Positions of the quote marks in ``text`` that quote nothing: unclosed and unintroduced, closing
    nothing, or wrapping the whole text (see the module docstring). Apostrophes are not among them."""
    return _scan(text)[1]


_ANY_MARK = re.compile("[" + re.escape("".join(sorted(_ALL_MARKS))) + "]")
_EVENT = re.compile(rf"(?P<mark>{_ANY_MARK.pattern})|{_PARAGRAPH_BREAK.pattern}")
_DOUBLE_MARK = re.compile(
    "[" + re.escape("".join(sorted(ch for ch, style in (_OPEN_ONLY | _CLOSE_ONLY | _AMBIGUOUS).items() if style == "double"))) + "]"
)


@dataclass
class _Scan:
    quotes: list[Quote] = field(default_factory=list)
    stack: list[tuple[str, int]] = field(default_factory=list)  # (style, open mark position)
    opened: set[int] = field(default_factory=set)  # every mark that opened a quote, kept or not
    reopened: set[int] = field(default_factory=set)  # marks that carry a quote on into the next paragraph


def _scan(text: str) -> tuple[list[Quote], list[int]]:
    """(quotations, stray marks) of ``text``: one pass, so the quotes and the marks they leave agree."""
    if _ANY_MARK.search(text) is None:
        return [], []
    scan = _Scan()
    i, n = 0, len(text)
    while (m := _EVENT.search(text, i)) is not None:
        if m.group("mark"):
            _handle_mark(text, m.start(), m.group("mark"), scan)
            i = m.end()
        else:
            i = _paragraph_end(text, m.start(), m.end(), scan)
    _close_all(text, scan, n)
    quotes = sorted(scan.quotes, key=lambda q: (q.start, -q.end))
    quotes, unwrapped = _unwrap_whole_text(text, quotes)
    used = {q.open_mark for q in quotes} | {q.close_mark for q in quotes} | scan.reopened
    candidates = scan.opened | {m.start() for m in _DOUBLE_MARK.finditer(text)}
    stray = {i for i in candidates if i not in used} | unwrapped
    return quotes, sorted(stray)


def _unwrap_whole_text(text: str, quotes: list[Quote]) -> tuple[list[Quote], set[int]]:
    """Drop a quotation that is the whole text (only punctuation and spaces outside its marks): with no
    speaker and no comment it is the author's own post. Quotes inside it move up one level."""
    # "“‘…’”" wraps twice: the text inside both is still nobody else's. Level by level, the wrapper is
    # the first quote at that depth; all levels are found in one pass, so deep wrapping stays linear.
    first_at: dict[int, Quote] = {}
    for q in quotes:
        first_at.setdefault(q.depth, q)
    bad: tuple[int, int] | None = None  # first and last character that is not punctuation or space
    levels: list[Quote] = []
    while (outer := first_at.get(len(levels))) is not None:
        if outer.close_mark >= len(text) or text[outer.close_mark] not in _ALL_MARKS:
            break  # an unclosed one (those are judged where they end)
        if bad is None:
            bad = (_first_comment(text, range(len(text))), _first_comment(text, range(len(text) - 1, -1, -1)))
        if bad[0] < outer.open_mark or bad[1] > outer.close_mark:
            break
        levels.append(outer)
    if not levels:
        return quotes, set()
    dropped = {id(q) for q in levels}
    unwrapped = {mark for q in levels for mark in (q.open_mark, q.close_mark)}
    return [replace(q, depth=q.depth - len(levels)) for q in quotes if id(q) not in dropped], unwrapped


def _first_comment(text: str, positions: range) -> int:
    """The first of ``positions`` whose character is more than punctuation or space (``len(text)`` or -1 past
    the end, so that it lies outside no quote)."""
    for i in positions:
        ch = text[i]
        if ch.isalnum() or not ch.isascii() and not _punctuation(ch):
            return i
    return len(text) if positions.step > 0 else -1


def _punctuation(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def _handle_mark(text: str, i: int, ch: str, scan: _Scan) -> None:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if _closes_its_pair(text, i, ch, prev, scan):
        return
    if ch in _CLOSE_ONLY and ch in _PAIR_CLOSERS and _opens_reversed(text, ch, prev, nxt, scan):
        _open(scan, _CLOSE_ONLY[ch], i)  # »…« opens with »
        return
    if ch in _OPEN_ONLY:
        style = _OPEN_ONLY[ch]
        if style == "single" and prev.isalnum() and nxt.isalnum():
            return  # ‘ misused as an apostrophe inside a word
        _open(scan, style, i)
        return
    if ch in _CLOSE_ONLY:
        _close(scan, _CLOSE_ONLY[ch], i)
        return
    style = _AMBIGUOUS[ch]
    if style == "single":
        if prev.isalnum() and nxt.isalnum():
            return  # apostrophe: don't, it's, O'Brien
        if (prev.isspace() or prev in _OPEN_CONTEXT) and _ELISIONS.match(text, i + 1):
            return  # 'em, '90s, 'cause
    can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_CONTEXT or _opens_token(text, i))
    can_close = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT or _ends_token(text, i))
    open_same = any(s == style for s, _ in scan.stack)
    if can_close and open_same and not (can_open and not can_close):
        _close(scan, style, i)
    elif can_open and not (style == "single" and prev.isalnum()):
        _open(scan, style, i)
    elif open_same and not can_open:
        _close(scan, style, i)


def _closes_its_pair(text: str, i: int, ch: str, prev: str, scan: _Scan) -> bool:
    """Close the innermost open quote when ``ch`` (at ``i``) is the closing mark of its pair in some
    language („…“, »…«) and a word or punctuation, not a space, stands before it."""
    if not scan.stack or prev.isspace():
        return False
    style, opened = scan.stack[-1]
    opener = text[opened]
    if opener == ch or ch not in _PAIR_CLOSERS.get(opener, ()) or _CLOSE_ONLY.get(ch) == style:
        return False  # the usual closing mark of its style: the rules below close it as before
    _close(scan, style, i)
    return True


def _opens_reversed(text: str, ch: str, prev: str, nxt: str, scan: _Scan) -> bool:
    """Whether a usual closing mark opens here (German »…«): before a word, after a space or the text start,
    with no open quote it could close."""
    if nxt.isspace() or not (prev.isspace() or prev in _OPEN_CONTEXT):
        return False
    return not any(ch in _PAIR_CLOSERS.get(text[p], ()) for _, p in scan.stack)


#: How far a mark looks for the letters of its own token (characters): keeps a text of marks linear.
_TOKEN_LOOK = 8


def _opens_token(text: str, i: int) -> bool:
    """Whether only symbols stand between the mark at ``i`` and the space or text start before it
    (``]"Immigrants…``, ``*"All…``): it can open as if a space were there."""
    lead = text[max(0, i - _TOKEN_LOOK) : i]
    lead = lead[max(lead.rfind(" "), lead.rfind("\n")) + 1 :]
    return (len(lead) < _TOKEN_LOOK or i <= _TOKEN_LOOK) and not any(c.isalnum() for c in lead)


def _ends_token(text: str, i: int) -> bool:
    """Whether only symbols stand between the mark at ``i`` and the space or text end after it (``…"*``)."""
    tail = text[i + 1 : i + 1 + _TOKEN_LOOK]
    cut = [k for k in (tail.find(" "), tail.find("\n")) if k >= 0]
    tail = tail[: min(cut)] if cut else tail
    return (len(tail) < _TOKEN_LOOK or i + 1 + _TOKEN_LOOK >= len(text)) and not any(c.isalnum() for c in tail)


def _open(scan: _Scan, style: str, pos: int) -> None:
    scan.stack.append((style, pos))
    scan.opened.add(pos)


def _close(scan: _Scan, style: str, pos: int) -> None:
    """Close the innermost open quote of ``style``; inner quotes of the other style left open are dropped."""
    stack = scan.stack
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] == style:
            _, opened = stack[k]
            del stack[k:]
            if pos > opened + 1:
                scan.quotes.append(Quote(opened + 1, pos, opened, pos, style, depth=k))
            return


def _paragraph_end(text: str, brk: int, nxt: int, scan: _Scan) -> int:
    """At a blank line: continue a quote reopened by the next paragraph, otherwise close what is open."""
    if scan.stack:
        outer_style = scan.stack[0][0]
        first = text[nxt] if nxt < len(text) else ""
        reopens = (first in _OPEN_ONLY and _OPEN_ONLY[first] == outer_style) or (
            first in _AMBIGUOUS and _AMBIGUOUS[first] == outer_style
        )
        if reopens:
            del scan.stack[1:]
            scan.reopened.add(nxt)
            return nxt + 1  # skip the re-opening mark: the quote goes on
        _close_all(text, scan, brk)
    return nxt


def _close_all(text: str, scan: _Scan, pos: int) -> None:
    """Close the quotes left open at ``pos`` (a paragraph or the text ends): introduced double quotes
    only; a dangling single mark is an apostrophe and an unintroduced double one a stray mark."""
    stack = scan.stack
    while stack:
        style, opened = stack.pop()
        if style == "single" or not _introduced(text, opened):
            continue
        if pos > opened + 1:
            scan.quotes.append(Quote(opened + 1, pos, opened, pos, style, depth=len(stack)))


def _introduced(text: str, mark: int) -> bool:
    """Whether the sentence before an opening mark introduces a quotation ("He said “…", "Marr: “…")."""
    lead = text[max(0, mark - _INTRO_LOOK) : mark]
    lead = lead[lead.rfind("\n") + 1 :]  # the mark's own line: a paragraph never introduces the next one's quote
    return _INTRODUCED.search(lead) is not None
