"""MappedText, compose and rewrite: the offset arithmetic every normalisation stage relies on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatescope.offsets import MappedBuilder, MappedText, compose, replace_text, rewrite


def test_identity_maps_each_character_to_itself() -> None:
    mt = MappedText.identity("abc")
    assert mt.orig_start == (0, 1, 2)
    assert mt.orig_end == (1, 2, 3)
    assert mt.to_original(1, 3) == (1, 3)


def test_to_original_of_an_empty_span_and_of_a_bad_span() -> None:
    mt = MappedText.identity("abc")
    assert mt.to_original(3, 3) == (3, 3)
    with pytest.raises(ValueError):
        mt.to_original(2, 5)


def test_rewrite_maps_a_replacement_to_the_whole_span_it_replaced() -> None:
    mt = rewrite(MappedText.identity("a  b"), [(1, 3, " ")])
    assert mt.text == "a b"
    assert mt.to_original(1, 2) == (1, 3)
    assert mt.to_original(0, 3) == (0, 4)


def test_rewrite_deletes_and_returns_the_same_object_when_idle() -> None:
    base = MappedText.identity("k.i.l.l")
    assert rewrite(base, []) is base
    out = rewrite(base, [(1, 2, ""), (3, 4, ""), (5, 6, "")])
    assert out.text == "kill"
    assert out.to_original(0, 4) == (0, 7)


@pytest.mark.parametrize("edits", [[(2, 2, "x")], [(2, 3, "a"), (1, 2, "b")], [(0, 9, "")]])
def test_rewrite_refuses_empty_unordered_or_outside_edits(edits: list[tuple[int, int, str]]) -> None:
    with pytest.raises(ValueError):
        rewrite(MappedText.identity("abcd"), edits)


def test_replace_text_needs_the_same_length() -> None:
    mt = MappedText.identity("ABC")
    assert replace_text(mt, "abc").orig_end == mt.orig_end
    with pytest.raises(ValueError):
        replace_text(mt, "ab")


def test_compose_maps_an_inserted_character_to_an_empty_span() -> None:
    outer = MappedText.identity("ab")
    b = MappedBuilder("ab")
    b.emit("a", 0, 1)
    b.emit("-", 1, 1)  # inserted: covers nothing
    b.emit("b", 1, 2)
    out = compose(outer, b.build())
    assert out.orig_start == (0, 1, 1)
    assert out.orig_end == (1, 1, 2)


@st.composite
def _text_and_edits(draw: st.DrawFn) -> tuple[str, list[tuple[int, int, str]]]:
    text = draw(st.text(alphabet="abc .-", min_size=1, max_size=30))
    cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=10)))
    edits = []
    for start, end in zip(cuts[::2], cuts[1::2]):
        if start < end:
            edits.append((start, end, draw(st.text(alphabet="xyz", max_size=3))))
    return text, edits


@settings(max_examples=300, deadline=None)
@given(_text_and_edits())
def test_rewrite_is_compose_of_a_local_rewrite(case: tuple[str, list[tuple[int, int, str]]]) -> None:
    text, edits = case
    # an outer map that is not the identity: the text was itself rewritten from something longer
    original = "".join(ch * 2 for ch in text)
    b = MappedBuilder(original)
    for i, ch in enumerate(text):
        b.emit(ch, 2 * i, 2 * i + 2)
    outer = b.build()
    direct = rewrite(outer, edits)
    via_compose = compose(outer, rewrite(MappedText.identity(text), edits))
    assert direct == via_compose
