"""Derogation entries need a protected group in scope; negation and counter-speech are the stance stage's."""

import pytest

from hatescope.detect.lexicon import LexiconDetector
from hatescope.document import Document
from hatescope.detect.targets import find_mentions
from hatescope.normalize import normalize
from hatescope.segment import segment
from hatescope.stance import assign_stance

DETECTOR = LexiconDetector()


def _hate(text: str) -> list[tuple[str, str, str]]:
    doc = Document(original=text, kind="post", norm=normalize(text))
    segment(doc)
    doc.mentions = find_mentions(doc)
    found = assign_stance(doc, DETECTOR.detect(doc))
    return [(f.text, f.stance, f.meta.get("entry", "")) for f in found if f.label == "hate"]


@pytest.mark.parametrize(
    "text,evidence",
    [
        ("Immigrants are inferior.", "are inferior"),
        ("Those Roma are all thieves.", "are all thieves"),
        ("Women belong in the kitchen.", "belong in the kitchen"),
        ("Gay people want to marry. They are too stupid for it.", "too stupid for"),
    ],
)
def test_derogation_of_a_group_is_hate(text, evidence):
    assert (evidence, "endorse") in [(t.lower(), s) for t, s, _ in _hate(text)]


@pytest.mark.parametrize(
    "text",
    [
        "This laptop is inferior to the old one.",
        "The burglars are all thieves and got caught.",
        "The pans belong in the kitchen.",
    ],
)
def test_no_group_no_finding(text):
    assert _hate(text) == []


@pytest.mark.parametrize(
    "text,stance",
    [("Not all Muslims are terrorists.", "negated"), ("Saying that immigrants are criminals is a lie.", "counter")],
)
def test_negated_or_countered_derogation_is_not_endorsed(text, stance):
    assert [s for _, s, _ in _hate(text)] == [stance]
