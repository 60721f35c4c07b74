"""Who said it: the pieces of attribution (speech verbs, name phrases, canonical names, pronouns).

segment/voices.py decides which quote gets which speaker (order of the rules in docs/CONTEXT.md);
this module answers the smaller questions: which words before a verb name its speaker
(``speaker_before_verb``), which tag after a quote does (``tag_after``), what a sentence's subject is,
and what canonical name a phrase stands for (``SpeakerBook``: titles dropped, a surname mapped to the
full name seen in the text, pronouns to the last named speaker).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from hatescope.context_cues import ENGLISH, load, other_language_words, verbs_alternation
from hatescope.normalize.quote_marks import OTHER_SPEECH_VERBS, SPEECH_VERBS  # noqa: F401 - OTHER_ read by voices

#: Verbs of a speech tag after a quote ("…,” Marr said): not naming verbs like "called".
TAG_VERBS = (
    "said says wrote writes added adds told tells asked asks replied replies continued explained noted insisted "
    "argued warned declared stated tweeted posted"
).split()
#: English speech verbs first, then the other languages' (hatescope/data/context/<lang>.toml): "sagte: „…“".
_VERB_RE = re.compile(r"\b(" + "|".join(SPEECH_VERBS) + "|" + verbs_alternation(OTHER_SPEECH_VERBS) + r")\b")
#: Verbs that introduce reported speech without quote marks ("He said that X ...").
REPORT_VERBS = list(load(ENGLISH).words("report_verbs"))
#: The same in the other languages with a cue file, and their words for "that" and determiners.
OTHER_REPORT_VERBS = other_language_words("report_verbs") + other_language_words("naming_verbs")
OTHER_COMPLEMENTIZERS = other_language_words("complementizers")
OTHER_DETERMINERS = other_language_words("determiners")

TITLES = {
    "president", "prime", "minister", "foreign", "interior", "defence", "defense", "secretary-general",
    "secretary", "general", "senator", "governor", "mayor", "chancellor", "ambassador", "spokesperson",
    "spokesman", "spokeswoman", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "king", "queen",
    "sir", "lady", "lord", "rep.", "sen.", "gen.", "colonel", "deputy", "vice", "chief", "judge", "professor",
    "mp", "mep", "opposition", "leader", "councillor", "councilor", "representative", "congressman",
    "congresswoman", "commissioner", "pastor", "rabbi", "imam", "bishop", "father", "sheikh", "activist",
}
_NOT_NAMES = {
    "a", "an", "the", "in", "on", "at", "but", "and", "or", "according", "after", "before", "when", "while",
    "if", "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "you", "his", "her", "their",
    "our", "my", "your", "its", "there", "then", "so", "yet", "also", "as", "for", "with", "by", "from", "to",
    "of", "not", "no", "yes", "one", "some", "all", "every", "each", "many", "most", "what", "why", "how",
    "who", "where", "which", "later", "is", "are", "was", "were", "do", "does", "did", "can", "could", "should",
    "would", "will", "has", "have", "had", "apparently", "imagine", "did you", "earlier", "today", "yesterday", "tuesday", "monday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "people", "everyone", "everybody", "nobody", "someone",
}
_CLAUSE_STARTERS = {"and", "but", "or", "which", "that", "who", "because", "as", "so", "if", "when", "while", "then"}
PRONOUNS = {"he", "she", "they", "it", "him", "her", "them"}
FIRST_PERSON = {"i", "we", "me", "us", "myself", "ourselves"}
GENERIC = {"people", "they", "some", "many", "everyone", "everybody", "others", "folks", "most", "someone", "somebody"}

_CAP = r"[A-Z][\w’'.\-]*"
_PROPER_TAIL = re.compile(rf"({_CAP}(?:[ \t]+{_CAP})*)(?:[’']s\s+([a-z]+(?:\s+[a-z]+)?))?\s*$")
_DETERMINER = re.compile(r"\b(?:the|a|an|my|our|his|her|their|one|some|several|two|three)\b", re.IGNORECASE)
_PREPOSITION = r"\b(?:on|in|at|of|from|with|for|by|near|to|into|behind|outside|inside|across|around)"
_PRONOUN_TAIL = re.compile(r"\b(he|she|they|it|i|we)\s*$", re.IGNORECASE)
_ADVERB_TAIL = re.compile(
    r"(?:\s+(?:also|later|then|again|once|always|never|often|just|still|even|had|has|have|would|will|did|does|do|"
    r"might|may|can|could|used to|\w+ly))+\s*$"
)
# An aside between the name and its verb: "Vann, in a late-night post," / "Kosic, who leads the opposition,".
_ASIDE_TAIL = re.compile(r",\s*(?:in|on|at|during|after|before|who|which|speaking|writing|posting|according)\b[^,]*$")
_PROPER_RUN = re.compile(r"[A-Z][\w’'\-]*(?:[ \t]+[A-Z][\w’'\-]*)*")


@dataclass
class SpeakerBook:
    """Canonical names seen so far, and the last named speaker for pronoun back-reference."""

    full_names: dict[str, str] = field(default_factory=dict)  # surname → full canonical name
    last: str | None = None
    #: Multi-word names in text order, for a pronoun before any speaker ("Governor X spoke. “…,” she said").
    people: list[tuple[int, str]] = field(default_factory=list)
    #: Where the reading has got to (start of the current paragraph).
    position: int = 0
    #: The last speaker who wrote/posted something: "The posts read:" refers to them.
    last_poster: str | None = None

    def learn_names(self, text: str) -> None:
        """Register every multi-word proper name in ``text`` (so "Marr" can become "Ilse Marr")."""
        for m in _PROPER_RUN.finditer(text):
            run = _strip_leading_non_names(re.sub(r"[’']s$", "", m.group(0)))
            name = canonical(run) if run else ""
            toks = name.split()
            if len(toks) >= 2 and toks[-1][:1].isupper() and not toks[-1].isupper():
                self.full_names.setdefault(toks[-1].lower(), name)
                if len(toks) < len(run.split()):  # it had a title: a person
                    self.people.append((m.start(), name))

    def resolve(self, phrase: str | None, *, remember: bool = True) -> str | None:
        if not phrase:
            return None
        low = phrase.lower()
        if low in PRONOUNS:
            if self.last is None and low in {"he", "she", "him", "her"}:
                k = bisect.bisect_left(self.people, (self.position,))  # people are in text order
                return self.people[k - 1][1] if k else None
            return self.last
        if low in FIRST_PERSON:
            return None
        name, possessive = phrase, ""
        m = re.match(r"(.+?)([’']s\s+.+)$", phrase)
        if m:
            name, possessive = m.group(1), m.group(2)
        name = canonical(name)
        toks = name.split()
        if len(toks) == 1 and toks[0][:1].isupper():
            name = self.full_names.get(toks[0].lower(), name)
        out = name + possessive
        if remember and not possessive and out[:1].isupper():
            self.last = out
        return out


def canonical(phrase: str) -> str:
    """Drop titles and leading articles: "Varesh President Aldric Vann" → "Aldric Vann"."""
    toks = phrase.strip(" ,;:").split()
    while len(toks) > 1 and toks[0].lower() == "the" and toks[1][:1].isupper():
        toks = toks[1:]
    titled = [i for i, t in enumerate(toks) if t.lower() in TITLES]
    if titled and titled[-1] < len(toks) - 1 and all(t[:1].isupper() for t in toks):
        toks = toks[titled[-1] + 1 :]
    return " ".join(toks)


def speaker_before_verb(text: str) -> str | None:
    """The speaker phrase that ends ``text`` (the words right before a speech verb), if any."""
    tail = _ADVERB_TAIL.sub("", text.rstrip()).rstrip(" ,")
    tail = _ASIDE_TAIL.sub("", tail).rstrip(" ,")
    m = _PRONOUN_TAIL.search(tail)
    if m:
        return m.group(1)
    m = _PROPER_TAIL.search(tail)
    if m:
        run = _strip_leading_non_names(m.group(1))
        if run:
            return run + (f"’s {m.group(2)}" if m.group(2) else "")
    tail = re.sub(r"\s+(?:who|that|which)$", "", tail)  # "a guest who said …"
    tail = re.split(r"\b(?:that|found|showed|shows|finds)\s+", tail)[-1]  # "the report found that users …"
    dets = list(_DETERMINER.finditer(tail))
    while len(dets) > 1 and re.search(_PREPOSITION + r"\s*$", tail[: dets[-1].start()]):
        dets.pop()  # "a man on the bus": the determiner after a preposition starts no subject
    if dets:
        np_ = tail[dets[-1].start() :]
        words = np_.split()
        if 2 <= len(words) <= 6 and words[-1].lower() not in _NOT_NAMES and not re.search(r"[,.;:!?“”\"]", np_):
            return np_
    words = tail.split()
    if 1 <= len(words) <= 2 and all(w.isalpha() and w.islower() and w not in _NOT_NAMES for w in words):
        return tail.strip()  # a bare plural subject: "users described …", "fans chanted …"
    m = re.search(r"\b([A-Za-z]+s)\s+(?:at|in|from|on)\s+(?:the\s+)?[a-z]+$", tail)
    if m and m.start() == 0:
        return tail.strip()  # "kids at school called …"
    return None


def _strip_leading_non_names(run: str) -> str | None:
    toks = run.split()
    while toks and toks[0].lower() in _NOT_NAMES:
        toks = toks[1:]
    return " ".join(toks) or None


_DATELINE = re.compile(r"^\s*[A-Z][A-Z .,'’\-]+(?:\([^)]*\))?\s*[—–\-]+\s*")


def sentence_subject(sentence: str) -> str | None:
    """First proper name of the sentence: the subject when a verb's own subject is elided."""
    sentence = _DATELINE.sub("", sentence)  # "VELDT CITY (Wire) — …"
    for m in _PROPER_RUN.finditer(sentence):
        if m.group(0).isupper():
            continue  # a dateline ("LORVAN —") or shouting, not a name
        run = _strip_leading_non_names(m.group(0))
        if run and run.lower() not in TITLES:
            return run
    return None


