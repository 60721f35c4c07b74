"""Use and mention: a lexicon term named as a word, not used at anyone.

A moderation notice ("'chink' and 'gook' get you an instant ban here"), a history lesson ("in 1954 the US
named a deportation 'Operation Wetback'"), a teacher ("why Twain named the villain 'Injun Joe'") or an
etymology ("the word X comes from …") names a slur; the author does not call anyone it. A match is such a
mention when it is named as a word:

* quoted: inside quote marks holding at most a few words ('X', "X", “X”, 'X bastards'), in a post with a
  moderation, history or teaching frame (mods, ban, filter; history, renamed, 1954; class, lesson, essay);
* after a word for words: "the word X", "the slur X", "terms like X", "the name X";
* before a statement about the word: "X is a slur", "X is on the filter list", "X gets you banned";
* a name with a capital in a sentence about a renaming ("the Spastics Society renamed itself Scope").

In a sentence confidently in another language with a cue file (hatescope/data/context/<lang>.toml), the same
reading uses that language's words: a word for words beside the term ("das Wort X", "«X» kelimesini"), or the term
quoted (in that language's quote marks too) in a post about words being used (its ``mention_frame``: reported, banned,
an insult named) or as what a verb of saying or naming just before or after it says ("llame «X»", "пишут «X»").

It is not a mention when the post goes on to side with it: agreeing or approving ("is right", "accurate",
"fair game", "allowed here", "bring it back", "do it again", "open season"), or when it is said to someone.
A mention is dropped as evidence of the author's abuse but not remembered as an everyday sense: the
classifier still reads the sentence (``senses.Innocent(everyday=False)``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from hatescope.context_cues import ENGLISH, LanguageCues, available, load, words_pattern
from hatescope.detect import targets
from hatescope.detect.lexicon_hit import LexiconHit
from hatescope.detect.senses import Innocent
from hatescope.document import Document
from hatescope.ingest.language import sentence_language

_EN = load(ENGLISH)
_OPENERS = "'\"“‘«"
_CLOSERS = "'\"”’»"
#: How many words besides the term a quotation naming it may hold ('Paki bastards', 'they breed like rats').
_QUOTED_WORDS = 5
_WORDS_FOR_WORDS = r"(?:word|words|term|terms|slur|slurs|name|names|epithet|epithets|insult|insults|label|labels|expression|phrase)"
#: "the word X", "the racial slur X", "slurs like X", "the name X": the term is named, not used.
_NAMED_BEFORE = re.compile(
    rf"\b(?:(?:the|a|an|that|this|these|those|such)\s+(?:\w+\s+){{0,2}}?{_WORDS_FOR_WORDS}(?:\s+of)?|"
    rf"{_WORDS_FOR_WORDS}\s+(?:like|such as))\s*[:,]?\s*[\"'“‘«]?$"
)
#: "X is a slur", "X was a bounty term", "X is on the filter list", "X gets you an instant ban".
_NAMED_AFTER = re.compile(
    r"^[\"'”’»]?\s*(?:(?:is|was|are|were|has been|have been|remains?)\s+(?:still\s+|now\s+|once\s+|originally\s+|just\s+|literally\s+)?"
    rf"(?:(?:a|an|the|one)\s+)?(?:\w+\s+){{0,2}}?{_WORDS_FOR_WORDS}\b|"
    r"(?:is|are|was|were)\s+(?:now\s+|still\s+|already\s+)?(?:on|in)\s+(?:the|our|my|this)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:list|filter|blocklist|wordlist|ban list)\b|"
    r"(?:and\s+\w+\s+)?(?:gets?|will get|can get)\s+(?:you\s+)?(?:an?\s+)?(?:instant\s+|permanent\s+|automatic\s+)?"
    r"(?:ban|banned|removed|muted|filtered|deleted|warning|timeout))"
)
#: A sentence about a name being changed: a capitalised match in it is the old name.
_RENAMING = re.compile(
    r"\b(?:renam\w*|re-nam\w*|name change|changed (?:its|the|their|his|her) name|dropped the \w+(?: \w+)? name|"
    r"dropped the name|retired the name|new name|formerly|now called|now known as|(?:was|were) called)\b"
)
#: The post talks about words: moderation, history, teaching.
_FRAME = re.compile(
    r"\b(?:mods?|moderators?|moderation|mod team|automod|auto-mod|admins?|filter(?:ed|s)?|ban(?:s|ned|nable)?|"
    r"removed|removal|rules?|reported|reminder|warnings?|community guidelines|muted|deleted|"
    r"history|historical|historians?|etymology|origins?|originally|century|centuries|medieval|archaic|museum|"
    r"memoir|primary sources?|renam\w*|"
    r"class|lessons?|students?|teachers?|teaching|taught|essay|seminar|lecture|curriculum|syllabus|textbook|novel|"
    r"dictionary|programme notes|presentation|1[5-9]\d\ds?)\b"
)
#: The writer sides with the word or what it stands for (beside the shared approve/agree cues).
_SIDES_WITH = re.compile(
    r"\b(?:fair game|open season|banter|staying up|stays up|left up|no bans?|approved|just a word|have fun|go for it|"
    r"(?:is|are|'s|'re|be)\s+(?!not\b|never\b|no\b)(?:\w+\s+)?(?:fine|allowed|ok|okay|accurate|true|right|correct|welcome)"
    r"(?=\s*(?:[.,!;:)]|$|about|to\b|though|tbh|honestly|here|in this))|"
    r"bring (?:\w+\s+){0,2}?back|(?:that|this|it|them|those days) again|happen again|again on|"
    r"round (?:2|two)|we need|need more|more of (?:this|that|them)|(?:best|good|great) (?:idea|policy|thing|days)|"
    r"deserved?|because they (?:are|do|were)|and they (?:are|were)|(?:is|was) (?:exactly|just) what)\b"
)
_FRAMED_KEY = "hatescope.lexicon_mentions.framed"
_ADDRESSED = re.compile(r"\b(?:you|your|ur|u|ya)\s+(?:\w+\s+){0,2}?$")


def named_as_word(doc: Document, hit: LexiconHit) -> Innocent | None:
    """Why ``hit`` names the term as a word in a post that does not side with it, or None."""
    cues = _other_language(doc, hit)
    if cues is not None:
        how = _named_in(cues, doc, hit)
        if how is None or sides_with(doc, hit, cues):
            return None
        return Innocent(f"named as a word ({how}; cues {cues.language}), not used at anyone", everyday=False)
    how = _named(doc, hit)
    if how is None or _ADDRESSED.search(doc.text, max(0, hit.start - 25), hit.start) or sides_with(doc, hit):
        return None
    return Innocent(f"named as a word ({how}), not used at anyone", everyday=False)


def sides_with(doc: Document, hit: LexiconHit, cues: LanguageCues | None = None) -> bool:
    """Whether the post, the match left out, sides with the word or what it names ("is right", "bring it back");
    also asked of a name built on a slur (``name_of_slur`` senses: "Operation Wetback … bring it back")."""
    rest = doc.text[: hit.start] + " " + doc.text[hit.end :]
    if _SIDES_WITH.search(rest) or _EN.approve.search(rest) or _EN.agree.search(rest):
        return True
    if cues is None:
        return False
    # A language without its own approve or agree cues has English's, searched just above.
    return any(cues.pattern(key) is not _EN.pattern(key) and cues.pattern(key).search(rest) for key in ("approve", "agree"))


def _other_language(doc: Document, hit: LexiconHit) -> LanguageCues | None:
    """The cues of the match's sentence when it is confidently in a language other than English with a cue file."""
    guess = sentence_language(doc, hit.start)
    if not guess.confident or guess.language == ENGLISH or guess.language not in available():
        return None
    cues = load(guess.language)
    return cues if cues.pattern("mention_frame") is not None or cues.pattern("words_for_words") is not None else None


