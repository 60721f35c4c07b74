"""Eval suite "context": the WHOLE engine on the hand-written context dev suite.

Cases live in tests/cases/context_cases.toml: short synthetic texts written for hatescope, each with
the expected ``hateful`` verdict and a category (counter-speech, negation, reporting, questions,
opinions, identity mentions, states vs peoples, pronouns, non-protected targets, plain hate, articles).
Some cases also name the expected stance of the strongest hateful finding and the speaker of a quote.
A case passes when ``hatescope.analyze(text, kind=kind).hateful`` equals the expected value.

    python -m hatescope.evaluation.context            # prints the section and the misses
    hatescope eval --suite context                    # writes docs/EVALUATION.md
"""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hatescope.evaluation import SuiteResult, suites
from hatescope.labels import catalogue as label_catalogue

CASES = Path(__file__).resolve().parents[3] / "tests" / "cases" / "context_cases.toml"
GOAL_OVERALL, GOAL_CATEGORY = 0.92, 0.85


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    kind: str
    hateful: bool
    category: str
    stance: str | None = None
    speaker: str | None = None


def load_cases(path: Path = CASES) -> list[Case]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [
        Case(c["id"], c["text"], c.get("kind", "post"), bool(c["hateful"]), c["category"], c.get("stance"), c.get("speaker"))
        for c in data["case"]
    ]


def _top_stance(analysis: Any) -> str | None:
    hateful = [f for f in analysis.findings if label_catalogue.is_hateful(f.label)]
    return max(hateful, key=lambda f: f.score).stance if hateful else None


def _has_speaker(analysis: Any, speaker: str) -> bool:
    return any(s.speaker and speaker.lower() in s.speaker.lower() for s in analysis.segments if s.kind != "author")


def run(cases: list[Case] | None = None, engine: Any = None) -> dict[str, Any]:
    from hatescope.engine import default_engine

    cases = cases if cases is not None else load_cases()
    engine = engine or default_engine()
    analyses = engine.analyze_many([c.text for c in cases], kinds=[c.kind for c in cases])
    rows = []
    for c, a in zip(cases, analyses):
        top = _top_stance(a)
        rows.append({
            "id": c.id, "category": c.category, "text": c.text, "expected": c.hateful, "got": a.hateful,
            "ok": a.hateful == c.hateful,
            "stance_expected": c.stance, "stance_got": top,
            "stance_ok": None if c.stance is None or top is None else top == c.stance,
            "speaker_ok": None if c.speaker is None else _has_speaker(a, c.speaker),
        })
    n_cat: Counter[str] = Counter(r["category"] for r in rows)
    ok_cat: Counter[str] = Counter(r["category"] for r in rows if r["ok"])
    stance_rows = [r for r in rows if r["stance_ok"] is not None]
    speaker_rows = [r for r in rows if r["speaker_ok"] is not None]
    by_cat = {k: {"n": n_cat[k], "accuracy": ok_cat[k] / n_cat[k]} for k in sorted(n_cat)}
    return {
        "n": len(rows),
        "accuracy": sum(r["ok"] for r in rows) / max(1, len(rows)),
        "min_category_accuracy": min((v["accuracy"] for v in by_cat.values()), default=0.0),
        "by_category": by_cat,
        "n_hateful": sum(r["expected"] for r in rows),
        "stance_n": len(stance_rows),
        "stance_accuracy": sum(r["stance_ok"] for r in stance_rows) / max(1, len(stance_rows)),
        "speaker_n": len(speaker_rows),
        "speaker_accuracy": sum(r["speaker_ok"] for r in speaker_rows) / max(1, len(speaker_rows)),
        "versions": dict(analyses[0].versions) if analyses else {},
        "failures": [r for r in rows if not r["ok"]],
    }


def report(**kw: Any) -> SuiteResult:
    m = run(**kw)
    which = "the default `hatescope.analyze`" if kw.get("engine") is None else "a custom engine"
    ok = m["accuracy"] >= GOAL_OVERALL and m["min_category_accuracy"] >= GOAL_CATEGORY
    versions = ", ".join(f"`{k}` {v}" for k, v in sorted(m["versions"].items()))
    lines = [
        f"Data: `tests/cases/context_cases.toml`, {m['n']} short synthetic cases written for hatescope "
        f"({m['n_hateful']} hateful). Engine: {which} ({versions}). "
        "A case passes when `hateful` matches. Command: `hatescope eval --suite context` "
        "(or `python -m hatescope.evaluation.context`). This is a development suite: its misses have guided "
        "changes (the derogation lexicon; the positive/neutral identity statements in training/contrastive_v2.toml), "
        "so it overstates accuracy on text nobody has looked at.",
        "",
        f"Overall accuracy **{m['accuracy']:.1%}** (goal ≥ {GOAL_OVERALL:.0%}); lowest category "
        f"{m['min_category_accuracy']:.1%} (goal ≥ {GOAL_CATEGORY:.0%}): {'met' if ok else 'NOT met'}. "
        f"Stance of the strongest hateful finding matches the expected one in {m['stance_accuracy']:.1%} "
        f"of {m['stance_n']} cases that name one; quote speakers right in {m['speaker_accuracy']:.1%} of {m['speaker_n']}.",
        "",
        "| category | n | accuracy |",
        "|---|---:|---:|",
    ]
    lines += [f"| {k} | {v['n']} | {v['accuracy']:.1%} |" for k, v in m["by_category"].items()]
    if m["failures"]:
        lines += ["", f"Misses ({len(m['failures'])}; expected → got):", ""]
        lines += [f"- `{r['id']}` “{_clip(r['text'])}”: {r['expected']} → {r['got']}" for r in m["failures"][:40]]
    metrics = {k: v for k, v in m.items() if k != "failures"}
    return SuiteResult(name="context", title="Context: counter-speech, negation, reporting, speakers (context dev suite)",
                       markdown="\n".join(lines), metrics=metrics)


def _clip(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


@suites.register("context")
def context_suite(*, engine: Any = None, data_dir: Any = None, out_dir: Path | None = None, **_: Any) -> SuiteResult:
    result = report(engine=engine)
    if out_dir is not None:
        result.save(Path(out_dir))
    return result


if __name__ == "__main__":
    res = report(engine=None)
    print(res.markdown)
    sys.exit(0)
