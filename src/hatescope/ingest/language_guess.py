"""A small, dependency-free language guess: which language a text is in, by script and function words.

Two readers: Perspective's ``detectedLanguages`` (the compatible endpoint refuses text in a language
an attribute does not support; docs/API.md), and the lexicon's English-only entries (a word that is a
slur in English and the ordinary word in Spanish or Portuguese, hatescope.detect.lexicon). The dominant
script decides for non-Latin text, and function-word counts decide between a handful of Latin-script
languages. Short or ambiguous text is "und" (undetermined).
"""

from __future__ import annotations

import re
import unicodedata

# Script name prefix (from unicodedata.name) -> the language we report for text written in it.
_SCRIPT_LANGUAGE = {
    "CYRILLIC": "ru",
    "ARABIC": "ar",
    "HEBREW": "he",
    "GREEK": "el",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
}

# Frequent function words that are rare in the other listed languages. Words that are also everyday English
# ("no", "as", "do", "is", "met", "non", "per", "come", "con", "son", "die") are left out of the other
# languages' lists: "so no white people = no crimes?" was read as Spanish.
_FUNCTION_WORDS = {
    "en": {"the", "and", "is", "are", "you", "they", "this", "that", "with", "not", "of", "to", "it", "we", "have", "be", "was", "for", "what", "all"},
    "de": {"der", "das", "und", "ist", "nicht", "ich", "sie", "mit", "ein", "eine", "auch", "sind", "wir", "für", "dass"},
    "fr": {"le", "la", "les", "et", "est", "une", "des", "pas", "je", "vous", "ils", "sont", "avec", "pour", "dans", "qui"},
    "es": {"el", "los", "las", "y", "es", "una", "que", "por", "para", "pero", "muy", "del", "ellos"},
    "it": {"il", "gli", "che", "è", "sono", "una", "della", "questo", "loro", "anche"},
    "pt": {"os", "não", "uma", "são", "com", "para", "que", "da", "eles", "isso", "muito", "também"},
    "nl": {"de", "het", "een", "en", "niet", "zijn", "ik", "voor", "dat", "ook", "wij"},
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return ""


def detect_language(text: str) -> str:
    """A BCP-47 primary subtag, or "und" when the text gives too little to go on."""
    counts: dict[str, int] = {}
    letters = 0
    for ch in text[:2000]:  # the opening is enough and keeps this O(1) for long articles
        if ch.isalpha():
            letters += 1
            script = _script(ch)
            counts[script] = counts.get(script, 0) + 1
    if letters == 0:
        return "und"
    script, n = max(counts.items(), key=lambda kv: kv[1])
    if script != "LATIN" and n / letters > 0.5:
        return _SCRIPT_LANGUAGE.get(script, "und")
    words = [w.lower() for w in _WORD.findall(text[:2000])]
    hits = {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}
    best, best_hits = max(hits.items(), key=lambda kv: kv[1])
    # Two clear function-word hits, and more than English gets, before calling text non-English.
    if best != "en" and best_hits >= 2 and best_hits > hits["en"] * 1.5:
        return best
    if hits["en"] >= 1:
        return "en"
    return "und"


def primary_subtag(tag: str) -> str:
    """"en-US" -> "en"; Perspective accepts ISO and BCP-47 codes."""
    return tag.strip().replace("_", "-").split("-", 1)[0].lower()
