"""Groups implied by where a word stands, not named by their plural: "somali families", "israeli exchange
students", "the new family is from ghana", "the 🇸🇴 kids", "every 🇮🇷 in my uni", "Happy Hanukkah to all the rats".

The group lexicon lists a people by its plural ("somalis", "israelis"); a post often names it with the
adjective instead, says where the people are from, puts the country's flag where the adjective would stand
(a flag is read as its country's name: hatescope.normalize.emoji_names), or greets the people of a festival by
another name. Each slot adds an implied mention (``doc.implied_mentions``, hatescope.detect.targets), so that a
dehumanising word or emoji in the sentence has the group it is aimed at. The slots and their words are data
(``data/targets/people_slots.toml``):

* before a people noun: a group's singular ("somali", from "somalis") right before it, or with one word
  between ("israeli exchange students"; not words that are ordinary adjectives: "black cab drivers"); or a
  flag ("🇸🇴 family");
* standing for a person: a group's singular after a quantifier, a determiner or "to be" ("every somali",
  "the nigerian next door", "they are somali"), a flag after a quantifier ("every 🇮🇷", "another 🇳🇬"), with
  nothing it describes after it: the end, a mark, an emoji or a word such as "in", "who", "moved";
* origin: a people noun, a few words, "from" and a country, written or as a flag ("neighbours from eritrea");
  a country's name that is also a given name or another place ("from jordan") counts only as a flag;
* greeting: a festival's greeting addressed to anything but people or friends ("Happy Rosh Hashanah to all
  the snakes"): the festival's name stands for the people who keep it.

A country's name or flag anywhere else names a place or a team ("Mexico won!! 🇲🇽"). Among the implied
mentions, a slot takes the place of a state mention of the same words ("🇮🇱 family": Israelis, not Israel).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from hatescope.detect import emoji_evidence
from hatescope.document import Document, Mention

DATA = Path(__file__).resolve().parent.parent / "data" / "targets" / "people_slots.toml"
#: The group of a country's people when the slot data names none.
DEFAULT_GROUP = "nationalities"
#: Shorter singulars of a group's plural are not words of their own ("jew" is listed as itself).
_MIN_SINGULAR = 4
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
_WORDS = re.compile(r"[^\W\d_]+")
#: A flag in the text as written: regional indicator letters, or the black flag that starts England's.
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF\U0001F3F4]")


@lru_cache(maxsize=1)
def _data() -> dict:
    return tomllib.loads(DATA.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def countries() -> tuple[str, ...]:
    """Country names as flags are read (the emoji table's flags)."""
    from hatescope.normalize.emoji_names import table

    names, _ = table()
    skip = set(_data()["not_peoples"])
    return tuple(sorted({v for k, v in names.items() if _is_flag(k) and v not in skip}))


def _is_flag(seq: str) -> bool:
    if len(seq) == 2 and all(0x1F1E6 <= ord(c) <= 0x1F1FF for c in seq):
        return True  # two regional indicators
    return len(seq) > 2 and seq[0] == "\U0001F3F4" and all(0xE0020 <= ord(c) <= 0xE007F for c in seq[1:])


def _alt(words) -> str:
    """Whole words (an apostrophe-led one, "'re", needs no boundary before it), longest first."""
    words = sorted(set(words), key=len, reverse=True)
    plain = "|".join(re.escape(w) for w in words if w[:1] not in "'’")
    glued = "|".join(re.escape(w) for w in words if w[:1] in "'’")
    parts = ([rf"(?<![\w'’])(?:{plain})"] if plain else []) + ([f"(?:{glued})"] if glued else [])
    return "(?:" + ("|".join(parts) or "(?!)") + r")(?!\w)"


def singulars(groups: Sequence) -> dict[str, tuple[str, bool]]:
    """A people group's one-word plural terms as singulars: "somalis" → "somali" → (group, protected)."""
    known = {t for g in groups for t in g.terms}
    out: dict[str, tuple[str, bool]] = {}
    for g in groups:
        if g.kind != "people":
            continue
        for term in g.terms:
            if term.isascii() and term.isalpha() and term.endswith("s") and not term.endswith(("ies", "ss")):
                single = term[:-1]
                if len(single) >= _MIN_SINGULAR and single not in known:
                    out.setdefault(single, (g.target, g.protected))
    return out


@dataclass(frozen=True)
class Slots:
    """The slot patterns of one group lexicon (built once per target finder)."""

    singulars: dict[str, tuple[str, bool]]
    before_noun: re.Pattern[str]
    flag_before_noun: re.Pattern[str]
    standing: re.Pattern[str]
    flag_standing: re.Pattern[str]
    origin: re.Pattern[str]
    follower: re.Pattern[str]
    country_groups: dict[str, str]
    ambiguous: frozenset[str]
    greeting: re.Pattern[str]
    observances: dict[str, str]
    friendly: frozenset[str]
    #: Words one of which a text must hold for the slots that read them to be worth a search.
    singular_words: frozenset[str]
    greeting_words: frozenset[str]

    @classmethod
    def build(cls, groups: Sequence) -> "Slots":
        data = _data()
        single = singulars(groups)
        ordinary = set(data["ordinary_adjectives"])
        nouns, names = _alt(data["people_nouns"]), _alt(countries())
        dem, plain = _alt(single), _alt(set(single) - ordinary)  # "black" names people only right before a noun
        quant = _alt(data["quantifiers"])
        lead = _alt([*data["quantifiers"], *data["determiners"]])
        copula = _alt(data["copulas"])
        gap = int(data["from_gap_words"])
        festival = _alt(data["observances"])
        greeting = (rf"(?:{_alt(data['greetings_before'])}\s+(?:\w+\s+)?({festival})|({festival})\s+"
                    rf"{_alt(data['greetings_after'])})[^.!?\n]{{0,24}}?\bto\s+(?:all\s+)?(?:(?:the|my|our|you|ya|u)\s+)?([\w'’-]+)")
        return cls(
            singulars=single,
            before_noun=re.compile(rf"(?:({dem})\s+|({plain})\s+[a-z'-]+\s+){nouns}"),
            flag_before_noun=re.compile(rf"({names})\s+(?:[a-z'-]+\s+)?{nouns}"),
            standing=re.compile(rf"(?:{lead}\s+({dem})|{copula}\s+(?:(?:a|an|all)\s+)?({plain}))"),
            flag_standing=re.compile(rf"{quant}\s+({names})"),
            origin=re.compile(rf"{nouns}(?:\s+[\w'’-]+){{0,{gap}}}?\s+from\s+(?:the\s+)?({names})"),
            follower=re.compile(rf"\s*(?:$|[^\w\s'’]|{_alt(data['person_followers'])})"),
            country_groups=dict(data["country_groups"]),
            ambiguous=frozenset(data["written_ambiguous"]),
            greeting=re.compile(greeting),
            observances=dict(data["observances"]),
            friendly=frozenset([*data["friendly_addressees"], *data["people_nouns"]]),
            singular_words=frozenset(single),
            greeting_words=frozenset([*data["greetings_before"], *data["greetings_after"]]),
        )


def _group(m: re.Match[str]) -> int:
    """The number of the capture group that matched."""
    return next(k for k in range(1, (m.re.groups or 0) + 1) if m.group(k) is not None)


def _stands_alone(doc: Document, end: int, slots: Slots) -> bool:
    """Nothing the word at ``end`` describes follows it: the end, a mark, a follower word or an emoji."""
    if slots.follower.match(doc.text, end):
        return True
    nxt = _NEXT_WORD.match(doc.text, end)
    return nxt is not None and emoji_evidence.reads_emoji(doc, nxt.start(1), nxt.end(1))


def _names_people(mentions: Sequence[Mention], pos: int) -> bool:
    """Whether a group mention covers ``pos`` ("to all my Jewish neighbours"): the greeting names its people."""
    return any(m.nstart <= pos < m.nend for m in mentions)


def _country(doc: Document, m: re.Match[str], slots: Slots, *, written_ok: bool) -> Mention | None:
    """The people of the country in group 1: read from a flag, or written out where ``written_ok`` and the
    name is not also a given name or another place."""
    start, end = m.span(1)
    if not emoji_evidence.reads_emoji(doc, start, end) and not (written_ok and m.group(1) not in slots.ambiguous):
        return None
    return Mention(start, end, slots.country_groups.get(m.group(1), DEFAULT_GROUP), True, "people")


def slot_mentions(doc: Document, slots: Slots, mentions: Sequence[Mention] = ()) -> list[Mention]:
    """People mentions of every slot in ``doc.text`` (normalised offsets), in no particular order; ``mentions``
    are those the group names made (a greeting to a group's people names nobody new)."""
    text, out = doc.text, []
    words = set(_WORDS.findall(text))  # each slot is searched only when a word it needs is in the text
    if not words.isdisjoint(slots.singular_words):
        for rx, alone in ((slots.before_noun, False), (slots.standing, True)):
            for m in rx.finditer(text):
                k = _group(m)
                if alone and not _stands_alone(doc, m.end(k), slots):
                    continue
                group, protected = slots.singulars[m.group(k)]
                out.append(Mention(m.start(k), m.end(k), group, protected, "people"))
    if "from" in words:
        out.extend(x for m in slots.origin.finditer(text) if (x := _country(doc, m, slots, written_ok=True)))
    if not words.isdisjoint(slots.greeting_words):
        for m in slots.greeting.finditer(text):
            if m.group(3) not in slots.friendly and not _names_people(mentions, m.start(3)):
                k = 1 if m.group(1) else 2
                out.append(Mention(m.start(k), m.end(k), slots.observances[m.group(k)], True, "proxy"))
    if _FLAG.search(doc.original):
        out.extend(x for m in slots.flag_before_noun.finditer(text) if (x := _country(doc, m, slots, written_ok=False)))
        out.extend(x for m in slots.flag_standing.finditer(text)
                   if _stands_alone(doc, m.end(1), slots) and (x := _country(doc, m, slots, written_ok=False)))
    return out


def add_slot_mentions(doc: Document, mentions: list[Mention], slots: Slots) -> list[Mention]:
    """``mentions`` with the slot mentions that no people or proxy mention overlaps; a state mention of the
    same words gives way ("🇮🇱 family" names Israelis)."""
    found = slot_mentions(doc, slots, mentions)
    if not found:
        return mentions
    out = list(mentions)
    for new in sorted(found, key=lambda m: (m.nstart, -m.nend)):
        clash = [m for m in out if m.nstart < new.nend and new.nstart < m.nend]
        if any(m.kind != "state" for m in clash):
            continue
        out = [m for m in out if m not in clash]
        out.append(new)
    return out


__all__ = ["DEFAULT_GROUP", "Slots", "add_slot_mentions", "countries", "singulars", "slot_mentions"]
