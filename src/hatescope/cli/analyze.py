"""``hatescope analyze`` (one text, readable or JSON) and ``hatescope score`` (batch files)."""

from __future__ import annotations

import sys
import time
from contextlib import closing
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.console import Console

from hatescope.batchio import RecordWriter, format_of, read_records
from hatescope.cli.app import EXIT_BAD_RECORDS, app
from hatescope.errors import HatescopeError, InputTooLarge, MAX_TEXT_CHARS, NoSuchFile
from hatescope.ingest import decode, validate_kind
from hatescope.parallel import Item, output_record  # noqa: F401 - output_record re-exported for callers

_MAX_READ = MAX_TEXT_CHARS * 4 + 4  # bytes: the largest UTF-8 text the engine accepts, plus one to detect "too large"


def _read_input(source: str) -> str:
    if source == "-":
        data = sys.stdin.buffer.read(_MAX_READ)
    else:
        path = Path(source)
        if not path.is_file():
            raise NoSuchFile(f"no such file: {source}")
        with path.open("rb") as fh:
            data = fh.read(_MAX_READ)
    if len(data) >= _MAX_READ:
        # Only the first _MAX_READ bytes were read: say how big the input is, not how much of it was read.
        size = f"more than {_MAX_READ - 1:,} bytes" if source == "-" else f"{Path(source).stat().st_size:,} bytes"
        raise InputTooLarge(f"{'standard input' if source == '-' else source} holds {size}; the limit is "
                            f"{MAX_TEXT_CHARS:,} characters", limit=MAX_TEXT_CHARS)
    return decode(data, source="stdin" if source == "-" else source)


@app.command()
def analyze(
    source: str = typer.Argument("-", help="A text file, an image (png/jpg/webp), or - for standard input."),
    kind: Optional[str] = typer.Option(None, "--kind", "-k", help="post or article (default: article for .html/.htm files, else post)"),
    json_out: bool = typer.Option(False, "--json", help="Print the Analysis as JSON."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="A policy TOML file (default: the packaged policy)."),
) -> None:
    """Analyse one text: decision, reasons, voices and highlighted evidence."""
    from hatescope.engine import default_engine

    if kind is None:  # a saved web page is an article: the engine reads its text, offsets stay in the HTML
        kind = "article" if source != "-" and Path(source).suffix.lower() in {".html", ".htm"} else "post"
    validate_kind(kind)
    engine = default_engine()
    if _is_image(source):
        from hatescope.ingest.image import read_image_file

        analysis = engine.analyze_image(read_image_file(source), kind=kind, policy=policy, source=source)
    else:
        analysis = engine.analyze(_read_input(source), kind=kind, policy=policy)
    if json_out:
        sys.stdout.write(analysis.to_json(indent=2) + "\n")
    else:
        from hatescope.cli.report import render

        render(analysis, Console(soft_wrap=False))


