"""Suites that keep a sealed part: scored for the report, never opened for error analysis.

A dev suite whose misses guide the work flatters the model. Each suite here therefore reports only
aggregates for its sealed part — counts and rates, never a text, an id or a per-case answer — and the
report shows the sealed number beside the dev number:

- ``context_sealed``: tests/cases/sealed/context_*sealed.toml in the context suite's format (context_sealed.toml, then
  each later set), the whole engine, per category and per file.
- ``coded_sealed``: tests/cases/sealed/coded_sealed.toml, the lexicon detector, like ``coded``.
- ``identity_sanity``: tests/cases/identity_sanity.toml, neutral and positive sentences about groups
  (goal: ≤ 1% flagged); split by a hash of the case id into a dev part (misses listed) and a sealed part.
- ``adversarial``: the in-house adversarial rounds (training/data/adversarial), dev and sealed splits by pair.

    hatescope eval --suite context_sealed --suite coded_sealed --suite identity_sanity --suite adversarial
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

from hatescope.evaluation import SuiteResult, suites

REPO = Path(__file__).resolve().parents[3]
CASES = REPO / "tests" / "cases"
ADVERSARIAL = REPO / "training" / "data" / "adversarial"
SANITY_GOAL = 0.01
#: Share of each adversarial round that is sealed, and that is dev; the rest trains.
SEALED_SHARE, DEV_SHARE = 0.20, 0.10


def bucket(key: str) -> float:
    """A stable number in [0, 1) for ``key`` (sha256), the same on every machine and run."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big") / 2**32


def split_of_pair(pair_id: str) -> str:
    """Split of an adversarial pair: an original and its contrast always share it."""
    b = bucket(pair_id)
    return "sealed" if b < SEALED_SHARE else "dev" if b < SEALED_SHARE + DEV_SHARE else "train"


def _rate(hits: int, n: int) -> float | None:
    return hits / n if n else None


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def _missing(name: str, title: str, path: Path) -> SuiteResult:
    return SuiteResult(name=name, title=title, markdown=f"Not run: `{path.relative_to(REPO)}` is not there.",
                       metrics={"n": 0})


def _save(result: SuiteResult, out_dir: Path | None) -> SuiteResult:
    if out_dir is not None:
        result.save(Path(out_dir))
    return result


def context_sealed_files(folder: Path = CASES / "sealed") -> list[Path]:
    """The sealed files in the context suite's format: context_sealed.toml first, then every later
    context_*sealed.toml (context_languages_sealed.toml has its own format and suite)."""
    first = folder / "context_sealed.toml"
    later = sorted(p for p in folder.glob("context_*sealed.toml") if p.name not in (first.name, "context_languages_sealed.toml"))
    return ([first] if first.exists() else []) + later


@suites.register("context_sealed")
def context_sealed_suite(*, engine: Any = None, out_dir: Path | None = None, **_: Any) -> SuiteResult:
    from hatescope.evaluation.context import load_cases, run

    title = "Context, sealed part (never read for errors)"
    paths = context_sealed_files()
    if not paths:
        return _missing("context_sealed", title, CASES / "sealed" / "context_sealed.toml")
    per_file = {path.name: run(load_cases(path), engine=engine) for path in paths}
    n = sum(f["n"] for f in per_file.values())
    right = sum(round(f["accuracy"] * f["n"]) for f in per_file.values())
    by_category: dict[str, dict[str, Any]] = {}
    for f in per_file.values():
        for category, v in f["by_category"].items():
            cell = by_category.setdefault(category, {"n": 0, "right": 0})
            cell["n"] += v["n"]
            cell["right"] += round(v["accuracy"] * v["n"])
    by_category = {k: {"n": v["n"], "accuracy": v["right"] / v["n"]} for k, v in sorted(by_category.items())}
    m = {"n": n, "n_hateful": sum(f["n_hateful"] for f in per_file.values()), "accuracy": right / max(1, n),
         "min_category_accuracy": min(v["accuracy"] for v in by_category.values()), "by_category": by_category}
    metrics = dict(m, by_file={name: {"n": f["n"], "accuracy": f["accuracy"]} for name, f in per_file.items()})
    files = ", ".join(f"`{p.relative_to(REPO)}`" for p in paths)
    lines = [f"Data: {files}, {m['n']} cases ({m['n_hateful']} hateful) written for hatescope without "
             "running the model, in the dev suite's categories plus the kinds of error seen on text nobody tuned on. "
             "Only aggregates are reported. Command: `hatescope eval --suite context_sealed`.", "",
             f"Overall accuracy **{m['accuracy']:.1%}**; lowest category {m['min_category_accuracy']:.1%}.", "",
             "| file | n | accuracy |", "|---|---:|---:|"]
    lines += [f"| {k} | {v['n']} | {_pct(v['accuracy'])} |" for k, v in metrics["by_file"].items()]
    lines += ["", "| category | n | accuracy |", "|---|---:|---:|"]
    lines += [f"| {k} | {v['n']} | {v['accuracy']:.1%} |" for k, v in m["by_category"].items()]
    return _save(SuiteResult(name="context_sealed", title=title, markdown="\n".join(lines), metrics=metrics), out_dir)


