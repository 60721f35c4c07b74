"""Per-language cue words of the context stage, read from ``hatescope/data/context/<lang>.toml``.

The segmenter (quotations, reported speech, speakers) and the stance rules (counter-speech, negation,
agreement) read how people *talk about speech*: which verbs report it, which words condemn it, which
words negate and where a negation's scope ends. Those words differ by language, the rules do not, so
the words are data: one versioned file per language, loaded once.

A file holds two kinds of entries (docs/CONTEXT.md, "Languages"):

* ``[patterns]``: regular expressions over the normalised text, used as written (English keeps the exact
  patterns it was tuned with);
* ``[words]``: lists of words and phrases, compiled to one alternation between word boundaries
  (a space matches any run of spaces, a trailing ``*`` any word ending).

Three settings adapt the matching to a language's writing: ``word_boundaries = false`` for a script written
without spaces (Chinese: a cue matches wherever its characters stand), ``prefixes`` for one-letter words
written onto the next word (Hebrew and Arabic "and", "the", "that": "והגזענות"), and ``verb_final`` for a
language whose verbs of saying come after what is said (Turkish, Persian, Hindi: "… demek ırkcılıktır").

A key a language does not give falls back to English, so a language file can grow one cue at a time.
Words are written as normalisation leaves them: lower case, accents folded ("fluchtlinge", "nao").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ENGLISH = "en"
#: Every cue a language file may give, and what it answers (the stance and segment rules read these names).
CUE_KEYS = {
    "negation": "a word that negates what follows",
    "not_a_negation": "negation phrases that do not negate (\"not only\")",
    "negative_question": "a question opened by a negated auxiliary (\"aren't X just …?\"): it asserts, it does not deny",
    "scope_end": "where a negation's scope ends",
    "clause_break": "where a new clause with its own subject starts",
    "positive": "praise or humanity words: negating them insults",
    "negative": "attacking words: negating them defends",
    "desire": "wanting or deserving",
    "harm": "harm that is wanted or deserved",
    "condemn": "words that condemn a statement",
    "frame": "evidence presented as somebody's words or beliefs",
    "frame_after": "after the evidence, words that present it as a claim (Mandarin \"这种说法\", this claim)",
    "prohibit": "telling people not to say it",
    "condemn_act": "the writer's own act of condemnation",
    "wrong_to": "\"it is wrong to say …\"",
    "condemn_next": "a condemning sentence right after a quotation",
    "agree": "the writer agrees with what was quoted",
    "back_reference": "a later sentence pointing back at the quoted words (\"this\", \"they\")",
    "disclaimed": "a denied condemnation (\"not racist\"), read right before the condemning word",
    "negation_after": "a negation written after what it denies (Turkish \"degil\", Persian \"نیست\", Hindi \"नहीं\")",
    "approve": "the writer approves of quoted or reported words (\"telling the truth\", \"finally someone said it\")",
    "accolade": "praise of whoever said or did it (\"a legend\", \"deserves a medal\"), or of whoever answered them",
    "answered": "somebody answered the words (\"called him out\", \"made him apologise\"): later praise is theirs",
    "welcome": "a bare welcome of what was just reported (\"Good.\", \"about time\"): of the words, or of their sanction",
    "sanction": "the words were punished or removed (\"fired\", \"jailed\", \"taken down\")",
    "generic_frame": "a conditional or generic speaker (\"if you think\", \"anyone who says\", \"whoever says\")",
    "rebut": "a rejection of those who say it or of the claim (\"you've never met one\", \"look at the numbers\")",
    "attack": "an attack the writer reports (\"set on fire\", \"beaten\", \"arson\"): what follows says whose side it is on",
    "attacker_group": "after a group's name, an attack verb in the active voice with its object (\"… attacked a church\")",
    "perpetrator": "whoever did it, named as the doer (\"the gunman\", \"the man who drove a van into …\")",
    "sympathy": "sympathy with those attacked (\"hope they're ok\", \"pray for them\", \"say their names\")",
    "punish": "a call to find or punish the attackers (\"find those cowards\", \"lock them up\", \"throw away the key\")",
    "mockery": "laughter or a closing \"… not\" that turns sympathy or outrage into mockery (\"lol\", 😂)",
    "more": "a call for more of the quoted words or for their return (\"Print more.\", \"Bring them back.\")",
    "support": "the writer acts in support of the quoted words (\"Signed.\", \"Booked in.\", \"Bought one.\")",
    "reject": "the writer turns away from the quoted words (\"Left.\", \"Unfriended.\", \"Resign.\", \"0/10\")",
    "reaction": "the writer's own hurt, fatigue or disbelief at words aimed at them (\"I'm so tired.\", \"Why.\")",
    "recurrence": "the same words again (\"Third time.\"): fatigue when the writer or theirs are named",
    "moderation": "a sanction or rule applied to the quoted words (\"= instant kick\", \"last warning\")",
    "regret": "regret of what was done against the words or the harm (\"Cowards.\", \"censorship\", \"Shame.\")",
    "plight": "harm or need without a named attacker (\"evicted\", \"capsized\", \"rescued\", a camp fire)",
    "mention_frame": "the post is about words being used: reported, banned, an insult or a slur named (not English: "
                     "hatescope.detect.lexicon_mentions keeps its own English frame)",
    "words_for_words": "a word for words (\"the word\", \"the slur\", \"the insult\") before or after a term it names",
}
#: Lists that the segmenter reads as words, not patterns.
LIST_KEYS = ("speech_verbs", "report_verbs", "naming_verbs", "complementizers", "determiners")


@dataclass(frozen=True)
class LanguageCues:
    """The compiled cues of one language (keys it does not give are English's)."""

    language: str
    version: str
    patterns: dict[str, re.Pattern[str]]
    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Quote-mark pairs (opening, closing) written in this language.
    quote_pairs: tuple[tuple[str, str], ...] = ()
    #: The verb of saying follows what is said ("… demek ırkcılıktır"): framing is read after the words too.
    verb_final: bool = False
    #: The file's ``word_boundaries`` and ``prefixes`` settings, as its word lists were compiled with them (a reader that
    #: builds its own pattern from the lists compiles it the same way).
    word_boundaries: bool = True
    prefixes: tuple[str, ...] = ()

    def __getattr__(self, name: str) -> Any:
        patterns = self.__dict__.get("patterns", {})
        if name in patterns:
            return patterns[name]
        raise AttributeError(name)

    def pattern(self, key: str) -> re.Pattern[str] | None:
        """The cue ``key``, or None where neither this language nor English gives it (``negation_after``)."""
        return self.patterns.get(key)

    def words(self, key: str) -> tuple[str, ...]:
        return self.lists.get(key, ())

    @property
    def is_english(self) -> bool:
        return self.language == ENGLISH


#: Nothing that continues a word comes next: a letter, a digit or a combining mark of an Indic or Arabic script.
_NO_LETTER_NEXT = r"(?![\w\u0300-\u036f\u064b-\u065f\u0670\u0900-\u0dff])"
#: Nothing that a word goes on from comes before: "न" (not) is no word at the end of "बयान" (after a vowel sign).
_NO_LETTER_BEFORE = r"(?<![\w\u0300-\u036f\u064b-\u065f\u0670\u0900-\u0dff])"


def words_pattern(items: list[str], *, boundaries: bool = True, prefixes: tuple[str, ...] = ()) -> str:
    """One alternation of ``items``: a space is any run of spaces, a trailing ``*`` any word ending, and an
    end that is a letter must be a word boundary (punctuation such as ";" or ", und" needs none).

    ``boundaries=False`` drops the boundaries (a script without spaces between words); ``prefixes`` are
    letters that may be written onto the front of a word ("ו", "ال") and are allowed before each item."""
    alts = []
    prefix = "(?:" + "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True)) + ")?" if prefixes else ""
    for item in sorted(set(items), key=len, reverse=True):  # longest first: "no one" before "no"
        star = item.endswith("*")
        word = item.rstrip("*")
        core = re.escape(word).replace(r"\ ", r"\s+")
        if not boundaries:
            alts.append(core)
            continue
        lead = _NO_LETTER_BEFORE + prefix if word[:1].isalnum() else ""
        if star:
            tail = r"\w*"
        elif word[-1:].isalnum() or unicodedata.category(word[-1:]).startswith("M"):
            # Python's \w does not count combining marks: a word ending in a vowel sign (Devanagari "कहा", Arabic "ً")
            # has no \b after it, and "न" (not) has one inside "ने". A word ends where no letter and no mark follows
            # (the same as \b in text without marks).
            tail = _NO_LETTER_NEXT
        else:
            tail = ""
        alts.append(lead + core + tail)
    return "(?:" + "|".join(alts) + ")"


