"""``hatescope analyze`` (one text, readable or JSON) and ``hatescope score`` (batch files)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.console import Console

from hatescope.batchio import RecordWriter, read_records
from hatescope.cli.app import EXIT_BAD_RECORDS, app
from hatescope.errors import HatescopeError, InputError, MalformedRecord, MAX_TEXT_CHARS
from hatescope.ingest import decode, validate_kind

_MAX_READ = MAX_TEXT_CHARS * 4 + 4  # bytes: the largest UTF-8 text the engine accepts, plus one to detect "too large"


def _read_input(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read(_MAX_READ)
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"no such file: {source}", code="HS108")
        with path.open("rb") as fh:
            data = fh.read(_MAX_READ)
    return decode(data, source="stdin" if source == "-" else source)


@app.command()
def analyze(
    source: str = typer.Argument("-", help="A text file, an image (png/jpg/webp), or - for standard input."),
    kind: str = typer.Option("post", "--kind", "-k", help="post or article"),
    json_out: bool = typer.Option(False, "--json", help="Print the Analysis as JSON."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="A policy TOML file (default: the packaged policy)."),
) -> None:
    """Analyse one text: decision, reasons, voices and highlighted evidence."""
    from hatescope.engine import default_engine

    validate_kind(kind)
    engine = default_engine()
    image_reader = _image_reader(source)
    if image_reader is not None:
        analysis = image_reader(source, engine=engine, kind=kind, policy=policy)
    else:
        analysis = engine.analyze(_read_input(source), kind=kind, policy=policy)
    if json_out:
        sys.stdout.write(analysis.to_json(indent=2) + "\n")
    else:
        from hatescope.cli.report import render

        render(analysis, Console(soft_wrap=False))


def _image_reader(source: str) -> Any:
    """The OCR front end for image files, when the images module is installed."""
    if source == "-" or Path(source).suffix.lower() not in {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}:
        return None
    from hatescope.ingest.image import analyze_image

    return analyze_image


def _batches(records: Iterator[tuple[int, Any]], size: int) -> Iterator[list[tuple[int, Any]]]:
    batch: list[tuple[int, Any]] = []
    for item in records:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def output_record(rec_id: Any, analysis: Any) -> dict[str, Any]:
    return {
        "id": rec_id,
        "hateful": analysis.hateful,
        "action": analysis.action,
        "scores": {k: round(v, 4) for k, v in analysis.scores.items()},
        "findings": [f.to_dict() for f in analysis.findings],
        "labels": list(analysis.labels),
    }


@app.command()
def score(
    input: str = typer.Argument(..., help="Input .jsonl/.csv/.parquet with 'id' and 'text' (optional 'kind'); - for JSONL on stdin."),
    output: str = typer.Option(..., "--output", "-o", help="Output .jsonl/.csv/.parquet (- for JSONL on stdout)."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad record instead of skipping it."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, max=4096, help="Records analysed together."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="A policy TOML file."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr."),
) -> int:
    """Score many records with flat memory; bad records are reported by line number and skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from hatescope.engine import default_engine

    engine = default_engine().load()
    if input != "-" and not Path(input).is_file():
        raise InputError(f"no such file: {input}", code="HS108")
    err = Console(stderr=True)
    done = bad = 0
    started = time.perf_counter()
    with RecordWriter(output) as writer, Progress(
        TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(), console=err, disable=not progress, transient=False,
    ) as bar:
        task = bar.add_task("score", total=None, rate="")
        for batch in _batches(read_records(input), batch_size):
            good: list[tuple[int, dict[str, Any]]] = []
            for line, rec in batch:
                problem = rec if isinstance(rec, MalformedRecord) else _record_problem(rec)
                if problem is not None:
                    bad += 1
                    err.print(f"error {problem.code}: {problem.message}", highlight=False, markup=False)
                    if strict:
                        raise problem
                    continue
                good.append((line, rec))
            for (line, rec), analysis in zip(good, _analyze_batch(engine, good, policy, strict, err)):
                if analysis is None:
                    bad += 1
                    continue
                writer.write(output_record(rec["id"], analysis))
                done += 1
            elapsed = time.perf_counter() - started
            bar.update(task, advance=len(batch), rate=f"{done / elapsed:,.0f}/s" if elapsed else "")
    err.print(f"scored {done} record(s), skipped {bad} bad record(s)", highlight=False)
    return EXIT_BAD_RECORDS if bad else 0


def _record_problem(rec: dict[str, Any]) -> HatescopeError | None:
    kind = rec.get("kind") or "post"
    try:
        validate_kind(kind)
    except HatescopeError as exc:
        return exc
    return None


def _analyze_batch(engine: Any, good: list[tuple[int, dict[str, Any]]], policy: Any, strict: bool, err: Console) -> list[Any]:
    """Analyse the batch together; if one text is refused (empty, too large) fall back to one at a time."""
    texts = [rec["text"] for _, rec in good]
    kinds = [rec.get("kind") or "post" for _, rec in good]
    try:
        return engine.analyze_many(texts, kinds=kinds, policy=policy)
    except InputError:
        pass
    out: list[Any] = []
    for (line, _), text, kind in zip(good, texts, kinds):
        try:
            out.append(engine.analyze(text, kind=kind, policy=policy))
        except InputError as exc:
            err.print(f"error {exc.code}: line {line}: {exc.message}", highlight=False, markup=False)
            if strict:
                raise
            out.append(None)
    return out
