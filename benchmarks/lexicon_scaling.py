"""Does the lexicon detector's per-post time stay flat as the lexicon grows?

    python benchmarks/lexicon_scaling.py [--posts 2000] [--repeats 5] [--write-docs]

Times ``LexiconDetector.detect`` per post with the shipped lexicon (1x) and with synthetic extra
entries bringing it to 2x, 5x and 10x as many entries (each synthetic entry has as many spellings
as a shipped one on average; a third are multi-word phrases mixing pseudo-words with common English
words, so the automaton walks partial matches on real text, and a third need a target).
Posts: the ISCA tweets if ../shared/data is present, else generated sentences. Documents are
prepared (normalised, sentences, mentions) once, outside the timed loop, because that work does not
depend on the lexicon. ``--write-docs`` replaces the "Lexicon scaling" section of docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hatescope.detect.lexicon import LexiconDetector  # noqa: E402
from hatescope.detect.lexicon_files import Entry  # noqa: E402
from hatescope.evaluation import default_data_dir  # noqa: E402
from hatescope.evaluation.coded import prepare  # noqa: E402

COMMON = ["the", "they", "are", "people", "all", "our", "new", "world", "money", "bank", "go", "back", "to", "of"]
CATEGORIES = ["coded_language", "dehumanization", "incitement", "conspiracy", "slur", "stereotype"]


def pseudo_word(rng: random.Random) -> str:
    cons, vow = "bcdfghjklmnprstvzx", "aeiou"
    # The odd ending keeps synthetic words from spelling real ones ("like", "made"): they cost a scan, not matches.
    return "".join(rng.choice(cons) + rng.choice(vow) for _ in range(rng.randint(2, 4))) + rng.choice(["x", "q", "zz", "vk"])


def synthetic_entries(n: int, forms_per_entry: int, seed: int = 13) -> list[Entry]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        def form() -> str:
            if i % 3 == 0:  # a phrase: real words around at least one new word, as real entries are
                words = [rng.choice(COMMON) for _ in range(rng.randint(1, 2))]
                words.insert(rng.randint(0, len(words)), pseudo_word(rng))
                return " ".join(words)
            return pseudo_word(rng)

        term, variants = form(), tuple(form() for _ in range(max(0, forms_per_entry - 1)))
        out.append(Entry(id=f"syn.{i}", term=term, variants=variants, category=CATEGORIES[i % len(CATEGORIES)],
                         meaning="synthetic", source="benchmark", requires_target=i % 3 == 1, inflect="none"))
    return out


def load_posts(n: int) -> tuple[list[str], str]:
    data = default_data_dir()
    if (data / "isca-antisemitism-twitter").is_dir():
        from hatescope.evaluation.datasets import load_isca

        return [r.text for r in load_isca(data)][:n], f"first {n} ISCA tweets"
    rng = random.Random(7)
    words = COMMON + ["immigrants", "vermin", "jews", "control", "media", "weather", "today", "lovely", "match"]
    return [" ".join(rng.choice(words) for _ in range(rng.randint(8, 40))) for _ in range(n)], f"{n} generated posts"


def time_runs(fn, items: list, repeats: int) -> list[float]:
    """CPU seconds per item: process time leaves out the time other jobs on a busy machine hold the CPU."""
    out = []
    for _ in range(repeats):
        t0 = time.process_time()
        for x in items:
            fn(x)
        out.append((time.process_time() - t0) / len(items))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="lexicon scaling benchmark")
    ap.add_argument("--posts", type=int, default=2000)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args(argv)

    from hatescope.config import DetectorSpec, EngineConfig
    from hatescope.engine import Engine

    posts, what = load_posts(args.posts)
    docs = [prepare(t) for t in posts]
    base = LexiconDetector()
    base.load()
    n_entries = len(base.entries_)
    per_entry = max(1, round(base.size / n_entries))
    factors = (1, 2, 5, 10)
    setups = {}
    for factor in factors:
        extra = synthetic_entries(n_entries * (factor - 1), per_entry) if factor > 1 else []
        det = LexiconDetector(extra_entries=extra)
        t0 = time.perf_counter()
        det.load()
        build = time.perf_counter() - t0
        spec = DetectorSpec(name="hatescope.lexicon.v1", params={"extra_entries": extra})
        engine = Engine(config=EngineConfig(detectors=[spec])).load()
        findings = sum(len(det.detect(d)) for d in docs)
        setups[factor] = (det, engine, build, findings)
    detect_t = {f: [] for f in factors}
    engine_t = {f: [] for f in factors}
    # Interleaved rounds, fastest round kept: on a shared machine, the least disturbed run is the truest.
    for _ in range(args.repeats):
        for f in factors:
            det, engine, _, _ = setups[f]
            detect_t[f] += time_runs(det.detect, docs * 10, 1)  # ~10 µs a post: ten passes per round
            engine_t[f] += time_runs(engine.analyze, posts[: max(1, len(posts) // 4)], 1)
    d1, e1 = min(detect_t[1]), min(engine_t[1])
    lines = [
        f"Command: `python benchmarks/lexicon_scaling.py --posts {args.posts} --repeats {args.repeats} --write-docs` "
        f"on {platform.machine()} / Python {platform.python_version()} (shared 2-core machine, load {os.getloadavg()[0]:.1f}; CPU time, "
        f"fastest of {args.repeats} interleaved rounds). Posts: {what}. *Detector*: `LexiconDetector.detect` on prepared "
        "documents. *Per post*: `Engine.analyze` end to end (normalise, segment, targets, lexicon detector, stance, "
        f"policy; no classifier) on the first {max(1, len(posts) // 4)} posts. Synthetic entries: pseudo-words and "
        "phrases mixing them with common words, as many spellings per entry as the shipped lexicon.",
        "",
        "| lexicon | entries | spellings | build (s) | detector µs/post | change | per post µs (engine) | change | findings |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in factors:
        det, _, build, findings = setups[f]
        d, e = min(detect_t[f]), min(engine_t[f])
        lines.append(f"| {f}× | {len(det.entries_)} | {det.size} | {build:.2f} | {d * 1e6:.1f} | {(d / d1 - 1) * 100:+.1f}% "
                     f"| {e * 1e6:.0f} | {(e / e1 - 1) * 100:+.1f}% | {findings} |")
    d10, e10 = min(detect_t[10]) / d1 - 1, min(engine_t[10]) / e1 - 1
    mem = [setups[f][0].automaton_bytes for f in (1, 10)]
    extra_us = (min(detect_t[10]) - d1) * 1e6
    lines += ["", f"Growing the lexicon to 10× changes the per-post analysis time by {e10 * 100:+.1f}% "
              f"(target < 20%). The detector's own time changes by {d10 * 100:+.1f}% ({extra_us:+.1f} µs a post): "
              "the Aho-Corasick pass still scans each post once and finds the same matches (findings column), "
              f"but the automaton grows from {mem[0] / 1e6:.1f} MB to {mem[1] / 1e6:.1f} MB and no longer fits the "
              "CPU's faster caches."]
    text = "\n".join(lines)
    print(text)
    if args.write_docs:
        write_section(ROOT / "docs" / "PERFORMANCE.md", "Lexicon scaling", text)
    return 0


def write_section(path: Path, title: str, body: str) -> None:
    """Replace (or append) the ``## title`` section, leaving other sections as they are."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Performance\n"
    head = f"## {title}"
    if head in old:
        before, _, rest = old.partition(head)
        nxt = rest.find("\n## ")
        after = rest[nxt + 1 :] if nxt >= 0 else ""
    else:
        before, after = old.rstrip("\n") + "\n\n", ""
    path.write_text(f"{before}{head}\n\n{body}\n" + (f"\n{after}" if after else ""), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
