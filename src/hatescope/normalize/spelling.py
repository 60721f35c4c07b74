"""Misspelt watched words read as the word: "mulsims" → "muslims", "hatemuslims" → "hate muslims".

Filters are dodged by one slip of a finger as often as by leetspeak: two letters swapped, one dropped
or doubled, or the space before a group name left out. Neither the lexicons (exact terms) nor the
classifier (sub-words of an unknown word) read "jwes" as "jews". This stage repairs only words that
matter to the detectors — the *watched* words (group names and abusive terms from the lexicons) —
and only words that are not themselves words:

* a token is repaired when it is not a known word (a dictionary and the encoder's vocabulary), and
  exactly one watched word lies one edit away: two neighbouring letters swapped, one letter dropped
  or doubled. The first letter must stay, no letter may change, and a token of 4 letters may only
  have two letters swapped, so real words and short words ("cons", "tats") stay as they are;
* an unknown token made of a known word and a watched word ("hatemuslims", "jewsare") is split in two.

It is not one of the fixed ``normalize`` stages: its watched words are data (the lexicons an engine is
configured with) that the engine hands in (:func:`watched_speller`, :func:`normalize_with_spelling`), and
lexicon terms themselves are folded without it.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from hatescope.normalize import normalize
from hatescope.normalize.deobfuscate import _outside, _protected_spans
from hatescope.normalize.word_lists import word_list  # also read from here (hatescope.ingest.language)
from hatescope.offsets import MappedText, rewrite

_TOKEN = re.compile(r"[a-z]+")
#: Shortest token the stage looks at; shorter ones are too often a real word or an abbreviation.
MIN_TOKEN = 4


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def edit_kind(a: str, b: str) -> str | None:
    """The one edit that turns ``a`` into ``b``, or None if it takes more: "swap" (two neighbours),
    "change" (one letter), "drop" (``a`` lacks a letter), "double" (``a`` has a letter twice), "add"."""
    if a == b or abs(len(a) - len(b)) > 1:
        return None
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return "change"
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
        return "swap" if swapped else None
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    if short[i:] != long_[i + 1 :]:
        return None
    if len(a) < len(b):
        return "drop"
    return "double" if (i > 0 and a[i] == a[i - 1]) or (i + 1 < len(a) and a[i] == a[i + 1]) else "add"


def _inflection(token: str, word: str) -> bool:
    """``token`` is ``word`` with or without a plural ending: a form, not a misspelling to repair."""
    return token + "s" == word or word + "s" == token or token + "es" == word or word + "es" == token


class TermSpeller:
    """Repairs misspelt watched words in normalised text; a ``MappedText -> MappedText`` stage."""

    def __init__(self, watched: Iterable[str], known: Iterable[str], *, groups: Iterable[str] = (),
                 words: Iterable[str] = (), kept: Iterable[str] = ()) -> None:
        """``watched``: words to repair towards; ``known``: words never repaired (a dictionary, the encoder's
        vocabulary); ``groups``: watched words a glued token may be split around; ``words``: common
        words that may stand beside them (lower-case dictionary words, not names); ``kept``: words never
        repaired nor repaired towards (lexicon spellings of other languages than the dictionary's)."""
        self.watched = frozenset(w for w in watched if w.isalpha() and w.isascii() and len(w) >= MIN_TOKEN)
        self.kept = frozenset(kept)
        # The big lists are kept as given (no copy: a worker builds this at start-up).
        self.known = known if isinstance(known, (set, frozenset)) else frozenset(known)
        self.groups = frozenset(g for g in groups if g.isalpha() and g.isascii() and len(g) >= 3)
        self.words = words if isinstance(words, (set, frozenset)) else frozenset(words)
        # Symmetric-delete index (SymSpell): every word under itself and its one-letter deletions, so the
        # watched words one edit from a token are found among those sharing one of its keys.
        self._index: dict[str, set[str]] = {}
        for w in self.watched:
            for key in _deletes(w) | {w}:
                self._index.setdefault(key, set()).add(w)

    def candidates(self, token: str) -> dict[str, str]:
        """Watched words one edit from ``token``, each with the kind of that edit."""
        found: set[str] = set()
        for key in _deletes(token) | {token}:
            found |= self._index.get(key, set())
        kinds = {w: edit_kind(token, w) for w in found}
        return {w: kind for w, kind in kinds.items() if kind}

    def repair(self, token: str) -> str | None:
        """The watched word ``token`` misspells, the token split where it is glued, or None."""
        if len(token) < MIN_TOKEN or token in self.known or token in self.watched or token in self.kept:
            return None
        if token.endswith("s") and (token[:-1] in self.known or token[:-2] in self.known and token.endswith("es")):
            return None  # a plural of a known word ("bakers")
        near = self.candidates(token)
        if len(near) == 1:
            ((word, kind),) = near.items()
            # No changed letter (leetspeak is read elsewhere; "tyranny" is not "tranny"), no added letter
            # but a doubled one ("muzziens", a misspelt "muezzins", is not a slur), no new first letter.
            if (kind in ("swap", "drop", "double") and word[0] == token[0] and not _inflection(token, word)
                    and (len(token) > MIN_TOKEN or kind == "swap")):
                return word
            return None
        if near:
            return None  # ambiguous: "muslimes" is one edit from "muslims" and from a slur
        return self._split(token)

    def _split(self, token: str) -> str | None:
        splits = [f"{token[:i]} {token[i:]}" for i in range(1, len(token))
                  if (token[:i] in self.groups and self._beside(token[i:]))
                  or (self._beside(token[:i]) and token[i:] in self.groups)]
        return splits[0] if len(splits) == 1 else None

    def _beside(self, part: str) -> bool:
        """A common word that may stand glued beside a group word: 3 letters or more, or "a"/"i"."""
        return part in ("a", "i") or (len(part) >= 3 and part in self.words)

    def __call__(self, mt: MappedText) -> MappedText:
        text = mt.text
        # Most posts hold no unknown word at all: find that out with set operations before any Python loop.
        unknown = {t for t in _TOKEN.findall(text) if len(t) >= MIN_TOKEN} - self.known - self.watched - self.kept
        if not unknown:
            return mt
        edits = []
        for m in _TOKEN.finditer(text):
            if m.group() not in unknown:
                continue
            # Only whole words: "mulsims2020" or "@mulsims" is a name or a tag, not a slip.
            if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "@#_"):
                continue
            if m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] == "_"):
                continue
            fixed = self.repair(m.group())
            if fixed and _outside(_protected_spans(text), *m.span()):
                edits.append((m.start(), m.end(), fixed))
        return rewrite(mt, edits)


