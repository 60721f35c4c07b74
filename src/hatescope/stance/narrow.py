"""Stance of a narrow finding (a lexicon term, a phrase): from the voice it is in, then the words around it.

Inside a quotation or reported speech the cues inside the quoted words come first, then the words around the
quote (agreement, condemnation, negation); outside, counter-speech, first-person denial, negation scope and
questions (stance.cues, stance.speech_acts); with no cue, the writer's own voice (stance.verdict).
"""

from __future__ import annotations

import re

from hatescope.document import Document
from hatescope.labels import catalogue as label_catalogue
from hatescope.stance import cues, endorsement, reactions, speech_acts
from hatescope.stance.polarity import polarity
from hatescope.stance.verdict import HEDGE, Verdict, own_voice
from hatescope.stance.voices import REACH as _REACH, context as _context, next_sentence as _next_sentence
from hatescope.stance.voices import following_sentences as _following
from hatescope.stance.voices import norm as _norm, sentence_bounds as _sentence_bounds, voice as _voice
from hatescope.types import Finding, Segment

_FIRST_PERSON_NEG = re.compile(r"\b(?:i|we|i'm|we're|i'd|we'd)\s+(?:\w+\s+){0,2}?(?:never|not|n't|\w+n't|no longer)\b")


def narrow(doc: Document, f: Finding) -> Verdict:
    seg = _voice(doc, f.start, f.end)
    idx = seg.index if seg is not None else f.segment
    ns, ne = _norm(doc, f.start, f.end)
    lo, hi = _context(doc, ns, ne, seg)
    local = _cue_stance(doc, ns, ne, lo, hi, f.label)
    if seg is not None and seg.kind == "quote":
        if local is not None and local[0] == "endorse":
            local = None  # the quoted speaker agrees with someone: whether the writer does is read around the quote
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
    if seg is None or seg.kind == "author":
        shown = reactions.verdict_on_mention(doc, ns, ne, lo, hi)  # "'X' in the group chat. Left."
        if shown is not None:
            return Verdict(shown[0], shown[1], idx)
    return own_voice(doc, seg, lo, hi, idx)


def _cue_stance(doc: Document, ns: int, ne: int, lo: int, hi: int, label: str) -> tuple[str, str] | None:
    """Counter, negated or question from the words around [ns, ne) inside [lo, hi)."""
    text, c = doc.text, cues.for_doc(doc)
    before, after = text[lo:ns], text[ne:hi]
    neg = cues.negation_scope_hits(text, lo, ns, c)
    if neg is not None and not (c.frame.search(text, neg.end(), ns) or polarity(doc, neg.end(), ne, (ns, ne), c) != "positive"):
        neg = None  # negated praise ("not welcome", "don't want … here") insults
    # "I don't hate X, I just …": denied here, but a finding over the whole sentence must not follow the denial.
    # The scope's end is looked for inside the sentence's reach only: an unbounded search made a long run-on text
    # quadratic (every finding scanned the rest of the text).
    hedge = HEDGE if neg is not None and speech_acts.disclaimer(text, lo, neg.start(),
                                                                c.scope_end.search(text, neg.end(), hi + 1)) else ""
    if neg is not None and _FIRST_PERSON_NEG.search(text, max(lo, neg.start() - 25), neg.end()):
        return "negated", f"{hedge}the writer denies it (“{neg.group(0).strip()}”)"
    clause = text[cues.clause_start(text, lo, ns, c) : ns]
    if cues.CALLED_ME.search(clause):
        return "report", "the writer reports being called it"
    if cues.OTHERS_INTENT.search(clause) and not (cues.SIDES_WITH.search(clause) or cues.SIDES_WITH.search(after)):
        return "report", "describes what others tried or wanted to do"
    if cues.HISTORY_PLAN.search(clause) and not (cues.SIDES_WITH.search(clause) or cues.SIDES_WITH.search(after)
                                                   or cues.SIDES_WITH.search(_next_sentence(doc, ne).lower())):
        return "report", "tells a historical plan or act, without siding with it"
    if c.prohibit.search(clause):
        return "counter", "the writer tells people not to say it"
    if c.wrong_to.search(clause) or cues.condemns_act(clause, c):
        return "counter", "the writer condemns saying it"
    if endorsement.generic_frame(clause, c):  # "if you think X, …", "anyone who says X is …": the main clause decides
        judged = endorsement.generic_verdict(after, _next_sentence(doc, ne).lower(), c)
        if judged is not None:
            return judged
    if cues.frames(clause, c):
        if cues.condemns(after, c) or cues.condemns(before, c):
            return "counter", "presented as somebody's words and condemned"
        if c.condemn_next.search(_next_sentence(doc, ne).lower()):
            return "counter", "presented as somebody's words and condemned in the next sentence"
    late = cues.framed_after(after, c)
    if late is not None:
        return "counter", late
    punished = reactions.punished_frame(doc, clause, ne, hi)  # "removed a comment comparing X to dogs"
    if punished is not None:
        return punished
    if neg is not None:
        return "negated", f"{hedge}inside the scope of “{neg.group(0).strip()}”"
    denied = cues.denied_after(text, ns, hi, c)  # from the evidence: "hamam bocegi degil" denies the word itself
    if denied is not None:
        return "negated", f"denied by “{denied.group(0).strip()}” after it"
    if is_question(doc, lo, hi, label):
        return "question", "asked, not asserted"
    return None


