"""Local cues for stance, as compiled patterns over the NORMALISED (lower-cased) text.

Each helper answers one question about the words around a span of hateful evidence:
is it framed as somebody's speech and condemned (counter), is it inside a negation's scope (negated),
is it asked rather than asserted (question), does the writer go on to agree with it (endorse).
The lists are about how people talk about speech, not about any group or slur.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from hatescope.context_cues import ENGLISH, LanguageCues, available, load
from hatescope.ingest.language import document_language

# The negation and polarity words are shared with the negated-praise detector, which runs before stance.
from hatescope.detect.negation_words import (  # noqa: F401 - read as cues.NAME by the stance rules
    CLAUSE_BREAK, DESIRE, HARM, NEGATION, NEGATIVE, NOT_A_NEGATION, POSITIVE, SCOPE_END,
)

#: The English cues (hatescope/data/context/en.toml); the words of other languages sit beside them.
_EN = EN = load(ENGLISH)
_LANGUAGES_KEY = "hatescope.stance.language_cues"


def for_doc(doc: Any) -> LanguageCues:
    """The cues of the document's language when it is confidently one with a cue file, else English's
    (an unsure guess, a short post, keeps the English cues it was judged with before)."""
    cached = doc.memos.get(_LANGUAGES_KEY)
    if cached is None:
        guess = document_language(doc)
        language = guess.language if guess.confident and guess.language in available() else ENGLISH
        cached = doc.memos[_LANGUAGES_KEY] = load(language)
    return cached

# Words that condemn a statement. Some ("disgusting") are also used to attack people, which is why
# they count as condemnation only when the evidence is framed as speech (see FRAME).
CONDEMN = _EN.condemn

# Evidence presented as somebody's words or beliefs rather than asserted. "anyone who says X", not "anyone who
# is gay": a copula before anything but a gerund ("who are saying") describes the people, it does not present
# words as theirs.
FRAME = _EN.frame

# The writer reports names they were called: "another one called me a zionazi", "they call us X".
CALLED_ME = re.compile(r"\bcall(?:s|ed|ing)?\s+(?:me|us)\s+(?:an?\s+)?(?:\w+\s+){0,2}?$")

# What a third party tried or wanted to do, told in a relative clause: "those who wanted to blame the
# Jews", "all the people who've tried to exterminate X". The author describes them; the clause is theirs.
OTHERS_INTENT = re.compile(
    r"\b(?:people|anyone|anybody|those|someone|somebody|everyone|men|folks|guys|ones|nazis|others)\s+who"
    r"(?:'ve|'d| have| had| has)?\s+(?:\w+\s+)?(?:tried|try|tries|trying|want|wants|wanted|attempted|"
    r"attempts|attempt|planned|plan|plans|sought|seek|seeks|dreamed of|dream of|wished|wish)\s+to\s+$"
)

# ... unless the sentence goes on to side with them: "people who want to X are right / are heroes".
SIDES_WITH = re.compile(
    r"\b(?:had|has|have|got)\s+(?:the right idea|a point|it right|one thing right)\b|\b(?:not enough|wasn'?t enough|finish the job)\b|"
    r"\b(?:it|that|this)\s+(?:happens|happen|will happen|can happen)\s+again\b|"
    r"\b(?:are|is|were|was|be)\s+(?:\w+ly\s+|so\s+|totally\s+|100%\s+)?(?:right|correct|not wrong|heroes|heroic|"
    r"great|good|brave|patriots?|legends?|doing (?:god's|the lord's) work|on the right side)\b|"
    r"\b(?:i|we)\s+(?:\w+\s+)?(?:support|salute|respect|admire|thank|agree with|stand with)\b"
)

# Telling someone not to say it: "stop calling", "don't say", "never call", "nobody should say".
PROHIBIT = _EN.prohibit

# "I condemn …", "we reject …": the writer's own act of condemnation aimed at what follows.
CONDEMN_ACT = _EN.condemn_act

# "It is wrong to say …", "it's disgusting how people call …", "it's a lie that …", "imagine thinking …".
WRONG_TO = _EN.wrong_to

# A condemning sentence right after a quotation or reported statement: "That's disgusting."
CONDEMN_NEXT = _EN.condemn_next


def clause_start(text: str, lo: int, pos: int, c: LanguageCues = EN) -> int:
    """Start of the clause holding ``pos`` within [lo, pos)."""
    start = lo
    for m in c.clause_break.finditer(text, lo, pos):
        start = m.end()
    return start


#: A denied condemnation is a disclaimer, not a condemnation: "I'm not racist, but …", "that isn't hate".
_DISCLAIMED = _EN.disclaimed


def condemnations(text: str, c: LanguageCues = EN) -> Iterator[int]:
    """Where ``text`` holds a condemning word that is not itself denied, in order."""
    for m in c.condemn.finditer(text):
        if m.group(0).startswith(("not ", "never ")) or not _disclaimed(text, m.start(), c):
            yield m.start()


def _disclaimed(text: str, at: int, c: LanguageCues) -> bool:
    """A denial just before a condemning word ("not wrong"), unless it opens a negative interrogative
    ("isn't it strange how …", which condemns)."""
    d = c.disclaimed.search(text, max(0, at - 16), at)
    if d is None:
        return False
    return not any(m.start() <= d.start() < m.end()
                   for m in c.not_a_negation.finditer(text, max(0, at - 40), min(len(text), at + 60)))


#: Between a condemning act and the group it would be aimed at: articles, quantifiers, intensifiers.
_STRAIGHT_AT = re.compile(r"\W*(?:\b(?:all|the|these|those|them|most|many|of|every|single|such|so|fucking|damn|bloody|dirty|"
                          r"filthy|stinking)\b\W*)*")


def condemns_act(before: str, c: LanguageCues = EN) -> bool:
    """The writer's act of condemnation in ``before`` (the text up to a group's name or a hateful span), unless it is
    aimed straight at what follows: "I'm sick of people calling refugees …" condemns the callers, "we're sick of
    refugees" and "I'm against all Muslims" condemn the group itself — hostility, not counter-speech."""
    return any(not _STRAIGHT_AT.fullmatch(before, m.end()) for m in c.condemn_act.finditer(before))


