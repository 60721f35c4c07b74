"""The moderation workflow on the command line: ingest, queue, review, audit, export-labels.

Every command takes ``--db URL`` (default ``$HATESCOPE_DB``, else the SQLite file ./hatescope.db).
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import Any, Iterator, List, Optional

import typer
from rich.console import Console
from rich.table import Table

from hatescope.cli.app import EXIT_BAD_RECORDS, app
from hatescope.errors import NoSuchFile

DB_HELP = "Database URL (sqlite:///file.db, postgresql://...) or a SQLite file path; default $HATESCOPE_DB or ./hatescope.db."


def _open(db: Optional[str]) -> Any:
    from hatescope.store import Store

    return Store.open(db)


def _clip(text: str, n: int = 70) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= n else one_line[: n - 1] + "…"


@app.command()
def ingest(
    input: str = typer.Argument(..., help="Records (.jsonl/.csv/.parquet) with 'id' and 'text'; optional 'source', 'kind', 'author'."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    source: Optional[str] = typer.Option(None, "--source", help="Source for records without one (default: the file name)."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, max=4096, help="Records analysed and committed together."),
    policy: Optional[str] = typer.Option(None, "--policy", help="Policy file or packaged name; NAME#community selects a community."),
) -> int:
    """Analyse and store records; safe to re-run (stored items are skipped, nothing is stored twice)."""
    from hatescope.batchio import read_records
    from hatescope.engine import default_engine

    if not Path(input).is_file():
        raise NoSuchFile(f"no such file: {input}")
    err = Console(stderr=True, soft_wrap=True)
    default_source = source or Path(input).stem
    read = shown = 0

    def records() -> Iterator[tuple[int, Any]]:
        nonlocal read
        for line, rec in read_records(input):
            read += 1
            yield line, rec  # a record the reader refused travels as its error, to be reported in line order

    def progress(report: Any) -> None:
        nonlocal shown
        for problem in report.errors[shown:]:
            err.print(f"error {problem}", highlight=False, markup=False)
        shown = len(report.errors)
        err.print(f"batch {report.batches}: {report.inserted} new, {report.existing} already stored", highlight=False)

    with _open(db) as store:
        report = store.ingest_many(records(), engine=default_engine(), policy=policy, batch_size=batch_size,
                                   source=default_source, on_batch=progress, numbered=True)
        err.print(
            f"read {read} record(s): ingested {report.inserted} new item(s), {report.existing} already stored, "
            f"{report.conflicts} conflict(s), skipped {report.failed} bad record(s); "
            f"{store.queue_count()} waiting for review",
            highlight=False,
        )
    return EXIT_BAD_RECORDS if (report.failed or report.conflicts) else 0


@app.command()
def queue(
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    action: Optional[str] = typer.Option(None, "--action", help="Only items whose decision is this action."),
    label: Optional[str] = typer.Option(None, "--label", help="Only items flagged with this label."),
    target: Optional[str] = typer.Option(None, "--target", help="Only items aimed at this target group."),
    source: Optional[str] = typer.Option(None, "--source", help="Only items from this source."),
    limit: int = typer.Option(50, "--limit", min=1, max=1000),
    offset: int = typer.Option(0, "--offset", min=0),
    json_out: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """Items waiting for a human, oldest first."""
    with _open(db) as store:
        entries = store.queue(action=action, label=label, target=target, source=source, limit=limit, offset=offset)
        total = store.queue_count(action=action, label=label, target=target, source=source)
    if json_out:
        for e in entries:
            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        return
    out = Console(soft_wrap=False)
    table = Table("id", "source:id", "action", "labels", "targets", "text", title=f"review queue ({total} waiting)")
    for e in entries:
        action_cell = e.action + (" (sampled)" if e.sampled else "")
        table.add_row(str(e.item_id), f"{e.source}:{e.external_id}", action_cell, ", ".join(e.labels),
                      ", ".join(e.targets), _clip(e.text))
    out.print(table)


@app.command()
def review(
    item_id: int = typer.Argument(..., help="Item id (from `hatescope queue`)."),
    decision: str = typer.Option(..., "--decision", help="confirm or overturn the current decision."),
    reason: str = typer.Option(..., "--reason", help="Why: kept in the audit log and the labelled data."),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Who reviews (default: the login name)."),
    label: Optional[List[str]] = typer.Option(None, "--label", help="Labels that apply (repeatable); default: the flagged ones."),
    action: Optional[str] = typer.Option(None, "--action", help="Action in force after the review (default: from the verdict)."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    json_out: bool = typer.Option(False, "--json"),
) -> None:
    """Confirm or overturn an item's decision, with a reason."""
    who = reviewer or _login()
    with _open(db) as store:
        rec = store.review(item_id, decision=decision, reason=reason, reviewer=who, labels=label or None, action=action)
    if json_out:
        sys.stdout.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        return
    verdict = "hateful" if rec.hateful else "not hateful"
    Console(soft_wrap=True).print(f"item {rec.item_id}: {rec.decision} by {rec.reviewer} → {rec.action} ({verdict})", highlight=False)


@app.command()
def audit(
    item_id: int = typer.Argument(..., help="Item id."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    json_out: bool = typer.Option(False, "--json", help="Print JSON lines."),
) -> None:
    """Everything that happened to an item: ingest, decisions, reviews (append-only log)."""
    with _open(db) as store:
        events = store.audit(item_id)
    if json_out:
        for e in events:
            sys.stdout.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
        return
    table = Table("when (UTC)", "event", "actor", "details", title=f"audit log of item {item_id}")
    for e in events:
        table.add_row(e.created_at.strftime("%Y-%m-%d %H:%M:%S"), e.event, e.actor, _summary(e.event, e.details))
    Console(soft_wrap=False).print(table)


@app.command("export-labels")
def export_labels(
    output: str = typer.Argument(..., help="Output JSONL in the training schema."),
    db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
    source: Optional[str] = typer.Option(None, "--source", help="Only items from this source."),
) -> None:
    """Write human verdicts (confirmations and overturns) as training data, split 'community'."""
    with _open(db) as store:
        n = store.export_labels(output, source=source)
    Console(stderr=True, soft_wrap=True).print(f"wrote {n} reviewed item(s) to {output}", highlight=False)


def _summary(event: str, d: Any) -> str:
    if event == "ingest":
        return f"{d.get('source')}:{d.get('external_id')} versions {', '.join(f'{k}={v}' for k, v in d.get('versions', {}).items())}"
    if event == "decision":
        reasons = d.get("reasons") or []
        return f"{d.get('origin')}: {d.get('action')}, hateful={d.get('hateful')}" + (f" — {reasons[0]}" if reasons else "")
    if event == "review":
        return (f"{d.get('decision')}: {d.get('reason')} (action {d.get('previous_action')}, "
                f"hateful {d.get('previous_hateful')} → {d.get('hateful')})")
    return json.dumps(d, ensure_ascii=False)


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"
