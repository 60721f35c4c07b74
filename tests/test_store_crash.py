"""Ingestion that loses nothing: SIGKILL mid-batch, restart, every item exactly once; and two
writers ingesting the same items at once never duplicate one. Both on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]


def _worker(url: str, path: Path, batch: int, delay: float, go_file: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if go_file is not None:
        env["HATESCOPE_TEST_GO_FILE"] = str(go_file)
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store_worker", url, str(path), str(batch), str(delay)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _write_items(path: Path, n: int) -> None:
    with path.open("w") as fh:
        for i in range(n):
            body = f"item {i}: they are vermin" if i % 5 == 0 else f"item {i}: a calm remark"
            fh.write(json.dumps({"source": "crash", "id": f"e{i}", "text": body}) + "\n")


def _counts(url: str) -> dict[str, int]:
    eng = create_engine(url)
    try:
        with eng.connect() as conn:
            one = lambda sql: int(conn.execute(text(sql)).scalar() or 0)  # noqa: E731
            return {
                "items": one("SELECT count(*) FROM items"),
                "distinct": one("SELECT count(DISTINCT external_id) FROM items"),
                "analyses": one("SELECT count(*) FROM analyses"),
                "decisions": one("SELECT count(*) FROM decisions"),
                "ingest_events": one("SELECT count(*) FROM audit_log WHERE event = 'ingest'"),
                "max_analyses_per_item": one(
                    "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM analyses GROUP BY item_id) t"
                ),
                "items_without_analysis": one(
                    "SELECT count(*) FROM items WHERE current_analysis_id IS NULL OR current_decision_id IS NULL"
                ),
            }
    finally:
        eng.dispose()


def _assert_consistent(c: dict[str, int]) -> None:
    assert c["items"] == c["distinct"] == c["analyses"] == c["decisions"] == c["ingest_events"]
    assert c["items_without_analysis"] == 0 and c["max_analyses_per_item"] <= 1


def test_sigkill_mid_batch_then_restart_processes_every_item_exactly_once(db_url, tmp_path):
    from hatescope.store import Store

    Store.open(db_url).close()  # migrate first, so the kill lands in ingestion, not in DDL
    n, batch = 120, 10
    data = tmp_path / "items.jsonl"
    _write_items(data, n)

    proc = _worker(db_url, data, batch, delay=0.02)  # ~0.2 s per batch, mostly "analysing"
    committed = 0
    deadline = time.monotonic() + 60
    while committed < 3 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        committed = json.loads(line)["batches"]
    assert committed >= 3, proc.stderr.read()
    time.sleep(0.07)  # inside the next batch
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    after_crash = _counts(db_url)
    _assert_consistent(after_crash)
    assert after_crash["items"] % batch == 0, "a batch was half-written"
    assert batch * 3 <= after_crash["items"] < n

    proc = _worker(db_url, data, batch, delay=0.0)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    report = json.loads(out.strip().splitlines()[-1].removeprefix("DONE "))
    assert report["inserted"] == n - after_crash["items"]
    assert report["existing"] == after_crash["items"]

    final = _counts(db_url)
    _assert_consistent(final)
    assert final["items"] == n


def test_two_writers_ingesting_the_same_items_store_each_once(db_url, tmp_path):
    from hatescope.store import Store

    Store.open(db_url).close()
    n = 150
    data = tmp_path / "items.jsonl"
    _write_items(data, n)
    go = tmp_path / "go"
    procs = [_worker(db_url, data, batch, delay=0.005, go_file=go) for batch in (10, 7)]
    for p in procs:  # both have imported everything and opened the store...
        assert p.stdout.readline().strip() == "READY", p.stderr.read()
    go.touch()  # ...and now start at the same moment
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=180)
        assert p.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1].removeprefix("DONE ")))
    assert all(r["inserted"] > 0 for r in reports), f"the writers did not overlap: {reports}"
    assert sum(r["inserted"] for r in reports) == n
    assert sum(r["existing"] for r in reports) == n
    assert all(r["conflicts"] == 0 and r["failed"] == 0 for r in reports)
    final = _counts(db_url)
    _assert_consistent(final)
    assert final["items"] == n