def condemns(text: str, c: LanguageCues = EN) -> bool:
    """Whether ``text`` holds a condemning word that is not itself denied."""
    return next(condemnations(text, c), None) is not None


#: The writer's own opinion ("I just think", "we believe"): an assertion, not somebody else's words framed.
_OWN_OPINION = re.compile(r"\b(?:i|we)\s+(?:\w+\s+){0,2}?$")
_OPINION_VERBS = frozenset({"think", "thinks", "believe", "believes", "say", "says", "said", "claim", "feel", "mean", "suggest"})


def frames(text: str, c: LanguageCues = EN) -> bool:
    """FRAME, except a first-person opinion verb with no negation between ("I just think X are …")."""
    for m in c.frame.finditer(text):
        word = m.group(0).strip()
        own = _OWN_OPINION.search(text, max(0, m.start() - 24), m.start())
        if word in _OPINION_VERBS and own and not c.negation.search(own.group(0)):
            continue
        return True
    return False


#: A historical plan or act told as history: "was a plan to exterminate", "the planned murder of",
#: "the Nazis tried to". The clause describes the perpetrators; only siding with them endorses it.
HISTORY_PLAN = re.compile(
    r"\b(?:was|were|had been|became)\s+(?:a|the|their|its|an official)\s+(?:\w+\s+){0,2}?(?:plan|policy|programme|program|"
    r"campaign|attempt|effort|scheme|order|decision)\s+to\s+$|\bthe\s+planned\s+$|"
    r"\b(?:nazis?|the ss|hitler|the reich|the regime|perpetrators|officials|the klan|isis|daesh|the junta)\s+(?:\w+\s+){0,3}?"
    r"(?:tried|planned|wanted|sought|attempted|decided|ordered|set out|began)\s+to\s+$"
)


QUESTION_START = re.compile(
    r"^\W*(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|am|is it true|is it|"
    r"why do (?:people|some people|so many people|you|they|folks)\s+(?:say|think|believe|call|claim)|"
    r"how (?:can|could) (?:anyone|people|you) (?:say|think|believe|claim)|"
    r"what do you think|do you think|does anyone (?:think|believe))\b(?!n't|\s+not\b)"
)
RHETORICAL = re.compile(
    r"\b(?:right|or what|obviously|just admit|admit it|isn'?t it|aren'?t they|don'?t they)\s*\?\s*$|"
    r"^\W*is there (?:anything|anyone|anybody|nothing) (?:more|worse|less|as)\b|"
    # "has anyone else noticed that X …?", "ever notice how X …?": the writer states X and asks for agreement
    r"^\W*(?:(?:has|have|did|does) (?:anyone|anybody|everyone|everybody) (?:else )?|(?:have |did )?you )?(?:ever )?"
    r"(?:notice|noticed|realis\w*|realiz\w*) (?:that|how)\b"
)
#: An answer right after a question turns it back into an assertion ("Are X really …? Yes.").
ANSWERED = re.compile(r"^\W*(?:yes|yep|yeah|of course|obviously|absolutely|definitely|sure)\b")
VIOLENCE = re.compile(r"\b(kill\w*|exterminat\w*|murder\w*|shoot|shot|gas\w*|hang\w*|burn\w*|lynch\w*|wipe\w* out|die|live)\b")