def _named_in(cues: LanguageCues, doc: Document, hit: LexiconHit) -> str | None:
    """``_named`` with one language's words: a word for words beside the term, or the term quoted in a post about
    words or as what a verb of saying or naming beside the quote says."""
    text = doc.text
    s, e = targets.sentence_window(doc, hit.start, hit.end)
    for_words = cues.pattern("words_for_words")
    if for_words is not None and (for_words.search(text, max(s, hit.start - 40), hit.start)
                                  or for_words.match(text[hit.end : hit.end + 25].lstrip(_CLOSERS + "“ "))):
        return "beside a word for words"
    openers = _OPENERS + "".join(a for a, _ in cues.quote_pairs)
    closers = _CLOSERS + "".join(b for _, b in cues.quote_pairs)
    bounds = _quote_bounds(doc, hit, s, e, openers, closers)
    if bounds is None:
        return None
    frame = cues.pattern("mention_frame")
    if frame is not None and frame.search(text):
        return "quoted in a post about words"
    saying = _saying(cues.language)
    if saying is not None and (saying[0].search(text, max(s, bounds[0] - 30), bounds[0] + 1)
                               or saying[1].match(text[bounds[1] + 1 : bounds[1] + 30].lstrip(" ,—-"))):
        return "quoted as what a verb of saying says"
    return None


