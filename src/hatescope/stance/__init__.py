"""Stage 5: who endorses, reports, quotes, counters or negates each finding."""

from hatescope.facts import Component
from hatescope.stance.rules import assign_stance

#: The stance stage reads the voices, the sentences, the groups named and the language (its cue words); it reads
#: the lexicon's innocent senses when a lexicon ran, and fills no fact.
STAGE = Component("hatescope.stance", requires=("segments", "sentences", "language", "mentions"))

__all__ = ["STAGE", "assign_stance"]
