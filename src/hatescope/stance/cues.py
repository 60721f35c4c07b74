"""Local cues for stance, as compiled patterns over the NORMALISED (lower-cased) text.

Each helper answers one question about the words around a span of hateful evidence:
is it framed as somebody's speech and condemned (counter), is it inside a negation's scope (negated),
is it asked rather than asserted (question), does the writer go on to agree with it (endorse).
The lists are about how people talk about speech, not about any group or slur.
"""

from __future__ import annotations

import re

# The negation and polarity words are shared with the negated-praise detector, which runs before stance.
from hatescope.detect.negation_words import (  # noqa: F401 - read as cues.NAME by the stance rules
    CLAUSE_BREAK, DESIRE, HARM, NEGATION, NEGATIVE, NOT_A_NEGATION, POSITIVE, SCOPE_END,
)

# Words that condemn a statement. Some ("disgusting") are also used to attack people, which is why
# they count as condemnation only when the evidence is framed as speech (see FRAME).
CONDEMN = re.compile(
    r"\b(disgusting|disgraceful|despicable|vile|hateful|racist|racism|bigoted|bigotry|bigot|bigots|sexist|"
    r"homophobic|transphobic|antisemitic|islamophobic|xenophobic|misogynistic|wrong|unacceptable|shameful|"
    r"shame|appalling|appalled|sickening|sick|outrageous|offensive|ignorant|ignorance|gross|hurtful|harmful|"
    r"dangerous rhetoric|hate speech|dehumani[sz]\w*|not (?:ok|okay|acceptable|cool|funny|fine)|"
    r"out of line|uncalled for|inexcusable|abhorrent|repugnant|deplorable|horrible|terrible|awful|"
    r"nonsense|bullshit|bs|lies|lie|lying|myth|false|untrue|stupid thing|ridiculous|absurd|pathetic|"
    r"cruel|evil thing|no place|condemn\w*|denounc\w*|reject\w*|deplor\w*|decr(?:y|ied)|slamm?\w*|"
    r"criticis\w*|criticiz\w*|fight against|stand against|speak out|call(?:s|ed|ing)? (?:it |them |him |her |this |that )?out|"
    r"report(?:ed)? (?:it|him|her|them|this)|(?:need|needs|should|must) (?:to )?be banned|gets? people (?:hurt|killed)|"
    r"leads? to violence|get people killed|"
    r"misguided|ashamed|never (?:ok|okay|acceptable|fine|justified)|idiots?|morons?|clowns?|fools?|"
    r"blocked|reported|the (?:real )?problem|disgust\w*|horrif\w*|unbelievable|not an opinion|"
    r"(?:nobody|no one|no-one) deserves (?:that|this|it)|cruel|cowards?|unfollow\w*|block me|get lost|go away|"
    r"propaganda|broke my heart|breaks my heart|heartbreak\w*|heartbroken|made me cry|makes me cry|sad|saddens?|"
    r"saddening|upsetting|upset|hurts|unreal|insane|smh|wtf|yikes|ugh|gross)\b"
)

_COPULA_NOT_DOING = r"\s+(?:is|are|was|were|be|'s|'re)\s+(?!(?:still\s+|always\s+|just\s+)?\w+ing\b)"

