"""How much detection survives the character tricks people use to slip hate past a filter?

    python benchmarks/evasion.py [--no-docs] [--out docs/evasion.json]

Texts: the project's own dev suites (tests/cases/context_cases.toml and coded_cases.toml): their
hateful cases, and as a false-positive check their non-hateful ones (counter-speech, reporting,
innocent uses of the same words). Each text is rewritten by every transformation below, with a fixed
seed per transformation and text, and run through the whole engine (``Analysis.hateful``: action
review or remove). For hateful texts: the detection rate after the rewrite against the rate as
written, on the texts the rewrite changed, and their ratio (goal ≥ 95%). For the others: the share
flagged before and after. Writes docs/evasion.json and the "evasion" section of docs/EVASION.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: Read as a file, not through the package, so that the benchmark runs on any version of the engine.
HOMOGLYPH_TABLE = ROOT / "src" / "hatescope" / "data" / "normalize" / "confusables.tsv"
GOAL = 0.95
SEED = 20240611
EDGE_PUNCTUATION = list("\"'“”‘’«»()[]{}<>*_~-.,!?…")
_WORD = re.compile(r"[A-Za-z]+")
_ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"]
_BIDI = ["\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
#: Letters with an emoji of their own (negative squared and circled letters, the information source).
_EMOJI_LETTER = {"a": "🅰️", "b": "🅱️", "o": "🅾️", "p": "🅿️", "i": "ℹ️", "m": "Ⓜ️"}
#: Words an emoji plainly stands for (its Unicode name is the word).
_EMOJI_WORD = {
    "rat": "🐀", "rats": "🐀", "pig": "🐖", "pigs": "🐖", "monkey": "🐒", "monkeys": "🐒", "snake": "🐍",
    "snakes": "🐍", "cockroach": "🪳", "cockroaches": "🪳", "dog": "🐕", "dogs": "🐕", "bomb": "💣",
    "fire": "🔥", "skull": "💀", "knife": "🔪", "gorilla": "🦍", "gorillas": "🦍", "worm": "🪱", "worms": "🪱",
}


def _homoglyphs() -> dict[str, list[str]]:
    """Every character of Unicode's confusables data for each ASCII letter (all classes of the table)."""
    out: dict[str, list[str]] = {}
    for line in HOMOGLYPH_TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            _, ch, letter, _, _ = line.split("\t")
            out.setdefault(letter, []).append(ch)
    return {k: sorted(v) for k, v in out.items()}


def _per_letter(text: str, rng: random.Random, p: float, pick: Callable[[str, random.Random], str | None]) -> str:
    out = []
    for ch in text:
        new = pick(ch, rng) if ch.isascii() and ch.isalpha() and rng.random() < p else None
        out.append(ch if new is None else new)
    return "".join(out)


def _between_letters(text: str, rng: random.Random, p: float, pool: list[str]) -> str:
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        if ch.isalpha() and i + 1 < len(text) and text[i + 1].isalpha() and rng.random() < p:
            out.append(rng.choice(pool))
    return "".join(out)


def _longest_word(text: str) -> re.Match[str] | None:
    words = list(_WORD.finditer(text))
    return max(words, key=lambda m: len(m.group())) if words else None


def _rewrite_longest(text: str, fn: Callable[[str], str]) -> str:
    m = _longest_word(text)
    return text if m is None else text[: m.start()] + fn(m.group()) + text[m.end() :]


def homoglyphs(p: float) -> Callable[[str, random.Random], str]:
    table = _homoglyphs()
    return lambda t, rng: _per_letter(t, rng, p, lambda ch, r: r.choice(table[ch.lower()]) if ch.lower() in table else None)


def unbalanced_quote(text: str, rng: random.Random) -> str:
    words = [m.start() for m in _WORD.finditer(text)][1:]
    if not words:
        return '"' + text
    at = rng.choice(words)
    return text[:at] + rng.choice(['"', "“", "«"]) + text[at:]


def edge_punctuation(text: str, rng: random.Random) -> str:
    ch = rng.choice(EDGE_PUNCTUATION)
    return ch + text if rng.random() < 0.5 else text + ch


