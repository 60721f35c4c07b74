"""Negation and polarity words, as compiled patterns over the NORMALISED (lower-cased) text: what negates, what
does not, where a negation's scope or a clause ends, which words praise and which attack, wanting and harm.

The words are data (hatescope/data/context/en.toml, other languages beside it: hatescope.context_cues);
these are the English ones. Shared by the negated-praise detector (hatescope.detect.negated_praise) and the stance rules, which read them
through hatescope.stance.cues; here, in the earlier stage, so that the detector need not import stance.
"""

from __future__ import annotations

from hatescope.context_cues import ENGLISH, load

_EN = load(ENGLISH)

#: A word that negates what follows (also the negations of de, fr, es, it, pt, nl, pl: the multilingual lexicon).
NEGATION = _EN.negation
#: Negations that do not negate what follows them ("not only", "no doubt").
NOT_A_NEGATION = _EN.not_a_negation
#: What ends a negation's scope.
SCOPE_END = _EN.scope_end
#: Where a new clause with its own subject starts: framing and condemnation do not reach past it
#: ("People who say X are fine are idiots, they are vermin").
CLAUSE_BREAK = _EN.clause_break
#: Praise or humanity words: negating them insults ("X are not human", "X are not welcome here").
POSITIVE = _EN.positive
#: Attacking words: negating them defends ("X are not terrorists").
NEGATIVE = _EN.negative
#: Wanting or deserving is praise ("don't deserve rights") unless what is wanted is harm
#: ("nobody wants to see X hurt", "no one deserves to be called …").
DESIRE = _EN.desire
HARM = _EN.harm
