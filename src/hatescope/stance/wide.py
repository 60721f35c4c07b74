"""Stance of a wide finding (a classifier score for a whole sentence or post), which has no single position.

It follows the narrow findings inside it when there are any ("anchors": endorse if any is endorsed), otherwise
the sentences inside it that name a group, each judged from its first group mention; a span whose only charged
word the lexicon read in an everyday sense is a report of that word.
"""

from __future__ import annotations

import bisect
import re

from hatescope.detect.senses import innocent_spans
from hatescope.document import Document
from hatescope.labels import catalogue as label_catalogue
from hatescope.stance import cues, endorsement, reactions, speech_acts
from hatescope.stance.index import PRONOUN_MENTION, boundaries, mentions_between
from hatescope.stance.narrow import is_question, narrow
from hatescope.stance.polarity import predicate_denied
from hatescope.stance.verdict import HEDGE, Verdict, own_voice
from hatescope.stance.voices import following_spans, next_sentence as _next_sentence, norm as _norm
from hatescope.stance.voices import segment_index as _index
from hatescope.stance.voices import voice as _voice
from hatescope.types import Finding

#: A quote mark that opens a word shown as a word: at a word's start, before a letter.
_OPENING_MARK = re.compile(r"(?<!\w)['\"“‘«](?=\w)")
#: Order in which a wide finding takes the stance of its anchors when none endorses.
_PREFERENCE = ("counter", "negated", "report", "quote", "question")


def wide(doc: Document, f: Finding, anchors: list[tuple[int, int, Finding, Verdict]]) -> Verdict:
    """``anchors``: (start, position, finding, verdict) of the narrow findings, sorted."""
    lo, hi = bisect.bisect_left(anchors, (f.start,)), bisect.bisect_left(anchors, (f.end + 1,))
    # Only hateful labels' narrow findings are followed (an insult word says nothing about whose hate it is).
    inside = [v for _, _, a, v in sorted(anchors[lo:hi], key=lambda x: x[1])
              if a.end <= f.end and label_catalogue.is_hateful(a.label) and not v.reason.startswith(HEDGE)]
    seg = _voice(doc, f.start, f.end)
    idx = seg.index if seg is not None else f.segment
    if inside:
        if any(v.stance == "endorse" for v in inside):
            return Verdict("endorse", "follows the endorsed evidence inside it", idx)
        stance = min((v.stance for v in inside), key=_PREFERENCE.index)
        why = next(v.reason for v in inside if v.stance == stance)
        seg_idx = next(v.segment for v in inside if v.stance == stance)
        return Verdict(stance, f"follows the evidence inside it: {why}", seg_idx)
    if seg is not None and seg.kind == "quote" and seg.start <= f.start and f.end <= seg.end:
        # A span that fills a quoted sentence ('"The holocaust is a hoax"', heard and listed by the writer)
        # is wide for its sentence but still inside someone else's words: judge it there, as a narrow one.
        return narrow(doc, f)
    ns, ne = _norm(doc, f.start, f.end)
    innocent = _innocent_word(doc, ns, ne)
    if innocent is not None:
        return Verdict("report", f"its only charged word is read in an everyday sense: {innocent}", idx)
    verdicts, read = [], -1
    for lo, hi in _hate_bearing(doc, ns, ne):
        if lo < read and not mentions_between(doc, lo, hi) and not _OPENING_MARK.search(doc.text, lo, hi):
            continue  # the writer's verdict on an attack or on quoted words before it: judged with that sentence
        verdict, read = _sentence_verdict(doc, lo, hi, f.label)
        verdicts.append(verdict)
    if verdicts and all(v.stance != "endorse" for v in verdicts):
        stance = min((v.stance for v in verdicts), key=_PREFERENCE.index)
        return next(v for v in verdicts if v.stance == stance)
    if seg is not None and seg.kind == "embedded_post":
        return Verdict("endorse", f"embedded post: the own words of {seg.speaker or 'its author'}", idx)
    return Verdict("endorse", "author's own voice", idx)


def _innocent_word(doc: Document, ns: int, ne: int) -> str | None:
    """A lexicon term inside [ns, ne) that the lexicon read in its innocent sense ("a fag and a coffee"),
    when no group is named there: the score of a span with no hateful evidence left is that word's."""
    spans = [why for a, b, why in innocent_spans(doc) if ns <= a and b <= ne]
    if not spans or any(not _is_pronoun(doc, m) and m.kind == "people" for m in mentions_between(doc, ns, ne)):
        return None
    return spans[0]