def brackets(text: str, rng: random.Random) -> str:
    left, right = rng.choice(["()", "[]", "{}", "<>"])
    return left + text + right


def combining(text: str, rng: random.Random) -> str:
    return _per_letter(text, rng, 0.5, lambda ch, r: ch + "".join(chr(r.randrange(0x300, 0x370)) for _ in range(r.randint(1, 2))))


def fullwidth(text: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def spaced_all(text: str, rng: random.Random) -> str:
    """Every word's letters spaced out, words two spaces apart: "g a y s  a r e  …"."""
    return _WORD.sub(lambda m: " ".join(m.group()), re.sub(r" +", "  ", text))


def extra_spaces(text: str, rng: random.Random) -> str:
    return re.sub(r" ", lambda m: rng.choice(["  ", "   ", "\t", " \u00a0", "\u3000"]), text)


def leet(text: str, rng: random.Random) -> str:
    return _per_letter(text, rng, 0.6, lambda ch, r: _LEET.get(ch.lower()))


def emoji_letters(text: str, rng: random.Random) -> str:
    return "".join(_EMOJI_LETTER.get(c.lower(), c) for c in text)


def regional_indicators(text: str, rng: random.Random) -> str:
    return _rewrite_longest(text, lambda w: "".join(chr(0x1F1E6 + ord(c) - ord("a")) for c in w.lower()))


def emoji_words(text: str, rng: random.Random) -> str:
    return _WORD.sub(lambda m: _EMOJI_WORD.get(m.group().lower(), m.group()), text)


@dataclass(frozen=True)
class Transform:
    name: str
    what: str
    apply: Callable[[str, random.Random], str]


TRANSFORMS: tuple[Transform, ...] = (
    Transform("quote_leading", 'one `"` before the post', lambda t, r: '"' + t),
    Transform("quote_trailing", 'one `"` after the post', lambda t, r: t + '"'),
    Transform("quote_wrapped", "the whole post in quote marks, nobody named", lambda t, r: '"' + t + '"'),
    Transform("quote_unbalanced", 'one `"`, `“` or `«` before a word inside, never closed', unbalanced_quote),
    Transform("edge_punctuation", "one of `" + "".join(EDGE_PUNCTUATION) + "` before or after", edge_punctuation),
    Transform("brackets", "the post in `()`, `[]`, `{}` or `<>`", brackets),
    Transform("homoglyphs_half", "half the letters → a look-alike from Unicode's confusables (any script)", homoglyphs(0.5)),
    Transform("homoglyphs_all", "every letter → a look-alike from Unicode's confusables", homoglyphs(1.0)),
    Transform("zero_width", "zero-width characters between half the letter pairs",
              lambda t, r: _between_letters(t, r, 0.5, _ZERO_WIDTH)),
    Transform("bidi_controls", "bidi controls (LRM, RLO, isolates…) between a third of the letter pairs",
              lambda t, r: _between_letters(t, r, 0.33, _BIDI)),
    Transform("fullwidth", "every ASCII character fullwidth", fullwidth),
    Transform("combining_marks", "1–2 combining marks on half the letters", combining),
    Transform("spaced_word", "the longest word's letters spaced out", lambda t, r: _rewrite_longest(t, " ".join)),
    Transform("spaced_all", "every word's letters spaced out, words two spaces apart", spaced_all),
    Transform("extra_spaces", "spaces between words → runs of spaces, tabs, no-break and ideographic spaces", extra_spaces),
    Transform("leetspeak", "60% of a/e/i/o/s/t → 4/3/1/0/5/7", leet),
    Transform("emoji_letters", "a/b/o/p/i/m → 🅰️🅱️🅾️🅿️ℹ️Ⓜ️", emoji_letters),
    Transform("regional_indicators", "the longest word in regional indicator letters 🇦…🇿", regional_indicators),
    Transform("emoji_words", "animal and object words → their emoji (rat → 🐀)", emoji_words),
)


def load_texts() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(hateful, not hateful) as (text, kind), from the context and coded dev suites."""
    from hatescope.evaluation import coded, context

    hateful, other = [], []
    for c in context.load_cases(ROOT / "tests" / "cases" / "context_cases.toml"):
        (hateful if c.hateful else other).append((c.text, c.kind))
    for c in coded.load_cases(ROOT / "tests" / "cases" / "coded_cases.toml"):
        (other if c.innocent else hateful).append((c.text, "post"))
    return hateful, other


def _flags(engine, items: list[tuple[str, str]]) -> list[bool]:
    return [a.hateful for a in engine.analyze_many([t for t, _ in items], kinds=[k for _, k in items])]


def measure(engine, items: list[tuple[str, str]], transforms: tuple[Transform, ...] = TRANSFORMS) -> dict[str, dict]:
    plain = _flags(engine, items)
    out = {"plain": {"n": len(items), "rate": sum(plain) / max(1, len(items))}}
    for tf in transforms:
        rewritten = [(tf.apply(t, random.Random(f"{SEED}:{tf.name}:{i}")), k) for i, (t, k) in enumerate(items)]
        changed = [i for i, ((t, _), (r, _)) in enumerate(zip(items, rewritten)) if t != r]
        flags = _flags(engine, [rewritten[i] for i in changed])
        base = sum(plain[i] for i in changed)
        out[tf.name] = {
            "n": len(changed),
            "plain_rate": base / max(1, len(changed)),
            "rate": sum(flags) / max(1, len(changed)),
            "ratio": (sum(flags) / base) if base else None,
            "lost": [items[i][0] for i, f in zip(changed, flags) if plain[i] and not f][:5],
            "gained": [items[i][0] for i, f in zip(changed, flags) if f and not plain[i]][:5],
        }
    return out


def markdown(hateful: dict, other: dict, seconds: float, transforms: tuple[Transform, ...] = TRANSFORMS) -> str:
    lines = [
        "Command: `python benchmarks/evasion.py`. Texts: the hateful cases of the context and coded dev suites "
        f"({hateful['plain']['n']}); false-positive check on their non-hateful cases ({other['plain']['n']}). Engine: "
        "`hatescope.analyze` (`hateful` = action review or remove). Rates are over the texts a transformation "
        f"changed (n); ratio = rate after ÷ rate as written on those texts (goal ≥ {GOAL:.0%}). Seed {SEED}; "
        f"{seconds:.0f} s on this machine. A development benchmark: its misses guided the normalisation changes, "
        "so it overstates how well the same tricks fare on text nobody has looked at.",
        "",
        f"Hateful texts detected as written: **{hateful['plain']['rate']:.1%}**; non-hateful texts flagged as written: "
        f"{other['plain']['rate']:.1%}.",
        "",
        "| transformation | what | n | detected as written | detected after | ratio | non-hateful flagged (as written → after) |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for tf in transforms:
        h, o = hateful[tf.name], other[tf.name]
        ratio = "–" if h["ratio"] is None else f"{h['ratio']:.1%}" + ("" if h["ratio"] >= GOAL else " ✗")
        lines.append(
            f"| {tf.name} | {tf.what} | {h['n']} | {h['plain_rate']:.1%} | {h['rate']:.1%} | {ratio} | "
            f"{o['plain_rate']:.1%} → {o['rate']:.1%} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "evasion.json")
    ap.add_argument("--no-docs", action="store_true", help="print the table, write nothing")
    ap.add_argument("--only", help="comma-separated transformations to run (implies --no-docs)")
    args = ap.parse_args()
    transforms = tuple(t for t in TRANSFORMS if not args.only or t.name in args.only.split(","))
    from hatescope.engine import default_engine

    engine = default_engine()
    hateful_items, other_items = load_texts()
    t0 = time.perf_counter()
    hateful, other = measure(engine, hateful_items, transforms), measure(engine, other_items, transforms)
    seconds = time.perf_counter() - t0
    table = markdown(hateful, other, seconds, transforms)
    print(table)
    if args.no_docs or args.only:
        return
    versions = dict(engine.analyze("x").versions)
    args.out.write_text(json.dumps({"seed": SEED, "goal_ratio": GOAL, "versions": versions, "hateful": hateful,
                                    "not_hateful": other}, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    from benchmarks.harness import write_section

    write_section(ROOT / "docs" / "EVASION.md", "evasion", table, title="Detection under evasion")


if __name__ == "__main__":
    main()
