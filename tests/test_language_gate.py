"""The English classifier sits out on text that does not read as English; the lexicons still run."""

from __future__ import annotations

import pytest

import hatescope
from hatescope.ingest.language import english_share, reads_as_english
from hatescope.normalize import normalize


@pytest.mark.parametrize("text", [
    "ur fuckin retarded lol", "@user u a bitch shorty #TURNUP #OTF lmao", "Muslims are welcome in my town",
    "kill all the jews now", "Mann.. Jada Pickett was a badddddd bitch #Lawd",
])
def test_english_reads_as_english(text: str) -> None:
    assert reads_as_english(normalize(text).text)


@pytest.mark.parametrize("text", [
    "Meine Nachbarn sind Muslime.", "Mijn buren zijn moslims.", "Je suis fier d'être gay.",
    "Gli immigrati lavorano negli ospedali.",
])
def test_other_languages_do_not(text: str) -> None:
    assert not reads_as_english(normalize(text).text)


@pytest.mark.parametrize("text", [
    "穆斯林是害虫", "المسلمون حشرات", "मुसलमान कीड़े हैं", "Евреи паразиты", "ユダヤ人は出て行け",
])
def test_other_scripts_do_not_even_when_short(text: str) -> None:
    """Two Arabic words are not "too short to judge": nobody mistakes them for English."""
    assert english_share(normalize(text).text) == 0.0


def test_a_foreign_name_in_an_english_sentence_stays_english() -> None:
    assert reads_as_english(normalize("I met Ahmed محمد today at the market with my sister").text)


def test_words_shared_with_english_can_pass_for_english() -> None:
    """A known limit: "los" (Los Angeles), "met" and "hem" are English words too (docs/LEXICONS.md)."""
    assert reads_as_english(normalize("Los inmigrantes trabajan en los hospitales.").text)


def test_too_few_words_is_not_judged() -> None:
    assert english_share("Ausländer raus!") is None and reads_as_english("ausländer raus!")
    assert english_share("@anna #jews http") is None  # mentions, tags and placeholders are not words


def test_the_analysis_says_the_classifier_sat_out() -> None:
    a = hatescope.analyze("Meine Nachbarn sind Muslime.")
    assert not a.hateful and "hatescope.classifier.v1" in a.context["language"]["skipped"]
    assert a.context["language"]["english_share"] < 0.3
    assert any("not read as English" in r for r in a.reasons)
    assert not any(f.detector == "hatescope.classifier.v1" for f in a.findings)
    english = hatescope.analyze("My neighbours are Muslims.")
    assert "language" not in english.context


def test_lexicons_still_judge_other_languages() -> None:
    a = hatescope.analyze("Juden sind Ungeziefer, sagt er immer wieder.")
    assert a.hateful and a.context["language"]["reads_as_english"] is False


@pytest.mark.parametrize("trick", [
    lambda t: "".join(c + ("\u200b" if c.isalpha() else "") for c in t),  # a zero-width space after every letter
    lambda t: "".join(c + ("\u200e" if c.isalpha() else "") for c in t),  # a bidi mark after every letter
    lambda t: t.replace("a", "а").replace("e", "е").replace("o", "о"),  # Cyrillic look-alikes
])
def test_invisible_characters_and_look_alikes_do_not_switch_the_english_classifier_off(trick) -> None:
    text = trick("The refugees in this town are vermin and they should all be thrown out of the country.")
    a = hatescope.analyze(text)
    assert "language" not in a.context  # read as English: the English classifier scored it
    assert any(f.detector == "hatescope.classifier.v1" for f in a.findings)


def test_the_multilingual_classifier_reads_the_text_without_invisible_characters() -> None:
    from hatescope.normalize.reading import written_form

    assert written_form("Mus\u200blime sind Ratten, sagt\u200e er") == "Muslime sind Ratten, sagt er"
    assert written_form("Ärger über Ｆｌüchtlinge") == "Ärger über Flüchtlinge"  # accents and case stay
    assert written_form("Łódź, привет") == "Łódź, привет"  # writing, not look-alikes
