"""Batches never lose good records: one bad record among 5,000 — an invalid byte, a lone surrogate, an
unclosed CSV quote, a value of the wrong type — is reported with its line and skipped, and the other
4,999 are all written (``score``, every output format) or stored (``ingest``).

The CLI runs in this process (``hatescope.cli.main``) with the fake word detector as the default engine,
so 5,000 records take well under a second each run.
"""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

import tests.fakes
from hatescope.cli import main

N = 5000
BAD = 2500  # index of the bad record among the N


@pytest.fixture(autouse=True)
def fake_default_engine(monkeypatch):
    from hatescope import device, engine

    monkeypatch.setattr(engine, "_default", tests.fakes.fake_engine())
    # One process scoring: the CLI would pin this test process's BLAS to one thread for good.
    monkeypatch.setattr(device, "one_thread_per_process", lambda: None)


def _text(i: int) -> str:
    return f"post {i}: they are vermin" if i % 7 == 0 else f"post {i}: a calm note, about gardening"


def _id(i: int) -> object:
    return i if i % 2 == 0 else f"id-{i}"  # ints and strings mixed, as real exports have them


def _jsonl(tmp_path, bad_line: bytes) -> tuple:
    lines = [json.dumps({"id": _id(i), "text": _text(i)}).encode() for i in range(N)]
    lines[BAD] = bad_line
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\n".join(lines) + b"\n")
    return src, BAD + 1  # JSONL: record i is on line i + 1


def _csv(tmp_path, bad_row: bytes) -> tuple:
    rows = [b"id,text"]
    for i in range(N):
        text = _text(i)
        if i % 500 == 1:  # legitimate quoted text over several lines must still be read whole
            text = f'"{text}\nsecond line, with a comma\n""quoted"" third line"'
        elif "," in text:
            text = f'"{text}"'
        rows.append(f"{_id(i)},{text}".encode())
    rows[BAD + 1] = bad_row
    src = tmp_path / "in.csv"
    src.write_bytes(b"\r\n".join(rows) + b"\r\n")
    # The line the bad row starts on: the header, one line per row, two more per multi-line row before it.
    return src, 2 + BAD + 2 * sum(1 for i in range(BAD) if i % 500 == 1)


BAD_RECORDS = {
    "jsonl bad byte": (_jsonl, b'{"id": "x", "text": "caf\xe9 \xff"}', "HS102"),
    "jsonl surrogate": (_jsonl, b'{"id": "x", "text": "lone \\ud800 surrogate"}', "HS102"),
    "jsonl surrogate id": (_jsonl, b'{"id": "\\udc80", "text": "fine"}', "HS102"),
    "jsonl object id": (_jsonl, b'{"id": {"nested": 1}, "text": "fine"}', "HS105"),
    "jsonl number text": (_jsonl, b'{"id": "x", "text": 42}', "HS105"),
    "csv bad byte": (_csv, b"x,caf\xe9 \xff", "HS102"),
    "csv unclosed quote": (_csv, b'x,"unterminated text, running on', "HS105"),
    "csv empty id": (_csv, b",no id here", "HS105"),
}


def _expected_ids() -> list[str]:
    return [str(_id(i)) for i in range(N) if i != BAD]


def _read_output(path) -> list[dict]:
    if path.suffix == ".jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


# Every bad kind, and each input format written to every output format at least once.
SCORE_CASES = [
    ("jsonl bad byte", "parquet"), ("jsonl surrogate", "csv"), ("jsonl surrogate id", "jsonl"),
    ("jsonl object id", "parquet"), ("jsonl number text", "jsonl"),
    ("csv bad byte", "parquet"), ("csv unclosed quote", "jsonl"), ("csv unclosed quote", "parquet"),
    ("csv empty id", "csv"),
]


@pytest.mark.parametrize("case,out_format", SCORE_CASES)
def test_score_skips_the_one_bad_record_and_writes_the_rest(tmp_path, capsys, case, out_format):
    if out_format == "parquet":
        pytest.importorskip("pyarrow")
    make, bad, code = BAD_RECORDS[case]
    src, bad_line = make(tmp_path, bad)
    out = tmp_path / f"out.{out_format}"

    status = main(["score", str(src), "-o", str(out), "--no-progress", "--batch-size", "256"])

    err = capsys.readouterr().err
    assert status == 1, err  # finished, with a skipped record
    reported = [line for line in err.splitlines() if line.startswith("error ")]
    assert len(reported) == 1 and reported[0].startswith(f"error {code}: line {bad_line}:"), err
    assert f"read {N} record(s): scored {N - 1}, skipped 1 bad record(s)" in err
    rows = _read_output(out)
    assert [r["id"] for r in rows] == _expected_ids()  # every good record, in order, ids as text
    hateful = [r["hateful"] in (True, "True") for r in rows]
    assert hateful == [i % 7 == 0 for i in range(N) if i != BAD]


