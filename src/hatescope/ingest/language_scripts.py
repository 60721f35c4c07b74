"""What a text's writing system says about its language, before any statistical model is asked.

Some scripts belong to one language (Hangul, Hebrew, Greek), and some letters to one language of a
script (Ukrainian "ї", Persian "گ", Urdu "ے"): there the answer is certain and cheaper than a model.
Where a script is shared (Cyrillic, Arabic, Devanagari, Latin), this module names the languages the
model may choose between, so that a Bulgarian post is never read as Portuguese, whatever its n-grams.
Used by :mod:`hatescope.ingest.language_guess`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: Scripts written by one language (as far as posts go): the script decides.
SINGLE_LANGUAGE_SCRIPTS = {
    "HANGUL": "ko", "HEBREW": "he", "GREEK": "el", "THAI": "th", "ARMENIAN": "hy", "GEORGIAN": "ka",
    "TAMIL": "ta", "TELUGU": "te", "KANNADA": "kn", "MALAYALAM": "ml", "GUJARATI": "gu", "GURMUKHI": "pa",
    "ORIYA": "or", "SINHALA": "si", "KHMER": "km", "LAO": "lo", "MYANMAR": "my", "ETHIOPIC": "am",
    "TIBETAN": "bo",
}
#: Scripts shared by several languages: the model chooses among these (their first is the default).
SHARED_SCRIPTS = {
    "CYRILLIC": ("ru", "uk", "bg", "be", "sr", "mk", "kk", "ky", "mn", "tg", "tt", "ba"),
    "ARABIC": ("ar", "fa", "ur", "ps", "ku", "ug"),
    "DEVANAGARI": ("hi", "mr", "ne"),
    "BENGALI": ("bn", "as"),
}
_KANA = ("HIRAGANA", "KATAKANA")

# Letters that belong to one language of a shared script. Checked in this order: Urdu and Kazakh
# letters first, since Urdu also writes Persian's "پ چ ژ گ" and Kazakh Ukrainian's "і".
_LETTER_RULES: tuple[tuple[str, frozenset[str]], ...] = (
    ("ur", frozenset("ٹڈڑںےۓ")),
    ("ps", frozenset("ټډړږښګڼ")),
    ("ku", frozenset("ڕڵۆێ")),
    ("fa", frozenset("پچژگ")),
    ("kk", frozenset("әғқңөұүһӘҒҚҢӨҰҮҺ")),
    ("be", frozenset("ўЎ")),
    ("uk", frozenset("іїєґІЇЄҐ")),  # "і" is Belarusian and Kazakh too: their own letters are checked first
    ("mk", frozenset("ѓќѕЃЌЅ")),
    ("sr", frozenset("ђћЂЋ")),
)
_RUSSIAN_ONLY = frozenset("ыэёЫЭЁ")  # absent from Ukrainian, Bulgarian, Macedonian and Serbian
_ARABIC_FORMS = frozenset("يكة")  # Arabic yeh, kaf, teh marbuta
_PERSIAN_FORMS = frozenset("یک")  # the yeh and kaf Persian (and Urdu) keyboards type
_CYRILLIC_CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщ")


@dataclass(frozen=True)
class ScriptReading:
    """What the letters of a text say: a certain ``language``, else the ``candidates`` a model picks from."""

    script: str  # dominant script ("LATIN", "CYRILLIC", ...; "" without letters)
    letters: int
    language: str | None = None
    candidates: tuple[str, ...] = ()


@lru_cache(maxsize=8192)  # every letter of every post passes here: the name lookup and split are cached
def script_of(ch: str) -> str:
    """The script name a letter's Unicode name starts with ("LATIN", "CJK", "HIRAGANA", ...)."""
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return ""


def read_script(text: str) -> ScriptReading:
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            script = script_of(ch)
            counts[script] = counts.get(script, 0) + 1
    letters = sum(counts.values())
    if not letters:
        return ScriptReading("", 0)
    script, n = max(counts.items(), key=lambda kv: kv[1])
    kana = sum(counts.get(k, 0) for k in _KANA)
    han = counts.get("CJK", 0)
    if han + kana > letters / 2:
        # Japanese mixes kana into Han; Chinese has none. Han alone could be a Japanese headline,
        # but a post without a single kana is Chinese far more often.
        return ScriptReading("CJK", letters, "ja" if kana else "zh")
    if n <= letters / 2:
        script = "LATIN" if counts.get("LATIN") else script  # no majority: the model reads it as Latin text
    if script in SINGLE_LANGUAGE_SCRIPTS:
        return ScriptReading(script, letters, SINGLE_LANGUAGE_SCRIPTS[script])
    if script in SHARED_SCRIPTS:
        return _shared(script, text, letters)
    return ScriptReading(script, letters)


def _shared(script: str, text: str, letters: int) -> ScriptReading:
    chars = set(text)
    for language, marks in _LETTER_RULES:
        if chars & marks and language in SHARED_SCRIPTS[script]:
            return ScriptReading(script, letters, language)
    candidates = SHARED_SCRIPTS[script]
    if script == "CYRILLIC":
        if _bulgarian_hard_sign(text):
            return ScriptReading(script, letters, "bg")
        if chars & _RUSSIAN_ONLY:
            candidates = tuple(c for c in candidates if c not in ("uk", "bg", "mk", "sr"))
    elif script == "ARABIC":
        arabic, persian = bool(chars & _ARABIC_FORMS), bool(chars & _PERSIAN_FORMS)
        if persian and not arabic:
            candidates = ("fa", "ur")  # keyboard forms: Persian or Urdu, not Arabic
        elif arabic and not persian:
            return ScriptReading(script, letters, "ar")
    return ScriptReading(script, letters, None, candidates)


def _bulgarian_hard_sign(text: str) -> bool:
    """Bulgarian writes "ъ" as a vowel before consonants ("във", "към", "съм"); Russian only as a sign
    before е, ё, ю, я ("объявление")."""
    lower = text.lower()
    return any(lower[i + 1] in _CYRILLIC_CONSONANTS for i in range(len(lower) - 1) if lower[i] == "ъ")
