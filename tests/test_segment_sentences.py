"""Sentence boundaries are found in the normalised text but stand only where the text as written has one:
normalisation folds "p.m." to "pm." and "U.S.A." to "usa.", which must not end a sentence. Offsets refer to the
original input."""

from __future__ import annotations

import pytest

from hatescope.engine import Engine


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _sentences(engine: Engine, text: str, kind: str = "post") -> list[str]:
    doc = engine.prepare(text, kind=kind)
    return [doc.original[s.start : s.end] for s in doc.sentences]


@pytest.mark.parametrize(("text", "expected"), [
    ("We met at 5 p.m. on Friday. They left.", ["We met at 5 p.m. on Friday.", "They left."]),
    ("The U.S.A. is big. He left.", ["The U.S.A. is big.", "He left."]),
    ("Mr. Lind spoke at 9 a.m. today. Nobody came.", ["Mr. Lind spoke at 9 a.m. today.", "Nobody came."]),
    # Boundaries the normaliser reveals still count: a fullwidth full stop is one.
    ("Ｔｈｅｙ ｌｅｆｔ． We stayed.", ["Ｔｈｅｙ ｌｅｆｔ．", "We stayed."]),
])
def test_boundaries_come_from_the_text_as_written(engine: Engine, text: str, expected: list[str]) -> None:
    assert _sentences(engine, text) == expected


def test_offsets_refer_to_the_original(engine: Engine) -> None:
    text = "We met at 5 p.m. on Friday. They left."
    doc = engine.prepare(text)
    assert [(s.start, s.end) for s in doc.sentences] == [(0, 27), (28, 38)]
    assert "p.m." not in doc.text  # the normalised text folded it: the split was not made there
    assert [doc.to_original(s.nstart, s.nend) for s in doc.sentences] == [(0, 27), (28, 38)]


def test_an_html_article_is_split_in_its_text_not_its_markup(engine: Engine) -> None:
    html = "<html><body><p>The rally began at 5 p.m. in the square.</p><p>Police watched.</p></body></html>"
    doc = engine.prepare(html, kind="article")
    assert [html[s.start : s.end] for s in doc.sentences] == ["The rally began at 5 p.m. in the square.",
                                                              "Police watched."]


@pytest.mark.parametrize(("text", "expected"), [
    # A line break ends a sentence, with or without a full stop: one thought per line.
    ("Refugees are vermin\nthey must be driven out", ["Refugees are vermin", "they must be driven out"]),
    ("[Post by X]\nthe roma are parasites", ["[Post by X]", "the roma are parasites"]),
    ("He wrote:\nthey are rats", ["He wrote:", "they are rats"]),
    # A long line broken in the middle of a sentence and going on in lower case was wrapped: one sentence.
    ("We know that this kind of policy leads to mass deportation, and so most people are\r\n disgusted by it.",
     ["We know that this kind of policy leads to mass deportation, and so most people are\r\n disgusted by it."]),
    # … but not when the next line starts a new one.
    ("We know that this kind of policy leads to mass deportation, and so most people are\nDisgusted.",
     ["We know that this kind of policy leads to mass deportation, and so most people are", "Disgusted."]),
])
def test_line_breaks(engine: Engine, text: str, expected: list[str]) -> None:
    assert _sentences(engine, text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "No." abbreviates "number" only before one; "etc." closes a phrase, and a sentence before a capital.
    ("See No. 5 on the list.", ["See No. 5 on the list."]),
    ("She said no. Then he left.", ["She said no.", "Then he left."]),
    ("Nails, screws etc. and glue.", ["Nails, screws etc. and glue."]),
    ("No tears, no big deal, etc. Seriously?", ["No tears, no big deal, etc.", "Seriously?"]),
    ("Dr. No came.", ["Dr. No came."]),
])
def test_abbreviations_read_with_the_next_word(engine: Engine, text: str, expected: list[str]) -> None:
    assert _sentences(engine, text) == expected


def test_the_stance_stage_reads_the_segment_split(engine: Engine) -> None:
    """The stance rules' sentence around a word and the sentence after it are doc.sentences': "Mr." ends none."""
    from hatescope.stance.voices import next_sentence, sentence_bounds

    doc = engine.prepare("Mr. Lind said Muslims are vermin. I disagree.\nThey left.")
    pos = doc.text.index("vermin")
    assert sentence_bounds(doc, pos, pos + 6) == (0, doc.sentences[0].nend)
    assert next_sentence(doc, pos) == "i disagree."
    assert next_sentence(doc, doc.text.index("disagree")) == "they left."
    assert next_sentence(doc, doc.text.index("left")) == ""


def test_the_voice_builder_reads_the_segment_split(engine: Engine) -> None:
    """Reported speech is read within doc.sentences: a wrapped line does not cut "the councillor said that" from
    what was said, and a line of its own does."""
    line = "At the meeting on Tuesday evening in the town hall the councillor said that\n"
    wrapped = engine.prepare(line + "refugees were vermin and should leave.")
    assert [(s.kind, s.speaker, s.text) for s in wrapped.segments if s.kind == "quote"] == [
        ("quote", "the councillor", "refugees were vermin and should leave")]
    separate = engine.prepare(line + "Refugees were vermin and should leave.")
    assert [s for s in separate.segments if s.kind == "quote"] == []


@pytest.mark.parametrize(("text", "expected"), [
    # Chinese and Japanese write no space after "。" "！" "？"; the fullwidth marks fold to "!" "?" when normalised.
    ("难民都是害虫。应该赶走！你同意吗？我不同意。", ["难民都是害虫。", "应该赶走！", "你同意吗？", "我不同意。"]),
    # A closing corner bracket after the mark lies between the sentences, as a closing quote mark does in English.
    ("市长说：「他们是毒瘤。」他错了。", ["市长说：「他们是毒瘤。", "他错了。"]),
    # The Devanagari danda, with or without a space after it.
    ("ये लोग दीमक हैं। इन्हें निकालो।बस", ["ये लोग दीमक हैं।", "इन्हें निकालो।", "बस"]),
    # The Arabic question mark and the Urdu full stop.
    ("هل هم حشرات؟ لا أبداً", ["هل هم حشرات؟", "لا أبداً"]),
    ("وہ کیڑے نہیں ہیں۔ وہ انسان ہیں۔", ["وہ کیڑے نہیں ہیں۔", "وہ انسان ہیں۔"]),
    # A run of marks ends one sentence, not one per mark.
    ("真的吗？？？是的", ["真的吗？？？", "是的"]),
    # With no space after, an ASCII mark ends nothing: numbers, initials, "?!" in Latin script.
    ("Prices rose 3.5 percent in the U.S.A today. Wow?!Ok", ["Prices rose 3.5 percent in the U.S.A today.", "Wow?!Ok"]),
])
def test_sentence_marks_of_other_scripts(engine: Engine, text: str, expected: list[str]) -> None:
    assert _sentences(engine, text) == expected


def test_offsets_after_a_fullwidth_mark_refer_to_the_original(engine: Engine) -> None:
    text = "Ｔｈｅｙ ｌｅｆｔ！我们留下。"
    doc = engine.prepare(text)
    assert [(s.start, s.end) for s in doc.sentences] == [(0, 10), (10, 15)]
    assert "！" not in doc.text  # the split was made on the normalised "!" because the writer wrote "！"