def test_multi_line_csv_text_is_read_whole(tmp_path, capsys):
    src, _ = _csv(tmp_path, b"x,fine")
    out = tmp_path / "out.jsonl"
    assert main(["score", str(src), "-o", str(out), "--no-progress"]) == 0, capsys.readouterr().err
    assert len(_read_output(out)) == N


INGEST_CASES = ["jsonl bad byte", "jsonl surrogate", "jsonl object id", "csv unclosed quote"]


@pytest.mark.parametrize("case", INGEST_CASES)
def test_ingest_skips_the_one_bad_record_and_stores_the_rest(tmp_path, capsys, case):
    make, bad, code = BAD_RECORDS[case]
    src, bad_line = make(tmp_path, bad)
    db = tmp_path / "store.db"

    status = main(["ingest", str(src), "--db", str(db), "--batch-size", "512"])

    err = capsys.readouterr().err
    assert status == 1, err
    reported = [line for line in err.splitlines() if line.startswith("error ")]
    assert len(reported) == 1 and reported[0].startswith(f"error {code}: line {bad_line}:"), err
    assert f"read {N} record(s): ingested {N - 1} new item(s)" in err and "skipped 1 bad record(s)" in err
    with sqlite3.connect(db) as con:
        stored = [row[0] for row in con.execute("SELECT external_id FROM items ORDER BY id")]
    assert sorted(stored) == sorted(_expected_ids())


def test_ingest_reports_engine_refusals_by_line(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "fine"}\n\n{"id": 2, "text": "   "}\n{"id": 3, "text": "also fine"}\n')
    assert main(["ingest", str(src), "--db", str(tmp_path / "s.db")]) == 1
    err = capsys.readouterr().err
    assert "error HS101: line 3: (in, 2): text is empty" in err and "ingested 2 new item(s)" in err


def test_store_refuses_an_id_that_is_not_a_scalar(store):
    report = store.ingest_many([{"id": {"nested": 1}, "text": "hello"}, {"id": 7, "text": "hello again"}],
                               engine=tests.fakes.fake_engine(), source="api")
    assert report.inserted == 1 and report.failed == 1
    assert report.errors[0].startswith("HS105: record 1: 'id' must be a string or a number")
    assert store.find_item("api", "7") is not None


def test_not_parquet_is_a_coded_error(tmp_path, capsys):
    src = tmp_path / "x.parquet"
    src.write_bytes(b"garbage, not parquet\n")
    assert main(["score", str(src), "-o", str(tmp_path / "o.jsonl"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error HS113:") and "not a readable Parquet file" in err


def test_csv_header_without_text_stops_with_one_coded_line(tmp_path, capsys):
    src = tmp_path / "in.csv"
    src.write_text("id,body\n1,hello\n")
    assert main(["score", str(src), "-o", str(tmp_path / "o.jsonl"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.count("error ") == 1 and "error HS105: line 1: the CSV header has no 'text' column" in err


def test_strict_reports_the_bad_record_once(tmp_path, capsys):
    src, bad_line = _jsonl(tmp_path, b"[1, 2]")
    assert main(["score", str(src), "-o", str(tmp_path / "o.jsonl"), "--no-progress", "--strict"]) == 2
    err = capsys.readouterr().err
    assert err.count("error HS105") == 1 and f"line {bad_line}" in err


def test_analyze_names_the_size_of_a_file_over_the_limit(tmp_path, capsys):
    big = tmp_path / "big.txt"
    size = 6 * 1024 * 1024
    big.write_bytes(b"word " * (size // 5))
    assert main(["analyze", str(big)]) == 2
    err = capsys.readouterr().err
    assert f"{big.stat().st_size:,} bytes" in err and err.startswith("error HS103:")


def test_a_lone_surrogate_is_a_coded_refusal_not_a_crash(monkeypatch):
    import hatescope
    from hatescope import engine
    from hatescope.errors import InvalidEncoding

    monkeypatch.setattr(engine, "_default", None)  # the real default engine: refused before any model runs
    with pytest.raises(InvalidEncoding) as exc:
        hatescope.analyze("a\ud800b")
    assert exc.value.code == "HS102" and exc.value.details["position"] == 1
