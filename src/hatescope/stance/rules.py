"""Stage 5: who endorses, reports, quotes, counters, negates or asks about each finding.

Narrow findings (a lexicon term, a phrase) are judged from the words around them: the voice they are
in (their segment), then local cues (stance.cues). Wide findings (a classifier score for a whole
sentence or post) have no single position, so they follow the narrow findings inside them when
there are any ("anchors"), and otherwise the sentences inside them that name a group.
Every change is recorded with ``Finding.adjusted`` so the analysis shows why.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from hatescope.detect.senses import innocent_spans
from hatescope.document import Document
from hatescope.stance import cues, speech_acts
from hatescope.stance.index import PRONOUN_MENTION, TERMINAL as _TERMINAL, in_group_words, mentions_between
from hatescope.stance.voices import REACH as _REACH, context as _context, next_sentence as _next_sentence
from hatescope.stance.voices import norm as _norm, segment_index as _index, sentence_bounds as _sentence_bounds, voice as _voice
from hatescope.stance.learned import counter_probability
from hatescope.types import Finding, Segment

#: A finding covering at least this share of its sentence's characters is "wide" (a classifier unit).
WIDE_SHARE = 0.6
#: Labels whose narrow findings a wide finding follows (an insult word says nothing about whose hate it is).
HATEFUL_LABELS = frozenset({"hate", "dehumanization", "incitement", "threat", "antisemitism", "coded_language"})
#: Labels for which asking still counts as saying it ("Should we kill all X?").
_NO_QUESTION = {"incitement", "threat"}
#: Order in which a wide finding takes the stance of its anchors when none endorses.
_PREFERENCE = ("counter", "negated", "report", "quote", "question")
#: The learned counter-speech model overrides "endorse" only above this probability (no hateful dev case
#: scores above 0.56; see docs/CONTEXT.md).
LEARNED_COUNTER_MIN = 0.7


_FIRST_PERSON_NEG = re.compile(r"\b(?:i|we|i'm|we're|i'd|we'd)\s+(?:\w+\s+){0,2}?(?:never|not|n't|\w+n't|no longer)\b")


@dataclass(frozen=True)
class Verdict:
    stance: str
    reason: str
    segment: int | None


def assign_stance(doc: Document, findings: list[Finding]) -> list[Finding]:
    """Findings with stance (and, when a finding really lies in a quote or post, that segment) set."""
    wide = [_is_wide(doc, f) for f in findings]
    verdicts: dict[int, Verdict] = {}
    for i, f in enumerate(findings):
        if not wide[i]:
            verdicts[i] = _narrow(doc, f)
    # Sorted by start (then by position) so that a wide finding finds those inside it by bisection.
    anchors = sorted(((findings[i].start, i, findings[i], verdicts[i]) for i in verdicts), key=lambda a: a[:2])
    for i, f in enumerate(findings):
        if wide[i]:
            verdicts[i] = _wide(doc, f, anchors)
    out = []
    for i, f in enumerate(findings):
        v = verdicts[i]
        if v.stance != f.stance or v.segment != f.segment or v.reason != "author's own voice":
            f = f.adjusted("stance", v.reason, stance=v.stance, segment=v.segment)
        out.append(f)
    return out


def _is_wide(doc: Document, f: Finding) -> bool:
    ns, ne = _norm(doc, f.start, f.end)
    sent = doc.sentence_at(ns)
    if sent is None:
        return ne - ns > 40
    return (ne - ns) >= WIDE_SHARE * max(1, sent.nend - sent.nstart) and len(doc.text[ns:ne].split()) > 1



# ----------------------------------------------------------------------------- narrow findings
def _narrow(doc: Document, f: Finding) -> Verdict:
    seg = _voice(doc, f.start, f.end)
    idx = seg.index if seg is not None else f.segment
    ns, ne = _norm(doc, f.start, f.end)
    lo, hi = _context(doc, ns, ne, seg)
    local = _cue_stance(doc, ns, ne, lo, hi, f.label)
    if seg is not None and seg.kind == "quote":
        if local is not None:
            return Verdict(local[0], f"{local[1]} (inside the words of {seg.speaker or 'a quoted speaker'})", idx)
        host = _host_stance(doc, seg)
        if host is not None:
            return Verdict(host[0], host[1], idx)
        who = seg.speaker or "an unnamed speaker"
        if seg.stance == "endorse":
            return Verdict("endorse", "the author quotes their own words", idx)
        what = "reported speech" if seg.stance == "report" else "quotation"
        return Verdict(seg.stance, f"{what}: the words of {who}, not the author's", idx)
    if local is not None:
        return Verdict(local[0], local[1], idx)
    return _own_voice(doc, seg, lo, hi, idx)


def _cue_stance(doc: Document, ns: int, ne: int, lo: int, hi: int, label: str) -> tuple[str, str] | None:
    """Counter, negated or question from the words around [ns, ne) inside [lo, hi)."""
    text = doc.text
    before, after = text[lo:ns], text[ne:hi]
    neg = cues.negation_scope_hits(text, lo, ns)
    if neg is not None and not (cues.FRAME.search(text, neg.end(), ns) or _polarity(doc, neg.end(), ne, (ns, ne)) != "positive"):
        neg = None  # negated praise ("not welcome", "don't want … here") insults
    if neg is not None and _FIRST_PERSON_NEG.search(text, max(lo, neg.start() - 25), neg.end()):
        return "negated", f"the writer denies it (“{neg.group(0).strip()}”)"
    clause = text[cues.clause_start(text, lo, ns) : ns]
    if cues.CALLED_ME.search(clause):
        return "report", "the writer reports being called it"
    if cues.OTHERS_INTENT.search(clause) and not (cues.SIDES_WITH.search(clause) or cues.SIDES_WITH.search(after)):
        return "report", "describes what others tried or wanted to do"
    if cues.HISTORY_PLAN.search(clause) and not (cues.SIDES_WITH.search(clause) or cues.SIDES_WITH.search(after)
                                                   or cues.SIDES_WITH.search(_next_sentence(doc, ne).lower())):
        return "report", "tells a historical plan or act, without siding with it"
    if cues.PROHIBIT.search(clause):
        return "counter", "the writer tells people not to say it"
    if cues.WRONG_TO.search(clause) or cues.CONDEMN_ACT.search(clause):
        return "counter", "the writer condemns saying it"
    if cues.frames(clause):
        if cues.condemns(after) or cues.condemns(before):
            return "counter", "presented as somebody's words and condemned"
        if cues.CONDEMN_NEXT.search(_next_sentence(doc, ne).lower()):
            return "counter", "presented as somebody's words and condemned in the next sentence"
    if neg is not None:
        return "negated", f"inside the scope of “{neg.group(0).strip()}”"
    if _is_question(doc, lo, hi, label):
        return "question", "asked, not asserted"
    return None


def _polarity(doc: Document, pos: int, end: int, finding: tuple[int, int] | None) -> str | None:
    """Polarity of the first evaluative word after a negation: praise negated is an insult."""
    for w in re.finditer(r"[\w']+", doc.text[pos:end]):
        a, b = pos + w.start(), pos + w.end()
        if finding is not None and finding[0] <= a < finding[1]:
            return "negative"
        if in_group_words(doc, a):
            continue
        word = w.group(0)
        if cues.NEGATIVE.fullmatch(word):
            return "negative"
        if cues.DESIRE.fullmatch(word):
            return "negative" if cues.HARM.search(doc.text, b, end) else "positive"
        if cues.POSITIVE.fullmatch(word):
            return "positive"
    return None if finding is None else "negative"


#: A question presuming that no member ever did a good thing ("has a single X ever paid …?").
_PRESUMES_NONE = re.compile(
    r"\b(?:a single|one single|name one|even one)\b|\bever\s+(?:\w+\s+){0,2}?(?:faithful|honest|loyal|paid|worked|contributed)\b"
)


def _is_question(doc: Document, lo: int, hi: int, label: str) -> bool:
    sentence = doc.text[lo:hi].strip()
    if label in _NO_QUESTION or not sentence.endswith("?") or cues.VIOLENCE.search(sentence):
        return False
    if cues.ANSWERED.search(_next_sentence(doc, hi - 1).lower()):
        return False
    if speech_acts.sincere_question(sentence, doc.text[hi : hi + _REACH]):
        return True
    if speech_acts.hostile_question(sentence) and not cues.QUESTION_START.search(sentence):
        return False  # "why are X always …?": the question presumes its answer
    if _PRESUMES_NONE.search(sentence):
        return False  # "has an X ever been faithful?": presumes none has
    return bool(cues.QUESTION_START.search(sentence)) and not cues.RHETORICAL.search(sentence)


def _host_stance(doc: Document, seg: Segment) -> tuple[str, str] | None:
    """Stance from the words around a quotation: condemned, negated, or agreed with by the writer."""
    text = doc.text
    qs, qe = _norm(doc, seg.start, seg.end)
    qs, qe = max(0, qs - 1), min(len(text), qe + 1)  # include the quote marks
    lo, _ = _sentence_bounds(doc, qs, qs)
    _, hi = _sentence_bounds(doc, qe, qe)
    lo, hi = min(max(lo, qs - _REACH), qs), max(min(hi, qe + _REACH), qe)
    before, after = text[lo:qs], text[qe:hi]
    nxt = _next_sentence(doc, max(qe, hi - 1)).lower() if hi < len(text) else ""
    who = seg.speaker or "the quoted speaker"
    if (cues.AGREE.search(after) or cues.AGREE.search(nxt[:80]) or cues.AGREE_BEFORE.search(before)
            or speech_acts.AGREE_AFTER.search(after) or speech_acts.AGREE_AFTER.search(nxt[:120])):
        return "endorse", f"the writer agrees with {who}"
    if cues.PROHIBIT.search(before) or cues.WRONG_TO.search(before) or cues.CONDEMN_ACT.search(before):
        return "counter", f"the writer condemns what {who} said"
    if cues.condemns(before) or cues.condemns(after) or cues.CONDEMN_NEXT.search(nxt) or cues.condemns_back(nxt):
        return "counter", f"quoted and condemned ({who})"
    neg = cues.negation_scope_hits(text, lo, qs)
    if neg is not None:
        return "negated", f"quoted inside the scope of “{neg.group(0).strip()}”"
    return None


def _learned(doc: Document, lo: int, hi: int) -> tuple[str, str] | None:
    p = counter_probability(doc.text[lo:hi])
    if p is not None and p >= LEARNED_COUNTER_MIN:
        return "counter", f"counter-speech model p={p:.2f}"
    return None


# ----------------------------------------------------------------------------- wide findings
def _wide(doc: Document, f: Finding, anchors: list[tuple[int, int, Finding, Verdict]]) -> Verdict:
    """``anchors``: (start, position, finding, verdict) of the narrow findings, sorted."""
    lo, hi = bisect.bisect_left(anchors, (f.start,)), bisect.bisect_left(anchors, (f.end + 1,))
    inside = [v for _, _, a, v in sorted(anchors[lo:hi], key=lambda x: x[1]) if a.end <= f.end and a.label in HATEFUL_LABELS]
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
        return _narrow(doc, f)
    ns, ne = _norm(doc, f.start, f.end)
    innocent = _innocent_word(doc, ns, ne)
    if innocent is not None:
        return Verdict("report", f"its only charged word is read in an everyday sense: {innocent}", idx)
    verdicts = [_sentence_verdict(doc, lo, hi, f.label) for lo, hi in _hate_bearing(doc, ns, ne)]
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
    breaks = list(cues.CLAUSE_BREAK.finditer(doc.text, pos, hi))
    for k, m in enumerate(breaks):
        end = breaks[k + 1].start() if k + 1 < len(breaks) else hi
        clause = doc.text[m.start() : end]
        named = bool(mentions_between(doc, m.start(), end)) or re.match(r"\W*(?:and\s+)?(?:they|them|these|those)\b", clause[1:])
        if named and not cues.FRAME.search(clause) and any(cues.NEGATIVE.fullmatch(w) for w in re.findall(r"[\w']+", clause)):
            return True
    return False


def _hate_bearing(doc: Document, ns: int, ne: int) -> list[tuple[int, int]]:
    """Sentences inside [ns, ne) that name a group (all of them when none does)."""
    sents, pos = [], ns
    for m in _TERMINAL.finditer(doc.text, ns, ne):
        if m.start() > pos:
            sents.append((pos, m.start() + 1))
        pos = m.end()
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


def _sentence_verdict(doc: Document, lo: int, hi: int, label: str) -> Verdict:
    """Stance of one sentence of a wide finding, anchored on its first group mention."""
    start, end = doc.to_original(lo, hi)
    mentions = mentions_between(doc, lo, hi)
    starts, _ = _index(doc)
    inner = [s for s in doc.segments[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)] if s.kind != "author"]
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
            return _narrow(doc, Finding(label, a_start, max(a_end, a_start + 1), "", 1.0, "anchor", segment=anchor_seg.index))
    seg = _voice(doc, start, end)
    idx = seg.index if seg is not None else None
    text = doc.text
    if mentions:
        a, b = mentions[0].nstart, mentions[0].nend
        before, after = text[lo:a], text[b:hi]
    else:
        b = lo
        before = after = text[lo:hi]
    asserted_later = _asserted_later(doc, b, hi)
    if not asserted_later and (
        cues.PROHIBIT.search(before) or cues.WRONG_TO.search(before) or cues.CONDEMN_ACT.search(before)
    ):
        return Verdict("counter", "the writer condemns saying it", idx)
    if not asserted_later and cues.frames(before) and (
        cues.condemns(after) or cues.CONDEMN_NEXT.search(_next_sentence(doc, b).lower())
    ):
        return Verdict("counter", "presented as somebody's words and condemned", idx)
    for neg in cues.NEGATION.finditer(text, lo, hi):
        if cues.NOT_A_NEGATION.match(text, neg.start()) or cues.PRETEND.search(text, max(lo, neg.start() - 60), neg.start()):
            continue
        stop = cues.SCOPE_END.search(text, neg.end(), hi)
        if speech_acts.contrast_claim(text, stop, hi):
            continue  # "I don't hate X, I just think they should …": the claim is the clause after "just"
        end = stop.start() if stop else hi
        if _predicate_denied(doc, neg, end):
            return Verdict("negated", f"inside the scope of “{neg.group(0).strip()}”", idx)
        break
    if _is_question(doc, lo, hi, label):
        return Verdict("question", "asked, not asserted", idx)
    if speech_acts.solidarity(text[lo:hi]):
        return Verdict("counter", "solidarity: the writer stands with the group", idx)
    return _own_voice(doc, seg, lo, hi, idx)


#: Negations that quantify the subject ("no human is …", "nobody here is …"): their predicate is after the verb.
_DETERMINER_NEG = re.compile(r"no|nobody|none|no one|neither")
_VERB = re.compile(r"\b(?:is|are|was|were|be|'s|'re|should|must|will|can|could)\b")
#: A predicate in scare quotes: denying a label defends ("trans women aren't 'men in dresses'").
_QUOTED_LABEL = re.compile(r"^\s*(?:[\w']+\s+){0,3}?[\"“‘']\s*\w")


def _predicate_denied(doc: Document, neg: re.Match[str], end: int) -> bool:
    """Whether the negation denies something bad (its predicate has a negative word or is a quoted label)."""
    start = neg.end()
    if _DETERMINER_NEG.fullmatch(neg.group(0).strip()):
        verb = _VERB.search(doc.text, start, end)
        start = verb.end() if verb else start
    if _QUOTED_LABEL.match(doc.text[start:end]):
        return True
    return _polarity(doc, start, end, None) == "negative"


def _own_voice(doc: Document, seg: Segment | None, lo: int, hi: int, idx: int | None) -> Verdict:
    """No cue decided: an embedded post is its author's own voice; else the learned model, else the author's."""
    if seg is not None and seg.kind == "embedded_post":
        return Verdict("endorse", f"embedded post: the own words of {seg.speaker or 'its author'}", idx)
    learned = _learned(doc, lo, hi)
    if learned is not None:
        return Verdict(learned[0], learned[1], idx)
    return Verdict("endorse", "author's own voice", idx)
