"""Stage 2: normalise text against evasion, keeping a map back to the original offsets."""

from hatescope.normalize.offsets import MappedBuilder, MappedText, compose
from hatescope.normalize.unicode import normalize

__all__ = ["MappedBuilder", "MappedText", "compose", "normalize"]
