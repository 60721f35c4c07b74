"""The negated-praise detector: praise or humanity denied to a group, and what it must leave alone."""

import pytest

from hatescope.detect.targets import find_mentions
from hatescope.document import Document
from hatescope.normalize import normalize
from hatescope.segment import segment
from hatescope.stance import assign_stance
from hatescope.detect.negated_praise import NegatedPraiseDetector


def run(text: str):
    doc = Document(original=text, kind="post", norm=normalize(text))
    segment(doc)
    doc.mentions = find_mentions(doc)
    return assign_stance(doc, NegatedPraiseDetector().detect(doc))


@pytest.mark.parametrize(
    "text",
    [
        "Immigrants are not welcome here.",
        "Roma are not decent people.",
        "Women should never be allowed to vote.",
        "Jews can never be trusted.",
        "I will never accept Muslims as equals.",
        "I do not think black people are as intelligent as us.",
        "Refugees do not deserve any rights.",
        "Black people do not belong in our neighbourhood.",
        "Disabled people are not worth the money we spend on them.",
    ],
)
def test_negated_praise_is_found_and_endorsed(text):
    found = run(text)
    assert len(found) == 1
    f = found[0]
    assert f.label == "hate" and f.stance == "endorse" and f.target
    assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text",
    [
        "Muslims are not allowed to drink alcohol.",  # a fact, not exclusion
        "Women were not allowed to vote until 1920.",
        "Muslims are not terrorists.",  # negated hate
        "Trans people are not less human than you.",
        "Gay people are not sick, they are human.",
        "Refugees do not deserve to be treated like this.",
        "Jews don't deserve to be insulted.",
        "Immigrants are not the problem.",
        "Muslims are welcome here.",
        "Refugees being caged is not a good look.",  # the subject is what is done to them
    ],
)
def test_leaves_negated_hate_and_facts_alone(text):
    assert run(text) == []


def test_condemned_negated_praise_is_countered():
    (f,) = run("Saying Muslims are not human is disgusting.")
    assert f.stance == "counter"
