"""Embedded social-media posts inside an article: the formats we recognise (docs/CONTEXT.md).

1. Handle lines        ``@handle: text``  or  ``Display Name (@handle): text`` at the start of a line;
                       the post runs to the next blank line or the next handle line.
2. Post headers        ``[Post by NAME]`` / ``[Tweet by NAME, 3 May]`` (also ``from``; ``[Post]`` alone when
                       the author is unknown) on its own line or before the text; the post runs to
                       ``[/post]`` or the next blank line.
3. Embed signatures    a paragraph whose last line is ``— Name (@handle) date`` (the text form of an
                       embedded tweet): the lines above the signature are the post.
4. Introduced blocks   a paragraph ending in ``:`` that speaks of posts (``The posts read:``,
                       ``He wrote on Telegram:``); each following paragraph is a post until a separator
                       line, a paragraph with an attribution outside quotes (reporter text again), or the end.
                       Outer quote marks around such a paragraph are not part of the post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hatescope.segment.speakers import REPORT_VERBS

_HANDLE_LINE = re.compile(
    r"^[ \t]*(?:(?P<name>[A-Z][^\n@:()]{0,60}?)\s*\()?@(?P<handle>\w{1,30})\)?[ \t]*:[ \t]*(?=\S)", re.MULTILINE
)
_HEADER = re.compile(
    r"^[ \t]*\[(?:post|tweet|message|status|update|comment|toot|reply)(?:\s+(?:by|from)\s+(?P<name>[^\]\n,]+))?"
    r"(?:,[^\]\n]*)?\][ \t]*\r?\n?",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_END = re.compile(r"\[/(?:post|tweet|message|status|update|comment|toot|reply)\]", re.IGNORECASE)
_SIGNATURE = re.compile(r"\n[ \t]*[—–-]{1,2}[ \t]*(?P<name>[^\n(]{1,60}?)[ \t]*\(@(?P<handle>\w{1,30})\)[^\n]*$")
_POST_NOUNS = re.compile(
    r"\b(posts?|tweets?|messages?|updates?|status(?:es)?|wrote on|posted on|tweeted|posted|wrote)\b[^\n]*:\s*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*(?:[-*_=~]{3,}|#{1,3}\s*$|end of posts?\.?)\s*$", re.IGNORECASE)
_ATTRIBUTION_OUTSIDE = re.compile(r"\b(" + "|".join(REPORT_VERBS) + r")\b")
_OUTER_QUOTES = ("“”", '""', "«»", "‘’", "''")


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int


@dataclass(frozen=True)
class EmbeddedPost:
    start: int
    end: int
    author: str | None  # "@handle", "Name (@handle)", a name, or None
    intro: int | None = None  # index of the introducing paragraph (format 4)


def paragraphs(text: str) -> list[Paragraph]:
    """Paragraphs separated by blank lines, trimmed, in original offsets."""
    out: list[Paragraph] = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t\r]*\n))+", text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Paragraph(s, e))
    return out


def find_posts(text: str, paras: list[Paragraph]) -> list[EmbeddedPost]:
    """Embedded posts in an article; a post introduced by a paragraph (format 4) records its index."""
    posts: list[EmbeddedPost] = []
    introduced_by: dict[int, int] = {}
    i = 0
    while i < len(paras):
        p = paras[i]
        ptext = text[p.start : p.end]
        if _POST_NOUNS.search(ptext) and i + 1 < len(paras):
            j = i + 1
            style = _style(text, paras[j])
            # A block keeps the style of its first post: after "@a: …" posts, a plain paragraph is the reporter again.
            while j < len(paras) and _looks_like_post(text, paras[j]) and (style == "plain" or _style(text, paras[j]) == style):
                introduced_by[j] = i
                j += 1
            i = j if j > i + 1 else i + 1
            continue
        i += 1
    for idx, p in enumerate(paras):
        posts.extend(_posts_in_paragraph(text, p, introduced_by.get(idx)))
    return sorted(posts, key=lambda q: q.start)


def _style(text: str, p: Paragraph) -> str:
    ptext = text[p.start : p.end]
    if _HANDLE_LINE.match(ptext) or _HEADER.match(ptext) or _SIGNATURE.search(ptext):
        return "formatted"
    if _strip_outer_quotes(ptext) != (0, len(ptext)):
        return "quoted"
    return "plain"


def _looks_like_post(text: str, p: Paragraph) -> bool:
    ptext = text[p.start : p.end]
    if _SEPARATOR.match(ptext):
        return False
    if _HANDLE_LINE.match(ptext) or _HEADER.match(ptext) or _SIGNATURE.search(ptext):
        return True
    if _strip_outer_quotes(ptext) != (0, len(ptext)):
        return True
    # Reporter text again: a reporting verb outside quote marks means the article has resumed.
    return not _ATTRIBUTION_OUTSIDE.search(_outside_quotes(ptext))


def _posts_in_paragraph(text: str, p: Paragraph, intro: int | None) -> list[EmbeddedPost]:
    ptext = text[p.start : p.end]
    heads = list(_HANDLE_LINE.finditer(ptext))
    if heads:
        out = []
        for k, m in enumerate(heads):
            body_end = heads[k + 1].start() if k + 1 < len(heads) else len(ptext)
            handle = "@" + m.group("handle")
            name = (m.group("name") or "").strip()
            author = f"{name} ({handle})" if name else handle
            out.append(_post(p.start + m.end(), p.start + body_end, text, author, intro))
        return [x for x in out if x is not None]
    m = _HEADER.match(ptext)
    if m:
        end_m = _HEADER_END.search(ptext, m.end())
        body_end = end_m.start() if end_m else len(ptext)
        post = _post(p.start + m.end(), p.start + body_end, text, (m.group("name") or "").strip() or None, intro)
        return [post] if post else []
    m = _SIGNATURE.search(ptext)
    if m:
        author = f"{m.group('name').strip()} (@{m.group('handle')})"
        post = _post(p.start, p.start + m.start(), text, author, intro)
        return [post] if post else []
    if intro is not None:
        s, e = _strip_outer_quotes(ptext)
        post = _post(p.start + s, p.start + e, text, None, intro)
        return [post] if post else []
    return []


def _post(start: int, end: int, text: str, author: str | None, intro: int | None) -> EmbeddedPost | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return EmbeddedPost(start, end, author, intro) if end > start else None


def _strip_outer_quotes(ptext: str) -> tuple[int, int]:
    """(start, end) inside a paragraph wholly wrapped in one pair of quote marks, else the whole paragraph."""
    for pair in _OUTER_QUOTES:
        if len(ptext) > 2 and ptext[0] == pair[0] and ptext.rstrip()[-1] == pair[1]:
            inner = ptext[1 : len(ptext.rstrip()) - 1]
            if pair[0] not in inner[:-1] or pair[0] == pair[1] and inner.count(pair[0]) % 2 == 0:
                return 1, len(ptext.rstrip()) - 1
    return 0, len(ptext)


def _outside_quotes(ptext: str) -> str:
    return re.sub(r"[“\"«‘][^”\"»’]*[”\"»’]", " ", ptext)
