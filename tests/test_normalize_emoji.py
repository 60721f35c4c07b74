"""Emoji read as words: names, the hand-written meanings, skin tones, offsets back to the emoji."""

from __future__ import annotations

import pytest

from hatescope.normalize import normalize
from hatescope.normalize.emoji_names import table


@pytest.mark.parametrize(("text", "out"), [
    ("they are 🐀", "they are rat"),                       # CLDR name
    ("i love 🏳️\u200d🌈 people", "i love lgbt people"),    # a meaning: the name does not say whom it stands for
    ("kill all ✡️", "kill all jewish"),
    ("kill all ✡", "kill all jewish"),                     # with or without the variation selector
    ("👨🏿 men", "black man men"),                          # skin tone on a person: the colour people use
    ("👍🏻 ok", "thumbs up ok"),                           # on a hand: dropped
    ("😂😂😂 lol", "face with tears of joy lol"),           # a run of one emoji is read once
    ("🔥💯", "fire hundred points"),                        # different emoji each read, spaces folded
    ("all ❤️u", "all red heart u"),                        # spaces around a name inside text
    ("i ❤️u", "i love u"),                                 # in a verb's place: the verb it shows
    ("n1gger💲 are 🐀🐀", "niggers are rat"),                # letter emoji inside a word stay letters
    ("© 2024 ↔", "© 2024 ↔"),                              # symbols below U+2300 are punctuation
    ("plain ascii text", "plain ascii text"),
])
def test_emoji_read_as_words(text: str, out: str) -> None:
    assert normalize(text).text == out


def test_a_name_maps_back_to_its_emoji() -> None:
    text = "Muslims are 🐀🐀 ok"
    norm = normalize(text)
    start = norm.text.index("rat")
    a, b = norm.to_original(start, start + 3)
    assert text[a:b] == "🐀🐀"


def test_reading_twice_changes_nothing() -> None:
    once = normalize("all 🏳️\u200d🌈 are 🐍, 👩🏾\u200d🤝\u200d👨🏻").text
    assert normalize(once).text == once


def test_the_table_covers_sequences_and_meanings() -> None:
    names, longest = table()
    assert names["🐒"] == "monkey" and names["🔪"] == "knife"
    assert longest >= 7  # ZWJ families and flags are matched whole, not emoji by emoji
    assert all(name == name.lower() and name.strip() == name for name in names.values())
