"""Build the data files of the normalisation stages: word lists and emoji names.

    apt-get install wamerican wamerican-huge     # SCOWL word lists (Debian)
    pip install 'hatescope[train]'               # the emoji package (CLDR names)
    python training/build_normalize_data.py

Writes ``src/hatescope/data/normalize/``:

* ``known_words.txt.gz`` — every word that must never be "repaired": SCOWL's huge American list
  (lower-cased, letters only) plus the whole words of the default encoder's vocabulary (internet
  words such as "congrats" or "lol" that dictionaries lack).
* ``common_words.txt.gz`` — SCOWL's standard American list, only words written in lower case (no
  names): the words that may stand beside a group name in a glued token ("hate" in "hatejews").
  Both are read by the spelling repair (hatescope.normalize.spelling).
* ``english_words.txt.gz`` — the common words, plus capitalised dictionary words that are whole words of
  the encoder's vocabulary ("muslim", "monday") and the lexicons' English slurs, insults and profanity:
  the yardstick of hatescope.ingest.language (does a text read as English?).
* ``emoji_names.tsv.gz`` — every emoji sequence of the ``emoji`` package (BSD-3-Clause) with its
  Unicode CLDR English short name, lower-cased, for hatescope.normalize.emoji_names. Symbols below
  U+2300 (©, ™, ‼, arrows) are left out: they are punctuation, not pictures.

SCOWL (Spell Checker Oriented Word Lists), Copyright 2000-2011 Kevin Atkinson; permission to use,
copy, modify, distribute and sell is granted with this notice (NOTICE in the output folder).
Both files are written deterministically (sorted, gzip without a timestamp).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "hatescope" / "data" / "normalize"
TOKENIZER = ROOT / "src" / "hatescope" / "data" / "models" / "classifier_v1" / "tokenizer.json"
NOTICE = """Word lists in this folder are derived from SCOWL (Spell Checker Oriented Word Lists),
http://wordlist.aspell.net/, via Debian's wamerican and wamerican-huge packages.

Copyright 2000-2011 by Kevin Atkinson

Permission to use, copy, modify, distribute and sell these word lists, the associated scripts,
the output created from the scripts, and its documentation for any purpose is hereby granted
without fee, provided that the above copyright notice appears in all copies and that both that
copyright notice and this permission notice appear in supporting documentation. Kevin Atkinson
makes no representations about the suitability of this array for any purpose. It is provided
"as is" without express or implied warranty.

known_words.txt.gz also holds the whole words of the all-MiniLM-L6-v2 tokenizer vocabulary
(Apache-2.0).

emoji_names.tsv.gz: emoji sequences and their English short names from the Unicode CLDR (Unicode
License v3), as distributed in the Python package "emoji" (BSD-3-Clause, Copyright (c) 2014-2024,
Taehoon Kim, Kevin Wurster).
"""


def _read(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _plain(word: str) -> bool:
    return word.isascii() and word.isalpha()


def _write(path: Path, words: set[str]) -> None:
    data = ("\n".join(sorted(words)) + "\n").encode("utf-8")
    _gzip(path, data)
    print(f"{path.relative_to(ROOT)}: {len(words)} words, {path.stat().st_size / 1e3:.0f} kB")


def _gzip(path: Path, data: bytes) -> None:
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as fh:
        fh.write(data)


def english_extra(standard: list[str], vocab: dict[str, int]) -> set[str]:
    """What ``common_words`` lacks to tell English from other languages: capitalised words that are also
    whole words of the (English) encoder vocabulary ("muslim", "jewish", "monday"), and the English slurs,
    insults and profanity of the lexicons (dictionaries leave them out; tweets do not)."""
    sys.path.insert(0, str(ROOT / "src"))
    from hatescope.detect import lexicon_files

    names = {w.lower() for w in standard if _plain(w) and w[0].isupper() and w.lower() in vocab}
    abuse = {f for e in lexicon_files.load().entries if e.category in ("slur", "insult", "profanity")
             for f in e.surface_forms() if _plain(f)}
    return names | abuse


def emoji_names() -> dict[str, str]:
    """Emoji sequence → CLDR short name ("man: dark skin tone"), lower-case, punctuation but ":" "," "-" dropped."""
    import re

    import emoji

    out = {}
    for seq, data in emoji.EMOJI_DATA.items():
        if len(seq.replace("\ufe0f", "")) == 1 and ord(seq[0]) < 0x2300:
            continue
        name = data["en"].strip(":").replace("_", " ").lower()
        # CLDR writes skin tones after a colon in its full names; the package joins them with "_".
        name = re.sub(r"\s+((?:(?:medium-)?(?:dark|light)|medium) skin tone)", r": \1", name, count=1)
        name = re.sub(r"(skin tone)\s+(?=(?:(?:medium-)?(?:dark|light)|medium) skin tone)", r"\1, ", name)
        out[seq] = " ".join(re.sub(r"[^\w\s:,'-]", " ", name).split())
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dict", type=Path, default=Path("/usr/share/dict"))
    args = ap.parse_args()
    huge, standard = args.dict / "american-english-huge", args.dict / "american-english"
    for f in (huge, standard):
        if not f.exists():
            raise SystemExit(f"{f} missing: apt-get install wamerican wamerican-huge")
    vocab = json.loads(TOKENIZER.read_text(encoding="utf-8"))["model"]["vocab"]
    known = {w.lower() for w in _read(huge) if _plain(w)} | {t for t in vocab if _plain(t) and len(t) > 1}
    common = {w for w in _read(standard) if _plain(w) and w.islower()}
    english = common | english_extra(_read(standard), vocab)
    OUT.mkdir(parents=True, exist_ok=True)
    _write(OUT / "english_words.txt.gz", english)
    _write(OUT / "known_words.txt.gz", known)
    _write(OUT / "common_words.txt.gz", common)
    names = emoji_names()
    _gzip(OUT / "emoji_names.tsv.gz", "".join(f"{k}\t{v}\n" for k, v in sorted(names.items())).encode("utf-8"))
    print(f"emoji_names.tsv.gz: {len(names)} sequences")
    (OUT / "NOTICE").write_text(NOTICE, encoding="utf-8")


if __name__ == "__main__":
    main()
