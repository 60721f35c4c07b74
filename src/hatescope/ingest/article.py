"""Stage 1 for articles: turn an article body (plain text or HTML) into the text the engine analyses.

Plain text passes through unchanged (offsets must stay those of the caller's text). HTML is reduced to
paragraphs separated by blank lines, and embedded social-media posts (``<blockquote class="twitter-tweet">``
and similar) become the embedded-post format the segmenter recognises (docs/CONTEXT.md, format 3):
the post text followed by a signature line ``— Name (@handle) date``, or ``[Post] … [/Post]``
when the page names no author. Offsets then refer to the text
this function returns, which the caller should keep as the original.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from hatescope.ingest.post import validate_text

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "div", "article", "section"}
_SKIP = {"script", "style", "noscript", "iframe", "svg", "nav", "footer", "header", "aside", "form"}
_EMBED_CLASSES = re.compile(r"twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|mastodon-embed|embedded-post")
_SIGNATURE = re.compile(r"^\s*[—–-]{1,2}\s*(?P<name>[^\n(]{1,60}?)\s*\(@(?P<handle>\w{1,30})\)")


def is_html(text: str) -> bool:
    return bool(re.search(r"<(p|div|article|blockquote|br|h[1-6])\b[^>]*>", text[:5000], re.IGNORECASE))


def article_text(text: object) -> str:
    """The analysable text of an article: validated, and reduced from HTML when it is HTML."""
    text = validate_text(text)
    if not is_html(text):
        return text
    parser = _ArticleParser()
    parser.feed(text)
    parser.close()
    return validate_text("\n\n".join(parser.paragraphs()))


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._blocks: list[tuple[str, list[str]]] = []  # (kind, text pieces)
        self._skip = 0
        self._embed_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
            return
        cls = dict(attrs).get("class") or ""
        if tag == "blockquote" and _EMBED_CLASSES.search(cls):
            self._embed_depth += 1
            self._blocks.append(("post", []))
        elif tag == "br":
            self._current().append("\n")
        elif tag in _BLOCKS and not self._embed_depth:
            self._blocks.append(("text", []))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "blockquote" and self._embed_depth:
            self._embed_depth -= 1
            self._blocks.append(("text", []))
        elif tag == "p" and self._embed_depth:
            self._current().append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._current().append(data)

    def _current(self) -> list[str]:
        if not self._blocks:
            self._blocks.append(("text", []))
        return self._blocks[-1][1]

    def paragraphs(self) -> list[str]:
        out = []
        for kind, pieces in self._blocks:
            raw = html.unescape("".join(pieces))
            if kind == "post":
                lines = [" ".join(line.split()) for line in raw.split("\n")]
                lines = [line for line in lines if line]
                if lines and not _SIGNATURE.match(lines[-1]):
                    lines = ["[Post]", *lines, "[/Post]"]  # a post whose author the page does not name
                if lines:
                    out.append("\n".join(lines))
            else:
                para = " ".join(raw.split())
                if para:
                    out.append(para)
        return out
