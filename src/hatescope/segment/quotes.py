"""Quotations for the segmenter: the scanner is :mod:`hatescope.normalize.quote_marks` (normalisation drops the
quote marks that quote nothing with it); here the stray marks are blanked for the attribution rules.
"""

from __future__ import annotations

from hatescope.normalize.quote_marks import Quote, find_quotes, stray_marks

__all__ = ["Quote", "blank_stray_marks", "find_quotes", "stray_marks"]


def blank_stray_marks(text: str) -> str:
    """``text`` with its stray quote marks turned into spaces: same length, so offsets hold, and the
    attribution rules (which read marks: "…,” Diaz said") see only marks that quote something."""
    stray = stray_marks(text)
    if not stray:
        return text
    chars = list(text)
    for i in stray:
        chars[i] = " "
    return "".join(chars)
