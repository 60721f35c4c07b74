"""Build the voices of a text: author paragraphs, quotations, reported speech and embedded posts.

One sequential pass, so that pronouns ("he added") and introductions ("The posts read:") resolve to
the speaker named last. Segments are returned sorted by start; ``parent`` points at the innermost
enclosing segment.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from hatescope.segment.posts import EmbeddedPost, Paragraph, find_posts, paragraphs
from hatescope.segment.quotes import Quote, find_quotes
from hatescope.segment.quote_index import QuoteCover, Spoken, enclosing_starts
from hatescope.context_cues import verbs_alternation
from hatescope.segment import language_speakers, speakers as sp
_MENTION_FRAME = re.compile(
    r"(?<!-)\b(call|calls|called|calling|say|says|said|saying|word|words|term|terms|phrase|label|labels|labelled|"
    r"labeled|describe|describes|described|describing|name|names|named|dubbed|branded|like|as|chant|chants|"
    r"chanted|chanting|shout|shouted|shouting|yell|yelled|yelling|scream|screamed|screaming|read|reads|reading|"
    r"wrote|writing|posted|tweeted|sign|banner|slogan|words|phrase)\s*[:,]?\s*$",
    re.IGNORECASE,
)
_POST_VERBS = {"wrote", "writes", "posted", "posts", "tweeted", "tweets"}
_PARTICIPLES = ["saying", "claiming", "shouting", "chanting", "suggesting", "insisting", "arguing", "telling"]
_NAMING_VERBS = {"called", "calls", "calling", "described", "describes", "describing", "labelled", "labeled",
                 "branded", "dubbed", "compared", "compares", "likened", "referred", "refers"}
_REPORT_RE = re.compile(
    r"\b(" + "|".join(sp.REPORT_VERBS + sorted(_NAMING_VERBS) + _PARTICIPLES) + "|" + verbs_alternation(sp.OTHER_REPORT_VERBS) + r")\b"
)
_OTHER_VERBS = frozenset(sp.OTHER_REPORT_VERBS)
_OTHER_SPEECH = frozenset(sp.OTHER_SPEECH_VERBS)
#: After another language's reporting verb: its "that" ("sagte, dass …", "dijo que …", "a dit que …").
_OTHER_THAT = re.compile(r"[\s,]*(?:(?:" + verbs_alternation(sp.OTHER_COMPLEMENTIZERS) + r")\b|:)?\s*")
#: The subject of another language's reporting verb when it is no proper name: "Der Abgeordnete", "El diputado".
_OTHER_SUBJECT = re.compile(
    r"\b(?:" + verbs_alternation(sp.OTHER_DETERMINERS) + r")\s+(?:[\w’'\-]+\s+){0,3}?[\w’'\-]+\s*$", re.IGNORECASE
)
_ENGLISH_THAT = re.compile(r"[\s,]*(?:to|as)?\s*(?:that\b|:)?\s*")
_ACCORDING_HEAD = re.compile(r"\s*according\s+to\s+([^,]{2,80}),\s*", re.IGNORECASE)
_CLAUSE_HEAD = re.compile(
    r"(?:[\w’'\-]+\s+){0,4}?(?:is|are|was|were|be|should|must|will|would|can|could|have|has|had|need|deserve\w*|"
    r"\w+s|\w+ed)\b"
)
# Where the writer's own voice comes back after reported words.
_WRITER_BACK = re.compile(
    r"\s+(?:and|but|so)\s+(?:he|she|they|i|we|you|it|that|this|honestly)\b|[,;]\s*(?:and|but|which|so|although)\b|"
    r"\s+(?:which|and that)\s+(?:is|was)\b", re.IGNORECASE
)
_TAG_TAIL = re.compile(r"[”\"»’],?\s*(?:\S+\s+){0,4}$")
_TOLD_OBJECT = re.compile(r"\s+(?:me|us|him|her|them|you|reporters|journalists|the \w+|[A-Z]\w+)\b")
#: How far from a quote attribution is looked for (characters): keeps long texts linear.
_LOOK = 400
#: Short unattributed quotes of at most this many words are scare quotes: still the author's voice.
SCARE_QUOTE_WORDS = 3
#: Quotes nested deeper than this (0 = outermost) are read as words of the quote around them. Real text
#: nests two or three levels; the cap keeps the voices of a text of unclosed marks (“‘“‘…) linear,
#: since each level's quotes are disjoint and a segment carries its own text.
MAX_QUOTE_DEPTH = 5


@dataclass
class RawSegment:
    start: int
    end: int
    kind: str
    speaker: str | None
    stance: str


def build_voices(text: str, kind: str, sentences: list[tuple[int, int]]) -> list[RawSegment]:
    """The voices of ``text`` (the reading view, stray marks blanked), attributing within ``sentences``: the segment
    stage's split (``doc.sentences``' normalised bounds, which are the reading view's), sorted by start."""
    book = sp.SpeakerBook()
    book.learn_names(text)
    paras = paragraphs(text) if kind == "article" else [Paragraph(0, len(text))]
    all_quotes = sorted(_shallow(find_quotes(text)), key=lambda q: q.open_mark)  # once: a quote may run over paragraphs
    opens = [q.open_mark for q in all_quotes]
    posts = find_posts(text, paras) if kind == "article" else []
    post_starts = [q.start for q in posts]  # sorted by start
    intros = {q.intro for q in posts}
    out: list[RawSegment] = []
    intro_author: dict[int, str | None] = {}
    for idx, p in enumerate(paras):
        ptext = text[p.start : p.end]
        inside = posts[bisect.bisect_left(post_starts, p.start) : bisect.bisect_left(post_starts, p.end)]
        if idx in intros:
            intro_author[idx] = _intro_author(ptext, book)
        if inside:
            for post in inside:
                author = _post_author(post, intro_author.get(post.intro) if post.intro is not None else None)
                out.append(RawSegment(post.start, post.end, "embedded_post", author, "endorse"))
                _voices_within(text, post.start, post.end, _quotes_in(text, post.start, post.end), book, out,
                               sentences=sentences, article=False)
            continue
        if kind == "article":
            out.append(RawSegment(p.start, p.end, "author", None, "endorse"))
        else:
            out.append(RawSegment(0, len(text), "author", None, "endorse"))
        book.position = p.start
        mine = all_quotes[bisect.bisect_left(opens, p.start) : bisect.bisect_left(opens, p.end)]
        _voices_within(text, p.start, p.end, mine, book, out, sentences=sentences, article=kind == "article")
    return sorted(out, key=lambda s: (s.start, -s.end))


