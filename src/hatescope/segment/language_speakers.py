"""Speakers where English's clues fail: scripts without capitals, the verb first or last, no spaces.

English finds a speaker by its capitals ("Marr said") or its article ("the councillor said"); Arabic, Hebrew,
Persian, Hindi and Chinese have no capitals, Russian lowers its titles ("депутат Сидоров"), Arabic puts the verb
first ("قال النائب إن …"), Turkish last ("Bakan … dedi") and Chinese writes no spaces ("市长在电台节目中说"). What
stands where is data: a cue file's ``[attribution]`` table (docs/CONTEXT.md, "Languages") says where the speaker
stands and which words end it:

* ``speaker``: ``"before_verb"`` (the phrase right before the verb, after the last comma or colon),
  ``"first"`` (the sentence's first phrase, up to a comma or an end word: Turkish puts what is said between the
  speaker and the verb) or ``"after_verb"`` (the phrase right after it, up to "that", a colon or a quote mark);
* ``ends``: words that end the speaker phrase (prepositions, "thus", "in the broadcast"); ``end_prefixes`` and
  ``end_suffixes``: what a word that ends it begins or ends with (Arabic "لل…" "to the", Turkish "…da" "in");
* ``markers``: a word written right after the speaker (Hindi "ने"); ``skip``: words before it ("yesterday");
* ``not_speakers``: words that make a phrase no speaker (I, we, someone, nobody), beside the language's own
  negation and condemnation cues ("我谴责那些说…", "没有人应该说…" are the writer's voice);
* ``speaker_max``: the most words a speaker has (characters, in a script without spaces);
* ``according_to``, ``according_to_after``: "according to X," frames before or after the speaker
  (:mod:`hatescope.segment.according_to`).

Each language's verbs (``speech_verbs``, ``report_verbs``, ``naming_verbs``) pick its rules, so attribution
needs no language guess; the English rules (segment/voices.py) go first and these answer only where they do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Iterator

from hatescope.context_cues import _data, available, load, words_pattern
from hatescope.segment.according_to import according_to, frames_pattern
from hatescope.segment.verb_needle import compile_needle, language_needle_parts, needle_parts, verbs_of, word_start

#: Where a speaker phrase is cut off from what comes before it: a clause's punctuation or a quote mark.
_PUNCT = ",;:،؛、\"“”«»„‟‹›「」『』״"
_LAST_PUNCT = re.compile("[" + re.escape(_PUNCT) + "][^" + re.escape(_PUNCT) + "]*$")
_QUOTE_MARKS = "\"“”«»„‟‹›「」『』״'‘’"
#: Between a verb and a quote it introduces ("сказал в эфире радио: «…»"): a few words at most.
_BRIDGE_WORDS = 5
_WORD = re.compile(r"\w")
#: How far from its verb a speaker and what was said are read (characters): keeps a long sentence of many verbs linear.
_LOOK = 400
#: The verbs of one sentence tried for a speaker: a sentence reports with its first few, and a run-on text of
#: thousands of verbs is not read thousands of times.
_VERBS_TRIED = 8


@dataclass(frozen=True)
class SpeakerRules:
    """One language's ``[attribution]`` table, compiled with its verbs and the cues that refuse a speaker."""

    language: str
    verbs: re.Pattern[str]
    naming: re.Pattern[str] | None
    position: str
    verb_final: bool
    spaced: bool
    most: int
    ends: re.Pattern[str] | None
    markers: re.Pattern[str] | None
    skip: re.Pattern[str] | None
    refuse: re.Pattern[str]
    that: re.Pattern[str] | None
    #: "According to X," with the frame before the speaker (``according_to``) or after it (``according_to_after``).
    according: re.Pattern[str] | None = None
    according_after: re.Pattern[str] | None = None
    #: What a sentence must hold to hold one of the verbs (a letter of their script, an ASCII verb's first word):
    #: most posts are passed over with one cheap search instead of every language's verb alternation.
    needle: re.Pattern[str] | None = None

    def size(self, phrase: str) -> int:
        return len(phrase.split()) if self.spaced else len(re.sub(r"\W", "", phrase))

    def cut(self, phrase: str) -> str:
        """``phrase`` up to its first end word, with the ``skip`` words before it dropped."""
        lead = len(phrase) - len(phrase.lstrip())
        while self.skip is not None and (m := self.skip.match(phrase, lead)) and m.end() > lead:
            lead = m.end()
        end = self.ends.search(phrase, lead) if self.ends is not None else None
        stop = end.start() if end else len(phrase)
        return phrase[lead:stop].strip(" " + _PUNCT)

    def accept(self, phrase: str) -> str | None:
        phrase = phrase.strip(" " + _PUNCT)
        if not phrase or not _WORD.search(phrase) or self.size(phrase) > self.most:
            return None
        if any(ch in _QUOTE_MARKS for ch in phrase) or self.refuse.search(phrase):
            return None
        return phrase


