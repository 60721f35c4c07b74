"""The readable report ``hatescope analyze`` prints: decision, why, voices, and highlighted evidence."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from hatescope.types import Analysis

_ACTION_STYLE = {"allow": "green", "label": "yellow", "review": "bold yellow", "remove": "bold red"}
_LABEL_STYLE = {
    "hate": "bold red",
    "dehumanization": "bold magenta",
    "incitement": "bold red underline",
    "threat": "bold red underline",
    "antisemitism": "bold magenta",
    "coded_language": "bold cyan",
    "insult": "yellow",
    "profanity": "dim yellow",
}


def render(analysis: Analysis, console: Console) -> None:
    verdict = "HATEFUL" if analysis.hateful else "not hateful"
    head = Text(f"Decision: {analysis.action.upper()}  ({verdict})", style=_ACTION_STYLE.get(analysis.action, ""))
    console.print(head)
    for reason in analysis.reasons:
        console.print(f"  • {reason}", highlight=False)
    if analysis.labels:
        console.print(f"  labels: {', '.join(analysis.labels)}", highlight=False)
    scores = "  ".join(f"{k} {v:.2f}" for k, v in analysis.scores.items())
    console.print(Text(f"Scores: {scores}", style="dim"))
    ingest = analysis.context.get("ingest")
    if ingest:
        console.print(Text(f"Input: {ingest['format'].upper()} article, {ingest['received_chars']:,} characters, read as "
                           f"{ingest['text_chars']:,} characters of text; spans [start:end] refer to the {ingest['format'].upper()}.",
                           style="dim"))

    if analysis.kind == "article" or len(analysis.segments) > 1:
        table = Table(title="Segments (who speaks, in what voice)", show_lines=False, expand=True)
        for col in ("#", "kind", "speaker", "stance", "text"):
            table.add_column(col, overflow="fold")
        for seg in analysis.segments:
            table.add_row(str(seg.index), seg.kind, seg.speaker or "—", seg.stance, _clip(seg.text, 90))
        console.print(table)

    console.print(Text("Evidence:", style="bold"))
    console.print(highlight(analysis))
    if analysis.findings:
        table = Table(title="Findings", expand=True)
        for col in ("span", "label", "score", "stance", "target", "detector", "text"):
            table.add_column(col, overflow="fold")
        for f in analysis.findings:
            table.add_row(
                f"{f.start}-{f.end}", f.label, f"{f.score:.2f}", f.stance, f.target or "—", f.detector, _clip(f.text, 60)
            )
        console.print(table)


def highlight(analysis: Analysis) -> Text:
    """The original text with each counted finding's span styled by label (quoted/countered ones dimmed)."""
    text = Text(analysis.text)
    for f in sorted(analysis.findings, key=lambda f: f.end - f.start, reverse=True):
        style = _LABEL_STYLE.get(f.label, "bold")
        if f.stance != "endorse":
            style = "italic dim"
        text.stylize(style, f.start, f.end)
    return text


def _clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
