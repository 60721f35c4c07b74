"""One match of a lexicon entry in the normalised text: what the lexicon finds and the sense guards read.

It sits apart from the detector (:mod:`hatescope.detect.lexicon`) so that the sense guards
(:mod:`hatescope.detect.senses`), which the detector calls, can read a hit without importing the detector.
"""

from __future__ import annotations

from dataclasses import dataclass

from hatescope.detect.lexicon_files import Entry


@dataclass(frozen=True)
class LexiconHit:
    start: int
    end: int
    form: str
    entry: Entry
    #: True for gapped patterns and the echo: group words inside the span count as the target.
    gapped: bool
