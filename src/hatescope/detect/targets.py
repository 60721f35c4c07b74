"""Who a text is about: mentions of protected groups, coded proxies and states.

The engine calls :func:`find_mentions` once per document (before the detectors) with its own
:class:`TargetFinder` (built from the group lexicon it is configured with) and stores the result in
``doc.mentions``; without a finder, the packaged groups are read (:func:`default_finder`).
A mention has a ``kind``:

* ``"people"`` — a group of people ("Jews", "immigrants", "trans women", "Israelis");
* ``"state"`` — a state, government or army ("Israel", "the Iranian regime"): criticism of it is
  not an attack on its people, so people-directed entries (slurs, dehumanising metaphors) do not
  take a state as their target;
* ``"proxy"`` — a coded stand-in ("Zionists", "globalists", "(((they)))") or a pronoun ("they",
  "these people") resolved to a group named shortly before.

Besides the groups a text names, :mod:`hatescope.detect.people_slots` finds groups implied by where a word
stands ("somali families", "the 🇸🇴 kids", "neighbours from eritrea"); they go to ``doc.implied_mentions``,
which target resolution (:func:`mentions_in_scope`) reads with ``doc.mentions`` and the stance stage does not.

:func:`target_for` names the target of any span, for other detectors (the classifier) to use.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from hatescope.detect import emoji_evidence, lexicon_files, people_slots
from hatescope.detect.phrases import PhraseMatcher
from hatescope.document import Document, Mention
from hatescope.facts import Component
from hatescope.segment.sentences import ensure_sentences

#: The file of a lexicon folder that lists the groups (the other files hold the lexicon detector's entries).
GROUPS_FILE = "groups.toml"
#: The target stage: it reads the sentences (a pronoun looks back two of them) and fills the fact "mentions".
STAGE = Component("hatescope.targets", requires=("sentences",), assigns=("mentions",))
_MENTION_INDEX_KEY = "hatescope.targets.mention_index"

# "(((name)))" — the echo that marks a person or group as Jewish.
ECHO = re.compile(r"\({3}\s*([^()\n]{1,40}?)\s*\){3}")
_PRONOUN = re.compile(r"\b(they|them|their|theirs|themselves|these people|those people|such people|that lot)\b")
# A pronoun looks back this many sentences for the group it stands for.
_PRONOUN_WINDOW = 2
#: How far from a span its sentence is searched for mentions, either side (characters): a run-on text
#: with no sentence end then costs the same per span as prose.
_REACH = 400


class TargetFinder:
    """Finds mentions with one phrase automaton over every group term."""

    @classmethod
    def from_file(cls, path: str | Path) -> "TargetFinder":
        """The groups of one ``groups.toml`` (``[[group]]`` tables; hatescope.detect.lexicon_files)."""
        return cls(lexicon_files.load([path]).groups)

    def __init__(self, groups: Sequence[lexicon_files.Group]) -> None:
        self.groups = list(groups)
        self._matcher: PhraseMatcher[lexicon_files.Group] = PhraseMatcher(
            (term, g) for g in self.groups for term in g.terms
        )
        self._slots = people_slots.Slots.build(self.groups)

    def find(self, doc: Document) -> list[Mention]:
        """The groups ``doc`` names (``doc.mentions``)."""
        return self.find_all(doc)[0]

    def find_all(self, doc: Document) -> tuple[list[Mention], list[Mention]]:
        """(named, implied): the groups ``doc`` names, and those that where a word stands implies ("somali
        families", "the 🇸🇴 kids"; hatescope.detect.people_slots) with the pronouns that refer back to them.
        Implied mentions say what a word is aimed at; the stance stage, anchored on the groups a sentence names,
        does not read them."""
        text = doc.text
        mentions = [
            Mention(m.start, m.end, m.payloads[0].target, m.payloads[0].protected, m.payloads[0].kind)
            for m in self._matcher.find(text)
        ]
        taken = Spans((x.nstart, x.nend) for x in mentions)
        mentions.extend(m for m in _demonyms(doc) if not taken.overlaps(m.nstart, m.nend))
        # The echo replaces whatever it overlaps (echoes never overlap each other).
        echoes = Spans(m.span() for m in ECHO.finditer(text))
        mentions = [x for x in mentions if not echoes.overlaps(x.nstart, x.nend)]
        mentions.extend(Mention(a, b, "jews", True, "proxy") for a, b in echoes.spans)
        mentions.sort(key=lambda x: x.nstart)
        named = _resolve_pronouns(doc, mentions)
        with_slots = people_slots.add_slot_mentions(doc, mentions, self._slots)
        if with_slots is mentions:
            return named, []
        with_slots.sort(key=lambda x: x.nstart)
        have = set(named)
        return named, [m for m in _resolve_pronouns(doc, with_slots) if m not in have]


# Peoples the group lexicon cannot list (every nationality, and the invented ones of fiction and
# satire): a capitalised plural demonym in mid-sentence ("the Ostrians"), a demonym adjective before
# a word for people ("Ostrian families"), a quantified singular ("every Ostrian"), or "the people of Ostria". Casing is read from the ORIGINAL
# text, since the normalised text is folded; a capitalised word opening a sentence is not trusted
# ("Politicians ..."), and common -ian nouns are excluded for headline-case text.
_DEMONYM_PLURAL = re.compile(r"\b[A-Z][a-z]{2,}(?:ians|ans|ese|ites|is)\b")
_DEMONYM_ADJ = re.compile(
    r"\b([A-Z][a-z]{2,}(?:ian|an|ese|ite|i|ish))\s+(?:people|peoples|nation|population|civilians|citizens|"
    r"children|families|women|men|refugees|migrants|minority|community|communities)\b"
)
_DEMONYM_EVERY = re.compile(r"\b(?:every|each|any|no|one)\s+([A-Z][a-z]{2,}(?:ian|an|ese|ite|i))\b")
_PEOPLE_OF = re.compile(r"\b(?:the\s+)?(?:people|peoples|population|citizens)\s+of\s+([A-Z][a-z]{2,})\b")
_NOT_PEOPLES = frozenset(
    "politicians musicians physicians technicians librarians comedians guardians civilians historians pedestrians "
    "vegetarians veterans electricians magicians statisticians mathematicians academicians beauticians clinicians "
    "humans titans spartans partisans artisans courtesans republicans".split()
)


def _demonyms(doc: Document) -> list[Mention]:
    original, out = doc.read_text, []  # case matters here: read the text as written (an HTML article's text)
    for rx, group_of, span_group in (
        (_DEMONYM_PLURAL, lambda m: m.group(0).lower(), 0),
        (_DEMONYM_ADJ, lambda m: m.group(1).lower() + "s", 0),
        (_DEMONYM_EVERY, lambda m: m.group(1).lower() + "s", 1),
        (_PEOPLE_OF, lambda m: "people of " + m.group(1).lower(), 0),
    ):
        for m in rx.finditer(original):
            group = group_of(m)
            if group in _NOT_PEOPLES or (rx is _DEMONYM_PLURAL and _opens_sentence(original, m.start())):
                continue
            nstart, nend = doc.norm.to_normalized(*doc.read_to_original(*m.span(span_group)))
            if nend > nstart:
                out.append(Mention(nstart, nend, group, True, "people"))
    return out


class Spans:
    """Half-open spans, merged where they touch, for "does [a, b) overlap any of them" in O(log n)."""

    def __init__(self, spans) -> None:
        self.spans = sorted(spans)
        self._starts: list[int] = []
        self._ends: list[int] = []
        for s, e in self.spans:
            if self._starts and s <= self._ends[-1]:
                self._ends[-1] = max(self._ends[-1], e)
            else:
                self._starts.append(s)
                self._ends.append(e)

    def overlaps(self, a: int, b: int) -> bool:
        """Whether the non-empty [a, b) shares a position with some span."""
        i = bisect.bisect_left(self._starts, b) - 1
        return i >= 0 and a < self._ends[i]


def _opens_sentence(text: str, pos: int) -> bool:
    i = pos  # text[:pos].rstrip(…) without copying the text before pos
    while i > 0 and text[i - 1] in " \t\"'“‘(":
        i -= 1
    return i == 0 or text[i - 1] in ".!?…:\n"


@lru_cache(maxsize=1)
def default_finder() -> TargetFinder:
    """The packaged groups' finder, shared by every engine configured with them."""
    return TargetFinder.from_file(lexicon_files.data_dir() / GROUPS_FILE)


def find_mentions(doc: Document, finder: TargetFinder | None = None) -> list[Mention]:
    """Group, proxy, state and pronoun mentions in ``doc.text`` (normalised offsets), in text order, by
    ``finder`` (an engine's; None: the packaged groups); the implied ones go to ``doc.implied_mentions``."""
    mentions, doc.implied_mentions = (finder if finder is not None else default_finder()).find_all(doc)
    doc.assigned.add("mentions")  # an empty list is a valid answer
    return mentions


def ensure_mentions(doc: Document) -> list[Mention]:
    """``doc.mentions``, computed here when the engine has not done it (detectors used on their own)."""
    if not doc.mentions and "mentions" not in doc.assigned:
        doc.mentions = find_mentions(doc)
    return doc.mentions


def sentence_bounds(doc: Document, pos: int) -> tuple[int, int]:
    """Normalised bounds of the sentence holding ``pos`` (``doc.sentences``); between two sentences (the
    marks and spaces after one's end), the stretch from the end of the one before to the start of the next."""
    sentences = ensure_sentences(doc)
    sent = doc.sentence_at(pos)
    if sent is not None:
        return sent.nstart, sent.nend
    i = bisect.bisect_right([s.nstart for s in sentences], pos)
    return (sentences[i - 1].nend if i else 0), (sentences[i].nstart if i < len(sentences) else len(doc.text))


def sentence_window(doc: Document, nstart: int, nend: int) -> tuple[int, int]:
    """The sentence of [nstart, nend), read at most ``_REACH`` characters either side of it: what each finding
    reads of its sentence stays bounded, so a run-on text of thousands of findings costs linear time."""
    s, e = sentence_bounds(doc, nstart)
    s = _commented_sentence_start(doc, s, e)
    return min(max(s, nstart - _REACH), nstart), max(min(e, nend + _REACH), nend)


def _commented_sentence_start(doc: Document, s: int, e: int) -> int:
    """Where the sentence [s, e) starts, or, when it is a run of emoji alone ("… is jewish. 🐍🐍"), where the
    sentence it comments on starts: it has no subject of its own (hatescope.detect.emoji_evidence)."""
    if s == 0 or not emoji_evidence.emoji_only(doc, s, e):
        return s
    starts = _sentence_starts(doc)
    i = bisect.bisect_left(starts, s) - 1
    return starts[i] if i >= 0 else s


def mentions_in_scope(
    doc: Document, nstart: int, nend: int, kinds: Iterable[str] = ("people", "proxy")
) -> list[Mention]:
    """Mentions of the given kinds in the sentence of [nstart, nend), nearest first: named and implied ones."""
    s, e = sentence_window(doc, nstart, nend)
    kinds = tuple(kinds)
    mentions = ensure_mentions(doc)
    starts, order = mention_index(doc)
    near = sorted(order[bisect.bisect_left(starts, s) : bisect.bisect_right(starts, e)])  # text order of doc.mentions
    found = [m for m in (mentions[k] for k in near) if m.kind in kinds and m.nend <= e]
    found += [m for m in doc.implied_mentions if m.kind in kinds and s <= m.nstart and m.nend <= e]  # a few per text
    return sorted(found, key=lambda m: _distance(m, nstart, nend))


def mention_index(doc: Document) -> tuple[list[int], list[int]]:
    """Mention starts in ascending order and the position in ``doc.mentions`` of each, once per document."""
    key = (id(doc.mentions), len(doc.mentions))
    cached = doc.memos.get(_MENTION_INDEX_KEY)
    if cached is None or cached[0] != key:
        order = sorted(range(len(doc.mentions)), key=lambda k: doc.mentions[k].nstart)
        cached = (key, ([doc.mentions[k].nstart for k in order], order))
        doc.memos[_MENTION_INDEX_KEY] = cached
    return cached[1]


def target_for(doc: Document, nstart: int, nend: int, *, kinds: Iterable[str] = ("people", "proxy")) -> str | None:
    """The group a span is aimed at: the nearest people/proxy mention in its sentence (pronouns resolved).

    Pass ``kinds=("people", "proxy", "state")`` to accept a state as the target too.
    """
    found = mentions_in_scope(doc, nstart, nend, kinds)
    return found[0].group if found else None


def _distance(m: Mention, nstart: int, nend: int) -> int:
    if m.nend <= nstart:
        return nstart - m.nend
    if m.nstart >= nend:
        return m.nstart - nend
    return 0


def _resolve_pronouns(doc: Document, mentions: list[Mention]) -> list[Mention]:
    """Add a proxy mention for each "they/them/these people" whose group was named shortly before."""
    antecedents = [m for m in mentions if m.kind in ("people", "proxy")]
    if not antecedents:
        return mentions
    out = list(mentions)
    inside = Spans((m.nstart, m.nend) for m in mentions if m.nend > m.nstart)
    # The antecedent is the last one in list order that ends before the pronoun: pronouns come in text
    # order, so the ones ending before it only grow and a pointer over them (by end) finds it.
    by_end = sorted(range(len(antecedents)), key=lambda k: antecedents[k].nend)
    seen, last = 0, -1
    resolved: Mention | None = None  # the last pronoun resolved ("Jews ... They ... They ..." chains along)
    starts = _sentence_starts(doc)
    for p in _PRONOUN.finditer(doc.text):
        if inside.overlaps(p.start(), p.start() + 1):
            continue  # inside "(((them)))" or a group phrase
        while seen < len(by_end) and antecedents[by_end[seen]].nend <= p.start():
            last = max(last, by_end[seen])
            seen += 1
        ante = resolved if resolved is not None else antecedents[last] if last >= 0 else None
        if ante is None:
            continue
        # Sentences starting in (ante.nend, p.start()]: more than the window and the pronoun is too far.
        if bisect.bisect_right(starts, p.start()) - bisect.bisect_right(starts, ante.nend) > _PRONOUN_WINDOW:
            continue
        resolved = Mention(p.start(), p.end(), ante.group, ante.protected, "proxy")
        out.append(resolved)
    return sorted(out, key=lambda m: (m.nstart, m.nend))


def _sentence_starts(doc: Document) -> list[int]:
    """Sentence starts, sorted."""
    return sorted(s.nstart for s in ensure_sentences(doc))


__all__ = ["GROUPS_FILE", "STAGE", "Spans", "TargetFinder", "default_finder", "ensure_mentions", "find_mentions",
           "mention_index", "mentions_in_scope", "sentence_bounds", "target_for"]