def _post_author(post: EmbeddedPost, intro_name: str | None) -> str | None:
    if post.author is None:
        return intro_name
    if not post.author.startswith("@") and "(@" not in post.author:
        return sp.canonical(post.author)  # "[Post by Deputy Mayor Ivo Kral]" → "Ivo Kral"
    if intro_name and post.author.startswith("@"):
        return f"{intro_name} ({post.author})"
    return post.author


def _intro_author(ptext: str, book: sp.SpeakerBook) -> str | None:
    m = re.search(r"([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)[’']s\b", ptext)
    if m:
        return book.resolve(m.group(1), remember=False)
    if re.search(r"\b(his|her|their|he|she|they)\b", ptext, re.IGNORECASE):
        return book.last_poster or book.last
    subj = sp.sentence_subject(ptext)
    if subj is not None and _REPORT_RE.search(ptext):
        return book.resolve(subj, remember=False)
    return book.last_poster or book.last


def _sentences_within(text: str, start: int, end: int, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences of one paragraph or post [start, end): the document's, clipped to it. The first begins
    where the paragraph or post does (after "@handle: "); the others after the marks blanked before them."""
    out = []
    for k in range(max(0, bisect.bisect_right(sentences, (start, float("inf"))) - 1), len(sentences)):
        s, e = sentences[k]
        if s >= end:
            break
        while start < s < e and text[s].isspace():
            s += 1
        s, e = max(s, start), min(e, end)
        if e > s:
            out.append((s, e))
    return out


def _sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    i = bisect.bisect_right(sents, (pos, float("inf"))) - 1
    if 0 <= i < len(sents) and sents[i][0] <= pos < sents[i][1]:
        return sents[i]
    return sents[-1] if sents else (pos, pos)


def _quotes_in(text: str, start: int, end: int) -> list[Quote]:
    """Quotes of text[start:end] alone (an embedded post), in original offsets."""
    return [
        Quote(q.start + start, q.end + start, q.open_mark + start, q.close_mark + start, q.style, q.depth)
        for q in _shallow(find_quotes(text[start:end]))
    ]


def _shallow(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if q.depth <= MAX_QUOTE_DEPTH]


def _voices_within(text: str, start: int, end: int, quotes: list[Quote], book: sp.SpeakerBook,
                   out: list[RawSegment], *, sentences: list[tuple[int, int]], article: bool) -> None:
    """Quotes (those opening here) and reported speech inside one paragraph or post, in reading order."""
    sents = _sentences_within(text, start, end, sentences)
    spoken = Spoken()
    enclosing = enclosing_starts(quotes)
    for q in sorted(quotes, key=lambda q: q.start):
        speaker, found = _quote_speaker(text, q, enclosing.get(id(q)), sents, spoken, book, end)
        before = text[max(_sentence_of(sents, q.open_mark)[0], q.open_mark - _LOOK) : q.open_mark]
        listed = spoken.listed_before(text, q)
        if not found and not listed and _scare_quote(text[q.start : q.end]) and not _MENTION_FRAME.search(before[-40:]):
            continue  # scare quotes: the author's own voice
        first_person = speaker is not None and speaker.lower() in sp.FIRST_PERSON
        name = None if first_person else book.resolve(speaker)
        stance = "endorse" if first_person else ("report" if article and (name or found) else "quote")
        spoken.add(q, name)
        out.append(RawSegment(q.start, q.end, "quote", name, stance))
    by_open = sorted(quotes, key=lambda q: q.open_mark)
    opens = [q.open_mark for q in by_open]
    for s, e in sents:
        near = by_open[bisect.bisect_left(opens, s - _LOOK) : bisect.bisect_right(opens, e)]
        found = len(out)
        _reported_clause(text, s, e, near, book, out)
        if len(out) == found and (other := language_speakers.reported(text[s:e])) is not None:
            _add_clause(text, s, s + other[1], s + other[2], other[0], book, out, near)


_CLAUSE_WORD = re.compile(r"\b(is|are|was|were|be|been|am|should|must|will|would|can|could|have|has|do|does|need|deserve\w*)\b", re.I)


def _scare_quote(content: str) -> bool:
    """A few words with no verb ("so-called “experts”") mark the author's irony, not another voice."""
    return len(content.split()) <= SCARE_QUOTE_WORDS and not _CLAUSE_WORD.search(content)


def _quote_speaker(text, q, enclosing_start, sents, spoken, book, para_end) -> tuple[str | None, bool]:
    """(speaker phrase, whether an attribution was found) for one quote."""
    s_start, _ = _sentence_of(sents, q.open_mark)
    s_start = max(s_start, q.open_mark - _LOOK)  # attribution is near the quote; keeps long texts linear
    if q.depth and enclosing_start is not None:  # nested: only look inside the enclosing quote
        s_start = max(s_start, enclosing_start)
    after = text[q.close_mark + 1 : min(max(para_end, _paragraph_end(text, q.close_mark)), q.close_mark + _LOOK)]
    before = text[s_start : q.open_mark]
    who = _speaker_before(before, spoken, s_start)
    if who is None and not _ends_sentence(text, q) or who is None and _bare_tag(after):
        who = sp.tag_after(after)
    if who is None:  # no capitals, the verb first or last, no spaces: the cue files' [attribution] rules
        who = language_speakers.quote_speaker(before, after)
    if who is not None:
        if who.lower() not in sp.FIRST_PERSON and (_last_verb_is_post(text[s_start : q.open_mark]) or _post_tag(after)):
            book.last_poster = book.resolve(who, remember=False)
        return who, True
    # Continuation: a quote that opens its own sentence goes on in the voice of the previous quote.
    if spoken and not text[s_start : q.open_mark].strip():
        prev = spoken.same_voice_before(q)
        return prev, prev is not None
    return None, False


def _speaker_before(before: str, spoken, s_start: int) -> str | None:
    m = re.search(r"\baccording\s+to\s+(.{1,80}?)(?:,|$)", before, re.IGNORECASE)
    if m:
        return sp.speaker_before_verb(m.group(1)) or m.group(1).strip()
    verbs = list(sp._VERB_RE.finditer(before))
    if not verbs:
        return None
    v = verbs[-1]
    head = before[: v.start()]
    if v.group(1).endswith("ing"):
        if head.rstrip().endswith(","):
            return sp.sentence_subject(head)  # "X defended the posts, saying …": X speaks
        return _participle_subject(head)
    who = sp.speaker_before_verb(head)
    if who is None and v.group(1).lower() in _OTHER_SPEECH:
        subject = _OTHER_SUBJECT.search(head.rstrip(" ,"))  # "Le maire a déclaré : « … »"
        who = subject.group(0).strip() if subject else None
    if who is not None:
        return who
    if spoken.last_named is not None and spoken.last_named[0].start >= s_start:
        return spoken.last_named[1]  # "… said “…” and called on …": the same speaker goes on
    return sp.sentence_subject(head)


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def _paragraph_end(text: str, pos: int) -> int:
    m = _BLANK_LINE.search(text, pos, pos + _LOOK)
    return m.start() if m else min(len(text), pos + _LOOK)


def _ends_sentence(text: str, q: Quote) -> bool:
    return text[q.start : q.end].rstrip()[-1:] in ".!?…"


def _bare_tag(after: str) -> bool:
    """'“…” Marr said.': a short tag that ends the sentence right away."""
    return bool(re.match(r"\s*[,—–\-]?\s*(?:\S+\s+){1,4}?(?:said|wrote|added|says|writes)\s*[.!?]", after[:60]))


def _last_verb_is_post(before: str) -> bool:
    verbs = list(sp._VERB_RE.finditer(before))
    return bool(verbs) and verbs[-1].group(1) in _POST_VERBS


def _post_tag(after: str) -> bool:
    return bool(re.match(r"\s*[,—–\-]?\s*\S+(?:\s+\S+){0,4}?\s+(wrote|posted|tweeted)\b", after[:80]))


def _reported_clause(text: str, s: int, e: int, quotes: list[Quote], book: sp.SpeakerBook, out: list[RawSegment]) -> None:
    """Reported speech without quote marks ("Marr said the language was …") becomes a quote segment.

    Three shapes: SPEAKER + reporting verb (+ that) + clause; SPEAKER + naming verb + object
    ("the group called refugees cockroaches"); NOUN + speech participle ("posts claiming X are …").
    "According to X, …" reports the rest of the sentence. The clause ends where the writer's own
    voice comes back ("… and I agree", "…, which is wrong").
    """
    sentence = text[s:e]
    m = _ACCORDING_HEAD.match(sentence)
    if m:
        who = sp.speaker_before_verb(m.group(1)) or m.group(1).strip()
        aside = re.match(r"(?:who|which|whose|where)\b[^,]*,\s*", sentence[m.end() :])
        _add_clause(text, s, s + m.end() + (aside.end() if aside else 0), e, who, book, out, quotes)
        return
    inside_quote = QuoteCover(quotes)
    for v in _REPORT_RE.finditer(sentence):
        # What is skipped is decided on the last words before the verb: a run-on sentence with a verb
        # after every quote does not copy its whole beginning for each one.
        tail = sentence[max(0, v.start() - _LOOK) : v.start()]
        if _TAG_TAIL.search(tail) or inside_quote(s + v.start()):
            continue  # a speech tag after a quote ("…,” Diaz told supporters)
        verb = v.group(1)
        participle = verb.endswith("ing")
        if participle and tail.rstrip().endswith(","):
            continue  # "X defended the posts, saying …": the quote logic handles it
        head = sentence[: v.start()]
        foreign = verb.lower() in _OTHER_VERBS
        who = _participle_subject(head) if participle else sp.speaker_before_verb(head)
        if who is None and foreign:
            subject = _OTHER_SUBJECT.search(head.rstrip(" ,"))
            who = subject.group(0).strip() if subject else None
        if who is None and head.rstrip().endswith(" and"):
            who = sp.sentence_subject(head)
        if who is not None and who.lower() in sp.PRONOUNS and book.last is None:
            who = sp.sentence_subject(head) or who  # "President X … in which he described …"
        if who is None or who.lower() in sp.FIRST_PERSON or sp.is_generic(who):
            return
        cstart = v.end()
        if verb in {"told", "tells", "telling"}:
            mo = _TOLD_OBJECT.match(sentence, cstart)
            cstart = mo.end() if mo else cstart
        mo = (_OTHER_THAT if foreign else _ENGLISH_THAT).match(sentence[cstart:])
        cstart += mo.end() if mo else 0
        rest = sentence[cstart:]
        if not rest[:1] or rest[:1] in "“\"«‘'" or not re.match(r"\w", rest):
            return  # nothing reported here, or a quote that speaks for itself
        if verb not in _NAMING_VERBS and not foreign and not _CLAUSE_HEAD.match(rest):
            return  # "said on Tuesday …" (no clause follows)
        _add_clause(text, s, s + cstart, e, who, book, out, quotes)
        return


def _add_clause(text, s, cstart, e, who, book, out, quotes) -> None:
    sentence_end = s + len(text[s:e].rstrip(" .!?…"))
    stop = _WRITER_BACK.search(text, cstart, sentence_end)
    cend = stop.start() if stop else sentence_end
    if any(cstart <= q.open_mark < cend for q in quotes):
        return  # the quotation inside speaks for itself, with its own attribution
    if cend - cstart >= 6:
        out.append(RawSegment(cstart, cend, "quote", book.resolve(who), "report"))


def _participle_subject(head: str) -> str | None:
    """Who speaks in "posts claiming …" / "the minister was quoted as saying …"."""
    head = re.sub(r"\s+(?:was|were|is|are|been)\s+(?:quoted|heard|seen|filmed|recorded|caught)(?:\s+as)?$", "", head.rstrip())
    head = re.sub(r"\s+as$", "", head)
    if re.search(r"\b(?:after|before|for|by|while|when|without|since|despite)\s*$", head, re.IGNORECASE):
        m = re.match(r"\s*((?:the|a|an|my|our|his|her|their)\s+[\w'’-]+)", head, re.IGNORECASE)
        return m.group(1) if m else sp.sentence_subject(head)  # "A councillor resigned after calling …"
    who = sp.speaker_before_verb(head)
    if who is not None:
        return who
    m = re.search(r"([A-Za-z][\w'’-]*s)\s*$", head)  # "posts claiming …", "signs saying …"
    return m.group(1) if m and m.group(1).lower() not in sp._NOT_NAMES else None