def _asserted_later(doc: Document, pos: int, hi: int) -> bool:
    """A later clause that says something bad about a group in the writer's own words (“…, they are vermin”)."""
    c = cues.for_doc(doc)
    breaks = list(c.clause_break.finditer(doc.text, pos, hi))
    for k, m in enumerate(breaks):
        end = breaks[k + 1].start() if k + 1 < len(breaks) else hi
        clause = doc.text[m.start() : end]
        named = bool(mentions_between(doc, m.start(), end)) or re.match(r"\W*(?:and\s+)?(?:they|them|these|those)\b", clause[1:])
        if named and not c.frame.search(clause) and any(c.negative.fullmatch(w) for w in re.findall(r"[\w']+", clause)):
            return True
    return False


def _hate_bearing(doc: Document, ns: int, ne: int) -> list[tuple[int, int]]:
    """Sentences inside [ns, ne) that name a group (all of them when none does)."""
    between, sents, pos = boundaries(doc), [], ns
    # The segment stage's sentences (doc.sentences), cut where a boundary lies wholly inside [ns, ne).
    for k in range(bisect.bisect_left(between.stops, ns), len(between.stops)):
        if between.visible[k] >= ne:
            break
        if between.stops[k] > pos:
            sents.append((pos, between.stops[k] + 1))
        pos = min(between.ends[k], ne)
    if pos < ne:
        sents.append((pos, ne))
    sents = [(a, b) for a, b in sents if doc.text[a:b].strip()]
    named = [(a, b) for a, b in sents if mentions_between(doc, a, b)]
    explicit = [(a, b) for a, b in named if any(not _is_pronoun(doc, m) for m in mentions_between(doc, a, b))]
    _, nstarts = _index(doc)
    quoting = [(a, b) for a, b in sents if any(
        doc.segments[i].kind != "author" for i in range(bisect.bisect_left(nstarts, a), bisect.bisect_left(nstarts, b)))]
    # A sentence that only refers back ("They are people.") continues the one that named the group;
    # with no group named, the sentences quoting or reporting someone carry the hate.
    return explicit or named or quoting or sents


def _is_pronoun(doc: Document, m) -> bool:
    return bool(PRONOUN_MENTION.fullmatch(doc.text[m.nstart : m.nend]))


def _sentence_verdict(doc: Document, lo: int, hi: int, label: str) -> tuple[Verdict, int]:
    """Stance of one sentence of a wide finding, anchored on its first group mention, and where the words it was judged
    from end: the sentence's end, or that of the sentences after it when they decide (an attack it reports, then
    "hope they're ok" or "find those cowards"). With no cue, the writer's own voice."""
    verdict = _sentence_stance(doc, lo, hi, label)
    if verdict is not None:
        return verdict, hi
    seg = _voice(doc, *doc.to_original(lo, hi))
    idx = seg.index if seg is not None else None
    after = following_spans(doc, max(lo, hi - 1), endorsement.FOLLOWING)
    end = after[-1][1] if after else hi
    shown = _shown_verdict(doc, lo, hi)  # words in quote marks, judged with the sentences after them
    if shown is not None:
        return Verdict(shown[0], shown[1], idx), end
    named = [m for m in mentions_between(doc, lo, hi) if not _is_pronoun(doc, m)]
    event = endorsement.verdict_on_event(doc.text[lo:hi], [doc.text[a:b].lower() for a, b in after], cues.for_doc(doc),
                                         group_end=named[0].nend - lo if named else None)
    if event is not None:
        return Verdict(event[0], event[1], idx), end
    return own_voice(doc, seg, lo, hi, idx), hi


