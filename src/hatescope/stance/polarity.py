"""Which way the words after a negation point: praise negated insults, a bad predicate negated defends.

``polarity`` reads the first evaluative word after a negation; ``predicate_denied`` says whether a negation
denies something bad ("no human is vermin", "trans women aren't 'men in dresses'").
"""

from __future__ import annotations

import re

from hatescope.document import Document
from hatescope.context_cues import LanguageCues
from hatescope.stance import cues
from hatescope.stance.index import in_group_words


def polarity(doc: Document, pos: int, end: int, finding: tuple[int, int] | None, c: LanguageCues = cues.EN) -> str | None:
    """Polarity of the first evaluative word after a negation: praise negated is an insult."""
    for w in re.finditer(r"[\w']+", doc.text[pos:end]):
        a, b = pos + w.start(), pos + w.end()
        if finding is not None and finding[0] <= a < finding[1]:
            return "negative"
        if in_group_words(doc, a):
            continue
        word = w.group(0)
        if c.negative.fullmatch(word):
            return "negative"
        if c.desire.fullmatch(word):
            return "negative" if c.harm.search(doc.text, b, end) else "positive"
        if c.positive.fullmatch(word):
            return "positive"
    return None if finding is None else "negative"


#: Negations that quantify the subject ("no human is …", "nobody here is …"): their predicate is after the verb.
_DETERMINER_NEG = re.compile(r"no|nobody|none|no one|neither")
_VERB = re.compile(r"\b(?:is|are|was|were|be|'s|'re|should|must|will|can|could)\b")
#: A predicate in scare quotes: denying a label defends ("trans women aren't 'men in dresses'").
_QUOTED_LABEL = re.compile(r"^\s*(?:[\w']+\s+){0,3}?[\"“‘']\s*\w")


def predicate_denied(doc: Document, neg: re.Match[str], end: int, c: LanguageCues = cues.EN) -> bool:
    """Whether the negation denies something bad (its predicate has a negative word or is a quoted label)."""
    start = neg.end()
    if _DETERMINER_NEG.fullmatch(neg.group(0).strip()):
        verb = _VERB.search(doc.text, start, end)
        start = verb.end() if verb else start
    if _QUOTED_LABEL.match(doc.text[start:end]):
        return True
    return polarity(doc, start, end, None, c) == "negative"
