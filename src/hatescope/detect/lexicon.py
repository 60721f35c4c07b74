"""Lexicon detector: coded language, dehumanising metaphors, calls to violence, slurs, antisemitism.

Entries come from the versioned data files in ``hatescope/data/lexicons`` (see
:mod:`hatescope.detect.lexicon_files`); every spelling of every entry goes into one Aho-Corasick
automaton that scans the normalised text once.

Many words are hateful only when aimed at a group: "vermin" about rats, "exterminator" for pests,
a "final solution" to a maths problem, a "cancerous tumor" in a clinic are innocent. Such entries
have ``requires_target = true`` and fire only with a group mention (``doc.mentions``: a protected
group, a coded proxy, or a pronoun resolved to one) in the same sentence, or one of the entry's
``context_any`` words; otherwise they are dropped or kept at their low ``untargeted_score``.
Terms with an everyday sense ("fag" a cigarette, "spic and span") carry guards that drop a match read
in that sense (:mod:`hatescope.detect.senses`), and a term named as a word in a moderation notice or a
history lesson is a mention, not a use (:mod:`hatescope.detect.lexicon_mentions`).

Every entry names its languages (``languages``, English by default): a match in a sentence, or else a
document, confidently guessed to be in another language is dropped, so the Spanish "negro" of "mi gato
negro" is not the English slur (:mod:`hatescope.ingest.language`; docs/LEXICONS.md, "Languages").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Sequence

from hatescope.detect import (antisemitism, emoji_evidence, lexicon_corroboration, lexicon_files, lexicon_mentions,
                              lexicon_roles, senses, targets)
from hatescope.detect.base import builtin_labels
from hatescope.detect.lexicon_files import ANY_LANGUAGE, Entry, Lexicon
from hatescope.detect.lexicon_hit import LexiconHit
from hatescope.detect.phrases import PhraseMatcher
from hatescope.document import Document, Mention
from hatescope.ingest.language import english_enough, english_share, sentence_language
from hatescope.labels import LabelSpec
from hatescope.registry import detectors
from hatescope.types import Finding

_WORD = re.compile(r"[\w']+")
#: A group named as the one something is aimed at ("against the Jews", "towards Muslims").
_VICTIM = re.compile(r"\b(?:against|towards?)\s+(?:the\s+|all\s+|our\s+)?$")
# Long hashtags glue words together: "#greatreplacement" should match "great replacement".
_MIN_JOINED = 8
# "(((name)))": an entry whose term is "(((" matches the whole echo.
_ECHO_OPEN = "((("
_ECHO = targets.ECHO


@detectors.register("hatescope.lexicon.v1")
class LexiconDetector:
    name = "hatescope.lexicon.v1"
    #: The document facts it reads and fills (hatescope.facts).
    requires = ("segments", "sentences", "language", "mentions")
    assigns = ("innocent_senses",)

    def __init__(
        self,
        *,
        paths: Iterable[str | Path] | None = None,
        extra_entries: Sequence[Entry] = (),
        min_score: float = 0.0,
    ) -> None:
        self.paths = None if paths is None else [Path(p) for p in paths]
        self.extra_entries = tuple(extra_entries)
        self.min_score = min_score
        self.lexicon_: Lexicon | None = None
        self._matcher: PhraseMatcher[tuple[Entry, re.Pattern[str] | None]] | None = None

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        if self._matcher is not None:
            return
        paths = self.paths
        if paths is None:
            paths = [p for p in lexicon_files.default_paths() if p.name != "groups.toml"]
        self.lexicon_ = lexicon_files.load(paths)
        entries = self.lexicon_.entries + list(self.extra_entries)
        self._matcher = PhraseMatcher(_phrases(entries))
        self.entries_ = entries

    @property
    def version(self) -> str:
        self.load()
        assert self.lexicon_ is not None
        extra = f"+extra:{len(self.extra_entries)}" if self.extra_entries else ""
        return self.lexicon_.version + extra

    @property
    def size(self) -> int:
        """Number of distinct surface forms in the automaton."""
        self.load()
        assert self._matcher is not None
        return self._matcher.size

    @property
    def automaton_bytes(self) -> int:
        """Memory held by the phrase automaton (for benchmarks/lexicon_scaling.py)."""
        self.load()
        assert self._matcher is not None
        return self._matcher.memory_bytes

    def declared_labels(self) -> dict[str, LabelSpec]:
        """The labels of the loaded entries, and antisemitism (an entry aimed at a Jewish target adds it)."""
        self.load()
        return builtin_labels({label for entry in self.entries_ for label in entry.labels} | {"antisemitism"})

    # ------------------------------------------------------------------ detection
    def detect(self, doc: Document) -> list[Finding]:
        self.load()
        assert self._matcher is not None
        targets.ensure_mentions(doc)
        doc.assigned.add("innocent_senses")
        best: dict[tuple[str, int, int], Finding] = {}
        sentence_of: dict[tuple[str, int, int], tuple[int, int]] = {}
        hits = _dedupe(self._hits(doc))
        echoed = emoji_evidence.echoed_hits(doc, hits, targets.sentence_window)  # "my dog 🐶": the word decides
        for i, hit in enumerate(hits):
            if i in echoed or not _in_language(doc, hit):
                continue
            innocent = senses.innocent_sense(doc, hit) or lexicon_mentions.named_as_word(doc, hit)
            if innocent is not None and not innocent.everyday and lexicon_mentions.sides_with(doc, hit):
                innocent = None  # a name built on the slur, in a post that sides with it ("bring it back")
            if innocent is not None:
                if innocent.everyday:  # another word: a classifier score should not rest on it either
                    senses.remember(doc, hit, f"'{hit.form}' ({hit.entry.id}): {innocent.why}")
                continue
            for f in self._findings(doc, hit):
                key = (f.label, f.start, f.end)
                if f.score >= self.min_score and (key not in best or f.score > best[key].score):
                    best[key] = f
                    sentence_of[key] = targets.sentence_bounds(doc, hit.start)
        found = lexicon_corroboration.corroborate(best, sentence_of)
        return sorted(found, key=lambda f: (f.start, f.end, f.label))

    def _hits(self, doc: Document) -> list[LexiconHit]:
        assert self._matcher is not None
        text, hits = doc.text, []
        for match in self._matcher.find(doc.text):
            for entry, pattern in match.payloads:
                if pattern is None:
                    hits.append(LexiconHit(match.start, match.end, match.form, entry, gapped=False))
                    continue
                # A gapped phrase ("wipe * off the map"): the automaton found its longest literal
                # part; the full pattern is checked only around it, so the cost stays per match.
                # Within the sentence window of the literal part: a run-on text does not make every
                # match rescan its whole sentence.
                lo, hi = targets.sentence_window(doc, match.start, match.end)
                for m in pattern.finditer(text, lo, hi):
                    if m.start() > match.start:
                        break  # later matches cannot hold the literal part either
                    if match.end <= m.end():
                        hits.append(LexiconHit(m.start(), m.end(), m.group(0), entry, gapped=True))
                        break
        return hits

    def _findings(self, doc: Document, hit: LexiconHit) -> list[Finding]:
        entry = hit.entry
        if not lexicon_roles.said_by(doc, hit.start, entry.subject):
            return []  # "people who hate Jews": someone else's feeling, reported
        target, mention, own = _target(doc, hit)
        score = entry.score
        reason = f"lexicon entry '{entry.id}' ({entry.category})"
        if entry.requires_target and mention is None and not entry.targets:
            if _context_word(doc, hit):
                reason += ": context word in the same sentence"
            else:
                score = entry.untargeted_score
                reason += ": no group targeted in the same sentence, score lowered"
                if score <= 0.0:
                    return []
        elif mention is not None:
            reason += f": aimed at {target} ({mention.kind} mention in the same sentence)"
        if target is None and own is not None:
            target = own.group  # the matched words are themselves a proxy ("globalists")
        meta: dict[str, Any] = {
            "entry": entry.id,
            "category": entry.category,
            "meaning": entry.meaning,
            "source": entry.source,
            "lexicon": entry.file,
            "term": hit.form,
            "targeted": target is not None,
            "target_kind": mention.kind if mention is not None else ("inherent" if entry.targets else None),
            "ihra": None,
            "jda": None,
            "jda_verdict": None,
        }
        labels = list(entry.labels)
        cls = antisemitism.classify(entry, target)
        if cls is not None:
            meta.update(cls.meta())
            # A weak untargeted match keeps its paragraph references but adds no antisemitism label.
            if "antisemitism" not in labels and score >= entry.score:
                labels.append("antisemitism")
        return [
            doc.finding(
                label=label,
                nstart=hit.start,
                nend=hit.end,
                score=score,
                detector=self.name,
                target=target,
                reasons=(reason,),
                meta=meta,
            )
            for label in labels
        ]


def _dedupe(hits: list[LexiconHit]) -> list[LexiconHit]:
    """One hit per stretch of text per entry: "the holocaust never happened" is one denial."""
    kept: list[LexiconHit] = []
    # The characters each entry's kept hits cover: a hit overlaps a kept one exactly when it shares a
    # character with it. Kept hits of one entry never overlap, so this costs the length of the text at
    # most per entry, not a comparison with every kept hit.
    covered: dict[str, set[int]] = {}
    for h in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        taken = covered.setdefault(h.entry.id, set())
        if not taken.isdisjoint(range(h.start, h.end)):
            continue
        taken.update(range(h.start, h.end))
        kept.append(h)
    return sorted(kept, key=lambda h: (h.start, h.end))


def _phrases(entries: Iterable[Entry]) -> Iterable[tuple[str, tuple[Entry, re.Pattern[str] | None]]]:
    for e in entries:
        for form in e.surface_forms():
            if form == _ECHO_OPEN:
                yield form, (e, _ECHO)
            elif " * " in f" {form} ":
                parts = [p.strip() for p in form.split("*")]
                yield max(parts, key=len), (e, _gapped(parts))
            else:
                yield form, (e, None)
                joined = form.replace(" ", "")
                if " " in form and len(joined) >= _MIN_JOINED:
                    yield joined, (e, None)


def _gapped(parts: list[str]) -> re.Pattern[str]:
    """'wipe * off the map' -> 'wipe' + one to four words + 'off the map', at word boundaries."""
    gap = r"(?:\W+[\w'’-]+){1,4}\W+"
    body = gap.join(re.escape(p) for p in parts)
    return re.compile(rf"(?<![\w]){body}(?![\w])")


def _target(doc: Document, hit: LexiconHit) -> tuple[str | None, Mention | None, Mention | None]:
    """(target group, the mention that makes it targeted, a proxy mention the hit itself is)."""
    entry = hit.entry
    scope, own = [], None
    if "state" not in entry.target_kinds and emoji_evidence.labels_state(doc, hit):
        return None, None, None  # "the israeli army 🐀": aimed at the state, which such an entry does not take
    for m in targets.mentions_in_scope(doc, hit.start, hit.end, entry.target_kinds):
        if entry.target_groups and m.group not in entry.target_groups:
            continue
        if entry.target_role and not lexicon_roles.fits(doc, hit.start, hit.end, m, entry.target_role):
            continue  # "I hate how Muslims are treated": the group is not what is hated
        if entry.category == "dehumanization" and _VICTIM.search(doc.text, max(0, m.nstart - 24), m.nstart):
            continue  # "this filth against the Jews": the metaphor names the words or acts, the group suffers them
        inside = m.nstart < hit.end and hit.start < m.nend
        if inside and not hit.gapped:
            own = own or m  # the matched words are not their own target
        else:
            scope.append(m)
    if entry.targets:
        return entry.targets[0], None, own
    if scope:
        return scope[0].group, scope[0], own
    return None, None, own


def _context_word(doc: Document, hit: LexiconHit) -> bool:
    entry = hit.entry
    if not entry.context_any:
        return False
    s, e = targets.sentence_bounds(doc, hit.start)
    sentence = doc.text[s : max(e, hit.end)]
    words = set(_WORD.findall(sentence))
    return any((w in words) if " " not in w else (w in sentence) for w in entry.context_any)


def _in_language(doc: Document, hit: LexiconHit) -> bool:
    """Whether the match is in one of its entry's languages. A spelling without letters ("1488") is in
    every language; an unsure guess (a short post) keeps the match, except for ``english_only`` words and
    ``confident_language`` entries (romanised Hindi, Arabizi)."""
    entry = hit.entry
    if entry.english_only:
        return _reads_as_english_without(doc, hit)
    if ANY_LANGUAGE in entry.languages or not any(ch.isalpha() for ch in hit.form):
        return True
    guess = sentence_language(doc, hit.start)
    if entry.confident_language:
        return guess.confident and entry.in_language(guess.language)
    return not guess.confident or entry.in_language(guess.language)


def _reads_as_english_without(doc: Document, hit: LexiconHit) -> bool:
    """Whether the text around an English-only word is English: the word itself is no evidence (it is in
    the English word list), and Spanish or Portuguese function words ("los", "son") pass for English
    in the word-share test, so the language guess must read English too, however unsure: "Mi gato
    negro duerme" is too short for a confident guess, but its best guess is not English."""
    rest = doc.text[:hit.start] + " " + doc.text[hit.end:]
    return english_enough(english_share(rest)) and sentence_language(doc, hit.start).language == "en"


__all__ = ["LexiconDetector"]