# Evidence presented as somebody's words or beliefs rather than asserted.
FRAME = re.compile(
    r"(\b(?:call|calls|called|calling|say|says|said|saying|to say|to call|claim|claims|claimed|claiming|"
    r"suggest|suggests|suggesting|imply|implies|implying|think|thinks|thinking|believe|believes|believing|"
    r"describe|describes|described|describing|refer to|refers to|referring to|label|labelling|labeling|"
    r"tweet|tweets|tweeted|post|posted|posting|write|wrote|writing|shout|shouted|shouting|yell|yelled|"
    r"chant|chanted|chanting|spread|spreading|repeat|repeating|hear|heard|hearing|read|see|saw|seeing|"
    r"quoting|quote|quoted|compar\w+|liken\w*|equat\w+|treat\w* \w+ (?:as|like)|tell|tells|telling|told|"
    r"apparently|supposedly|allegedly|reportedly)\b|"
    r"\bthe (?:idea|notion|claim|lie|myth|belief|stereotype|trope|narrative|rhetoric|view) (?:that|of)\b|"
    # "anyone who says X", not "anyone who is gay": a copula before anything but a gerund ("who are
    # saying") describes the people, it does not present words as theirs.
    r"\b(?:people|anyone|anybody|those|someone|somebody|everyone|whoever|men|folks|guys) who\b(?!" + _COPULA_NOT_DOING + r")|"
    r"\bwhoever\b(?!" + _COPULA_NOT_DOING + r")|"
    r"\bif (?:you|anyone|anybody|someone|somebody|people|they) (?:\w+ )?(?:think|thinks|believe|believes|say|says|"
    r"agree|agrees|feel|feels|call|calls)\b|"
    r"\b(?:statements?|comments?|words?|posts?|tweets?|phrases?|slurs?|terms?|language|rhetoric|jokes?|"
    r"things?|stuff|remarks?|signs?|messages?|crap|garbage) (?:like|such as|saying|calling|that say)\b|"
    r"[\"“‘'«]\s*$)"
)

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
PROHIBIT = re.compile(
    r"\b(?:stop|quit|cease|don'?t|do not|never|can'?t|cannot|can not|shouldn'?t|should not|mustn'?t|must not|"
    r"won'?t|will not|no one should|nobody should|no more|enough (?:of|with)|how dare (?:you|he|she|they|people)|"
    r"not okay to|not ok to|wrong to|sick of|tired of|fed up with|done with|against)\s+"
    r"(?:\w+\s+){0,3}?(?:call|calling|say|saying|refer(?:ring)? to|describ\w*|label\w*|spread\w*|"
    r"tell\w*|post\w*|tweet\w*|writ\w*|claim\w*|pretend\w*|act\w* like|use|using|hear\w*|repeat\w*)\b"
)

# "I condemn …", "we reject …": the writer's own act of condemnation aimed at what follows.
CONDEMN_ACT = re.compile(
    r"\b(?:i|we|i'm|we're|i am|we are)\s+(?:(?!nothing\b|not\b|never\b)\w+\s+){0,2}?(?:condemn|reject|denounce|oppose|deplore|"
    r"am appalled by|appalled by|disgusted by|sick of|tired of|fed up with|against)\b"
)

# "It is wrong to say …", "it's disgusting how people call …", "it's a lie that …", "imagine thinking …".
WRONG_TO = re.compile(
    r"\b(?:it'?s|it is|that'?s|that is)\s+(?:a |an |just |total |complete |such )*(?:lie|myth|falsehood|false|"
    r"not true|untrue|nonsense|propaganda|conspiracy theory|racist trope|trope)\s+(?:that|to say)\b|"
    r"\bimagine\s+(?:\w+ing|actually \w+ing)\b|"
    r"\b(?:it'?s|it is|it was|that'?s|that is|this is|is|are|was|so|how)\s+(?:\w+\s+){0,2}?"
    r"(?:wrong|disgusting|vile|hateful|racist|bigoted|unacceptable|shameful|not okay|not ok|sick|offensive|"
    r"gross|awful|horrible|terrible|ignorant|cruel|hurtful|appalling|outrageous|despicable|disgraceful|"
    r"dehumani[sz]ing|inexcusable|unfair|dangerous|harmful|bigotry|racism|a disgrace|a shame)\s+"
    r"(?:to|how|when|that|the way)\b"
)

# A condemning sentence right after a quotation or reported statement: "That's disgusting."
CONDEMN_NEXT = re.compile(
    r"^\W*(?:(?:yikes|wow|ugh|oof|omg|jeez|god|man|honestly|seriously|seriously though|sorry|wtf)\W+)*"
    r"(?:(?:that|this|such|which|it|(?:their|his|her|those|these|such|the) (?:words?|comments?|remarks?|"
    r"posts?|language|views?|tweets?|messages?))(?:'s|’s| is| are| was| were| kind of| sort of)?\s+(?:\w+\s+){0,4}?)?"
    + CONDEMN.pattern
    + r"|^\W*(?:(?:no|nope|nah)\W+)?(?:they|that|it|he|she|we)(?:'re|'s| are| is| were| was)\s+not\b"
    r"(?!\s+(?:even\s+)?(?:human|humans|people|persons|welcome|equal|real|civili[sz]ed|decent|normal|worth))"
    + r"|^\W*(?:wrong|false|not true|untrue|nope|lies|bs|bullshit|nonsense)\b"
    + r"|^\W*(?:(?:yikes|wow|ugh|oof|omg|honestly|seriously)\W+)*(?:they|he|she|you)(?:'re|'s| are| is| were| was)\s+(?:\w+\s+){0,2}?(?:wrong|mistaken|lying|liars?|"
    r"idiots?|bigots?|racists?|ignorant|delusional)\b"
)

def clause_start(text: str, lo: int, pos: int) -> int:
    """Start of the clause holding ``pos`` within [lo, pos)."""
    start = lo
    for m in CLAUSE_BREAK.finditer(text, lo, pos):
        start = m.end()
    return start


