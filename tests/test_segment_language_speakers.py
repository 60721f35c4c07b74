"""Speakers of reported speech where English's clues (capitals, articles, the verb after the subject) are missing:
the [attribution] tables of hatescope/data/context/<lang>.toml read by hatescope.segment.language_speakers.
Sentences written for these tests; the assertions are on the segments the engine's segment stage builds."""

from __future__ import annotations

import pytest

from hatescope.engine import Engine
from hatescope.segment import language_speakers


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def _quotes(engine: Engine, text: str) -> list[tuple[str | None, str]]:
    doc = engine.prepare(text)
    return [(s.speaker, s.text) for s in doc.segments if s.kind == "quote"]


@pytest.mark.parametrize(("text", "speaker", "said"), [
    # Russian: a lower-case title before the verb, "что" after it a few words on.
    ("Вчера блогер Смирнов написал в своём канале, что цыгане — воры.", "блогер Смирнов", "цыгане — воры"),
    ("«Мигранты — крысы», — сказал депутат.", "депутат", "Мигранты — крысы"),
    # Turkish: the speaker opens the sentence, what is said comes before the verb.
    ("Yazar, göçmenlerin asalak olduğunu iddia etti.", "Yazar", "göçmenlerin asalak olduğunu"),
    ("Başkan dün akşam mitingde \"Suriyeliler defolsun\" dedi.", "Başkan", "Suriyeliler defolsun"),
    # Arabic: the verb first, the speaker after it, up to "that" or a colon.
    ("وقال الكاتب إن المهاجرين لصوص.", "الكاتب", "المهاجرين لصوص"),
    ("أكد رئيس الحزب للصحفيين: «الغجر لصوص».", "رئيس الحزب", "الغجر لصوص"),
    # Hebrew and Persian: no capitals; a preposition between the speaker and the verb ends the speaker.
    ("הרב אמר בכנס כי הזרים הם גנבים.", "הרב", "הזרים הם גנבים"),
    ("نویسنده در مصاحبه گفت که مهاجران دزد هستند.", "نویسنده", "مهاجران دزد هستند"),
    # Hindi: "ने" marks the speaker.
    ("अभिनेता ने इंटरव्यू में कहा कि प्रवासी चोर हैं।", "अभिनेता", "प्रवासी चोर हैं"),
    # Mandarin: no spaces; "在" ends the speaker.
    ("该作家在采访中表示，移民都是小偷。", "该作家", "移民都是小偷"),
])
def test_the_speaker_is_found_by_the_language_word_order(engine: Engine, text: str, speaker: str, said: str) -> None:
    assert _quotes(engine, text) == [(speaker, said)]


@pytest.mark.parametrize("text", [
    # The writer's own voice: a first person, a negation or a condemnation where a speaker would stand.
    "我谴责那些说移民都是小偷的人。",
    "没有人应该说移民都是小偷。",
    "把移民称为小偷是歧视。",
    "Я сказал, что это неправда.",
    "Никто не сказал, что мигранты — воры.",
    "मैंने कहा कि यह गलत है।",
    # Arabic without "that": the words after a naming verb are its object, not a speaker.
    "وصف المهاجرين باللصوص عنصرية.",
])
def test_no_speaker_where_the_writer_speaks(engine: Engine, text: str) -> None:
    assert _quotes(engine, text) == []


def test_every_language_with_rules_reads_them_from_its_cue_file() -> None:
    languages = {rules.language for rules in language_speakers.all_rules()}
    assert {"ru", "tr", "he", "ar", "fa", "hi", "zh"} <= languages
    assert "en" not in languages and "de" not in languages  # capitals and articles do there


def test_a_speaker_keeps_the_writers_accents_but_not_look_alike_letters(engine: Engine) -> None:
    assert _quotes(engine, "Le député a dit que les Roms sont des voleurs.")[0][0] == "Le député"
    assert _quotes(engine, "Gazeteci Yılmaz şöyle yazdı: «Göçmenler hırsız.»")[0][0] == "Gazeteci Yılmaz"
    # A Cyrillic "а" in a Latin name is evasion, not an accent: the name stays as the reading view has it.
    assert _quotes(engine, 'Mr. Mаrr said "Muslims are thieves."')[0][0] == "Marr"


def test_the_needle_admits_every_verb_of_its_language() -> None:
    """The cheap pre-search may pass a sentence over only when none of the language's verbs can be in it:
    each verb, alone or upper-cased inside a sentence, must be found by its language's needle."""
    from hatescope.context_cues import load

    checked = 0
    for rules in language_speakers.all_rules():
        assert rules.needle is not None
        cues = load(rules.language)
        for word in cues.words("speech_verbs") + cues.words("report_verbs") + cues.words("naming_verbs"):
            word = word.rstrip("*")
            for sentence in (word, f"x {word.upper()} y"):
                if rules.verbs.search(sentence) or (rules.naming and rules.naming.search(sentence)):
                    assert rules.needle.search(sentence), (rules.language, word)
                    checked += 1
    assert checked > 100


def test_english_sentences_skip_the_scripts_they_lack() -> None:
    needles = {r.language: r.needle for r in language_speakers.all_rules()}
    sentence = "The mayor said on the radio that the new park opens on Friday."
    for language in ("ru", "he", "fa", "zh"):
        assert needles[language].search(sentence) is None, language
