"""Eval suite "context_languages_sealed": the context stage in languages other than English, sealed part.

The dev sentences are the lists of ``tests/test_context_languages.py`` (plain hate, counter-speech, reports,
negated hate in each language with a cue file); ``tests/cases/sealed/context_languages_sealed.toml`` holds the
sealed part, written at the same time (every 4th sentence of each language and kind) before any cue of
its language existed. A case is judged with the tests' own criteria (``judge``): the language is guessed
right, the verdict is right, and the hateful findings carry the expected stance (and a report its speaker).
Only aggregates of the sealed part are reported.

    hatescope eval --suite context_languages_sealed
    python benchmarks/context_languages.py          # dev lists and sealed file, per language and kind
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from pathlib import Path
from typing import Any

from hatescope.evaluation import SuiteResult, suites

REPO = Path(__file__).resolve().parents[3]
SEALED = REPO / "tests" / "cases" / "sealed" / "context_languages_sealed.toml"
#: The labels whose stance decides whether a text is hateful, and the insult the classifier adds beside them.
CHARGED = frozenset({"hate", "dehumanization", "incitement", "threat", "antisemitism", "coded_language", "insult"})
KINDS = ("plain_hate", "counter", "reporting", "negated_hate")


def language_of(analysis: Any) -> str | None:
    return analysis.context["language"]["language_guess"]


def hateful_findings(analysis: Any) -> list[Any]:
    return [f for f in analysis.findings if f.label in CHARGED]


def _speaker_ok(analysis: Any, speaker: str | None) -> bool:
    quoted = [s for s in analysis.segments if s.kind == "quote"]
    if not quoted or not speaker or speaker not in (quoted[0].speaker or ""):
        return False
    findings = hateful_findings(analysis)
    if any(f.label != "insult" for f in findings):  # an insult alone is no reported hate
        reported = analysis.context.get("reported_hate") or []
        return bool(reported) and reported[0]["speaker"] == quoted[0].speaker
    return True


def judge(analysis: Any, kind: str, *, speaker: str | None = None) -> dict[str, bool]:
    """``verdict``: the ``hateful`` decision is right; ``full``: what the tests assert for ``kind`` holds too
    (findings there, their stance, the speaker of a report). The language is checked by the caller."""
    findings = hateful_findings(analysis)
    stances = {f.stance for f in findings}
    if kind == "plain_hate":
        verdict = bool(analysis.hateful)
        full = verdict and analysis.action == "remove" and "endorse" in stances
    elif kind == "counter":
        verdict = not analysis.hateful
        full = verdict and analysis.action == "allow" and bool(findings) and stances == {"counter"}
    elif kind == "reporting":
        verdict = not analysis.hateful
        full = verdict and bool(findings) and stances <= {"report", "quote"} and _speaker_ok(analysis, speaker)
    elif kind == "negated_hate":
        # "Nobody should call X vermin" forbids saying it: counter-speech, as in English; a denial is "negated".
        verdict = not analysis.hateful
        full = verdict and bool(findings) and stances in ({"negated"}, {"counter"}, {"negated", "counter"})
    else:
        raise ValueError(kind)
    return {"verdict": verdict, "full": full}


def score(cases: list[dict[str, Any]], engine: Any = None) -> dict[str, dict[str, dict[str, int]]]:
    """Counts per language and kind: n, language right, verdict right, all right (language included)."""
    from hatescope.engine import default_engine

    engine = engine or default_engine()
    analyses = engine.analyze_many([c["text"] for c in cases])
    table: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for case, analysis in zip(cases, analyses):
        cell = table[case["language"]][case["category"]]
        got = judge(analysis, case["category"], speaker=case.get("speaker"))
        language_ok = language_of(analysis) == case["language"]
        cell["n"] += 1
        cell["language"] += language_ok
        cell["verdict"] += got["verdict"]
        cell["full"] += got["full"] and language_ok
    return {lang: {kind: dict(v) for kind, v in kinds.items()} for lang, kinds in table.items()}


def load_sealed(path: Path = SEALED) -> list[dict[str, Any]]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["case"]


def totals(table: dict[str, dict[str, dict[str, int]]]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for kinds in table.values():
        for cell in kinds.values():
            for key, value in cell.items():
                out[key] += value
    return dict(out)


@suites.register("context_languages_sealed")
def context_languages_sealed_suite(*, engine: Any = None, out_dir: Path | None = None, **_: Any) -> SuiteResult:
    title = "Context in other languages, sealed part (never read for errors)"
    if not SEALED.exists():
        return SuiteResult(name="context_languages_sealed", title=title, metrics={"n": 0},
                           markdown=f"Not run: `{SEALED.relative_to(REPO)}` is not there.")
    table = score(load_sealed(), engine=engine)
    total = totals(table)
    lines = [f"Data: `{SEALED.relative_to(REPO)}`, {total['n']} short synthetic sentences (plain hate, counter-speech, "
             "reports, negated hate) in Russian, Turkish, Hebrew, Arabic, Persian, Hindi and Mandarin, written before "
             "their cue files; only aggregates. *Verdict*: `hateful` right; *all*: language guessed, verdict, stance "
             "and a report's speaker right (the criteria of tests/test_context_languages.py). "
             "Command: `hatescope eval --suite context_languages_sealed`.", "",
             f"Verdict right **{total['verdict']}/{total['n']}**; all right **{total['full']}/{total['n']}**.", "",
             "| language | n | language guessed | verdict right | all right |", "|---|---:|---:|---:|---:|"]
    for lang in sorted(table):
        t = totals({lang: table[lang]})
        lines.append(f"| {lang} | {t['n']} | {t['language']} | {t['verdict']} | {t['full']} |")
    result = SuiteResult(name="context_languages_sealed", title=title, markdown="\n".join(lines),
                         metrics={"total": total, "by_language": table})
    if out_dir is not None:
        result.save(Path(out_dir))
    return result
