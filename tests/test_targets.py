"""Target detection: protected groups, proxies, states, pronouns."""

from __future__ import annotations

import pytest

from hatescope.detect.targets import find_mentions, target_for
from hatescope.document import Document
from hatescope.normalize import normalize


def doc_of(text: str) -> Document:
    doc = Document(original=text, kind="post", norm=normalize(text))
    doc.mentions = find_mentions(doc)
    return doc


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.group, m.kind) for m in doc_of(text).mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Muslims celebrate Eid.", [("muslims", "people")]),
        ("Trans women march today.", [("trans_people", "people")]),
        ("Refugees arrived today.", [("immigrants", "people")]),
        ("Disabled people need ramps.", [("disabled_people", "people")]),
        ("The Israeli government passed a law.", [("israel", "state")]),
        ("The Iranian regime jailed a singer.", [("iran", "state")]),
        ("Israelis voted today.", [("israelis", "people")]),
        ("The globalists are at it again.", [("jews", "proxy")]),
        ("Zionists marched.", [("jews", "proxy")]),
    ],
)
def test_group_state_and_proxy_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    assert kinds(text) == expected


def test_adjective_globalist_is_not_a_mention() -> None:
    assert kinds("Globalist trade policy lowered tariffs.") == []


def test_echo_marks_a_jewish_proxy() -> None:
    doc = doc_of("(((they))) run it all")
    (m,) = doc.mentions
    assert (m.group, m.kind) == ("jews", "proxy")
    assert doc.text[m.nstart : m.nend] == "(((they)))"


def test_pronoun_resolves_to_group_named_earlier() -> None:
    doc = doc_of("Muslims moved in next door. They are loud.")
    pronoun = [m for m in doc.mentions if doc.text[m.nstart : m.nend] == "they"]
    assert pronoun and pronoun[0].group == "muslims" and pronoun[0].kind == "proxy"


def test_pronoun_without_antecedent_is_not_a_mention() -> None:
    assert doc_of("They are loud.").mentions == []


def test_pronoun_does_not_resolve_to_a_state() -> None:
    doc = doc_of("Iran bombed the border. They are monsters.")
    assert [m.kind for m in doc.mentions] == ["state"]


def test_target_for_names_nearest_group_in_sentence() -> None:
    text = "I like my neighbours. Immigrants are vermin."
    doc = doc_of(text)
    i = doc.text.index("vermin")
    assert target_for(doc, i, i + 6) == "immigrants"
    assert target_for(doc, 0, 6) is None


def test_target_for_states_only_when_asked() -> None:
    doc = doc_of("Israel must be wiped off the map.")
    i = doc.text.index("wiped")
    assert target_for(doc, i, i + 5) is None
    assert target_for(doc, i, i + 5, kinds=("people", "proxy", "state")) == "israel"


def test_target_for_computes_mentions_when_engine_did_not() -> None:
    text = "Jews are parasites."
    doc = Document(original=text, kind="post", norm=normalize(text))
    assert target_for(doc, 9, 18) == "jews"


def _groups(text: str) -> list[tuple[str, str]]:
    from hatescope.detect.targets import find_mentions
    from hatescope.document import Document
    from hatescope.normalize import normalize

    doc = Document(original=text, kind="post", norm=normalize(text))
    return [(m.group, text[slice(*doc.to_original(m.nstart, m.nend))]) for m in find_mentions(doc)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("They say the Ostrians are a tumor.", [("ostrians", "Ostrians")]),
        ("Help Ostrian families now.", [("ostrians", "Ostrian families")]),
        ("Pray for the people of Vardia.", [("people of vardia", "the people of Vardia")]),
        ("Not every Ostrian agrees.", [("ostrians", "Ostrian")]),
        ("Politicians lie again.", []),  # a capitalised common noun opening a sentence is not a people
        ("Ask the Physicians first.", []),
    ],
)
def test_peoples_outside_the_group_lexicon_are_found_by_their_form(text, expected):
    assert _groups(text) == expected
