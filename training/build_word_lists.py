"""Build the English word lists the spelling repair reads (hatescope.normalize.spelling).

    apt-get install wamerican wamerican-huge     # SCOWL word lists (Debian)
    python training/build_word_lists.py

Writes ``src/hatescope/data/normalize/``:

* ``known_words.txt.gz`` — every word that must never be "repaired": SCOWL's huge American list
  (lower-cased, letters only) plus the whole words of the default encoder's vocabulary (internet
  words such as "congrats" or "lol" that dictionaries lack).
* ``common_words.txt.gz`` — SCOWL's standard American list, only words written in lower case (no
  names): the words that may stand beside a group name in a glued token ("hate" in "hatejews").

SCOWL (Spell Checker Oriented Word Lists), Copyright 2000-2011 Kevin Atkinson; permission to use,
copy, modify, distribute and sell is granted with this notice (NOTICE in the output folder).
Both files are written deterministically (sorted, gzip without a timestamp).
"""

from __future__ import annotations

import argparse
import gzip
import json
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
"""


def _read(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _plain(word: str) -> bool:
    return word.isascii() and word.isalpha()


def _write(path: Path, words: set[str]) -> None:
    data = ("\n".join(sorted(words)) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as fh:
        fh.write(data)
    print(f"{path.relative_to(ROOT)}: {len(words)} words, {path.stat().st_size / 1e3:.0f} kB")


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
    OUT.mkdir(parents=True, exist_ok=True)
    _write(OUT / "known_words.txt.gz", known)
    _write(OUT / "common_words.txt.gz", common)
    (OUT / "NOTICE").write_text(NOTICE, encoding="utf-8")


if __name__ == "__main__":
    main()