def _is_image(source: str) -> bool:
    """An image file, read through OCR (Engine.analyze_image)."""
    return source != "-" and Path(source).suffix.lower() in {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"}


def _screened_batches(
    records: Iterator[tuple[int, Any]], size: int
) -> Iterator[tuple[int, list[HatescopeError], list[Item]]]:
    """Batches of ``size`` records as (records read, refused records, records to analyse)."""
    problems: list[HatescopeError] = []
    items: list[Item] = []
    read = 0
    for line, rec in records:
        read += 1
        problem = rec if isinstance(rec, HatescopeError) else _record_problem(rec, line)
        if problem is not None:
            problems.append(problem)
        else:
            items.append(Item(line=line, id=rec["id"], text=rec["text"], kind=rec.get("kind") or "post"))
        if read >= size:
            yield read, problems, items
            problems, items, read = [], [], 0
    if read:
        yield read, problems, items


@app.command()
def score(
    input: str = typer.Argument(..., help="Input .jsonl/.csv/.parquet with 'id' and 'text' (optional 'kind'); - for JSONL on stdin."),
    output: str = typer.Option(..., "--output", "-o", help="Output .jsonl/.csv/.parquet (- for JSONL on stdout)."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first bad record instead of skipping it."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, max=4096,
                                             help="Records analysed together (default: chosen for the device: "
                                                  "128 on the CPU, 512 with --device cuda)."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="A policy TOML file."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr."),
    workers: int = typer.Option(0, "--workers", "-w", min=0, max=256,
                                help="Worker processes (default 0: one per core, or one for an input file under 64 KiB; "
                                     "1: this process alone)."),
    device: str = typer.Option("cpu", "--device", help="Where the encoder runs: cpu, or cuda (PyTorch from hatescope[gpu], else onnxruntime-gpu)."),
    model: str = typer.Option("default", "--model", help="Classifier: default, or fast (a distilled 3-layer student; "
                              "docs/PERFORMANCE.md gives its speed and accuracy)."),
) -> int:
    """Score many records with flat memory; bad records are reported by line number and skipped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from hatescope.engine import default_engine
    from hatescope.score_defaults import default_batch_size, default_workers_for
    from hatescope.parallel import (configure, default_workers, score_parallel,
                                    score_serial)

    if input != "-" and not Path(input).is_file():
        raise NoSuchFile(f"no such file: {input}")
    workers = workers or default_workers_for(input)
    base = default_engine()
    if workers > 1:
        from hatescope.worker_start import worker_context

        worker_context(None, base.config)  # the workers' fork server warms up while this process goes on
    from hatescope.detect.classifier import packaged_model  # after: its imports overlap the server's

    packaged_model(model)  # an unknown name fails here, before any worker starts
    batch_size = batch_size or default_batch_size(device)
    records = _screened_batches(read_records(input), batch_size)
    if workers == 1:
        from hatescope.device import one_thread_per_process

        # This process is the only worker: onnxruntime's pool uses the cores, numpy's BLAS pool would only spin.
        one_thread_per_process()
        if device != "cpu" or model != "default":
            from hatescope.engine import Engine

            base = Engine(config=configure(base.config, device=device, model=model), policy=base.policy_source)
        outcomes = score_serial(records, engine=base.load(), policy=policy)
    else:
        # Split the cores between workers so N onnxruntime pools do not fight over them.
        threads = max(1, default_workers() // workers) if device == "cpu" else None
        config = configure(base.config, device=device, threads=threads, model=model)
        outcomes = score_parallel(records, config=config, policy=policy or base.config.policy, workers=workers,
                                  rerun_main=False, encode_jsonl=format_of(output) == "jsonl")
    err = Console(stderr=True)
    read = done = bad = 0
    started = time.perf_counter()
    with closing(outcomes), RecordWriter(output) as writer, Progress(
        TextColumn("scoring"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(), console=err, disable=not progress, transient=False,
    ) as bar:
        task = bar.add_task("score", total=None, rate="")
        for outcome in outcomes:
            problems = list(outcome.problems) + [problem for _, problem in outcome.results if problem is not None]
            problems.sort(key=lambda p: p.details.get("line", 0))  # refused before or during analysis: input order
            for problem in problems:
                if strict:
                    raise problem  # main() prints it, once
                bad += records_in(problem)
                err.print(f"error {problem.code}: {problem.message}", highlight=False, markup=False)
            for rec, problem in outcome.results:
                if problem is None:
                    writer.write(rec)  # type: ignore[arg-type]
                    done += 1
            read += outcome.size + sum(records_in(p) - 1 for p in problems)
            elapsed = time.perf_counter() - started
            bar.update(task, advance=outcome.size, rate=f"{done / elapsed:,.0f}/s" if elapsed else "")
    err.print(f"read {read} record(s): scored {done}, skipped {bad} bad record(s)", highlight=False)
    return EXIT_BAD_RECORDS if bad else 0


def records_in(problem: HatescopeError) -> int:
    """How many input records a reported problem stands for (a damaged Parquet row group: all of its rows)."""
    return int(problem.details.get("records", 1))


def _record_problem(rec: dict[str, Any], line: int) -> HatescopeError | None:
    kind = rec.get("kind") or "post"
    try:
        validate_kind(kind)
    except HatescopeError as exc:
        return type(exc)(f"line {line}: {exc.message}", code=exc.code, **{**exc.details, "line": line})
    return None
