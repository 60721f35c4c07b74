"""Emoji read as words: "black people are 🐒" → "black people are monkey".

The encoder's vocabulary has no emoji (each is one [UNK] token), so without this stage the
classifier reads "muslims are 🐀" and "muslims are 👑" as the same sentence, and the lexicons can
never match a dehumanising emoji. Each emoji (the longest sequence in the table: flags, ZWJ
families, skin tones) becomes its meaning from ``emoji_meanings.toml`` or else its Unicode CLDR
short name (``emoji_names.tsv.gz``, built by ``training/build_normalize_data.py``), with spaces
around it; a run of the same emoji is read once ("😂😂😂" → "face with tears of joy"). Every
character of the name maps back to the emoji it replaces. Variation selectors do not matter
("❤" and "❤️" read alike). An emoji where a verb stands ("time to 🔥 it", "im 🔥🏠": after one of the table's
``verb_slot`` words) is read as the verb it shows ("burn"); elsewhere it keeps its name ("this album is 🔥").
Emoji that spell a letter inside a word ("n1gger💲") were read by ``read_emoji_letters`` before this stage runs.
"""

from __future__ import annotations

import gzip
import re
import tomllib
from functools import lru_cache
from pathlib import Path

from hatescope.offsets import Edit, MappedText, rewrite

DATA = Path(__file__).resolve().parent.parent / "data" / "normalize"
_VS16 = "\ufe0f"
#: Words of an emoji name that make it a hand or body part: its skin tone is dropped, not read as a colour.
_BODY = frozenset("hand hands thumbs fist finger fingers palm palms ear nose leg foot arm biceps selfie writing "
                  "nail vulcan horns pinched pinching clapping waving folded ok victory crossed index backhand "
                  "heart love-you call".split())


def _key(seq: str) -> str:
    return seq.replace(_VS16, "")


def _read_name(name: str, tones: dict[str, str]) -> str:
    """A CLDR name with its skin tones read: "man: dark skin tone" → "black man", "thumbs up: light …" → "thumbs up"."""
    base, _, rest = name.partition(":")
    colours = [tones[t.strip()] for t in rest.split(",") if t.strip() in tones]
    words = base.split()
    if colours and not _BODY.intersection(words):
        words = [colours[0], *words]
    return " ".join(words)


@lru_cache(maxsize=1)
def first_characters() -> frozenset[str]:
    """Characters an emoji sequence can start with: the only places worth a lookup. Not ASCII: keycaps
    ("1️⃣") start with a digit, and digits and "#" are left to the other stages."""
    return frozenset(seq[0] for seq in table()[0] if not seq[0].isascii())


@lru_cache(maxsize=1)
def table() -> tuple[dict[str, str], int]:
    """Emoji sequence (without variation selectors) → words, and the longest sequence's length."""
    spec = tomllib.loads((DATA / "emoji_meanings.toml").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    with gzip.open(DATA / "emoji_names.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            seq, _, name = line.rstrip("\n").partition("\t")
            if seq and name:
                out[_key(seq)] = _read_name(name, spec["skin_tones"])
    out.update({_key(k): v for k, v in spec["meanings"].items()})
    out.pop("", None)
    return out, max(map(len, out))


@lru_cache(maxsize=1)
def verb_readings() -> tuple[dict[str, str], re.Pattern[str]]:
    """Emoji (without variation selectors) → the verb it shows, and the words after which an emoji stands
    where a verb stands ("to", "gonna", "i'm"), as a pattern that ends right before the emoji."""
    spec = tomllib.loads((DATA / "emoji_meanings.toml").read_text(encoding="utf-8"))
    verbs = {_key(k): v for k, v in spec.get("verbs", {}).items()}
    words = sorted(spec.get("verb_slot", {}).get("before", []), key=len, reverse=True)
    alternatives = "|".join(re.escape(w).replace("'", "['’]") for w in words) or "(?!)"
    return verbs, re.compile(rf"(?<![\w'’])(?:{alternatives})\s+$")


def _match(text: str, i: int, names: dict[str, str], longest: int) -> tuple[int, str] | None:
    """(end, words) of the longest emoji sequence starting at ``i``; selectors inside are skipped."""
    chars, ends = [], []
    j = i
    while j < len(text) and len(chars) < longest:
        if text[j] != _VS16:
            chars.append(text[j])
            ends.append(j + 1)
        elif ends:
            ends[-1] = j + 1  # a selector belongs to the character before it
        j += 1
    for n in range(len(chars), 0, -1):
        words = names.get("".join(chars[:n]))
        if words is not None:
            end = ends[n - 1]
            while end < len(text) and text[end] == _VS16:
                end += 1
            return end, words
    return None


def read_emoji_names(mt: MappedText) -> MappedText:
    text = mt.text
    if text.isascii():
        return mt
    names, longest = table()
    verbs, slot = verb_readings()
    starts = first_characters()
    edits: list[Edit] = []
    i = 0
    while i < len(text):
        hit = _match(text, i, names, longest) if text[i] in starts else None
        if hit is None:
            i += 1
            continue
        end, words = hit
        verb = verbs.get(_key(text[i:end]))
        while (again := _match(text, end, names, longest)) and again[1] == words:
            end = again[0]  # "😂😂😂" is read once
        if verb is not None and slot.search(text, max(0, i - 16), i):
            words = verb  # "time to 🔥 it": the emoji stands where a verb stands
        before = " " if i > 0 and not text[i - 1].isspace() else ""
        after = " " if end < len(text) and not text[end].isspace() else ""
        edits.append((i, end, f"{before}{words}{after}"))
        i = end
    return rewrite(mt, edits)