# "“…” — Abraham Lincoln", "“…” - my uncle", "“…” - me, every day".
_DASH_TAG = re.compile(
    r"\s*[-—–]{1,2}\s*(me|myself|i|[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3}|"
    r"(?:my|our|the|a|some|his|her) [a-z]+(?: (?!at\b|in\b|on\b|from\b|for\b|during\b|with\b|to\b)[a-z]+)?)(?=[\s,.;:!?]|$)"
)


def tag_after(text: str) -> str | None:
    """Speaker from a tag right after a quote: ', Marr said' / ', said Marr' / ' he added'."""
    head = text[:90]
    m = _DASH_TAG.match(head)
    if m:
        return m.group(1)
    m = re.match(r"\s*[,—–\-]?\s*(" + "|".join(SPEECH_VERBS) + r")\s+(.{1,60}?)(?=[.,;:!?]|$|\s+(?:in|on|at|to|after|before|during)\b)", head)
    if m and m.group(1) in {"said", "says", "wrote", "writes", "added", "adds", "asked", "replied", "continued"}:
        return _strip_leading_non_names(m.group(2)) if m.group(2)[:1].isupper() else m.group(2)
    m = re.match(r"\s*[,—–\-]?\s*(.{1,70}?)\s+(?:\w+ly\s+)?(" + "|".join(TAG_VERBS) + r")\b", head)
    if m and not re.search(r"[.!?;:“”\"]", m.group(1)) and len(m.group(1).split()) <= 6:
        if m.group(1).split()[0].lower() not in _CLAUSE_STARTERS:
            return speaker_before_verb(m.group(1))
    return None


#: Appeals to authority ("science says X are …") assert, they do not report.
AUTHORITY = {"science", "studies", "research", "statistics", "stats", "data", "facts", "history", "bible", "quran",
             "god", "nature", "biology", "experts", "everyone", "evidence", "common sense", "reality"}


def is_generic(phrase: str | None) -> bool:
    if phrase is None:
        return False
    low = phrase.lower()
    return (low.split()[-1] in GENERIC and len(phrase.split()) <= 2) or low.removeprefix("the ") in AUTHORITY
