"""Emoji as evidence: emoji in a verb's place, groups implied by a flag or an adjective, emoji runs that
comment on the sentence before them, emoji that repeat a written word, emoji that label a state."""

from __future__ import annotations

import pytest

from hatescope.detect import emoji_evidence
from hatescope.detect.lexicon import LexiconDetector
from hatescope.engine import Engine
from hatescope.normalize import normalize

HATEFUL = {"hate", "dehumanization", "incitement", "threat", "antisemitism", "coded_language"}


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def det() -> LexiconDetector:
    d = LexiconDetector()
    d.load()
    return d


def hits(engine: Engine, det: LexiconDetector, text: str) -> list[tuple[str, str | None]]:
    """(label, target) of the lexicon's hateful findings at or above 0.5."""
    return [(f.label, f.target) for f in det.detect(engine.prepare(text)) if f.label in HATEFUL and f.score >= 0.5]


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(("text", "out"), [
    ("new mosque on the high street, time to 🔥 it", "new mosque on the high street, time to burn it"),
    ("im 🔥🏠 if they move in", "im burn house if they move in"),
    ("I’m gonna 🔪 him", "i’m gonna stab him"),
    ("that set last night was 🔥🔥", "that set last night was fire"),   # not in a verb's place: praise
    ("🔥 weather today", "fire weather today"),
    ("oh no 🙈 i sent it to the wrong chat", "oh no oops i sent it to the wrong chat"),  # no monkey in it
    ("bbq tonight 🌭", "bbq tonight hotdog"),
])
def test_emoji_in_a_verbs_place_is_read_as_the_verb(text: str, out: str) -> None:
    assert normalize(text).text == out


def test_words_read_from_emoji_are_known(engine: Engine) -> None:
    doc = engine.prepare("my cousins are 🐒 lol")
    at = doc.text.index("monkey")
    assert emoji_evidence.reads_emoji(doc, at, at + len("monkey"))
    assert not emoji_evidence.reads_emoji(doc, 0, 2)  # "my", as written
    assert not emoji_evidence.emoji_only(doc, 0, len(doc.text))


# ---------------------------------------------------------------- implied groups


def implied(engine: Engine, text: str) -> list[tuple[str, str]]:
    doc = engine.prepare(text)
    return [(doc.text[m.nstart : m.nend], m.group) for m in doc.implied_mentions]


@pytest.mark.parametrize(("text", "expected"), [
    ("the somali families on my road", [("somali", "nationalities")]),
    ("two israeli exchange students moved in", [("israeli", "israelis")]),
    ("my new neighbours are somali", [("somali", "nationalities")]),
    ("the nigerian next door plays music all night", [("nigerian", "nationalities")]),
    ("the 🇸🇴 kids in the park", [("somalia", "nationalities")]),
    ("every 🇮🇷 in my class", [("iran", "iranians")]),
    ("the new family at the mosque is from senegal", [("senegal", "nationalities")]),
    ("Happy Hanukkah to all the weasels", [("hanukkah", "jews")]),
])
def test_a_group_implied_by_where_a_word_stands(engine: Engine, text: str, expected) -> None:
    assert implied(engine, text) == expected


@pytest.mark.parametrize("text", [
    "Mexico won!! 🇲🇽🎉 the whole street is out",          # a flag for a team
    "a 🇲🇽 restaurant opened on the corner",               # a flag that describes a restaurant
    "welcome to the 🇬🇧, hope you like rain",               # a place
    "black cab drivers know every street",                  # an ordinary adjective with a word between
    "the german shepherd sleeps all day",                   # a singular that describes a dog
    "my mate from jordan is visiting",                      # a country that is also a given name
    "Happy Diwali to all my neighbours 🪔",                 # a greeting to people names nobody new
])
def test_no_group_where_the_word_names_none(engine: Engine, text: str) -> None:
    assert implied(engine, text) == []


def test_implied_groups_are_not_named_mentions(engine: Engine) -> None:
    doc = engine.prepare("the somali families on my road")
    assert doc.mentions == [] and doc.implied_mentions


def test_a_flag_before_people_names_them_not_the_state(engine: Engine) -> None:
    doc = engine.prepare("🇮🇱 family moved in next door")
    assert [(m.group, m.kind) for m in doc.implied_mentions] == [("israelis", "people")]


# ---------------------------------------------------------------- what a dehumanising emoji is aimed at


@pytest.mark.parametrize(("text", "target"), [
    ("i met some nigerian lads at the pub 🐒", "nationalities"),
    ("the new family at the mosque is from senegal 🐒🌴", "nationalities"),
    ("the family next door is jewish. 🐍🐍", "jews"),                   # a run of emoji after the sentence
    ("every 🇮🇷 in my class 🐀", "iranians"),
    ("Happy Hanukkah to all the rats 🐀", "jews"),
])
def test_a_dehumanising_emoji_finds_its_group(engine: Engine, det: LexiconDetector, text: str, target: str) -> None:
    assert ("dehumanization", target) in hits(engine, det, text)


@pytest.mark.parametrize("text", [
    "my dog loves the muslim neighbours 🐶",                 # the emoji repeats "dog", a pet
    "our somali neighbours' puppy is the cutest 🐶",          # an animal talked of as an animal
    "the muslim lads next door brought hot dogs 🌭",
    "a refugee family down the road keeps a pet 🐍",
    "the iranian regime 🐀 is arresting refugees again",    # the emoji labels the state
    "happy lunar new year to my chinese friends, year of the rat 🐀",
    "the jewish deli does a great pig farm tour 🐷",
])
def test_an_innocent_animal_emoji_beside_a_group(engine: Engine, det: LexiconDetector, text: str) -> None:
    assert [h for h in hits(engine, det, text) if h[0] == "dehumanization"] == []


def test_an_emoji_after_a_quote_is_the_writers_own(engine: Engine, det: LexiconDetector) -> None:
    found = det.detect(engine.prepare("'asylum seekers are dogs' is the truest thing said all year 🐕"))
    assert any(f.label == "dehumanization" and f.text == "🐕" for f in found)