def watched_speller(group_terms: Iterable[str], abuse_terms: Iterable[str], *, kept: Iterable[str] = ()) -> TermSpeller:
    """Spelling repair towards the words a set of lexicons looks for: ``group_terms`` (names of groups of
    people and their proxies) and ``abuse_terms`` (spellings of slurs, abuse and dehumanising terms), single
    words only, never towards a known English word; ``kept`` words are left as they are."""
    groups = list(group_terms)
    # "black people", "gay men": the adjective is what a glued token ("blackpeople") is split around
    # (not an article: "the jewish people" must not split "thearrow").
    adjectives = Counter(t.split()[0] for t in groups if " " in t and t.split()[0] not in ("the", "a", "an"))
    single = [t for t in groups + list(abuse_terms) if " " not in t]
    return TermSpeller(single, word_list("known_words"), words=word_list("common_words"),
                       groups=[t for t in groups if " " not in t] + [a for a, n in adjectives.items() if n >= 2],
                       kept=kept)


def normalize_with_spelling(text: str, *, speller: TermSpeller | None) -> MappedText:
    """The normalisation chain, then ``speller``'s repair (None: none). The speller is the engine's, built
    from its lexicons (``Engine.resources.speller``; the packaged ones: ``hatescope.resources.default_speller``)."""
    norm = normalize(text)
    return speller(norm) if speller is not None else norm