# The writer agrees with what was quoted or reported.
_ADV = r"(?:(?:\w+ly|so|totally|completely|100%|dead|just)\s+)?"
AGREE = _EN.agree

# "Why does everyone pretend X aren't dangerous?": a negation under "pretend" asserts the opposite.
PRETEND = re.compile(r"\b(?:pretend\w*|act\w* (?:like|as if)|claim\w* (?:that )?)\s+(?:\w+\s+){0,4}?$")


def negation_scope_hits(text: str, start: int, span_start: int, c: LanguageCues = EN) -> re.Match[str] | None:
    """The last negation in text[start:span_start] whose scope reaches span_start, if any."""
    last = None
    for m in c.negation.finditer(text, start, span_start):
        last = m
    if last is None:
        return None
    if PRETEND.search(text, max(start, last.start() - 60), last.start()):
        return None
    if negative_question(text, start, last, c):
        return None
    if c.not_a_negation.match(text, last.start()) or _excluded_around(text, last, c):
        return None
    if c.scope_end.search(text, last.end(), span_start):
        return None
    return last


_SENTENCE_END = re.compile(r"[.!?\n]")


def negative_question(text: str, start: int, neg: re.Match[str], c: LanguageCues = EN) -> bool:
    """Whether ``neg`` is the negated auxiliary that opens a yes/no question ("aren't X just parasites?"): such a
    question asserts what follows it, so the negation denies nothing (``negative_question`` of the language)."""
    opening = c.pattern("negative_question")
    if opening is None or not opening.match(text[start : neg.end()]):
        return False
    end = _SENTENCE_END.search(text, neg.end())
    return end is not None and end.group() == "?"


def _excluded_around(text: str, neg: re.Match[str], c: LanguageCues = EN) -> bool:
    window = text[max(0, neg.start() - 12) : neg.end() + 14]
    return bool(c.not_a_negation.search(window))


# Agreement announced before the quoted or reported words ("I agree with the sign that said …").
AGREE_BEFORE = re.compile(
    r"\b(?:i (?:totally |fully |completely )?agree with|agree with|(?:as|like) [\w ]{1,30}? (?:rightly|correctly|wisely) "
    r"(?:said|says|put it|wrote)|rightly (?:said|says|pointed out)|(?:was|were|is|are) (?:right|correct) (?:when|that|to say)|"
    r"(?:he|she|they) (?:was|were|is|are) right:|truth is|the truth:|it'?s true that|it is true that)\b"
)

# A later sentence that points back at the quoted words and condemns them ("Our town condemns it.").
_BACK_REFERENCE = EN.back_reference


def condemns_back(sentence: str, c: LanguageCues = EN) -> bool:
    return bool(condemns(sentence, c) and c.back_reference.search(sentence))


def denied_after(text: str, pos: int, hi: int, c: LanguageCues = EN) -> re.Match[str] | None:
    """A negation written after what it denies ("hamam bocegi degil", "حشره نیستند", "दीमक नहीं हैं"): the first
    ``negation_after`` of the language in [pos, hi) before the scope ends, when the last evaluative word before
    it attacks (a denied attack defends; "insan degil", not human, insults). None in a language without it."""
    after = c.pattern("negation_after")
    m = after.search(text, pos, hi) if after is not None else None
    if m is None or c.scope_end.search(text, pos, m.start()):
        return None
    for word in reversed(text[pos : m.start()].split()):
        if c.negative.search(word):
            return m
        if c.positive.search(word):
            return None
    return None


def framed_after(after: str, c: LanguageCues = EN) -> str | None:
    """The reason when the words after the evidence frame it as somebody's and condemn or forbid it, in a language
    whose verbs of saying come last ("… demek ırkcılıktır", "… कहना बंद करो") or that points back at a claim after
    it ("“…”这种说法是错误的", the language's ``frame_after``); None elsewhere."""
    if c.verb_final:
        if c.prohibit.search(after):
            return "the writer tells people not to say it"
        frame = c.frame.search(after)
    else:
        claim = c.pattern("frame_after")
        frame = claim.search(after) if claim is not None else None
    if frame is not None and (condemns(after[frame.end() :], c) or c.condemn_act.search(after[frame.end() :])):
        return "presented as somebody's words and condemned"
    return None
