"""Does a text read as English? The learned classifier is English; on other languages its scores are noise.

Measured (GermEval 2018 test; docs/LEXICONS.md, "Other languages"): on German tweets its
`hate` score separates abusive from harmless tweets that name a group barely better than chance (AUC
0.56), while it calls plain German mentions hateful ("Meine Nachbarn sind Muslime." 0.74). So the
engine asks this module first: the English classifier sits out on text that is clearly not English,
the multilingual classifier (hatescope.detect.multilingual) takes it instead, and the lexicons (which
have entries in several languages) run on every text.

The test is the share of words found in ``english_words.txt.gz`` (SCOWL's common lower-case words,
capitalised ones the English encoder knows, the lexicons' English slurs and profanity; built by
training/build_normalize_data.py). Mentions, hashtags and placeholders do not count. Words in another
script (Arabic, Devanagari, Cyrillic, Greek…) count as words that are not English; a run of Chinese or
Japanese characters, written without spaces, counts one word per two characters. A text in Latin
letters needs at least ``MIN_WORDS`` words to be judged at all ("Ausländer raus!" is too short to tell,
and stays with the English classifier); a text written mostly in another script does not. Judged on
normalised text (lower case, accents folded, emoji read as words).

The share is the fallback. The engine first asks the language guess
(:mod:`hatescope.ingest.language_guess`: script, py3langid, an English veto; docs/LANGID.md): a
text confidently in another language is not English whatever its share ("Ausländer raus!" goes to the
multilingual classifier), a text guessed English is English, and only an unsure guess (a short post)
leaves the decision to the share, as before.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from hatescope.facts import Component
from hatescope.ingest.language_guess import LanguageGuess, guess_language
from hatescope.normalize.spelling import word_list

#: The language stage: it fills the document's fact "language" (hatescope.facts).
STAGE = Component("hatescope.language", assigns=("language",))

_WORD = re.compile(r"(?<![@#\w])[a-z]{2,}")
#: Runs of letters outside ASCII: words of other scripts (and the odd Latin letter NFKD keeps, "ł").
_OTHER_SCRIPT = re.compile(r"(?<![@#])[^\W\d_a-z]+")
#: Scripts written without spaces between words.
_UNSPACED = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN")
#: Tokens datasets and scrapers put in place of users, numbers and links.
_PLACEHOLDERS = frozenset({"user", "number", "url", "http", "https", "www", "rt", "amp", "percent", "com"})
MIN_WORDS = 3
#: Below this share of English words a text is not English. English posts full of slang and slurs stay
#: above it (9 of 17,199 English dataset test texts fall below, 4 of them in fact Dutch or Spanish);
#: 79% of GermEval's German test tweets fall below it.
ENGLISH_SHARE = 0.3


def _other_script_words(text: str) -> int:
    """How many words of scripts other than Latin ``text`` holds (unspaced scripts: one per two characters)."""
    count = 0
    for m in _OTHER_SCRIPT.finditer(text):
        run = m.group()
        name = unicodedata.name(run[0], "")
        if name.startswith("LATIN"):  # "ł", "ø": letters of Latin-script words, counted with them
            continue
        count += (len(run) + 1) // 2 if name.startswith(_UNSPACED) else 1
    return count


def english_share(text: str) -> float | None:
    """Share of the words of (normalised) ``text`` that are English, or None when it has too few words."""
    words = [w for w in _WORD.findall(text) if w not in _PLACEHOLDERS]
    other = _other_script_words(text) if not text.isascii() else 0
    # Mostly another script: no need for MIN_WORDS, nobody mistakes two Arabic words for English.
    if len(words) + other < MIN_WORDS and other <= len(words):
        return None
    english = word_list("english_words")
    return sum(w in english for w in words) / (len(words) + other)


def english_enough(share: float | None) -> bool:
    """Whether a text with this ``english_share`` is English (too short to judge counts as English)."""
    return share is None or share >= ENGLISH_SHARE


def reads_as_english(text: str) -> bool:
    return english_enough(english_share(text))


@dataclass
class LanguageReport:
    """What the detectors did with a text that is not English (``doc.language_report``), for the policy's reasons."""

    english_share: float
    language_guess: str
    language_confidence: float
    language_method: str
    #: Detectors that sat out, and those that scored the text, by name.
    skipped: list[str] = field(default_factory=list)
    applied: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The analysis's ``context["language"]`` (docs/JSON_SCHEMA.md)."""
        return {"reads_as_english": False, "english_share": self.english_share, "language_guess": self.language_guess,
                "language_confidence": self.language_confidence, "language_method": self.language_method,
                "skipped": list(self.skipped), "applied": list(self.applied)}


def identify(doc: Any) -> None:
    """The language stage: the language guess of the document's text as written (an HTML article's text) and the
    share of English words in its normalised text, into ``doc.language`` and ``doc.english_share``."""
    text = doc.source.text if doc.source is not None else doc.original
    doc.language = guess_language(text)
    doc.english_share = english_share(doc.text)
    doc.assigned.add("language")


def _ensure_identified(doc: Any) -> None:
    """A document no engine prepared (a detector used on its own) is identified on first use."""
    if "language" not in doc.assigned:
        identify(doc)


def document_share(doc: Any) -> float | None:
    """``english_share`` of a document's normalised text (``doc.english_share``)."""
    _ensure_identified(doc)
    return doc.english_share


def document_is_english(doc: Any) -> bool:
    """Whether the English detectors should read ``doc``: guessed English, or, when the guess is unsure
    (a short post), enough English words. A text confidently in another language is not English even
    with English-looking words ("Los inmigrantes trabajan en los hospitales." has "los" and "en")."""
    guess = document_language(doc)
    if guess.language == "en":
        return True
    return not guess.confident and english_enough(document_share(doc))


def document_language(doc: Any) -> LanguageGuess:
    """The language guess of the document's text as written (``doc.language``)."""
    _ensure_identified(doc)
    return doc.language


def document_guess(doc: Any) -> str:
    """The document's language as a primary subtag ("und" for text without letters)."""
    return document_language(doc).language


def sentence_language(doc: Any, nstart: int) -> LanguageGuess:
    """The language of the sentence holding normalised position ``nstart`` when it can be told on its own
    (an English post quoting a Spanish line), else the document's."""
    whole = document_language(doc)
    sentences = doc.sentences
    if doc.source is not None or not sentences or len(sentences) < 2:
        return whole
    sentence = doc.sentence_at(nstart)
    if sentence is None:
        return whole
    guess = doc.sentence_languages.get(sentence.start)
    if guess is None:
        guess = doc.sentence_languages[sentence.start] = guess_language(doc.original[sentence.start:sentence.end])
    return guess if guess.confident else whole


def record(doc: Any, *, skipped: str | None = None, applied: str | None = None) -> None:
    """Note in ``doc.language_report`` that a detector sat out (``skipped``) or scored (``applied``) a text that is
    not English."""
    report = doc.language_report
    if report is None:
        guess = document_language(doc)
        report = doc.language_report = LanguageReport(
            english_share=round(document_share(doc) or 0.0, 3), language_guess=guess.language,
            language_confidence=round(guess.confidence, 3), language_method=guess.method)
    for names, name in ((report.skipped, skipped), (report.applied, applied)):
        if name and name not in names:
            names.append(name)
