"""Stage 1 for articles: turn an article body (plain text or HTML) into the text the engine reads.

Plain text passes through unchanged. HTML is reduced to paragraphs separated by blank lines, and embedded
social-media posts (``<blockquote class="twitter-tweet">`` and similar) become the embedded-post format the
segmenter recognises (docs/CONTEXT.md, format 3): the post text followed by a signature line
``— Name (@handle) date``, or ``[Post] … [/Post]`` when the page names no author.

:func:`article_mapped` keeps, for every character of that text, the span of the HTML it came from (a
decoded ``&amp;`` maps to all five characters; the blank lines and ``[Post]`` markers it adds map to an
empty span where they stand), so the engine can report offsets into the HTML the caller gave.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hatescope.ingest.post import validate_text
from hatescope.offsets import MappedBuilder, MappedText

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "div", "article", "section"}
_SKIP = {"script", "style", "noscript", "iframe", "svg", "nav", "footer", "header", "aside", "form"}
_EMBED_CLASSES = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|mastodon-embed|embedded-post")
_SIGNATURE = re.compile(r"^\s*[—–-]{1,2}\s*(?P<name>[^\n(]{1,60}?)\s*\(@(?P<handle>\w{1,30})\)")


def is_html(text: str) -> bool:
    return bool(re.search(r"<(p|div|article|blockquote|br|h[1-6])\b[^>]*>", text[:5000], re.IGNORECASE))


def article_text(text: object) -> str:
    """The analysable text of an article: validated, and reduced from HTML when it is HTML."""
    text = validate_text(text)
    return article_mapped(text).text if is_html(text) else text


def article_mapped(page: str) -> MappedText:
    """The text of an HTML article, mapped character by character to ``page`` (see the module docstring)."""
    parser = _ArticleParser(page)
    parser.feed(page)
    parser.close()
    out = MappedBuilder(page)
    first = True
    for kind, chars in parser.blocks():
        lines = _lines(chars) if kind == "post" else [_collapse(chars)]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if kind == "post" and not _SIGNATURE.match("".join(c for c, _, _ in lines[-1])):
            lo, hi = lines[0][0][1], lines[-1][-1][2]
            lines = [[(ch, lo, lo) for ch in "[Post]"], *lines, [(ch, hi, hi) for ch in "[/Post]"]]  # author unknown
        for k, line in enumerate(lines):
            if not first:
                at = line[0][1]
                out.emit("\n" if k else "\n\n", at, at)
            first = False
            for ch, a, b in line:
                out.emit(ch, a, b)
    mapped = out.build()
    validate_text(mapped.text)
    return mapped


_Char = tuple[str, int, int]  # a character of the text, and the span of the page it stands for


def _collapse(chars: list[_Char]) -> list[_Char]:
    """Runs of whitespace become one space (mapped to the run's first character); ends trimmed."""
    out: list[_Char] = []
    for ch, a, b in chars:
        if ch.isspace():
            if out and out[-1][0] != " ":
                out.append((" ", a, b))
        else:
            out.append((ch, a, b))
    while out and out[-1][0] == " ":
        out.pop()
    return out


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    lines, current = [], []
    for c in chars:
        if c[0] == "\n":
            lines.append(_collapse(current))
            current = []
        else:
            current.append(c)
    lines.append(_collapse(current))
    return lines


_REF = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9.-]*);?")


class _ArticleParser(HTMLParser):
    """Collects the page's text block by block, each character with the span of the page it came from."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=False)  # references one by one, so each keeps its own span
        self._page = page
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", page)]
        self._blocks: list[tuple[str, list[_Char]]] = []  # (kind, characters)
        self._skip = 0
        self._embed_depth = 0

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
            return
        cls = dict(attrs).get("class") or ""
        if tag == "blockquote" and _EMBED_CLASSES.search(cls):
            self._embed_depth += 1
            self._blocks.append(("post", []))
        elif tag == "br":
            pos = self._pos()
            self._current().append(("\n", pos, pos + len(self.get_starttag_text() or "")))
        elif tag in _BLOCKS and not self._embed_depth:
            self._blocks.append(("text", []))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "blockquote" and self._embed_depth:
            self._embed_depth -= 1
            self._blocks.append(("text", []))
        elif tag == "p" and self._embed_depth:
            pos = self._pos()
            self._current().append(("\n", pos, pos))

    def handle_data(self, data: str) -> None:
        if not self._skip:
            pos = self._pos()
            self._current().extend((ch, pos + i, pos + i + 1) for i, ch in enumerate(data))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        """``&amp;``, ``&#39;``: the decoded character(s), each standing for the whole reference."""
        if self._skip:
            return
        pos = self._pos()
        m = _REF.match(self._page, pos)
        end = m.end() if m else pos + 1
        self._current().extend((ch, pos, end) for ch in html.unescape(self._page[pos:end]))

    def _current(self) -> list[_Char]:
        if not self._blocks:
            self._blocks.append(("text", []))
        return self._blocks[-1][1]

    def blocks(self) -> list[tuple[str, list[_Char]]]:
        return self._blocks
