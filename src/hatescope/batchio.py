"""Streaming readers and writers for batch scoring: JSONL, CSV and Parquet, chosen by extension.

Readers yield ``(line_number, record_or_error)`` one at a time so memory stays flat on any input
size and a malformed record is reported with its line number instead of stopping the batch.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any, Iterator, TextIO

from hatescope.errors import MalformedRecord, UnsupportedFormat

FORMATS = ("jsonl", "csv", "parquet")


def format_of(path: str | Path) -> str:
    name = str(path).lower()
    if name == "-" or name.endswith((".jsonl", ".ndjson", ".json")):
        return "jsonl"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".parquet"):
        return "parquet"
    raise UnsupportedFormat(f"cannot tell the format of '{path}': use .jsonl, .csv or .parquet")


def _check(record: Any, line: int) -> dict[str, Any]:
    if not isinstance(record, dict):
        raise MalformedRecord(f"line {line}: expected a JSON object with 'id' and 'text'", line=line)
    if "text" not in record or not isinstance(record["text"], str):
        raise MalformedRecord(f"line {line}: missing or non-string 'text'", line=line)
    if "id" not in record or record["id"] is None:
        raise MalformedRecord(f"line {line}: missing 'id'", line=line)
    return record


def read_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any] | MalformedRecord]]:
    fmt = format_of(path)
    if fmt == "parquet":
        yield from _read_parquet(Path(path))
        return
    stream = sys.stdin.buffer if str(path) == "-" else open(path, "rb")
    try:
        if fmt == "jsonl":
            yield from _read_jsonl(stream)
        else:
            yield from _read_csv(stream)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _read_jsonl(stream: Any) -> Iterator[tuple[int, dict[str, Any] | MalformedRecord]]:
    for line_no, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        try:
            yield line_no, _check(json.loads(raw.decode("utf-8")), line_no)
        except UnicodeDecodeError:
            yield line_no, MalformedRecord(f"line {line_no}: not valid UTF-8", line=line_no)
        except json.JSONDecodeError as exc:
            yield line_no, MalformedRecord(f"line {line_no}: invalid JSON ({exc.msg})", line=line_no)
        except MalformedRecord as exc:
            yield line_no, exc


def _read_csv(stream: Any) -> Iterator[tuple[int, dict[str, Any] | MalformedRecord]]:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="", errors="strict")
    reader = csv.DictReader(text)
    try:
        for row in reader:
            line_no = reader.line_num
            try:
                yield line_no, _check(dict(row), line_no)
            except MalformedRecord as exc:
                yield line_no, exc
    except UnicodeDecodeError:
        yield reader.line_num + 1, MalformedRecord(f"line {reader.line_num + 1}: not valid UTF-8; stopped reading")


def _read_parquet(path: Path) -> Iterator[tuple[int, dict[str, Any] | MalformedRecord]]:
    import pyarrow.parquet as pq

    row_no = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=1024):
        for rec in batch.to_pylist():
            row_no += 1
            try:
                yield row_no, _check(rec, row_no)
            except MalformedRecord as exc:
                yield row_no, exc


class RecordWriter:
    """Writes output records in the format the path's extension names."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.fmt = format_of(path)
        self._fh: TextIO | None = None
        self._csv: csv.DictWriter | None = None
        self._pq: Any = None
        self._buffer: list[dict[str, Any]] = []

    def __enter__(self) -> "RecordWriter":
        if self.fmt != "parquet":
            self._fh = sys.stdout if str(self.path) == "-" else open(self.path, "w", encoding="utf-8", newline="")
        return self

    def write(self, rec: dict[str, Any] | str) -> None:
        """One output row: a dict, or (JSONL only) a row already encoded as one JSON line."""
        if isinstance(rec, str) and self.fmt != "jsonl":
            raise ValueError("a pre-encoded row can only be written to JSONL")
        if self.fmt == "jsonl":
            assert self._fh is not None
            self._fh.write((rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False)) + "\n")
        elif self.fmt == "csv":
            flat = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in rec.items()}
            if self._csv is None:
                assert self._fh is not None
                self._csv = csv.DictWriter(self._fh, fieldnames=list(flat))
                self._csv.writeheader()
            self._csv.writerow(flat)
        else:
            self._buffer.append({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in rec.items()})
            if len(self._buffer) >= 1024:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self._buffer:
            return
        table = pa.Table.from_pylist(self._buffer)
        if self._pq is None:
            self._pq = pq.ParquetWriter(str(self.path), table.schema)
        self._pq.write_table(table.cast(self._pq.schema))
        self._buffer = []

    def __exit__(self, *exc: Any) -> None:
        if self.fmt == "parquet":
            self._flush_parquet()
            if self._pq is not None:
                self._pq.close()
        elif self._fh is not None and self._fh is not sys.stdout:
            self._fh.close()
        elif self._fh is sys.stdout:
            sys.stdout.flush()