#: A question presuming that no member ever did a good thing ("has a single X ever paid …?").
_PRESUMES_NONE = re.compile(
    r"\b(?:a single|one single|name one|even one)\b|\bever\s+(?:\w+\s+){0,2}?(?:faithful|honest|loyal|paid|worked|contributed)\b"
)


def is_question(doc: Document, lo: int, hi: int, label: str) -> bool:
    sentence = doc.text[lo:hi].strip()
    if _asked_still_counts(label) or not sentence.endswith("?") or cues.VIOLENCE.search(sentence):
        return False
    if cues.ANSWERED.search(_next_sentence(doc, hi - 1).lower()):
        return False
    if speech_acts.insinuated(sentence, doc.text[hi : hi + _REACH]):
        return False  # "… ? just asking": the question is the writer's claim
    if speech_acts.sincere_question(sentence, doc.text[hi : hi + _REACH]):
        return True
    if speech_acts.hostile_question(sentence) and not cues.QUESTION_START.search(sentence):
        return False  # "why are X always …?": the question presumes its answer
    if _PRESUMES_NONE.search(sentence):
        return False  # "has an X ever been faithful?": presumes none has
    return bool(cues.QUESTION_START.search(sentence)) and not cues.RHETORICAL.search(sentence)


def _host_stance(doc: Document, seg: Segment) -> tuple[str, str] | None:
    """Stance from the words around a quotation: condemned, negated, or agreed with by the writer."""
    text, c = doc.text, cues.for_doc(doc)
    qs, qe = _norm(doc, seg.start, seg.end)
    qs, qe = max(0, qs - 1), min(len(text), qe + 1)  # include the quote marks
    lo, _ = _sentence_bounds(doc, qs, qs)
    _, hi = _sentence_bounds(doc, qe, qe)
    lo, hi = min(max(lo, qs - _REACH), qs), max(min(hi, qe + _REACH), qe)
    before, after = text[lo:qs], text[qe:hi]
    nxt = _next_sentence(doc, max(qe, hi - 1)).lower() if hi < len(text) else ""
    who = seg.speaker or "the quoted speaker"
    if endorsement.generic_frame(before, c):
        # "Whoever says X …" read as reported speech: the writer's main clause follows the claim, inside the segment.
        judged = endorsement.generic_verdict(text[qs:hi], nxt, c)
        if judged is not None:
            return judged
    if (c.agree.search(after) or c.agree.search(nxt[:80]) or cues.AGREE_BEFORE.search(before)
            or speech_acts.AGREE_AFTER.search(after) or speech_acts.AGREE_AFTER.search(nxt[:120])):
        return "endorse", f"the writer agrees with {who}"
    judged = endorsement.verdict_on_report(after, before, _following(doc, max(qe, hi - 1), endorsement.FOLLOWING) if hi < len(text) else [],
                                           text[lo:hi], c, own=seg.stance == "endorse")
    if judged is not None:
        return judged[0], f"{judged[1]} ({who})"
    if c.prohibit.search(before) or c.wrong_to.search(before) or cues.condemns_act(before, c):
        return "counter", f"the writer condemns what {who} said"
    if cues.condemns(before, c) or cues.condemns(after, c) or c.condemn_next.search(nxt) or cues.condemns_back(nxt, c):
        return "counter", f"quoted and condemned ({who})"
    neg = cues.negation_scope_hits(text, lo, qs, c)
    if neg is not None:
        return "negated", f"quoted inside the scope of “{neg.group(0).strip()}”"
    return None


def _asked_still_counts(label: str) -> bool:
    """Labels for which asking still counts as saying it ("Should we kill all X?"): their declaration says so."""
    spec = label_catalogue.spec(label)
    return spec is not None and spec.asked_still_counts
