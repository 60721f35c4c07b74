"""Speech acts the stance rules read in the writer's own voice, beside the cues of stance.cues.

* agreement with quoted or reported words ("— yep, that's my opinion", "Grandma's right", "so did I");
* a contrastive continuation after a denial ("I don't hate X, I just think they should …"): the claim is
  the clause after "just", "only", "but", and the negation covers its own clause alone;
* a sincere question about a custom ("why do Sikhs carry a kirpan?") against a hostile one that presumes
  the answer ("why are X always …?", "has an X ever been faithful?");
* solidarity ("Black Lives Matter", "Stop Asian Hate", "Protect trans kids", "End the genocide").
The lists are about how people agree, ask and stand with others, not about any group.
"""

from __future__ import annotations

import re

from hatescope.stance import cues

_ADV = r"(?:(?:\w+ly|so|totally|completely|100%|dead|just|still|actually)\s+)?"
#: Agreement with words quoted or reported just before: the writer makes them their own.
AGREE_AFTER = re.compile(
    r"\b(?:yep|yes|yeah|yup)\b[\s,.!—–-]*(?:that'?s|this is|it'?s)\s+(?:\w+\s+){0,2}?(?:my|our)\s+(?:opinion|view|take|position|belief)|"
    r"\b(?:that'?s|that is|this is|also|exactly)\s+(?:\w+\s+){0,2}?(?:my|our)\s+(?:opinion|view|take|position|belief)\b|"
    r"\b[\w']+(?:'s| is| was| are| were)\s+" + _ADV + r"(?:right|correct|spot on|not wrong|onto something|on to something|telling the truth)\b|"
    r"\b(?:is|was|'s)\s+(?:a\s+)?(?:fair|good|valid|honest)\s+(?:take|point|comment|call|question)\b|\bfair (?:enough|point|take)\b|"
    r"\b(?:and\s+)?so\s+(?:did|do|would|am|was)\s+i\b|\bme too\b|\bsame here\b|\bhear,? hear\b|\bi(?:'m| am) with (?:him|her|them|\w+) on (?:this|that)\b|"
    r"\b(?:had|has|have|got)\s+(?:the right idea|a point|it right|that right|one thing right)\b|"
    r"\b(?:said|says|saying)\s+what\s+(?:\w+\s+){0,3}?(?:needed|needs|was thinking|were thinking|is thinking|everyone thinks)\b|"
    r"\bcan'?t (?:blame|fault) (?:him|her|them)\b|\bwith my whole chest\b|\ball true\b|\b(?:because|cause|as) (?:they'?re|it'?s|that'?s) true\b|"
    r"\bi (?:cheered|clapped|applauded|liked|shared|retweeted) (?:it|that|too)\b"
)

_WORD = re.compile(r"[\w']+")
#: The writer's own opinion verb: a framed continuation that is still the writer's claim.
_OWN_OPINION = re.compile(r"\b(?:i|we)\s+(?:\w+\s+)?(?:think|believe|feel|say|reckon)\b")

#: A contrastive continuation: the clause the writer really asserts after denying something.
CONTRAST = re.compile(r"^\W*(?:but|however|yet|though|just|only|simply|merely|rather|instead)\b|^\W*(?:i|we)\s+(?:just|only|simply|merely|really|still)\b")
#: A claim that prescribes what a group should do or get, or ranks it: hostile in a continuation.
_PRESCRIBE = re.compile(r"\b(?:should|shouldn'?t|must|mustn'?t|need to|needs to|ought to|have to|has to|belong|better off|go back|stay)\b|"
                        r"\b(?:ship|send|kick|throw|deport)\s+(?:\w+\s+)?(?:back|out|home)\b")
#: "not A, (they're) B": a correction that puts its own claim in place of the denied one.
_CORRECTION = re.compile(r"^\W*(?:they|you|he|she|we|it|these|those)(?:'re|'s| are| is| were| was)\s+")


#: The writer denying an attitude of their own before saying what they "just" think: "I don't hate X", "not that I mind X",
#: "(I'm) not saying I hate X", "I'm not racist", "I have nothing against X", "no offence".
_DISCLAIMER = re.compile(
    r"\b(?:i|we)\s+(?:\w+\s+)?(?:don'?t|do not|didn'?t|did not|never)\s+(?:\w+\s+)?(?:hate|dislike|mind|despise|have (?:anything|a problem|an issue|any problem|any issue) (?:against|with))\b|"
    r"\b(?:i'?m|i am|we'?re|we are)\s+not\s+(?:\w+\s+)?(?:racist|sexist|homophobic|transphobic|islamophobic|antisemitic|xenophobic|"
    r"bigoted|a (?:racist|bigot|sexist|homophobe)|against (?:them|\w+))\b|"
    r"\bnot that i (?:\w+\s+)?(?:hate|dislike|mind|have (?:anything|a problem) (?:against|with))\b|"
    r"\bnot\s+(?:saying|claiming|suggesting)\s+(?:that\s+)?(?:i|we)\s+(?:\w+\s+)?(?:hate|dislike|mind|despise|have (?:anything|a problem|an issue) (?:against|with))\b|"
    r"\b(?:i|we)\s+(?:have|'ve got|got)\s+nothing against\b|\bno offen[cs]e\b"
)
#: What follows the disclaimer: the writer's "just", "only", "but" claim.
_JUST_CLAIM = re.compile(r"^\W*(?:but|however|yet|though)\b|^\W*(?:(?:i|we|they|you|he|she|it|these|those)\s+)?(?:just|only|simply|merely)\b")


