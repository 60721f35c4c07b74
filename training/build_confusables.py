"""Build the homoglyph table of the normaliser from Unicode's confusables data (UTS #39).

    pip install confusable-homoglyphs==3.3.1    # Unicode's confusables.txt as JSON (MIT); build time only
    python training/build_confusables.py

Writes ``src/hatescope/data/normalize/confusables.tsv``: one row per single character that Unicode
lists as confusable with an ASCII letter, plus a few stroked Latin letters Unicode counts as letters of
their own ("ł", "ø", "đ") but which read as the plain letter. Columns:

    code point, character, the ASCII letter (lower case), class, script (first word of the Unicode name)

The class tells ``hatescope.normalize.confusables`` when to fold the character:

* ``nfkc``   — NFKC (``normalize.unicode.fold_unicode``) already turns it into ASCII (the letter, or a
  digit that leetspeak reads): listed for completeness and for the evasion benchmark, not folded here;
* ``latin``  — an odd Latin letter (small capital, hooked, stroked): folded everywhere, as accents are;
* ``script`` — a letter of another alphabet (Cyrillic "а", Greek "ο", Cherokee "Ꭺ"): folded inside words
  that also hold Latin letters, or where the text has no genuine writing in that script;
* ``symbol`` — a digit, symbol or mark ("∪", "×", "०"): folded only between letters of a Latin word.

The output is deterministic (sorted by code point) and versioned in its header, so a change of the
source data shows up as a diff.
"""

from __future__ import annotations

import json
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "hatescope" / "data" / "normalize" / "confusables.tsv"
TABLE_VERSION = 1
SOURCE = "confusable-homoglyphs"

#: Letters Unicode does not list as confusables of a Latin letter, or lists under another one, but that
#: evasion uses for it; these win over the data. Stroked and hooked Latin letters read as the plain one;
#: lower-case Cyrillic and Greek letters look like small capitals or italics of a Latin letter ("к",
#: "м", "т", "н", "η", "γ"); the Cyrillic palochka, which Unicode puts with "l"/"I", stands for "l" in
#: lower-case words ("кіӏӏ").
EXTRA_LATIN: dict[str, str] = {
    "a": "ɑᴀ", "b": "ƀɓʙ", "c": "ȼᴄ", "d": "đĐɗᴅ", "e": "ɇᴇ", "f": "ƒꜰ", "g": "ɡɢ", "h": "ħĦɦʜ",
    "i": "ıɨɩɪ", "j": "ᴊ", "k": "ꝁƙᴋ", "l": "łŁƚʟ", "m": "ɱᴍ", "n": "ɲɴ", "o": "øØᴏ", "p": "ƥᴘ",
    "q": "ʠ", "r": "ɍɽʀ", "s": "ʂꜱ", "t": "ŧŦƭᴛ", "u": "ᴜ", "v": "ᴠ", "w": "ⱳᴡ", "y": "ƴʏ", "z": "ȥᴢ",
}
EXTRA_CYRILLIC: dict[str, str] = {
    "a": "Аа", "b": "ВвЬь", "c": "Сс", "d": "Ԁԁ", "e": "ЕеЁё", "h": "НнҺһ", "i": "ІіЇї", "j": "Јј",
    "k": "Кк", "l": "Ӏӏ", "m": "Мм", "n": "п", "o": "Оо", "p": "Рр", "q": "Ԛԛ", "r": "г", "s": "Ѕѕ",
    "t": "Тт", "w": "Ԝԝ", "x": "Хх", "y": "УуҮү",
}
EXTRA_GREEK: dict[str, str] = {
    "a": "Αα", "b": "Ββ", "c": "ϲ", "e": "Εε", "h": "Η", "i": "Ιι", "j": "ϳ", "k": "Κκ", "m": "Μ",
    "n": "Νη", "o": "Οο", "p": "Ρρ", "t": "Ττ", "u": "υ", "v": "ν", "w": "ω", "x": "Χχ", "y": "Υγ",
    "z": "Ζ",
}
EXTRA_ARMENIAN: dict[str, str] = {"g": "ց", "h": "հ", "n": "ո", "o": "օ", "q": "զ", "u": "ս"}
EXTRA = (EXTRA_LATIN, EXTRA_CYRILLIC, EXTRA_GREEK, EXTRA_ARMENIAN)
_DIRECTION_MARKS = "\u200e\u200f"  # the data wraps right-to-left characters in them

sys.path.insert(0, str(ROOT / "src"))
from hatescope.normalize.homoglyphs import script_of  # noqa: E402  (the runtime's notion of a script)
from hatescope.normalize.unicode import nfkc_fold  # noqa: E402  (what fold_unicode makes of a character)


def script_key(ch: str) -> str:
    """The script a look-alike belongs to: a styled letter counts as the letter NFKC makes of it
    (mathematical "𝛂" is Greek)."""
    folded = nfkc_fold(ch)
    return script_of(folded if len(folded) == 1 and folded.isalpha() else ch)


def classify(ch: str) -> str:
    folded = nfkc_fold(ch)
    if folded.isascii() and folded.strip():
        return "nfkc"  # "𝐚" → "a", "𝟏" → "1" (which leetspeak reads)
    if not ch.isalpha():
        return "symbol"
    return "latin" if script_key(ch) == "LATIN" else "script"


def pairs_from_data() -> dict[str, str]:
    """Character → ASCII letter, from the package's JSON (keyed by character, listing its confusables)."""
    import confusable_homoglyphs

    data = json.loads((Path(confusable_homoglyphs.__file__).parent / "confusables.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for letter in string.ascii_letters:
        for entry in data.get(letter, []):
            ch = entry["c"].strip(_DIRECTION_MARKS)
            if len(ch) == 1 and not ch.isascii():
                # Unicode files the capital I under "l"; a capital that looks like it stands for an "I"
                # ("ΚΙLL"), which case folding makes "i".
                out.setdefault(ch, "i" if letter == "l" and ch.isupper() else letter.lower())
    return out


def version_of_source() -> str:
    from importlib.metadata import version

    return version(SOURCE)


def build() -> list[tuple[str, str, str, str]]:
    pairs = pairs_from_data()
    for extra in EXTRA:
        for letter, chars in extra.items():
            pairs.update(dict.fromkeys(chars, letter))
    return [(ch, letter, classify(ch), script_key(ch)) for ch, letter in sorted(pairs.items(), key=lambda kv: ord(kv[0]))]


def main() -> None:
    rows = build()
    header = [
        f"# hatescope homoglyph table, version {TABLE_VERSION}: written by training/build_confusables.py",
        f"# from Unicode's confusables data (UTS #39) as shipped by {SOURCE} {version_of_source()}, plus EXTRA there.",
        "# columns: code point, character, ASCII letter, class (nfkc|latin|script|symbol), script",
    ]
    lines = [f"U+{ord(ch):04X}\t{ch}\t{letter}\t{cls}\t{script}" for ch, letter, cls, script in rows]
    OUT.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    counts = {c: sum(r[2] == c for r in rows) for c in ("nfkc", "latin", "script", "symbol")}
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} characters {counts}")


if __name__ == "__main__":
    main()