def _compile(words: list[str], *, spaced: bool, prefixes: tuple[str, ...] = ()) -> re.Pattern[str] | None:
    # The cue words are lower case; the voices are read with the writer's capitals ("Вчера депутат …").
    return re.compile(words_pattern(words, boundaries=spaced, prefixes=prefixes), re.IGNORECASE) if words else None


def _affixes(prefixes: list[str], suffixes: list[str], spaced: bool) -> list[str]:
    """Patterns for words that begin or end with one of these (only where words are spaced)."""
    if not spaced:
        return []
    out = [r"(?<!\w)" + re.escape(p) + r"\w+" for p in prefixes]
    return out + [r"(?<!\w)\w+" + re.escape(s) + r"(?!\w)" for s in suffixes]


def _rules(language: str) -> SpeakerRules | None:
    if verbs_of(language) is None:
        return None
    data = _data(language) or {}
    table = data["attribution"]
    cues = load(language)
    spaced, prefixes = cues.word_boundaries, cues.prefixes
    said, naming = list(cues.words("speech_verbs") + cues.words("report_verbs")), list(cues.words("naming_verbs"))
    verbs = _compile(said, spaced=spaced, prefixes=prefixes)
    assert verbs is not None  # verbs_of found some
    ends = _compile(list(table.get("ends", ())), spaced=spaced)
    end_alts = ([ends.pattern] if ends else []) + _affixes(table.get("end_prefixes", []), table.get("end_suffixes", []), spaced)
    # A phrase holding a negation or a condemnation is the writer's own ("nobody should say", "I condemn those who say").
    refusals = [_compile(list(table.get("not_speakers", ())), spaced=spaced)]
    refusals += [cues.pattern(key) for key in ("negation", "condemn", "condemn_act", "prohibit")]
    return SpeakerRules(
        language=language, verbs=verbs,
        naming=_compile(naming, spaced=spaced, prefixes=prefixes),
        position=str(table.get("speaker", "before_verb")), verb_final=cues.verb_final, spaced=spaced,
        most=int(table.get("speaker_max", 4)),
        ends=re.compile("|".join(end_alts), re.IGNORECASE) if end_alts else None,
        markers=_compile(list(table.get("markers", ())), spaced=spaced),
        skip=_compile([w + " " if spaced else w for w in table.get("skip", ())], spaced=spaced),
        refuse=re.compile("|".join(f"(?:{p.pattern})" for p in refusals if p is not None), re.IGNORECASE),
        that=_compile(list(cues.words("complementizers")), spaced=spaced, prefixes=()),
        needle=compile_needle([needle_parts([w.rstrip("*") for w in said + naming], word_start=word_start(data))]),
        according=frames_pattern(list(table.get("according_to", ())), spaced=spaced, prefixes=prefixes),
        according_after=_compile(list(table.get("according_to_after", ())), spaced=spaced),
    )


@lru_cache(maxsize=1)
def all_rules() -> tuple[SpeakerRules, ...]:
    """The languages whose cue file has an ``[attribution]`` table."""
    return tuple(_rules_of(language) for language, _ in _candidates())


@lru_cache(maxsize=1)
def _candidates() -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    """(language, needle) of each language ``all_rules`` holds, in its order. Compiling a language's rules (and its
    cues) costs a tenth of a second; most processes read posts that no needle but a few ever admits, so each
    language's rules are compiled when a text first holds its needle."""
    found = []
    for language in sorted(available()):
        verbs = verbs_of(language)
        if verbs is not None:
            found.append((language, compile_needle([language_needle_parts(language)])))
    return tuple(found)


