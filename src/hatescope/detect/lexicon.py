"""Lexicon detector: coded language, dehumanising metaphors, calls to violence, slurs, antisemitism.

Entries come from the versioned data files in ``hatescope/data/lexicons`` (see
:mod:`hatescope.detect.lexicon_files`); every spelling of every entry goes into one Aho-Corasick
automaton that scans the normalised text once.

Many words are hateful only when aimed at a group: "vermin" about rats, "exterminator" for pests,
a "final solution" to a maths problem, a "cancerous tumor" in a clinic are innocent. Such entries
have ``requires_target = true`` and fire only with a group mention (``doc.mentions``: a protected
group, a coded proxy, or a pronoun resolved to one) in the same sentence, or one of the entry's
``context_any`` words; otherwise they are dropped or kept at their low ``untargeted_score``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Sequence

from hatescope.detect import antisemitism, lexicon_files, targets
from hatescope.detect.lexicon_files import Entry, Lexicon
from hatescope.detect.phrases import PhraseMatch, PhraseMatcher
from hatescope.document import Document, Mention
from hatescope.registry import detectors
from hatescope.types import Finding

_WORD = re.compile(r"[\w']+")
# Long hashtags glue words together: "#greatreplacement" should match "great replacement".
_MIN_JOINED = 8


@detectors.register("hatescope.lexicon.v1")
class LexiconDetector:
    name = "hatescope.lexicon.v1"

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
        self._matcher: PhraseMatcher[Entry] | None = None

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
        return self.lexicon_.version

    @property
    def size(self) -> int:
        """Number of distinct surface forms in the automaton."""
        self.load()
        assert self._matcher is not None
        return self._matcher.size

    # ------------------------------------------------------------------ detection
    def detect(self, doc: Document) -> list[Finding]:
        self.load()
        assert self._matcher is not None
        targets.ensure_mentions(doc)
        best: dict[tuple[str, int, int], Finding] = {}
        for match in self._matcher.find(doc.text):
            for entry in match.payloads:
                for f in self._findings(doc, match, entry):
                    key = (f.label, f.start, f.end)
                    if f.score >= self.min_score and (key not in best or f.score > best[key].score):
                        best[key] = f
        return sorted(best.values(), key=lambda f: (f.start, f.end, f.label))

    def _findings(self, doc: Document, match: PhraseMatch[Entry], entry: Entry) -> list[Finding]:
        target, mention = _target(doc, match, entry)
        score = entry.score
        reason = f"lexicon entry '{entry.id}' ({entry.category})"
        if entry.requires_target and mention is None and not entry.targets:
            if _context_word(doc, match, entry):
                reason += ": context word in the same sentence"
            else:
                score = entry.untargeted_score
                reason += ": no group targeted in the same sentence, score lowered"
                if score <= 0.0:
                    return []
        elif mention is not None:
            reason += f": aimed at {target} ({mention.kind} mention in the same sentence)"
        meta: dict[str, Any] = {
            "entry": entry.id,
            "category": entry.category,
            "meaning": entry.meaning,
            "source": entry.source,
            "lexicon": entry.file,
            "term": match.form,
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
                nstart=match.start,
                nend=match.end,
                score=score,
                detector=self.name,
                target=target,
                reasons=(reason,),
                meta=meta,
            )
            for label in labels
        ]


def _phrases(entries: Iterable[Entry]) -> Iterable[tuple[str, Entry]]:
    for e in entries:
        for form in e.surface_forms():
            yield form, e
            joined = form.replace(" ", "")
            if " " in form and len(joined) >= _MIN_JOINED:
                yield joined, e


def _target(doc: Document, match: PhraseMatch[Entry], entry: Entry) -> tuple[str | None, Mention | None]:
    """The group the match is aimed at: the entry's own target, else the nearest mention in scope."""
    scope = [
        m
        for m in targets.mentions_in_scope(doc, match.start, match.end, entry.target_kinds)
        if m.nend <= match.start or m.nstart >= match.end  # the matched words are not their own target
    ]
    if entry.targets:
        return entry.targets[0], None
    if scope:
        return scope[0].group, scope[0]
    return None, None


def _context_word(doc: Document, match: PhraseMatch[Entry], entry: Entry) -> bool:
    if not entry.context_any:
        return False
    s, e = targets.sentence_bounds(doc, match.start)
    sentence = doc.text[s : max(e, match.end)]
    words = set(_WORD.findall(sentence))
    return any((w in words) if " " not in w else (w in sentence) for w in entry.context_any)


__all__ = ["LexiconDetector"]
