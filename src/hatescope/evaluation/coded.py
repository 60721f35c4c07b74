"""Eval suite "coded": the lexicon detector on the hand-written coded-language dev suite.

Cases live in tests/cases/coded_cases.toml (short synthetic posts written for hatescope, including
innocent uses of the same words: a "final solution" to a maths problem, "globalist" trade policy, a
doctor's "cancerous tumor", an exterminator for pests). A hateful case passes when every expected
label is found at score >= 0.5; an innocent case passes when no hateful label reaches 0.5.

    python -m hatescope.evaluation.coded          # prints the section, writes nothing
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hatescope.document import Document
from hatescope.evaluation import SuiteResult, suites
from hatescope.labels import catalogue as label_catalogue
from hatescope.normalize import normalize

THRESHOLD = 0.5
CASES = Path(__file__).resolve().parents[3] / "tests" / "cases" / "coded_cases.toml"


@dataclass(frozen=True)
class Case:
    text: str
    expect: tuple[str, ...]
    kind: str

    @property
    def innocent(self) -> bool:
        return not self.expect


def load_cases(path: Path = CASES) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Case(c["text"], tuple(c.get("expect", ())), c.get("kind", "")) for c in data["case"]]


def prepare(text: str) -> Document:
    """The engine's shared pre-computation (normalise, sentences, target mentions) for one text."""
    from hatescope.detect.targets import find_mentions
    from hatescope.segment import segment

    doc = Document(original=text, kind="post", norm=normalize(text))
    segment(doc)
    doc.mentions = find_mentions(doc)
    return doc


def judge(case: Case, labels_found: set[str]) -> bool:
    if case.innocent:
        # An innocent use is flagged when any label its declaration calls hateful is found.
        return not any(label_catalogue.is_hateful(label) for label in labels_found)
    return set(case.expect) <= labels_found


def run(cases: list[Case] | None = None, detector: Any = None) -> dict[str, Any]:
    from hatescope.detect.lexicon import LexiconDetector

    cases = cases if cases is not None else load_cases()
    detector = detector or LexiconDetector()
    rows = []
    for case in cases:
        found = {f.label for f in detector.detect(prepare(case.text)) if f.score >= THRESHOLD}
        rows.append({"text": case.text, "kind": case.kind, "expect": list(case.expect), "found": sorted(found),
                     "ok": judge(case, found), "innocent": case.innocent})
    innocent = [r for r in rows if r["innocent"]]
    hateful = [r for r in rows if not r["innocent"]]
    by_kind: Counter[str] = Counter(r["kind"] for r in rows)
    ok_kind: Counter[str] = Counter(r["kind"] for r in rows if r["ok"])
    return {
        "n": len(rows),
        "accuracy": sum(r["ok"] for r in rows) / max(1, len(rows)),
        "innocent_not_flagged": sum(r["ok"] for r in innocent) / max(1, len(innocent)),
        "hateful_found": sum(r["ok"] for r in hateful) / max(1, len(hateful)),
        "n_innocent": len(innocent),
        "n_hateful": len(hateful),
        "by_kind": {k: {"n": by_kind[k], "accuracy": ok_kind[k] / by_kind[k]} for k in sorted(by_kind)},
        "lexicon_version": detector.version,
        "failures": [r for r in rows if not r["ok"]],
    }


def report(**kw: Any) -> SuiteResult:
    m = run(**kw)
    lines = [
        f"Data: `tests/cases/coded_cases.toml`, {m['n']} short synthetic cases written for hatescope "
        f"({m['n_hateful']} coded/hateful, {m['n_innocent']} innocent uses of the same words or criticism of a state). "
        f"Detector: `hatescope.lexicon.v1` on its own, lexicon `{m['lexicon_version']}`. "
        "Command: `python -m hatescope.evaluation.coded` (or `hatescope eval coded`).",
        "",
        "| metric | value | target |",
        "|---|---:|---:|",
        f"| accuracy (all cases) | {m['accuracy']:.1%} | ≥ 90% |",
        f"| innocent uses not flagged | {m['innocent_not_flagged']:.1%} | ≥ 95% |",
        f"| hateful/coded cases found | {m['hateful_found']:.1%} | |",
        "",
        "| kind | n | accuracy |",
        "|---|---:|---:|",
    ]
    lines += [f"| {k} | {v['n']} | {v['accuracy']:.1%} |" for k, v in m["by_kind"].items()]
    if m["failures"]:
        lines += ["", "Misses (expected → found):", ""]
        lines += [f"- “{r['text']}”: {', '.join(r['expect']) or 'nothing'} → {', '.join(r['found']) or 'nothing'}"
                  for r in m["failures"]]
    metrics = {k: v for k, v in m.items() if k != "failures"}
    return SuiteResult(name="coded", title="Coded language, dehumanisation and incitement (lexicon dev suite)",
                       markdown="\n".join(lines), metrics=metrics)


@suites.register("coded")
def coded_suite(*, engine: Any = None, data_dir: Any = None, out_dir: Path | None = None, **_: Any) -> SuiteResult:
    result = report()
    if out_dir is not None:
        result.save(Path(out_dir))
    return result


if __name__ == "__main__":
    print(report().markdown)