@lru_cache(maxsize=None)
def _rules_of(language: str) -> SpeakerRules:
    rules = _rules(language)
    assert rules is not None  # a candidate
    return rules


@lru_cache(maxsize=1)
def _any_needle() -> re.Pattern[str] | None:
    """Every language's needle in one search: most sentences (English ones) hold none, and are passed over at once."""
    parts = [language_needle_parts(language) for language, _ in _candidates()]
    if not parts or any(p.empty for p in parts):
        return None  # a language with no needle reads every sentence
    return compile_needle(parts)


def _admitted(*texts: str) -> Iterator[SpeakerRules]:
    """The rules, in ``all_rules`` order, of each language whose needle one of ``texts`` holds."""
    anywhere = _any_needle()
    if anywhere is not None and not any(anywhere.search(text) for text in texts):
        return
    for language, needle in _candidates():
        if needle is None or any(needle.search(text) for text in texts):
            yield _rules_of(language)


def _speaker_before(rules: SpeakerRules, head: str) -> str | None:
    """The speaker of a verb whose preceding text in the sentence is ``head``."""
    if rules.position == "after_verb":
        return None
    if rules.position == "first":
        first = re.split("[" + re.escape(_PUNCT) + "]", head, maxsplit=1)[0]
        return rules.accept(rules.cut(first))
    last = _LAST_PUNCT.search(head)
    phrase = head[last.start() + 1 :] if last else head
    marks = list(rules.markers.finditer(phrase)) if rules.markers is not None else []
    if marks:  # "मंत्री ने रैली में कहा": the speaker is what the marker follows
        return rules.accept(rules.cut(phrase[: marks[-1].start()]))
    return rules.accept(rules.cut(phrase))


def _speaker_after(rules: SpeakerRules, tail: str, *, needs_that: bool) -> tuple[str, int] | None:
    """The speaker right after a verb (Arabic "قال النائب إن …"), and where what is said starts in ``tail``."""
    stops = [m.start() for m in re.finditer("[" + re.escape(_PUNCT) + ".!?؟]", tail)]
    that = rules.that.search(tail) if rules.that is not None else None
    if that is not None:
        stops.append(that.start())
    if not stops:
        if needs_that:
            return None
        stops.append(len(tail))
    stop = min(stops)
    if needs_that and tail[stop : stop + 1] not in ":" + _QUOTE_MARKS and not (that and that.start() == stop):
        return None  # "وصف اللاجئين بالحشرات …": without "that" the words after a verb are its object
    who = rules.accept(rules.cut(tail[:stop]))
    if who is None:
        return None
    if that is not None and that.start() == stop:
        return who, that.end()
    # An opening quote mark stays at the start of what is said: a quotation speaks for itself (_report_at), so the
    # writer's own words after its closing mark ("… «…» وأنا معه") are not read as the speaker's.
    return who, stop if tail[stop : stop + 1] in _QUOTE_MARKS else stop + 1


def reported(sentence: str) -> tuple[str, int, int] | None:
    """(speaker, start, end) of words reported without quote marks in ``sentence`` ("Депутат заявил, что …",
    "Milletvekili, … oldugunu soyledi", "قال النائب إن …"), by the first language whose verbs and rules read it."""
    for rules in _admitted(sentence):
        verbs = [rules.verbs] + ([rules.naming] if rules.naming is not None and rules.position != "after_verb" else [])
        for pattern in verbs:
            for verb in islice(pattern.finditer(sentence), _VERBS_TRIED):
                found = _report_at(rules, sentence, verb)
                if found is not None:
                    return found
        according = according_to(rules, sentence)
        if according is not None:  # "לדברי X, …", "По словам X, …": the rest of the sentence is X's
            found = _said_from(sentence, according[0], according[1])
            if found is not None:
                return found
    return None


def _said_from(sentence: str, who: str, start: int) -> tuple[str, int, int] | None:
    """(who, start, end) of the words reported from ``start`` to the end of ``sentence``; None when a quotation
    opens them (it speaks for itself, with its own attribution)."""
    end = len(sentence.rstrip(" .!?…。।॥؟۔"))
    while start < end and not _WORD.match(sentence[start]):
        if sentence[start] in _QUOTE_MARKS:
            return None
        start += 1
    return (who, start, end) if end - start >= 2 else None