def _sentence_stance(doc: Document, lo: int, hi: int, label: str) -> Verdict | None:
    """The stance that the sentence's own words give it; None where no cue decides and the sentence asserts nothing
    hostile after its group mention (then the sentences after it may decide)."""
    start, end = doc.to_original(lo, hi)
    mentions = mentions_between(doc, lo, hi)
    inner = _inner_segments(doc, start, end)
    if mentions:
        a_start, a_end = doc.to_original(mentions[0].nstart, mentions[0].nend)
    elif inner:  # no group named: the quoted or reported words are what the sentence is about
        a_start, a_end = inner[0].start, min(inner[0].end, inner[0].start + 1)
    else:
        a_start = a_end = None
    if a_start is not None:
        anchor_seg = _voice(doc, a_start, max(a_end, a_start + 1))
        if anchor_seg is not None and anchor_seg.kind != "author":
            # Named inside a quotation, reported speech or a post: judge it there.
            return narrow(doc, Finding(label, a_start, max(a_end, a_start + 1), "", 1.0, "anchor", segment=anchor_seg.index))
    seg = _voice(doc, start, end)
    idx = seg.index if seg is not None else None
    text, c = doc.text, cues.for_doc(doc)
    if mentions:
        a, b = mentions[0].nstart, mentions[0].nend
        before, after = text[lo:a], text[b:hi]
    else:
        b = lo
        before = after = text[lo:hi]
    asserted_later = _asserted_later(doc, b, hi)
    if not asserted_later and (
        c.prohibit.search(before) or c.wrong_to.search(before) or cues.condemns_act(before, c)
    ):
        return Verdict("counter", "the writer condemns saying it", idx)
    if not asserted_later and endorsement.generic_frame(before, c):  # "if you think X, …": the main clause decides
        judged = endorsement.generic_verdict(after, _next_sentence(doc, b).lower(), c)
        if judged is not None:
            return Verdict(judged[0], judged[1], idx)
    if not asserted_later and cues.frames(before, c) and (
        cues.condemns(after, c) or c.condemn_next.search(_next_sentence(doc, b).lower())
        or _condemned_before_frame(before, c)
    ):
        return Verdict("counter", "presented as somebody's words and condemned", idx)
    late = None if asserted_later else cues.framed_after(after, c)
    if late is not None:
        return Verdict("counter", late, idx)
    for neg in c.negation.finditer(text, lo, hi):
        if c.not_a_negation.match(text, neg.start()) or cues.PRETEND.search(text, max(lo, neg.start() - 60), neg.start()):
            continue
        if cues.negative_question(text, lo, neg, c):
            continue  # "isn't every X a …?": the question's form, not a denial
        stop = c.scope_end.search(text, neg.end(), hi)
        if speech_acts.contrast_claim(text, stop, hi):
            continue  # "I don't hate X, I just think they should …": the claim is the clause after "just"
        if speech_acts.disclaimer(text, lo, neg.start(), stop):
            break  # "I don't hate X. I just find them …": the hedge denies an attitude, the claim after it decides
        end = stop.start() if stop else hi
        if predicate_denied(doc, neg, end, c):
            return Verdict("negated", f"inside the scope of “{neg.group(0).strip()}”", idx)
        break
    denied = cues.denied_after(text, b, hi, c)
    if denied is not None:
        return Verdict("negated", f"denied by “{denied.group(0).strip()}” after it", idx)
    if is_question(doc, lo, hi, label):
        return Verdict("question", "asked, not asserted", idx)
    if speech_acts.solidarity(text[lo:hi]):
        return Verdict("counter", "solidarity: the writer stands with the group", idx)
    if not mentions and not inner and not c.is_english and cues.condemns_back(text[lo:hi], c):
        # "Это мерзко." after the words it condemns: where the target finder knows no group name of the
        # language, every sentence of the span is judged, and this one judges the one before.
        return Verdict("counter", "condemns the words before it", idx)
    return own_voice(doc, seg, lo, hi, idx) if asserted_later else None


def _shown_verdict(doc: Document, lo: int, hi: int) -> tuple[str, str] | None:
    """The writer's verdict on words in quote marks in the sentence [lo, hi): a group named, or else the first phrase,
    between quote marks in the writer's own voice ("'X = crime' poster. Took it down.", "'gas the X' in the chat again.
    mods asleep?"), or a moderation notice about quoted words ("… but 'X are all Y' gets you muted")."""
    mentions = mentions_between(doc, lo, hi)
    spans = [(mentions[0].nstart, mentions[0].nend)] if mentions else []
    opening = _OPENING_MARK.search(doc.text, lo, hi)
    # The first quoted phrase when no group is named, or when the quote follows a colon ("… hear daily: 'X', 'Y'"):
    # not "my neighbour texted 'Eid Mubarak' and I blocked him", where the hate is not in the quoted words.
    if opening is not None and (not mentions or doc.text[lo : opening.start()].rstrip().endswith(":")):
        spans.append((opening.end(), opening.end() + 1))
    for at, to in spans:
        start, end = doc.to_original(at, to)
        seg = _voice(doc, start, max(end, start + 1))
        shown = reactions.verdict_on_mention(doc, at, to, lo, hi) if seg is None or seg.kind == "author" else None
        if shown is not None:
            return shown
    inner = _inner_segments(doc, *doc.to_original(lo, hi))
    moderation = cues.for_doc(doc).pattern("moderation")
    if inner and moderation is not None and moderation.search(doc.text, _norm(doc, inner[0].start, inner[0].end)[0], hi):
        return endorsement.MODERATED
    return None


def _condemned_before_frame(before: str, c) -> bool:
    """A condemning word ahead of the frame ("it's vile how people say …", "isn't it weird how people still
    believe …"): the writer judges what the framed people say."""
    frame = c.frame.search(before)
    return frame is not None and cues.condemns(before[: frame.end()], c)


def _inner_segments(doc: Document, start: int, end: int) -> list:
    """The quotations, reported speech and embedded posts that start in [start, end) of the original text."""
    starts, _ = _index(doc)
    return [s for s in doc.segments[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)] if s.kind != "author"]
