"""Stage 5: who endorses, reports, quotes, counters or negates each finding."""

from hatescope.stance.rules import assign_stance

__all__ = ["assign_stance"]
