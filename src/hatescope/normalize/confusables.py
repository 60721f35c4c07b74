"""Homoglyphs: letters of other alphabets (and odd Latin letters) that look like plain Latin ones.

The table is hand-written from the look-alike pairs in Unicode's confusables list (UTS #39) that
are used to dodge word filters: Cyrillic "кіӏӏ", Greek "ΚΙΛΛ"-style capitals, small capitals
"ᴋɪʟʟ", stroked letters "ł". Fullwidth, mathematical and circled letters are not here: NFKC in
``unicode.fold_unicode`` already turns them into Latin.

Cyrillic, Greek and Armenian look-alikes are only rewritten where they are evasion, not writing:
inside a word that also has Latin letters, or anywhere in a text whose letters of those scripts are
*all* look-alikes (genuine Russian or Greek prose always has letters like "д", "ж", "λ", "π").
"""

from __future__ import annotations

import re
import unicodedata

from hatescope.normalize.offsets import Edit, MappedText, rewrite

def _invert(by_target: dict[str, str]) -> dict[str, str]:
    """``{"l": "łŁ"}`` → ``{"ł": "l", "Ł": "l"}``: the table reads by the letter imitated."""
    return {ch: target for target, chars in by_target.items() for ch in chars}


#: Latin letters that stand for a plain one (stroked, hooked, small capitals); rewritten everywhere,
#: as accents are.
LATIN_LOOKALIKES: dict[str, str] = _invert({
    "a": "ɑᴀ", "b": "ƀɓʙ", "c": "ȼᴄ", "d": "đĐɗᴅ", "e": "ɇᴇ", "f": "ƒꜰ", "g": "ɡɢ", "h": "ħĦɦʜ",
    "i": "ıɨɩɪ", "j": "ᴊ", "k": "ꝁƙᴋ", "l": "łŁƚʟ", "m": "ɱᴍ", "n": "ɲɴ", "o": "øØᴏ", "p": "ƥᴘ",
    "q": "ʠ", "r": "ɍɽʀ", "s": "ʂꜱ", "t": "ŧŦƭᴛ", "u": "ᴜ", "v": "ʋᴠ", "w": "ⱳᴡ", "y": "ƴʏ", "z": "ȥᴢ",
})

#: Letters of other alphabets that pass for Latin ones. Both cases are listed because case is folded
#: later and the look differs: Greek "Η" looks like "H" while its lowercase "η" looks like "n".
SCRIPT_LOOKALIKES: dict[str, str] = _invert({
    # Cyrillic
    "a": "Аа", "b": "ВвЬь", "c": "Сс", "d": "Ԁԁ", "e": "ЕеЁё", "h": "НнҺһ", "i": "ІіЇї", "j": "Јј",
    "k": "Кк", "l": "Ӏӏ", "m": "Мм", "n": "п", "o": "Оо", "p": "Рр", "q": "Ԛԛ", "r": "г", "s": "Ѕѕ",
    "t": "Тт", "w": "Ԝԝ", "x": "Хх", "y": "УуҮү",
}) | _invert({
    # Greek
    "a": "Αα", "b": "Ββ", "c": "ϲ", "e": "Εε", "h": "Η", "i": "Ιι", "j": "ϳ", "k": "Κκ", "m": "Μ",
    "n": "Νη", "o": "Οο", "p": "Ρρ", "t": "Ττ", "u": "υ", "v": "ν", "w": "ω", "x": "Χχ", "y": "Υγ",
    "z": "Ζ",
}) | _invert({
    # Armenian
    "g": "ց", "h": "հ", "n": "ո", "o": "օ", "q": "զ", "u": "ս",
})

#: Emoji and symbols that spell a letter inside a word ("n1gger💲", "b1t©h"). Read only between
#: letters, or right after one for those that never end an ordinary word.
EMOJI_LETTERS: dict[str, str] = {
    "💲": "s", "✝": "t", "❌": "x", "✖": "x", "⭕": "o", "♏": "m", "〽": "m", "🆖": "ng", "©": "c", "®": "r",
}
_EMOJI_NEEDS_BOTH_SIDES = "©®✝"  # "© 2024", "Brand®", "Christ✝" are ordinary writing
_EMOJI_LETTER = re.compile("[" + "".join(EMOJI_LETTERS) + "]\ufe0f?")

_ALL = {**LATIN_LOOKALIKES, **SCRIPT_LOOKALIKES}
_SCRIPT_PREFIXES = ("CYRILLIC", "GREEK", "ARMENIAN")
_WORD = re.compile(r"[^\W_]+")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _genuine_script_letters(text: str) -> bool:
    """True when the text has Cyrillic/Greek/Armenian letters that are not look-alikes: real writing."""
    for ch in text:
        if not ch.isascii() and ch.isalpha() and ch not in SCRIPT_LOOKALIKES:
            if unicodedata.name(ch, "").startswith(_SCRIPT_PREFIXES):
                return True
    return False


def map_confusables(mt: MappedText) -> MappedText:
    """Rewrite look-alike letters to the Latin letter they imitate (see the module docstring for when)."""
    text = mt.text
    if text.isascii():
        return mt
    edits: list[Edit] = []
    genuine: bool | None = None  # computed lazily: most non-ASCII texts have no look-alikes at all
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        hits = [(i, ch) for i, ch in enumerate(word) if ch in _ALL]
        if not hits:
            continue
        if any(ch in SCRIPT_LOOKALIKES for _, ch in hits):
            mixed = _ASCII_LETTER.search(word) is not None or any(ch in LATIN_LOOKALIKES for _, ch in hits)
            if not mixed:
                if genuine is None:
                    genuine = _genuine_script_letters(text)
                if genuine:
                    hits = [(i, ch) for i, ch in hits if ch in LATIN_LOOKALIKES]
        base = m.start()
        edits.extend((base + i, base + i + 1, _ALL[ch]) for i, ch in hits)
    return rewrite(mt, edits)


def _wordish(ch: str) -> bool:
    """A letter, a digit, or a symbol leetspeak may read as a letter (that stage runs next)."""
    return ch.isalnum() or ch in "@$!|"


def read_emoji_letters(mt: MappedText) -> MappedText:
    """Read emoji that stand for a letter inside a word: "n1gger💲" → "n1ggers", "b1t©️h" → "b1tch".

    Runs before leetspeak, which then reads the digits. A variation selector after the emoji goes
    with it. Emoji between spaces or next to other emoji are left alone.
    """
    text = mt.text
    if text.isascii() or _EMOJI_LETTER.search(text) is None:
        return mt
    edits: list[Edit] = []
    prev_letter_end = -1  # end of the last emoji read as a letter: its successor sees a letter before it
    for m in _EMOJI_LETTER.finditer(text):
        start, end = m.span()
        before = start > 0 and (_wordish(text[start - 1]) or prev_letter_end == start)
        after = end < len(text) and (_wordish(text[end]) or _EMOJI_LETTER.match(text, end) is not None)
        needs_both = m.group()[0] in _EMOJI_NEEDS_BOTH_SIDES
        if (before and after) or (before and not needs_both):
            edits.append((start, end, EMOJI_LETTERS[m.group()[0]]))
            prev_letter_end = end
    return rewrite(mt, edits)