@suites.register("coded_sealed")
def coded_sealed_suite(*, out_dir: Path | None = None, **_: Any) -> SuiteResult:
    from hatescope.evaluation.coded import load_cases, run

    title = "Coded language, sealed part (never read for errors)"
    path = CASES / "sealed" / "coded_sealed.toml"
    if not path.exists():
        return _missing("coded_sealed", title, path)
    m = run(load_cases(path))
    metrics = {k: m[k] for k in ("n", "n_hateful", "n_innocent", "accuracy", "innocent_not_flagged", "hateful_found", "by_kind")}
    lines = [f"Data: `{path.relative_to(REPO)}`, {m['n']} cases ({m['n_hateful']} coded/hateful, {m['n_innocent']} innocent), "
             "lexicon detector alone as in the dev suite; only aggregates. Command: `hatescope eval --suite coded_sealed`.", "",
             "| metric | value |", "|---|---:|",
             f"| accuracy | {m['accuracy']:.1%} |", f"| innocent uses not flagged | {m['innocent_not_flagged']:.1%} |",
             f"| hateful/coded found | {m['hateful_found']:.1%} |"]
    return _save(SuiteResult(name="coded_sealed", title=title, markdown="\n".join(lines), metrics=metrics), out_dir)


@suites.register("identity_sanity")
def identity_sanity_suite(*, engine: Any = None, out_dir: Path | None = None, **_: Any) -> SuiteResult:
    from hatescope.engine import default_engine

    title = "Identity sanity set: neutral and positive sentences about groups"
    path = CASES / "identity_sanity.toml"
    if not path.exists():
        return _missing("identity_sanity", title, path)
    cases = tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    engine = engine or default_engine()
    flagged = [a.hateful for a in engine.analyze_many([c["text"] for c in cases])]
    parts: dict[str, list[tuple[dict, bool]]] = {"dev": [], "sealed": []}
    for case, hit in zip(cases, flagged):
        parts["dev" if bucket("identity:" + case["id"]) < 0.4 else "sealed"].append((case, hit))
    metrics: dict[str, Any] = {"n": len(cases), "goal_max_flagged": SANITY_GOAL}
    for name, rows in parts.items():
        metrics[name] = {"n": len(rows), "flagged": _rate(sum(h for _, h in rows), len(rows))}
    by_kind = Counter(c["kind"] for c, _ in parts["sealed"])
    hit_kind = Counter(c["kind"] for c, h in parts["sealed"] if h)
    metrics["sealed_by_kind"] = {k: {"n": by_kind[k], "flagged": hit_kind[k] / by_kind[k]} for k in sorted(by_kind)}
    lines = [f"Data: `{path.relative_to(REPO)}`, {len(cases)} sentences (greetings, slogans, news, biographies, questions "
             "about customs, identity statements) about the groups hatescope protects, written without running the model. "
             f"Every one is not hateful; goal ≤ {SANITY_GOAL:.0%} flagged. Split by a hash of the case id: dev (misses "
             "listed) and sealed (aggregates only). Command: `hatescope eval --suite identity_sanity`.", "",
             "| part | n | flagged |", "|---|---:|---:|"]
    lines += [f"| {name} | {metrics[name]['n']} | {_pct(metrics[name]['flagged'])} |" for name in ("dev", "sealed")]
    lines += ["", "Sealed part by kind:", "", "| kind | n | flagged |", "|---|---:|---:|"]
    lines += [f"| {k} | {v['n']} | {v['flagged']:.1%} |" for k, v in metrics["sealed_by_kind"].items()]
    misses = [c for c, h in parts["dev"] if h]
    if misses:
        lines += ["", f"Dev part flagged ({len(misses)}):", ""] + [f"- `{c['id']}` ({c['group']}) “{c['text']}”" for c in misses]
    return _save(SuiteResult(name="identity_sanity", title=title, markdown="\n".join(lines), metrics=metrics), out_dir)


