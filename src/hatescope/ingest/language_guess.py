"""Which language a text is in, and how sure that is.

Readers: the engine's routing (the English classifier sits out on text in another language,
:mod:`hatescope.ingest.language`), the lexicon (an entry fires only in its languages,
:mod:`hatescope.detect.lexicon`) and Perspective's ``detectedLanguages`` (docs/API.md).

The guess runs in four steps, cheapest and surest first (measured in docs/LANGID.md):

1. The script (:mod:`hatescope.ingest.language_scripts`): Hangul is Korean, kana Japanese, Han alone
   Chinese, Hebrew letters Hebrew; a letter of one language of a shared script ("ї", "گ") decides it.
2. Latin letters only: marker words of romanised Hindi and Arabizi, which the model does not know
   (:mod:`hatescope.ingest.language_words`).
3. Plain English (``SURE_SHARE`` of the words English, two of them words only English has): English, with
   the word share as confidence and no model (the model's byte walk is the larger part of the cost).
4. py3langid's naive-Bayes model over byte n-grams, restricted to the languages of the text's script
   and weighted by how common each language is in posts (``PRIORS``): the model alone calls Indonesian
   Malay and short English slang Norwegian or Volapük. Then the English veto: a text whose words are
   mostly English (the English word list plus slang) is English unless the model is sure it is not,
   so "ngl this slaps fr fr" is not sent to another language's model.

Short posts get a guess with a low confidence rather than "und"; readers that act on the guess wait
for ``CONFIDENT``. Only text without letters (emoji, numbers) is "und".
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable

from hatescope.ingest.language_scripts import read_script, script_of
from hatescope.ingest.language_words import ENGLISH_ONLY_WORDS, ENGLISH_SLANG, romanised_language

#: Confidence from which a guess is acted on (routing, lexicon languages, Perspective refusals).
CONFIDENT = 0.5
#: The English veto: at least this share of English words, and the model less sure of another language
#: than that share and than ``VETO_MODEL_MAX``.
VETO_SHARE = 0.6
VETO_MODEL_MAX = 0.9
#: The fast path: a Latin-script text of at least ``SURE_WORDS`` words, ``SURE_SHARE`` of them English and two
#: of them words only English has (``ENGLISH_ONLY_WORDS``), is English without the n-gram model (its byte walk is
#: half the cost of preparing a post). No row of the public per-language test sets (14 sets, 17,000 rows in other
#: languages) and no non-English sentence of benchmarks/data/langid_*.tsv takes it.
SURE_SHARE = 0.85
SURE_WORDS = 5
#: Words it takes for a word-share judgement to be fully trusted ("ok" alone is weak evidence).
_FULL_EVIDENCE_WORDS = 4
#: The opening is enough and keeps the cost flat for long articles.
_MAX_CHARS = 2000

#: How common each language is in the posts a moderation service sees, as a prior over the model's
#: answer: 1 for the most used languages online, 0.5 for the next, 0.2 for the rest hatescope names.
#: Languages not listed (Latin, Volapük, "no language", regional varieties) are never answered.
PRIORS: dict[str, float] = {
    **dict.fromkeys("en es pt fr de it nl pl tr id vi ro ru uk ar fa hi bn ja zh ko".split(), 1.0),
    **dict.fromkeys("sv da no fi cs sk hu hr bs sr sl bg el he ms tl ca lt lv et sq ur sw az".split(), 0.5),
    **dict.fromkeys("af eu gl ga cy is mt lb ha yo so zu xh ig jv uz tk be mk kk ky mn tg tt ba ps ku ug as mr ne"
                    .split(), 0.2),
}
#: Labels of the model folded into the language hatescope reports.
FOLD = {"arz": "ar", "ary": "ar", "yue": "zh", "wuu": "zh", "nn": "no", "uzs": "uz", "sdh": "ku", "hbo": "he"}
_LATIN = tuple(sorted(set(PRIORS) - {
    "ru", "uk", "ar", "fa", "hi", "bn", "ja", "zh", "ko", "bg", "el", "he", "ur", "mr", "ne", "be", "mk",
    "kk", "ky", "mn", "tg", "tt", "ba", "ps", "ug", "as"}))

_URL = re.compile(r"https?://\S+|www\.\S+")
_HANDLE = re.compile(r"@\w+")
#: Latin words as folded (two characters or more, digits allowed: "5alas", "b4").
_WORD = re.compile(r"(?<![a-z0-9])(?=[a-z0-9]*[a-z])[a-z0-9]{2,}")
_OTHER_RUN = re.compile(r"[^\W\d_a-z]+")
_TOKEN = re.compile(r"[a-z0-9]*[a-z][a-z0-9]*")
_PLACEHOLDERS = frozenset({"user", "url", "http", "https", "www", "rt", "amp", "number"})
#: Emoji, pictographs, modifiers, joiners and variation selectors: no language in them.
_NOT_WRITING = frozenset({"So", "Sk", "Cs", "Co", "Cf", "Me"})


@dataclass(frozen=True)
class LanguageGuess:
    """A BCP-47 primary subtag ("und" without letters), how sure (0-1), and what decided it: "script",
    "letters", "words" (romanised markers), "model", "english_words" (the veto) or "none"."""

    language: str
    confidence: float
    method: str

    @property
    def confident(self) -> bool:
        return self.language != "und" and self.confidence >= CONFIDENT

    def as_dict(self) -> dict[str, Any]:
        return {"language": self.language, "confidence": round(self.confidence, 3), "method": self.method}


UNDETERMINED = LanguageGuess("und", 0.0, "none")


def guess_language(text: str) -> LanguageGuess:
    """The language of ``text`` with its confidence; see the module docstring for the steps."""
    clean = clean_text(text)
    reading = read_script(clean)
    if reading.letters == 0:
        return UNDETERMINED
    if reading.language is not None:
        return LanguageGuess(reading.language, _script_confidence(reading.language, clean), "script" if
                             reading.script in ("CJK", "HANGUL", "HEBREW", "GREEK") else "letters")
    if reading.script != "LATIN":
        ranked = _rank(clean, reading.candidates or tuple(PRIORS))
        return LanguageGuess(ranked[0][0], ranked[0][1], "model") if ranked else UNDETERMINED
    words, other = latin_words(clean)
    share, evidence = english_share(words, other)
    tokens = _TOKEN.findall(_fold(clean))
    romanised = romanised_language(tokens, share)
    if romanised is not None:
        return LanguageGuess(romanised[0], romanised[1] * evidence, "words")
    if share >= SURE_SHARE and len(words) + other >= SURE_WORDS and len(ENGLISH_ONLY_WORDS.intersection(tokens)) >= 2:
        return LanguageGuess("en", share, "english_words")
    ranked = _rank(clean, _LATIN)
    if not ranked:
        return UNDETERMINED
    top, p = ranked[0]
    # The words outweigh the model: "wyd rn" (Welsh to the model, 0.77) is English; "Ne diyorsun sen?"
    # (Turkish, 0.79; "ne" and "sen" are in the English list) is not.
    if top != "en" and share >= VETO_SHARE and p < min(VETO_MODEL_MAX, share):
        return LanguageGuess("en", max(share * evidence, dict(ranked).get("en", 0.0)), "english_words")
    return LanguageGuess(top, p, "model")


def detect_language(text: str) -> str:
    """The language of ``text`` when the guess is confident, else "und" (Perspective's ``detectedLanguages``)."""
    guess = guess_language(text)
    return guess.language if guess.confident else "und"


def primary_subtag(tag: str) -> str:
    """"en-US" -> "en"; Perspective accepts ISO and BCP-47 codes."""
    return tag.strip().replace("_", "-").split("-", 1)[0].lower()


def clean_text(text: str) -> str:
    """The writing in ``text``: no links, @handles, hashtag signs, emoji, invisible characters or
    look-alike letters of another alphabet (``written_form``); accents and case stay, the model reads them."""
    from hatescope.normalize.reading import written_form  # the normaliser imports this package's siblings

    text = written_form(text[:_MAX_CHARS])
    text = _HANDLE.sub(" ", _URL.sub(" ", text)).replace("#", " ")
    return text.translate(_WRITING)


#: Characters a table remembers (the scripts a service meets fit many times over).
_CHAR_TABLE_LIMIT = 1 << 16


class _CharTable(dict):  # type: ignore[type-arg]
    """A ``str.translate`` table that works out each character's replacement the first time it meets it: one
    dictionary lookup per character instead of a Python call (the language guess reads every post)."""

    def __init__(self, rule: Callable[[str], str]) -> None:
        super().__init__()
        self._rule = rule

    def __missing__(self, code: int) -> str:
        out = self._rule(chr(code))
        if len(self) < _CHAR_TABLE_LIMIT:  # bounded: posts that walk through all of Unicode must not grow it for ever
            self[code] = out
        return out


#: Emoji, symbols, invisible and private characters, variation selectors: a space; the rest as written.
_WRITING = _CharTable(lambda ch: " " if unicodedata.category(ch) in _NOT_WRITING or "\ufe00" <= ch <= "\ufe0f" else ch)


def latin_words(clean: str) -> tuple[list[str], int]:
    """(lower-case, accent-free Latin words, count of words in other scripts). Names are left out: a
    capitalised word inside a sentence ("Vamos Real Madrid", "Hai România") says nothing of the language.
    Words with digits stay in ("5alas", "k1ll"): they are not words of the English list."""
    words = []
    for m in _WORD.finditer(_fold(clean)):
        word, original = m.group(), clean[m.start():m.end()]
        is_name = original[:1].isupper() and original[1:].islower() and not _opens(clean, m.start())
        if word in _PLACEHOLDERS or is_name:
            continue
        words.append(word)
    other = sum(not script_of(run[0]).startswith("LATIN") for run in _OTHER_RUN.findall(_fold(clean)))
    return words, other


def _opens(text: str, i: int) -> bool:
    """Whether position ``i`` starts a sentence (only spaces and quotes since the start or the last stop)."""
    before = text[:i].rstrip(" \t\n\"'«“‘¡¿(")
    return not before or before[-1] in ".!?…:"


def english_share(words: list[str], other: int) -> tuple[float, float]:
    """(share of ``words`` that are English words or English slang, how much that share is worth: 1 from
    ``_FULL_EVIDENCE_WORDS`` words on)."""
    from hatescope.normalize.spelling import word_list

    total = len(words) + other
    if total == 0:
        return 0.0, 0.0
    english = word_list("english_words")
    share = sum(w in english or w in ENGLISH_SLANG for w in words) / total
    return share, min(1.0, total / _FULL_EVIDENCE_WORDS)


def _fold(text: str) -> str:
    """Lower case without accents, one character for one ("É" -> "e"), so positions still match ``text``."""
    return text.translate(_FOLDED)


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    lower = base.lower()
    return lower if len(lower) == 1 else base


_FOLDED = _CharTable(_fold_char)


def _script_confidence(language: str, clean: str) -> float:
    if language == "zh":  # Han alone: a short Japanese kanji phrase is possible
        return 0.9 if sum(script_of(c) == "CJK" for c in clean) >= 4 else 0.6
    return 0.95


_MODEL: Any = None
_MODEL_LOCK = threading.Lock()


def _identifier() -> Any:
    """py3langid's identifier, loaded once (0.7 s, or ~0.1 s from the cache of hatescope.ingest.language_model)."""
    global _MODEL
    if _MODEL is None:
        with _MODEL_LOCK:
            if _MODEL is None:
                from hatescope.ingest.language_model import load_identifier

                model = load_identifier(norm_probs=True)  # decompressed once a machine, not once a process
                model.set_languages(sorted((set(PRIORS) | set(FOLD)) & set(model.labels)))  # never the others
                _MODEL = model
    return _MODEL


def _rank(text: str, candidates: tuple[str, ...]) -> list[tuple[str, float]]:
    """The model's ranking folded into hatescope's languages, kept to ``candidates``, times each language's
    prior, renormalised: [(language, probability)], best first."""
    allowed = set(candidates)
    scores: dict[str, float] = {}
    for label, p in _identifier().rank(text):
        language = FOLD.get(label, label)
        if language in allowed:
            scores[language] = scores.get(language, 0.0) + p * PRIORS.get(language, 0.2)
    total = sum(scores.values())
    if total <= 0.0:
        return []
    return sorted(((lang, s / total) for lang, s in scores.items()), key=lambda kv: -kv[1])


__all__ = ["CONFIDENT", "LanguageGuess", "UNDETERMINED", "clean_text", "detect_language", "guess_language",
           "primary_subtag"]
