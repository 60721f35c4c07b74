"""Use and mention outside English: a slur named as a word (beside a word for words, or quoted in a post about words
being used, or as what a verb of saying says) is not the author's abuse; the same slur used, or quoted and agreed
with, still is. The lexicon detector alone on the engine's prepared document; short synthetic sentences."""

from __future__ import annotations

import pytest

from hatescope.detect.lexicon import LexiconDetector
from hatescope.engine import Engine

_ENGINE = Engine()
_LEXICON = LexiconDetector()


def _slurs(text: str) -> list[str]:
    return [f.text for f in _LEXICON.detect(_ENGINE.prepare(text)) if f.meta.get("category") == "slur"]


@pytest.mark.parametrize("text", [
    "Er hat mich „Kanake“ genannt, ich habe ihn gemeldet.",                     # de: quoted, reported
    "Un concejal llamó «sudaca» a una vecina. Es un insulto, punto.",           # es: naming verb before the quote
    "«Sudaca» es la palabra que usó, y ya lo denunciamos.",                     # es: quoted in a post about words
    "\"İbne\" kelimesini küfür diye kullanmayın artık.",                        # tr: a word for words after the term
    "Под видео пишут «пидор», я всё зарепортила.",                              # ru: written under a video, reported
])
def test_a_slur_named_as_a_word_is_not_used(text: str) -> None:
    assert _slurs(text) == []


@pytest.mark.parametrize("text", [
    "Esos sudacas no deberían estar aquí.",                                     # used, no quote
    "Esos «sudacas» no deberían estar aquí.",                                   # scare quotes, nothing about words
    "Er hat ihn „Kanake“ genannt, und er hat recht.",                           # named, then agreed with
])
def test_a_slur_used_or_agreed_with_still_counts(text: str) -> None:
    assert _slurs(text)