@lru_cache(maxsize=None)
def _saying(language: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """A verb of saying or naming of ``language`` right before an opening quote mark (at most two words between:
    "llame «X»", "пишут «X»"), and one that opens what follows a closing mark ("«X», — сказал он")."""
    cues = load(language)
    verbs = list(cues.words("speech_verbs")) + list(cues.words("naming_verbs"))
    if not verbs:
        return None
    # As the segmenter reads them (segment/language_speakers.py): a script written without spaces has no word boundaries.
    alternation = words_pattern(verbs, boundaries=cues.word_boundaries)
    return re.compile(alternation + r"(?:\W+\w+){0,2}\W*$"), re.compile(alternation)


def _named(doc: Document, hit: LexiconHit) -> str | None:
    text = doc.text
    s, e = targets.sentence_window(doc, hit.start, hit.end)
    if _NAMED_BEFORE.search(text, max(s, hit.start - 50), hit.start):
        return "after a word for words"
    if _NAMED_AFTER.match(text[hit.end : hit.end + 60]):
        return "a statement about the word follows"
    framed = doc.memos.get(_FRAMED_KEY)
    if framed is None:  # a property of the whole post: searched once, not once per hit
        framed = doc.memos[_FRAMED_KEY] = _FRAME.search(text) is not None
    if framed and _quoted(doc, hit, s, e):
        return "quoted"
    if _RENAMING.search(text, s, e) and _capitalised(doc, hit):
        return "a name in a sentence about renaming"
    return None


def _quoted(doc: Document, hit: LexiconHit, s: int, e: int) -> bool:
    return _quote_bounds(doc, hit, s, e, _OPENERS, _CLOSERS) is not None


def _quote_bounds(doc: Document, hit: LexiconHit, s: int, e: int, openers: str, closers: str) -> tuple[int, int] | None:
    """The quote marks around the match when they hold a few words at most, within the sentence, and no group: a
    quoted claim about a group ('"Muslims are vermin"') is somebody's statement, which the stance stage weighs,
    not a word named."""
    text = doc.text
    opened = _mark(text, s, hit.start, openers, backwards=True)
    if opened is None:
        return None
    closed = _mark(text, hit.end, e, closers, backwards=False)
    if closed is None:
        return None
    if any(opened < m.nstart and m.nend <= closed for m in targets.mentions_in_scope(doc, hit.start, hit.end)):
        return None
    inside = text[opened + 1 : closed]
    if len(re.findall(r"[\w']+", inside)) > _QUOTED_WORDS + len(hit.form.split()):
        return None
    return opened, closed


def _mark(text: str, lo: int, hi: int, marks: str, *, backwards: bool) -> int | None:
    """Position of the nearest quote mark of ``marks`` in [lo, hi) going out from the match, or None. A straight
    apostrophe counts only where it is no apostrophe inside a word ("don't", "Offa's")."""
    span = range(hi - 1, lo - 1, -1) if backwards else range(lo, hi)
    words = 0
    for i in span:
        ch = text[i]
        if ch in ".!?;\n":
            return None
        if ch in marks:
            before, after = text[i - 1 : i] or " ", text[i + 1 : i + 2] or " "
            if ch in "'’" and before.isalnum() and after.isalnum():
                continue
            if backwards and ch in "'’" and before.isalnum():
                continue  # a closing mark or a possessive, not an opening one
            if not backwards and ch in "'‘" and after.isalnum():
                continue  # an opening mark, not a closing one
            return i
        if ch == " ":
            words += 1
            if words > _QUOTED_WORDS:
                return None
    return None


def _capitalised(doc: Document, hit: LexiconHit) -> bool:
    start, end = doc.to_original(hit.start, hit.end)
    written = doc.original[start:end]
    return written[:1].isupper() and not (written.isupper() and len(written) > 1)


__all__ = ["named_as_word", "sides_with"]