def round_folders(root: Path = ADVERSARIAL) -> list[tuple[str, Path]]:
    """English rounds (``rN``), then each other language's (``lang/<code>/rN``), named like "de r1"."""
    def rounds(root: Path) -> list[Path]:
        return sorted((p for p in root.glob("r[0-9]*") if p.is_dir()), key=lambda p: int(p.name[1:]))

    found = [(d.name, d) for d in rounds(root)]
    for lang in sorted(p for p in (root / "lang").glob("*") if p.is_dir()):
        found += [(f"{lang.name} {d.name}", d) for d in rounds(lang)]
    return found


def _round_rows(rdir: Path) -> tuple[list[dict], str]:
    """A round's labelled rows: the adjudicated ``gold.jsonl`` where it has been annotated blind, else the writers'."""
    gold = rdir / "gold.jsonl"
    files, labels = ([gold], "adjudicated") if gold.exists() else (sorted(rdir.glob("w*.jsonl")), "writer")
    rows = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                row["label"] = bool(row.get("gold", row["hateful"]))
                rows.append(row)
    return rows, labels


@suites.register("adversarial")
def adversarial_suite(*, engine: Any = None, out_dir: Path | None = None, **_: Any) -> SuiteResult:
    from hatescope.engine import default_engine

    title = "In-house adversarial rounds (dev and sealed)"
    rounds = round_folders()
    if not rounds:
        return _missing("adversarial", title, ADVERSARIAL)
    engine = engine or default_engine()
    table = []
    for name, rdir in rounds:
        rows, labels = _round_rows(rdir)
        written = [r for r in rows if "model_hateful" in r]
        entry: dict[str, Any] = {"round": name, "labels": labels, "n": len(rows),
                                 "model_error_when_written": _rate(sum(r["model_hateful"] != r["hateful"] for r in written), len(written))}
        for split in ("dev", "sealed"):
            part = [r for r in rows if split_of_pair(r["pair_id"]) == split]
            got = [a.hateful for a in engine.analyze_many([r["text"] for r in part])] if part else []
            hateful = [g for r, g in zip(part, got) if r["label"]]
            benign = [g for r, g in zip(part, got) if not r["label"]]
            entry[split] = {"n": len(part), "accuracy": _rate(sum(r["label"] == g for r, g in zip(part, got)), len(part)),
                            "hateful_found": _rate(sum(hateful), len(hateful)),
                            "benign_flagged": _rate(sum(benign), len(benign))}
        table.append(entry)
    version = engine.versions().get("hatescope.classifier.v1", "?")
    lines = ["Data: `training/data/adversarial/` (datasheet there): short posts written against the model in the loop, each "
             "with a contrast pair; split by pair into train (70%), dev (10%) and **sealed** (20%, scored only here). "
             f"Engine: the default `hatescope.analyze` (classifier {version}). Command: `hatescope eval --suite adversarial`.", "",
             "| round | labels | rows | model error when written | dev n | dev accuracy | sealed n | sealed accuracy "
             "| sealed hateful found | sealed benign flagged |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for e in table:
        d, s = e["dev"], e["sealed"]
        lines.append(f"| {e['round']} | {e['labels']} | {e['n']} | {_pct(e['model_error_when_written'])} | {d['n']} | "
                     f"{_pct(d['accuracy'])} | {s['n']} | {_pct(s['accuracy'])} | {_pct(s['hateful_found'])} | "
                     f"{_pct(s['benign_flagged'])} |")
    return _save(SuiteResult(name="adversarial", title=title, markdown="\n".join(lines),
                             metrics={"classifier": version, "rounds": table}), out_dir)
