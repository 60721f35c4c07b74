"""``hatescope demo``: the main job, offline, on an example embedded in the package."""

from __future__ import annotations

from importlib import resources

import typer
from rich.console import Console
from rich.rule import Rule

from hatescope.cli.app import app


@app.command()
def demo(
    json_out: bool = typer.Option(False, "--json", help="Print the analyses as JSON instead of the report."),
    image: bool = typer.Option(True, "--image/--no-image", help="Also OCR and analyse a generated poster."),
) -> None:
    """Analyse the embedded demo: a news article quoting hateful posts and their condemnation, and a poster."""
    from hatescope.cli.report import render
    from hatescope.engine import default_engine

    console = Console()
    engine = default_engine()
    article = resources.files("hatescope.data").joinpath("examples/demo_article.txt").read_text(encoding="utf-8")
    console.print(Rule("hatescope demo 1/2: a news article (kind=article)"))
    analysis = engine.analyze(article, kind="article")
    if json_out:
        print(analysis.to_json(indent=2))
    else:
        render(analysis, console)
        _summary(analysis, console)
    if image:
        _poster(engine, console, json_out)


def _summary(analysis, console: Console) -> None:
    flagged = [f for f in analysis.findings if f.stance == "endorse" and f.score >= 0.5]
    segs = {s.index: s for s in analysis.segments}
    console.print(Rule("What the demo shows"))
    for f in flagged:
        seg = segs.get(f.segment) if f.segment is not None else None
        who = f"{seg.kind} by {seg.speaker}" if seg is not None and seg.speaker else (seg.kind if seg else "text")
        console.print(f"  flagged {f.label} {f.score:.2f} in {who}: “{f.text}” [{f.start}:{f.end}]", highlight=False)
    quotes: dict[str, int] = {}
    for seg in analysis.segments:
        if seg.kind == "quote":
            quotes[seg.speaker or "unknown"] = quotes.get(seg.speaker or "unknown", 0) + 1
    if quotes:
        who = ", ".join(f"{name} ×{n}" for name, n in quotes.items())
        console.print(f"  quotes attributed to: {who} (reported, not the author's voice)", highlight=False)
    flagged_segments = {f.segment for f in flagged}
    quiet = [s for s in analysis.segments if s.kind != "embedded_post" and s.index not in flagged_segments]
    console.print(f"  not flagged: {len(quiet)} segment(s) of reporting, quotes and condemnations", highlight=False)


def _poster(engine, console: Console, json_out: bool) -> None:
    console.print(Rule("hatescope demo 2/2: a poster (image → OCR → analysis)"))
    try:
        from hatescope.ingest.poster import make_poster
    except ImportError:
        console.print("  (image support is not installed)")
        return
    from hatescope.errors import HatescopeError

    slogan = "IMMIGRANTS ARE VERMIN\nDRIVE THEM OUT"
    try:
        analysis = engine.analyze_image(make_poster(slogan, size=(900, 500), dark=True), kind="post")
    except HatescopeError as exc:
        console.print(f"  poster skipped: {exc.code}: {exc.message}", highlight=False)
        return
    if json_out:
        print(analysis.to_json(indent=2))
        return
    console.print(f"  OCR text: {analysis.text!r}", highlight=False)
    from hatescope.cli.report import render

    render(analysis, console)
