"""The language guess: script shortcuts, py3langid with priors, romanised markers and the English veto."""

from __future__ import annotations

import pytest

import hatescope
from hatescope.ingest.language_guess import CONFIDENT, detect_language, guess_language


@pytest.mark.parametrize("text,language", [
    ("שלום לכולם, מה נשמע?", "he"),
    ("گربه‌ام خوابیده", "fa"),  # Persian letter گ: not Arabic
    ("شب بخیر دوستان", "fa"),  # Persian keyboard yeh, no Arabic yeh or kaf
    ("شكرا جزيلا يا صديقي", "ar"),
    ("یہ میرا گھر ہے", "ur"),  # Urdu letters ے and ہ before Persian's گ
    ("我今天很累", "zh"),
    ("今日はとても疲れた", "ja"),  # kana among the Han characters
    ("오늘 너무 피곤해", "ko"),
    ("Дякую, друзі", "uk"),  # Ukrainian "і"
    ("Мы в шоке", "ru"),  # "ы": not Ukrainian or Bulgarian
    ("Къде си сега?", "bg"),  # "ъ" before a consonant is Bulgarian, never Russian
    ("Καλημέρα σε όλους", "el"),
])
def test_the_script_decides_where_it_can(text: str, language: str) -> None:
    guess = guess_language(text)
    assert guess.language == language and guess.confident


@pytest.mark.parametrize("text,language", [
    ("Die Nachbarn haben gestern im Garten ein Fest gefeiert.", "de"),
    ("Los vecinos hicieron una fiesta en el jardín ayer.", "es"),
    ("Les voisins ont fait la fête dans le jardin hier soir.", "fr"),
    ("De buren hebben gisteren een feest in de tuin gegeven.", "nl"),
    ("Sąsiedzi urządzili wczoraj imprezę w ogrodzie.", "pl"),
    ("Komşular dün bahçede bir parti verdi.", "tr"),
    ("Tetangga kami mengadakan pesta di kebun kemarin.", "id"),
    ("Vecinii au dat o petrecere în grădină ieri.", "ro"),
])
def test_latin_script_languages(text: str, language: str) -> None:
    guess = guess_language(text)
    assert (guess.language, guess.method) == (language, "model") and guess.confident


@pytest.mark.parametrize("text", ["wyd rn", "finna dip", "bruh moment", "istg im done", "gm fam", "no cap bestie"])
def test_english_slang_is_english(text: str) -> None:
    """The model alone reads these as Welsh, Swedish, Indonesian, German, Portuguese: the words veto it."""
    assert guess_language(text).language == "en"


@pytest.mark.parametrize("text,language", [
    ("Ne diyorsun sen?", "tr"),  # "ne" and "sen" are in the English word list; the model is surer
    ("Jag är hungrig och trött", "sv"),
    ("Vamos Real Madrid!!", "es"),  # names say nothing of the language
])
def test_english_looking_words_do_not_veto_a_sure_model(text: str, language: str) -> None:
    assert guess_language(text).language == language


@pytest.mark.parametrize("text,language", [
    ("yaar tum log itna drama kyun karte ho", "hi"),
    ("kal milte hain bhai", "hi"),
    ("wallah ana mesh fahem leh", "ar"),
    ("el gaw kan 7elw awi", "ar"),
])
def test_romanised_hindi_and_arabizi(text: str, language: str) -> None:
    guess = guess_language(text)
    assert (guess.language, guess.method) == (language, "words")


def test_leetspeak_is_not_arabizi() -> None:
    assert guess_language("h3ll y3s we w1n 2day").language == "en"
    assert guess_language("all k1kes must d13").language == "en"


def test_look_alike_letters_do_not_change_the_language() -> None:
    text = "The refugees in this town are welcome and they should all stay."
    disguised = text.replace("a", "а").replace("e", "е").replace("o", "о")  # Cyrillic look-alikes
    assert guess_language(disguised).language == "en"


def test_short_posts_get_a_language_with_a_low_confidence() -> None:
    short = guess_language("ok")
    assert short.language == "en" and short.confidence < CONFIDENT
    assert detect_language("ok") == "und"  # readers that act on the guess wait for a confident one
    german = guess_language("Ausländer raus!")
    assert german.language == "de" and german.confident


@pytest.mark.parametrize("text", ["🙂🙂🙂", "12345", "", "@user https://example.com #"])
def test_text_without_letters_is_undetermined(text: str) -> None:
    assert guess_language(text).language == "und" and detect_language(text) == "und"


def test_the_analysis_records_the_language_and_its_confidence() -> None:
    a = hatescope.analyze("Meine Nachbarn kommen aus Syrien und haben uns zum Essen eingeladen.")
    language = a.context["language"]
    assert language["language_guess"] == "de" and language["language_confidence"] >= 0.9
    assert language["language_method"] == "model"
    assert any("read as de, confidence" in r for r in a.reasons)


@pytest.fixture
def without_ngram_model(monkeypatch):
    """The language guess with its n-gram model forbidden: a text that reaches it fails the test."""
    from hatescope.ingest import language_guess

    def no_model(*_a, **_k):
        raise AssertionError("the n-gram model was asked")

    monkeypatch.setattr(language_guess, "_rank", no_model)
    return language_guess.guess_language


def test_plain_english_skips_the_ngram_model(without_ngram_model) -> None:
    """The fast path: mostly English words, two of them English-only, five words or more: no n-gram model."""
    guess = without_ngram_model("honestly the new bakery on our street is better than they said")
    assert (guess.language, guess.method) == ("en", "english_words")
    assert guess.confident


def test_the_fast_path_knows_common_english_words_beyond_the_few_commonest(without_ngram_model) -> None:
    """"if", "she", "never", "back", "here": none of the original thirty, all absent from other languages' posts."""
    guess = without_ngram_model("honestly if she never comes back here I will be so happy")
    assert (guess.language, guess.method) == ("en", "english_words")


@pytest.mark.parametrize("text", [
    "Il a vu le film avec sa famille à la plage hier soir",  # words the English list shares, no English-only word
    "Solo per oggi il menu del giorno costa dieci euro",
    "Die Kinder spielen im Park und the Sonne scheint",  # one English-only word is not enough
])
def test_the_fast_path_leaves_other_languages_to_the_model(text: str) -> None:
    from hatescope.ingest.language_guess import guess_language

    assert guess_language(text).method == "model"
