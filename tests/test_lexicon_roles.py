"""Feelings aimed at a group: the lexicon finds contempt only where the group is what the writer hates or what
sickens them, and the stance stage does not read "I'm sick of <group>" as condemnation of hate speech."""

from __future__ import annotations

import pytest

from hatescope.detect.lexicon import LexiconDetector
from hatescope.detect.targets import find_mentions
from hatescope.document import Document
from hatescope.normalize import normalize
from hatescope.stance import cues

CONTEMPT = {"dg.contempt_for", "dg.contempt_from"}


@pytest.fixture(scope="module")
def det() -> LexiconDetector:
    d = LexiconDetector()
    d.load()
    return d


def contempt(det: LexiconDetector, text: str) -> list[tuple[str, str | None, str]]:
    doc = Document(original=text, kind="post", norm=normalize(text))
    doc.mentions = find_mentions(doc)
    return [(f.meta["entry"], f.target, text[f.start:f.end]) for f in det.detect(doc) if f.meta.get("entry") in CONTEMPT]


@pytest.mark.parametrize(
    ("text", "entry", "target", "words"),
    [
        ("I hate Muslims.", "dg.contempt_for", "muslims", "hate"),
        ("Honestly I fucking despise all the trans people", "dg.contempt_for", "trans_people", "despise"),
        ("We're sick of refugees.", "dg.contempt_for", "immigrants", "sick of"),
        ("i've always hated jews", "dg.contempt_for", "jews", "hated"),
        ("Muslims make me sick", "dg.contempt_from", "muslims", "make me sick"),
        ("Honestly women are vile", "dg.contempt_from", "women", "are vile"),
    ],
)
def test_contempt_for_a_group_is_found_with_its_target_and_original_offsets(det, text, entry, target, words) -> None:
    found = contempt(det, text)
    assert found and found[0][0] == entry and found[0][1] == target
    assert found[0][2] == words


@pytest.mark.parametrize(
    "text",
    [
        "I don't hate Muslims.",
        "I hate how Muslims are treated here.",
        "I hate seeing refugees drown in the channel.",
        "I'm sick of refugees being blamed for everything.",
        "I hate to say it but Muslims are the kindest neighbours.",
        "I hate Mondays.",
        "People who hate Jews are pathetic.",
        "My uncle hates immigrants.",
        "People who attack Muslims make me sick.",
        "The way they justify lynching Muslims makes me sick.",
        "Attacks on Jews are vile.",
        "i hate muslims' food lol",
    ],
)
def test_no_contempt_where_the_group_is_not_what_the_writer_hates(det, text) -> None:
    assert contempt(det, text) == []


def test_a_condemning_act_aimed_straight_at_a_group_is_not_counter_speech() -> None:
    assert cues.condemns_act("i'm sick of people calling ")
    assert cues.condemns_act("we condemn those who call ")
    assert not cues.condemns_act("we're sick of ")
    assert not cues.condemns_act("i'm so tired of all the ")
    assert not cues.condemns_act("honestly ")