#: The hedged claim is about the group again ("… I just find *them* …"), not about the writer ("I just don't know many").
_ABOUT_THEM = re.compile(r"\b(?:they|them|their|theirs|they'?re|they'?d|they'?ve|they'?ll|these people|those people|their kind)\b")


def disclaimer(text: str, lo: int, neg_start: int, stop: re.Match[str] | None) -> bool:
    """Whether a negation is the writer's disclaimer of an attitude ("I don't hate X, I just …") followed by a claim
    about the group that it hedges: then the claim decides the sentence, not the negation (a hedge does not turn hate
    into its denial; the claim may still be innocent: "… I just think they deserve better"). The claim is read past the
    sentence's end ("I don't hate X. I just find them …")."""
    claim = text[stop.start() : stop.start() + 100] if stop is not None else ""
    if not _JUST_CLAIM.search(claim) or not _ABOUT_THEM.search(claim):
        return False
    return bool(_DISCLAIMER.search(text, max(lo, neg_start - 30), stop.start()))


def contrast_claim(text: str, stop: re.Match[str] | None, hi: int) -> bool:
    """Whether the clause after a negation's scope (``stop``) is a contrastive claim of the writer's own
    that says something hostile, so that the negation does not decide the sentence."""
    if stop is None:
        return False
    rest = text[stop.start() : hi]
    if not (CONTRAST.search(rest) or _CORRECTION.search(rest)):
        return False
    if cues.FRAME.search(rest) and not _OWN_OPINION.search(rest):
        return False
    words = _WORD.findall(rest)
    return len(words) >= 3 and (bool(_PRESCRIBE.search(rest)) or any(cues.NEGATIVE.fullmatch(w) for w in words))


#: Asking presumes a bad answer: "always", "so lazy", "such savages"; or that no member ever did a good
#: thing ("has a single X ever paid", "has an X ever been faithful", "name one X who").
_HOSTILE_Q = re.compile(
    r"\b(?:always|constantly|forever|every|still|backwards|anything|smell\w*|stink\w*|rob\w*|steal\w*|slaves?|ruin\w*|"
    r"gagg?\w*|disgust\w*|embarrass\w*|ashamed)\b|\ball\s+(?:\w+\s+)?(?:end|look|act|smell|behave)\w*|\blike\s+(?:that|this|those)\b|\bso\s+(?!many\b|much\b|few\b|often\b|far\b)\w+|\bsuch\s+\w+|"
    r"\b(?:a single|one single|name one|even one|ever met an?)\b|\beven\s+(?:\w+\s+)?(?:allowed|human|people|real|normal|here)\b|"
    r"\bever\s+(?:\w+\s+){0,2}?(?:faithful|honest|loyal|paid|worked|contributed|invented|built|achieved|been (?:\w+ )?(?:good|right|decent|clean|sober))\b"
)
#: A question about what people do: "why do X wear …?", "how do you make …?", "what do X eat …?".
_SINCERE_WH = re.compile(
    r"^\W*(?:(?:honest|genuine|serious|quick|real|curious|dumb|silly)\s+(?:q|qn|question)\W+)?"
    r"(?:why|how|what|when|where|which|who)\s+(?:do|does|did|is|are|can|could|should|would|will|to|exactly|many|much)\b(?!'t|n'?t)"
)


