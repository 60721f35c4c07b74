"""Negation and polarity words, as compiled patterns over the NORMALISED (lower-cased) text: what negates, what
does not, where a negation's scope or a clause ends, which words praise and which attack, wanting and harm.

Shared by the negated-praise detector (hatescope.detect.negated_praise) and the stance rules, which read them
through hatescope.stance.cues; here, in the earlier stage, so that the detector need not import stance.
"""

from __future__ import annotations

import re

NEGATION = re.compile(
    r"\b(not|never|no|nobody|none|nothing|neither|nor|no one|n't|refuses? to|refused to|refusing to|isn'?t|aren'?t|wasn'?t|weren'?t|don'?t|"
    r"doesn'?t|didn'?t|won'?t|wouldn'?t|can'?t|cannot|couldn'?t|shouldn'?t|mustn'?t|hardly|nowhere|"
    # The languages of the multilingual lexicon (normalised: no accents): de, fr, es, it, pt, nl, pl.
    r"nicht|kein|keine|keinen|keiner|keines|niemals|niemand|pas|jamais|aucun|aucune|nunca|jamas|ningun|ninguna|"
    r"nadie|non(?!-)|mai|nessun|nessuno|nessuna|nao|nenhum|nenhuma|ninguem|niet|geen|nooit|nie|nigdy|zaden|zadne)\b|n't\b"
)
# Negations that do not negate what follows them.
NOT_A_NEGATION = re.compile(
    r"\b(?:not only|not just|not merely|not simply|no doubt|no wonder|nothing but|none other than|"
    r"not even|no longer|can'?t stand|cannot stand|can'?t wait|never again|never forget|no matter|"
    r"not surprised|not surprising|no surprise|not a surprise|not afraid)\b"
)
# What ends a negation's scope.
SCOPE_END = re.compile(
    r"[;:.!?…]|\bbut\b|\bhowever\b|\byet\b|\balthough\b|\bthough\b|\binstead\b|\brather\b|\buntil\b|\bunless\b|"
    r"\btill\b|\bbecause\b|\bsince\b|\bso\b|—|–|,\s*(?:they|them|these|those|we|i|he|she|you|it|just|only|"
    r"actually|in fact|and|which|who|cause)\b"
)
# Where a new clause with its own subject starts: framing and condemnation do not reach past it
# ("People who say X are fine are idiots, they are vermin").
CLAUSE_BREAK = re.compile(
    r"[;]|\bbut\b|,\s*(?:and\s+)?(?:they|them|these|those|we|i|he|she|you|it)(?:'re|'s| are| is| were| was| should| must| will)\b"
)


# Praise or humanity words: negating them insults ("X are not human", "X are not welcome here").
POSITIVE = re.compile(
    r"\b(human|humans|people|persons?|welcome|equal|equals|decent|good|nice|kind|smart|intelligent|clever|"
    r"honest|trustworthy|trusted|civili[sz]ed|capable|competent|worthy|worth|deserv\w*|belong\w*|allowed|"
    r"real|valid|normal|clean|safe|innocent|beautiful|brave|loyal|peaceful|fit|qualified|citizens?|"
    r"welcomed|respect\w*|rights?|like|love|trust|want|accept\w*|tolerat\w*|same|as good|better)\b"
)
# Attacking words: negating them defends ("X are not terrorists").
NEGATIVE = re.compile(
    r"\b(animals?|vermin|rats?|parasites?|pests?|cockroach\w*|insects?|plague|disease\w*|cancer\w*|tumou?rs?|"
    r"filth\w*|scum|trash|garbage|savages?|barbarians?|terrorists?|criminals?|rapists?|thieves|thugs?|"
    r"murderers?|killers?|dangerous|threat|evil|inferior|subhuman|stupid|dumb|lazy|dirty|disgusting|"
    r"violent|sick|mentally ill|perverts?|pedophiles?|paedophiles?|groomers?|monsters?|invaders?|"
    r"hate|hateful|kill\w*|die|dead|exterminat\w*|deport\w*|ban\w*|wip\w+ out|gas\w*|burn\w*|"
    r"worthless|useless|liars?|greedy|backward|primitive|ugly|gross|freaks?|abominations?|diseased|virus\w*|"
    r"burdens?|whores?|sluts?|harm\w*|hurt\w*|suffer\w*|attack\w*|abus\w*|bull(?:y|ied)|mock\w*|"
    # Stereotypes a denial defends against ("X aren't predators", "no human is illegal").
    r"predators?|predatory|illegals?|aliens|extremists?|fanatics?|degenerates?|degenerate|delusional|unnatural|"
    r"abnormal|sinners?|brainwashed|inbred|cheats?|cheaters?|unfaithful|frauds?|fake|perverted)\b"
)


# Wanting or deserving is praise ("don't deserve rights") unless what is wanted is harm
# ("nobody wants to see X hurt", "no one deserves to be called …").
DESIRE = re.compile(r"\b(want\w*|wish\w*|deserv\w*|like|likes|love\w*|hope\w*)\b")
HARM = re.compile(
    r"\b(hurt\w*|harm\w*|suffer\w*|die|dead|killed|attacked|abused|insulted|mocked|bullied|called|"
    r"treated (?:badly|like)|punished|excluded|hated)\b"
)
