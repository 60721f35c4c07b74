"""Eval suite "antisemitism": the lexicon's antisemitism findings against gold labels.

Data:

* ISCA "Antisemitism on Twitter" (Jikeli et al. 2023; CC BY 4.0): 6,937 unique tweets labelled
  antisemitic or not under the IHRA working definition. Read with
  :func:`hatescope.evaluation.datasets.load_isca` (full-text file, conflicting duplicates resolved
  to "antisemitic"), so the split (a hash of the text) is the one the classifier trainer uses: the
  ``test`` split is the fair comparison with the general engine, which may have trained on ``train``.
* chandra2021 (Chandra et al. 2021): tweet IDs and labels only, no text (PROVENANCE.md), so no
  score can be computed; its lexicon feeds ``chandra2021.toml`` instead.

Decision rules (threshold 0.5 on a finding's score):

* lexicon, IHRA: an antisemitism finding whose IHRA verdict is "antisemitic" or "contested";
* lexicon, JDA: an antisemitism finding whose JDA verdict is "antisemitic";
* lexicon + stance: the IHRA rule, counting only findings the engine's stance stage leaves as "endorse";
* engine: ``analyze(text).scores["antisemitism"] >= 0.5``, and ``analyze(text).hateful``.

    python -m hatescope.evaluation.antisemitism [--limit N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from hatescope.evaluation import SuiteResult, default_data_dir, suites
from hatescope.evaluation.coded import prepare

THRESHOLD = 0.5


def prf(gold: Sequence[bool], pred: Sequence[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, pred))
    fp = sum(p and not g for g, p in zip(gold, pred))
    fn = sum(g and not p for g, p in zip(gold, pred))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n": len(gold), "positives": sum(gold), "tp": tp}


def lexicon_votes(texts: Sequence[str], detector: Any = None) -> dict[str, list[bool]]:
    from hatescope.detect.lexicon import LexiconDetector

    from hatescope.stance import assign_stance

    detector = detector or LexiconDetector()
    votes: dict[str, list[bool]] = {"lexicon (IHRA)": [], "lexicon (JDA)": [], "lexicon + stance (IHRA)": []}
    for text in texts:
        doc = prepare(text)
        found = [f for f in detector.detect(doc) if f.label == "antisemitism" and f.score >= THRESHOLD]
        ihra = [f for f in found if f.meta.get("ihra_verdict") in ("antisemitic", "contested")]
        votes["lexicon (IHRA)"].append(bool(ihra))
        votes["lexicon (JDA)"].append(any(f.meta.get("jda_verdict") == "antisemitic" for f in found))
        # The engine's stance stage: quoted, reported or negated evidence is not the author's own.
        votes["lexicon + stance (IHRA)"].append(any(f.stance == "endorse" for f in assign_stance(doc, ihra)))
    return votes


def engine_votes(texts: Sequence[str], engine: Any, batch: int = 64) -> dict[str, list[bool]]:
    score, hateful = [], []
    for i in range(0, len(texts), batch):
        for a in engine.analyze_many(list(texts[i : i + batch])):
            score.append(a.scores.get("antisemitism", 0.0) >= THRESHOLD)
            hateful.append(bool(a.hateful))
    return {"engine: antisemitism score ≥ 0.5": score, "engine: hateful": hateful}


def _load_isca(data_dir: Path, limit: int | None) -> list[Any]:
    from hatescope.evaluation.datasets import load_isca

    rows = list(load_isca(data_dir))
    return rows[:limit] if limit else rows


def run(*, data_dir: Path | None = None, engine: Any = None, limit: int | None = None,
        engine_factory: Callable[[], Any] | None = None) -> dict[str, Any]:
    data_dir = Path(data_dir or default_data_dir())
    if not (data_dir / "isca-antisemitism-twitter").is_dir():
        return {"skipped": f"no isca-antisemitism-twitter folder under {data_dir}"}
    rows = _load_isca(data_dir, limit)
    test = [r for r in rows if r.split == "test"]
    out: dict[str, Any] = {"n_all": len(rows), "n_test": len(test), "results": {}}
    t0 = time.perf_counter()
    for split, subset in (("test", test), ("all", rows)):
        gold = [r.hateful for r in subset]
        for name, pred in lexicon_votes([r.text for r in subset]).items():
            out["results"][f"{split}|{name}"] = prf(gold, pred)
    out["lexicon_seconds"] = time.perf_counter() - t0
    if engine is None and engine_factory is not None:
        try:
            engine = engine_factory()
        except Exception as exc:  # noqa: BLE001 - a missing model must not hide the lexicon numbers
            out["engine_error"] = f"{type(exc).__name__}: {exc}"
    if engine is not None:
        try:
            gold = [r.hateful for r in test]
            t0 = time.perf_counter()
            for name, pred in engine_votes([r.text for r in test], engine).items():
                out["results"][f"test|{name}"] = prf(gold, pred)
            out["engine_seconds"] = time.perf_counter() - t0
            out["engine_versions"] = dict(engine.versions())
        except Exception as exc:  # noqa: BLE001
            out["engine_error"] = f"{type(exc).__name__}: {exc}"
    return out


def report(**kw: Any) -> SuiteResult:
    m = run(**kw)
    title = "Antisemitism (IHRA / JDA) on ISCA and chandra2021"
    if "skipped" in m:
        return SuiteResult(name="antisemitism", title=title, markdown=f"Skipped: {m['skipped']}.", metrics=m)
    lines = [
        f"Data: ISCA *Antisemitism on Twitter* (Jikeli et al. 2023, CC BY 4.0, IHRA-based gold labels), "
        f"{m['n_all']} unique tweets; `test` = the hash split shared with the classifier trainer ({m['n_test']} tweets). "
        "Lexicon rules: an `antisemitism` finding ≥ 0.5 whose IHRA verdict is antisemitic or contested (IHRA row), "
        "or whose JDA verdict is antisemitic (JDA row). "
        "Command: `python -m hatescope.evaluation.antisemitism` (or `hatescope eval antisemitism`).",
        "",
        "| split | system | precision | recall | F1 | n | positives |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for key, r in m["results"].items():
        split, name = key.split("|", 1)
        lines.append(f"| {split} | {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['n']} | {r['positives']} |")
    if "engine_error" in m:
        lines += ["", f"General engine not measured: {m['engine_error']}."]
    elif "engine_versions" in m:
        lines += ["", "Engine versions: " + ", ".join(f"`{k}` {v}" for k, v in m["engine_versions"].items()) + "."]
    lines += [
        "",
        "chandra2021 (Chandra et al. 2021): the release holds 3,102 tweet IDs with labels but **no tweet text** "
        "(PROVENANCE.md; re-hydration from Twitter/X is not possible here), so no precision/recall/F1 can be computed. "
        "Its 59-line collection lexicon is used instead to build `chandra2021.toml` (slurs and tropes; neutral "
        "collection keywords such as *torah*, *rabbi*, *Israel* are group names, not hate).",
        "",
        "Reading: the ISCA annotators applied the IHRA definition *with context* (e.g. whether a tweet endorses "
        "or rejects a trope), which a word list cannot see; the lexicon is built for precision on explicit "
        "and coded antisemitism and leaves implicit cases to the classifier.",
    ]
    return SuiteResult(name="antisemitism", title=title, markdown="\n".join(lines), metrics=m)


def _default_engine() -> Any:
    from hatescope.engine import default_engine

    return default_engine().load()


@suites.register("antisemitism")
def antisemitism_suite(*, engine: Any = None, data_dir: Any = None, out_dir: Path | None = None, **kw: Any) -> SuiteResult:
    result = report(data_dir=data_dir, engine=engine, engine_factory=_default_engine, limit=kw.get("limit"))
    if out_dir is not None:
        result.save(Path(out_dir))
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="antisemitism eval suite")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-engine", action="store_true", help="measure the lexicon only")
    args = ap.parse_args(argv)
    print(report(limit=args.limit, engine_factory=None if args.no_engine else _default_engine).markdown)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