#: A tag after a question that takes the asking back ("… ? Just asking.", "… ? Makes you think."): the question is
#: the writer's insinuation, not an inquiry. ("just curious" is left out: people say it of sincere questions.)
_INSINUATION_TAG = re.compile(
    r"^\W*(?:(?:i'?m|i am)\s+)?(?:just|only)\s+(?:asking|saying|a (?:question|thought))\b|"
    r"^\W*(?:(?:it|that|this)\s+)?(?:makes?|made)\s+(?:you|one|me|u)\s+(?:think|wonder)\b|"
    r"^\W*(?:connect the dots|do (?:your|ur|the) (?:own )?research|food for thought|wake up|open your eyes|coincidence\b|"
    r"think about it)"
)
#: A yes/no question whose proposition is that a group holds hidden power ("are X secretly behind …?", "do X control
#: the banks?"): a conspiracy told as a question.
_HIDDEN_POWER = re.compile(
    r"\bsecret(?:ly)?\b|\bbehind the scenes\b|\bbehind (?:every|all|most|each)\b|\bpull(?:s|ing)? (?:all )?the strings\b|"
    r"\bpuppet\w*|\borchestrat\w+|\b(?:hidden|secret) agenda\b|\bplot(?:s|ting)? (?:to|against)\b|"
    r"\b(?:control|controls|controlled|controlling|run|runs|running|own|owns|owning)\s+(?:all\s+)?(?:the\s+|our\s+)?"
    r"(?:world|media|banks?|banking|money|finance|economy|governments?|hollywood|press|politicians|congress|west)\b"
)


def insinuated(sentence: str, rest: str = "") -> bool:
    """A claim in the form of a question: a question followed by a tag that takes the asking back (``rest``: the words
    after it), or a yes/no question whose proposition is a hidden-power claim — unless it asks about what others say
    ("is it antisemitic to say X control the banks?" is a question about a saying)."""
    if _INSINUATION_TAG.search(rest):
        return True
    return (bool(cues.QUESTION_START.search(sentence)) and bool(_HIDDEN_POWER.search(sentence))
            and not cues.FRAME.search(sentence))


def hostile_question(sentence: str) -> bool:
    """A question that presumes its hateful answer."""
    words = _WORD.findall(sentence)
    return bool(_HOSTILE_Q.search(sentence)) or any(cues.NEGATIVE.fullmatch(w) for w in words)


def sincere_question(sentence: str, rest: str = "") -> bool:
    """A wh-question that asks about what people do or mean, with nothing hostile presumed in it nor said
    in the words after it (``rest``: the remainder of the post, where "to hide how ugly they are?" goes)."""
    return (sentence.endswith("?") and bool(_SINCERE_WH.search(sentence)) and not hostile_question(sentence)
            and not hostile_question(rest))


#: Harm that a solidarity slogan opposes ("Stop Asian Hate", "End the genocide", "No more deportations").
_HARM = (r"(?:hate|hatred|racism|bigotry|violence|genocide|war|bombing|bombings|killing|killings|attacks?|deport\w*|"
         r"stoning|starving|starvation|occupation|apartheid|persecution|discrimination|abuse|bullying|raids?|"
         r"separating|detention|cages?|hate crimes?|islamophobia|antisemitism|homophobia|transphobia|xenophobia)")
_HARM_WORD = re.compile(r"\b" + _HARM + r"\b")
SOLIDARITY = re.compile(
    r"\blives\s+matter\b|"
    r"^\W*(?:stop|end|no more|never again|fight|against|resist|oppose)\s+(?:[\w'-]+\s+){0,3}?" + _HARM + r"\b|"
    r"\b(?:jews|muslims|christians|people|we|us)\s+against\s+(?:\w+\s+){0,2}?" + _HARM + r"\b|"
    r"^\W*(?:protect|support|defend|free|save|stand with|solidarity with|justice for|pray for|love to|"
    r"bring (?:them|\w+) home|respect|celebrate|welcome)(?:\s+(?!\w+\s+from\b)|\W*$)|"
    r"^\W*no\s+(?:human|person|one|human being)\s+is\s+illegal\b|\bceasefire now\b|\bnot in our name\b|"
    # A group's existence, worth or pride affirmed ("nonbinary people exist", "disabled and proud"), protection
    # ("hands off our Jewish neighbours"), peace between peoples ("… refuse to be enemies"), remembrance ("say her name").
    r"^\W*(?:(?!(?:not|never|no|nobody|don'?t|doesn'?t|didn'?t|shouldn'?t|won'?t|can'?t|cannot|barely|hardly)\b)[\w'-]+\s+){1,3}?(?:exist|are valid|are welcome(?: here)?|are (?:human|loved|not alone)|"
    r"deserve (?:peace|safety|dignity|respect|rights|justice|to live|to be safe))\W*$|"
    r"\band proud\b|^\W*proud to be\b|^\W*hands off\b|\brefuse to (?:be enemies|hate)\b|^\W*say (?:her|his|their) names?\b"
)


def solidarity(sentence: str) -> bool:
    """A slogan or call that stands with a group and carries no attack of its own."""
    s = sentence.strip()
    if not SOLIDARITY.search(s):
        return False
    hostile = [w for w in _WORD.findall(s) if cues.NEGATIVE.fullmatch(w) and not _HARM_WORD.fullmatch(w)]
    return not hostile and not _PRESCRIBE.search(s) and len(s.split()) <= 14