#: Where the cue files are.
FOLDER = Path(__file__).resolve().parent / "data" / "context"


@lru_cache(maxsize=None)
def _data(language: str) -> dict[str, Any] | None:
    """The parsed cue file of ``language`` (None without one), read once; callers only read it."""
    path = FOLDER / f"{language}.toml"
    if not path.is_file():
        return None
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _lists(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    words = data.get("words", {})
    return {key: tuple(words.get(key, ())) for key in LIST_KEYS if key in words}


def _quote_pairs(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in data.get("quote_marks", {}).get("pairs", ()))


@lru_cache(maxsize=1)
def available() -> frozenset[str]:
    """The languages with a cue file (packaged data: listed once, not on every document's cue lookup)."""
    return frozenset(p.stem for p in FOLDER.glob("*.toml"))


@lru_cache(maxsize=None)
def load(language: str) -> LanguageCues:
    """The cues of ``language`` (English's for a language with no file), compiled once."""
    data = _data(language)
    if data is None:
        return load(ENGLISH) if language != ENGLISH else _build(ENGLISH, {}, None)
    base = None if language == ENGLISH else load(ENGLISH)
    return _build(language, data, base)


def _build(language: str, data: dict[str, Any], base: LanguageCues | None) -> LanguageCues:
    patterns = dict(base.patterns) if base is not None else {}
    words = data.get("words", {})
    boundaries = bool(data.get("word_boundaries", True))
    prefixes = tuple(str(p) for p in data.get("prefixes", ()))
    for key, items in words.items():
        if key in CUE_KEYS:
            patterns[key] = re.compile(words_pattern(list(items), boundaries=boundaries, prefixes=prefixes))
    for key, source in data.get("patterns", {}).items():  # a pattern is written to replace the word list
        patterns[key] = re.compile(source)
    if "condemn" in words and "condemn_next" not in words and "condemn_next" not in data.get("patterns", {}):
        # A sentence that opens with a condemnation (within its first words) condemns what came before it.
        opening = r"^\W*(?:[\w']+\W+){0,4}?" if boundaries else r"^\W*\w{0,12}?"
        patterns["condemn_next"] = re.compile(opening + patterns["condemn"].pattern)
    return LanguageCues(language, str(data.get("version", "0")), patterns, _lists(data), _quote_pairs(data),
                        verb_final=bool(data.get("verb_final", False)), word_boundaries=boundaries, prefixes=prefixes)


def all_quote_pairs() -> tuple[tuple[str, str], ...]:
    """Every language's quote-mark pairs: quotations are scanned before the language is known.

    Read from the files' data, not from ``load``: compiling every language's cue patterns costs about a second,
    paid by each process at import, while a process rarely meets more than a few languages."""
    pairs: list[tuple[str, str]] = []
    for language in sorted(available()):
        for pair in _quote_pairs(_data(language) or {}):
            if pair not in pairs:
                pairs.append(pair)
    return tuple(pairs)


def other_language_words(key: str) -> tuple[str, ...]:
    """The words of list ``key`` (speech verbs, reporting verbs…) that the languages other than English add:
    attribution reads them in any text, since a German quote in an English post is still attributed.
    Read from the files' data without compiling their patterns (see ``all_quote_pairs``)."""
    english = set(load(ENGLISH).words(key))
    found: list[str] = []
    for language in sorted(available() - {ENGLISH}):
        found += [w for w in _lists(_data(language) or {}).get(key, ()) if w not in english and w not in found]
    return tuple(found)


def verbs_alternation(words: tuple[str, ...] | list[str]) -> str:
    """``words`` as a regex alternation (a space in a phrase is any run of spaces), in the order given."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