def _report_at(rules: SpeakerRules, sentence: str, verb: re.Match[str]) -> tuple[str, int, int] | None:
    end = len(sentence.rstrip(" .!?…。।॥؟۔"))
    if rules.position == "after_verb":
        found = _speaker_after(rules, sentence[verb.end() : verb.end() + _LOOK], needs_that=True)
        if found is None:
            return None
        who, start = found[0], verb.end() + found[1]
    else:
        if rules.position == "first" and verb.start() > _LOOK:
            return None  # the speaker opens the sentence: too far from this verb
        who = _speaker_before(rules, sentence[max(0, verb.start() - _LOOK) : verb.start()])
        if who is None:
            return None
        start = _after_verb(rules, sentence, verb.end(), end)
        if start >= end and rules.verb_final:  # "Milletvekili, <what was said> soyledi"
            return _said_before_verb(rules, sentence, who, verb.start())
    while start < end and not _WORD.match(sentence[start]):
        if sentence[start] in _QUOTE_MARKS:
            return None  # a quotation speaks for itself, with its own attribution
        start += 1
    return (who, start, end) if end - start >= 2 else None


def _after_verb(rules: SpeakerRules, sentence: str, pos: int, end: int) -> int:
    """Where what is said begins after a verb: after "that" or a colon within a few words ("написал в телеграме,
    что …"), else right after the verb."""
    window = sentence[pos : min(end, pos + _LOOK)]
    bridge = " ".join(window.split()[:_BRIDGE_WORDS]) if rules.spaced else window[:12]
    m = rules.that.search(window) if rules.that is not None else None
    colon = window.find(":")
    cuts = [c for c in ((m.end() if m and m.start() <= len(bridge) else -1), (colon + 1 if 0 <= colon <= len(bridge) else -1)) if c >= 0]
    return pos + (min(cuts) if cuts else 0)


def _said_before_verb(rules: SpeakerRules, sentence: str, who: str, verb_start: int) -> tuple[str, int, int] | None:
    """A verb-final report: what was said lies between the speaker phrase and the verb."""
    head = sentence[:verb_start]
    at = head.find(who)
    if at < 0:
        return None
    start = at + len(who)
    while True:  # the end words after the speaker ("televizyonda") are not what was said
        rest = head[start:]
        m = re.match(r"[\s" + re.escape(_PUNCT) + r"]*", rest)
        start += m.end()
        nxt = rules.ends.match(head, start) if rules.ends is not None else None
        if nxt is None or nxt.end() <= start:
            break
        start = nxt.end()
    end = len(head.rstrip())
    return (who, start, end) if end - start >= 2 and _WORD.search(head[start:end]) else None


def quote_speaker(before: str, after: str) -> str | None:
    """The speaker of a quotation from the words of its sentence before it and after it: a verb before it
    ("Мэр сказал в эфире радио: «…»", "市长在电台节目中说：「…」") or right after it ("Bakan … «…» dedi",
    "«…», — сказал мэр"). A language whose verbs are in neither part is passed over (its needle)."""
    for rules in _admitted(before, after[:40]):
        verbs = list(rules.verbs.finditer(before))
        if verbs and _bridge_ok(rules, before[verbs[-1].end() :]):
            v = verbs[-1]
            if rules.position == "after_verb":
                found = _speaker_after(rules, before[v.end() :], needs_that=False)
                if found is not None:
                    return found[0]
            else:
                who = _speaker_before(rules, before[: v.start()])
                if who is not None:
                    return who
        m = rules.verbs.search(after[:40])
        if m is not None and not _WORD.search(after[: m.start()]):
            if rules.verb_final:  # "Bakan televizyonda «…» dedi": the speaker opens the sentence
                who = _speaker_before(rules, before)
            else:  # "«…», — сказал мэр."
                found = _speaker_after(rules, after[m.end() :], needs_that=False)
                who = found[0] if found is not None else None
            if who is not None:
                return who
        according = according_to(rules, before)
        if according is not None and not before[according[1] :].strip(" " + _QUOTE_MARKS):
            return according[0]  # "לדברי X, "…"": the quotation follows the frame
    return None


def _bridge_ok(rules: SpeakerRules, between: str) -> bool:
    return rules.size(between) <= _BRIDGE_WORDS if rules.spaced else rules.size(between) <= 8