#: A denied condemnation is a disclaimer, not a condemnation: "I'm not racist, but …", "that isn't hate".
_DISCLAIMED = re.compile(r"(?:\bnot|n't|\bnever|\bno|\bnothing)\s+(?:\w+\s+)?$")


def condemns(text: str) -> bool:
    """Whether ``text`` holds a condemning word that is not itself denied."""
    for m in CONDEMN.finditer(text):
        if m.group(0).startswith(("not ", "never ")) or not _DISCLAIMED.search(text, max(0, m.start() - 16), m.start()):
            return True
    return False


#: The writer's own opinion ("I just think", "we believe"): an assertion, not somebody else's words framed.
_OWN_OPINION = re.compile(r"\b(?:i|we)\s+(?:\w+\s+){0,2}?$")
_OPINION_VERBS = frozenset({"think", "thinks", "believe", "believes", "say", "says", "said", "claim", "feel", "mean", "suggest"})


def frames(text: str) -> bool:
    """FRAME, except a first-person opinion verb with no negation between ("I just think X are …")."""
    for m in FRAME.finditer(text):
        word = m.group(0).strip()
        own = _OWN_OPINION.search(text, max(0, m.start() - 24), m.start())
        if word in _OPINION_VERBS and own and not NEGATION.search(own.group(0)):
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
    r"^\W*is there (?:anything|anyone|anybody|nothing) (?:more|worse|less|as)\b"
)
#: An answer right after a question turns it back into an assertion ("Are X really …? Yes.").
ANSWERED = re.compile(r"^\W*(?:yes|yep|yeah|of course|obviously|absolutely|definitely|sure)\b")
VIOLENCE = re.compile(r"\b(kill\w*|exterminat\w*|murder\w*|shoot|shot|gas\w*|hang\w*|burn\w*|lynch\w*|wipe\w* out|die|live)\b")

# The writer agrees with what was quoted or reported.
_ADV = r"(?:(?:\w+ly|so|totally|completely|100%|dead|just)\s+)?"
AGREE = re.compile(
    r"\b(?:(?:and )?(?:he|she|they|you)(?:'s|'re| is| are| was| were) " + _ADV + r"(?:right|correct|not wrong|spot on)|"
    r"i " + _ADV + r"agree|agreed|so true|couldn'?t agree more|exactly|facts|true that|amen|spot on|"
    r"(?:he|she)'?s got a point|well said|based|preach|100%|this\s*!+|finally someone|never wrong|"
    r"smartest (?:man|woman|person)|wisest|wise (?:man|woman)|knew what (?:he|she) was talking about)\b"
)


# "Why does everyone pretend X aren't dangerous?": a negation under "pretend" asserts the opposite.
PRETEND = re.compile(r"\b(?:pretend\w*|act\w* (?:like|as if)|claim\w* (?:that )?)\s+(?:\w+\s+){0,4}?$")


def negation_scope_hits(text: str, start: int, span_start: int) -> re.Match[str] | None:
    """The last negation in text[start:span_start] whose scope reaches span_start, if any."""
    last = None
    for m in NEGATION.finditer(text, start, span_start):
        last = m
    if last is None:
        return None
    if PRETEND.search(text, max(start, last.start() - 60), last.start()):
        return None
    if NOT_A_NEGATION.match(text, last.start()) or _excluded_around(text, last):
        return None
    if SCOPE_END.search(text, last.end(), span_start):
        return None
    return last


def _excluded_around(text: str, neg: re.Match[str]) -> bool:
    window = text[max(0, neg.start() - 12) : neg.end() + 14]
    return bool(NOT_A_NEGATION.search(window))


# Agreement announced before the quoted or reported words ("I agree with the sign that said …").
AGREE_BEFORE = re.compile(
    r"\b(?:i (?:totally |fully |completely )?agree with|agree with|(?:as|like) [\w ]{1,30}? (?:rightly|correctly|wisely) "
    r"(?:said|says|put it|wrote)|rightly (?:said|says|pointed out)|(?:was|were|is|are) (?:right|correct) (?:when|that|to say)|"
    r"(?:he|she|they) (?:was|were|is|are) right:|truth is|the truth:|it'?s true that|it is true that)\b"
)

# A later sentence that points back at the quoted words and condemns them ("Our town condemns it.").
_BACK_REFERENCE = re.compile(r"\b(it|this|that|these|those|whoever|they|he|she|such|him|her|them)\b")


def condemns_back(sentence: str) -> bool:
    return bool(condemns(sentence) and _BACK_REFERENCE.search(sentence))
