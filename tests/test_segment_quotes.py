"""Quotation finding: marks vs apostrophes, nesting, styles, multi-paragraph quotes."""

import pytest

from hatescope.segment.quotes import find_quotes


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('He said "they are here" today.', ["they are here"]),
        ("He said “they are here” today.", ["they are here"]),
        ("He said ‘they are here’ today.", ["they are here"]),
        ("He said 'they are here' today.", ["they are here"]),
        ("«Nous sommes là», dit-il.", ["Nous sommes là"]),
        ("I don't know, it's Tom's car.", []),
        ("Rock 'n' roll since the '90s, isn't it?", []),
        ("The dogs' bowls were empty.", []),
        ("She said 'they're all here' to me.", ["they're all here"]),
        ("O'Brien said “It's fine.”", ["It's fine."]),
    ],
)
def test_marks_and_apostrophes(text, expected):
    assert contents(text) == expected


def test_nested_quotes_have_depth():
    text = "She wrote: “My dad said ‘they are rats’ at dinner.”"
    qs = find_quotes(text)
    assert [text[q.start : q.end] for q in qs] == ["My dad said ‘they are rats’ at dinner.", "they are rats"]
    assert [q.depth for q in qs] == [0, 1]


def test_nested_straight_quotes():
    text = "She wrote: \"My dad said 'they are rats' at dinner.\""
    assert contents(text) == ["My dad said 'they are rats' at dinner.", "they are rats"]


def test_quote_spanning_sentences():
    text = "“A tumor is not reasoned with. It is cut out,” he wrote."
    assert contents(text) == ["A tumor is not reasoned with. It is cut out,"]


def test_quote_continued_in_next_paragraph():
    text = "“First paragraph of the speech.\n\n“Second paragraph,” she said."
    (q,) = find_quotes(text)
    assert text[q.start : q.end].startswith("First paragraph") and text[q.start : q.end].endswith("Second paragraph,")


def test_unclosed_double_quote_ends_at_paragraph():
    text = "He said “this never closes\n\nNext paragraph."
    assert contents(text) == ["He said “this never closes"[9:]]


def test_offsets_are_original():
    text = "x “ab” y"
    (q,) = find_quotes(text)
    assert (q.open_mark, q.start, q.end, q.close_mark) == (2, 3, 5, 5)
