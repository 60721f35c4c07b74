"""Streaming readers and writers for batch scoring: JSONL, CSV and Parquet, chosen by extension.

Readers yield ``(line_number, record_or_error)`` one at a time so memory stays flat on any input
size, and a bad record costs only itself: it is reported with its line number (Parquet: its row
number) and the reader carries on at the next record.

* JSONL: bytes are read line by line and each line is decoded on its own, so an invalid byte,
  a lone surrogate (``"\\ud800"``) or broken JSON spoils that line only.
* CSV (RFC 4180): a quoted field may hold line breaks, so a record may span several lines. It is
  accepted when its quote closes properly (a closing quote is followed by a comma or the end of
  the line) within MAX_RECORD_CHARS and it has no more fields than the header. Otherwise its first
  line is reported and reading resumes at the line after it: an unclosed quote costs that row,
  never the rows after it. Invalid UTF-8 in a record makes that record bad, nothing more.
* Ids may be strings or numbers; every reader hands them on as strings (``ingest.record_id``).
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any, Iterable, Iterator, TextIO

from hatescope.errors import MAX_TEXT_CHARS, InputError, InvalidEncoding, MalformedRecord, UnreadableInput, UnsupportedFormat
from hatescope.ingest.post import check_unicode, record_id

FORMATS = ("jsonl", "csv", "parquet")

#: Longest CSV record (in characters, all its lines together): the largest text the engine accepts, with room
#: for the other fields. An open quote that has not closed by then is a broken record, not a long text.
MAX_RECORD_CHARS = MAX_TEXT_CHARS + 64 * 1024
#: Columns a batch record may use (the others in a CSV or Parquet file are not read).
RECORD_COLUMNS = ("id", "text", "kind", "source", "author", "external_id")
_BOM = b"\xef\xbb\xbf"

Numbered = Iterator[tuple[int, "dict[str, Any] | InputError"]]


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
    """The record with its id as a string, or a coded error naming the line."""
    if not isinstance(record, dict):
        raise MalformedRecord(f"line {line}: expected a JSON object with 'id' and 'text'", line=line)
    if "text" not in record or not isinstance(record["text"], str):
        raise MalformedRecord(f"line {line}: missing or non-string 'text'", line=line)
    if "id" not in record or record["id"] is None:
        raise MalformedRecord(f"line {line}: missing 'id'", line=line)
    try:
        out = dict(record, id=record_id(record["id"]))
        check_unicode(out["text"])
        for key in ("kind", "source", "author"):
            if isinstance(out.get(key), str):
                check_unicode(out[key], what=f"'{key}'")
    except InputError as exc:
        raise type(exc)(f"line {line}: {exc.message}", code=exc.code, line=line) from None
    return out


def _checked(line: int, record: Any) -> tuple[int, dict[str, Any] | InputError]:
    try:
        return line, _check(record, line)
    except InputError as exc:
        return line, exc


def read_records(path: str | Path) -> Numbered:
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


def _read_jsonl(stream: Iterable[bytes]) -> Numbered:
    for line_no, raw in enumerate(stream, start=1):
        if line_no == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield line_no, InvalidEncoding(f"line {line_no}: not valid UTF-8 (byte {exc.start} of the line)", line=line_no)
            continue
        except json.JSONDecodeError as exc:
            yield line_no, MalformedRecord(f"line {line_no}: invalid JSON ({exc.msg})", line=line_no)
            continue
        except RecursionError:
            yield line_no, MalformedRecord(f"line {line_no}: invalid JSON (nested too deeply)", line=line_no)
            continue
        yield _checked(line_no, record)


# --- CSV -------------------------------------------------------------------------------------------


class _RecordTooLong(Exception):
    pass


class _Lines:
    """A byte stream's lines, numbered and decoded one by one, with push-back so the CSV reader can
    resynchronise after a broken record. Bytes that are not UTF-8 are kept as lone surrogates
    (``surrogateescape``) so the record's structure is still read, then the record is refused."""

    def __init__(self, stream: Iterable[bytes]) -> None:
        self._source = enumerate(stream, start=1)
        self._back: list[tuple[int, str]] = []
        self.taken: list[tuple[int, str]] = []  # the lines of the record being read
        self._size = 0

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        if self._back:
            item = self._back.pop()
        else:
            number, raw = next(self._source)
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            item = (number, raw.decode("utf-8", "surrogateescape"))
        self.taken.append(item)
        self._size += len(item[1])
        if self._size > MAX_RECORD_CHARS:
            raise _RecordTooLong
        return item[1]

    def start_record(self) -> None:
        self.taken, self._size = [], 0

    def resync(self) -> None:
        """Give back every line of the current record but its first: reading resumes after that line."""
        self._back.extend(reversed(self.taken[1:]))
        self.taken = self.taken[:1]


def _undecodable(lines: list[tuple[int, str]]) -> tuple[int, int] | None:
    """(line, byte offset in that line) of the first byte that is not UTF-8, if any."""
    for number, text in lines:
        if not text.isascii():
            try:
                text.encode("utf-8", "surrogateescape").decode("utf-8")
            except UnicodeDecodeError as exc:
                return number, exc.start
    return None


def _csv_records(stream: Iterable[bytes]) -> Iterator[tuple[int, list[str] | InputError]]:
    """Logical CSV records as (first line, fields), or (line, error) for a broken one."""
    if csv.field_size_limit() < MAX_RECORD_CHARS:  # the default (128 KiB) is below the longest text accepted
        csv.field_size_limit(MAX_RECORD_CHARS)
    lines = _Lines(stream)
    reader = csv.reader(lines, strict=True)
    width: int | None = None
    while True:
        lines.start_record()
        try:
            fields = next(reader)
            problem = None
        except StopIteration:
            return
        except csv.Error as exc:
            problem = f"malformed CSV ({exc})"
        except _RecordTooLong:
            problem = f"a quoted field is not closed within {MAX_RECORD_CHARS:,} characters"
        first = lines.taken[0][0] if lines.taken else 0
        if problem is None and width is not None and len(fields) > width:
            problem = f"{len(fields)} fields, the header has {width} (an unquoted comma or a stray quote?)"
        if problem is not None:
            if len(lines.taken) > 1:
                problem = f"a quoted field opened on this line does not close properly: {problem}; reading resumes on the next line"
            lines.resync()
            yield first, MalformedRecord(f"line {first}: {problem}", line=first)
            continue
        if not fields:
            continue  # a blank line
        bad_byte = _undecodable(lines.taken)
        if bad_byte is not None:
            at, offset = bad_byte
            where = "" if at == first else f" of line {at}, in the record that starts here"
            yield first, InvalidEncoding(f"line {first}: not valid UTF-8 (byte {offset}{where or ' of the line'})", line=first)
            continue
        if width is None:
            width = len(fields)
        yield first, fields


def _read_csv(stream: Iterable[bytes]) -> Numbered:
    header: list[str] | None = None
    for line_no, fields in _csv_records(stream):
        if header is None:
            if isinstance(fields, InputError):
                raise type(fields)(f"the CSV header is unreadable: {fields.message}", code=fields.code) from None
            header = [name.strip() for name in fields]
            missing = [name for name in ("id", "text") if name not in header]
            if missing:
                raise MalformedRecord(f"line {line_no}: the CSV header has no {' or '.join(repr(m) for m in missing)} "
                                      f"column (columns: {', '.join(header)})", line=line_no)
            continue
        if isinstance(fields, InputError):
            yield line_no, fields
            continue
        yield _checked(line_no, dict(zip(header, fields)))


# --- Parquet ---------------------------------------------------------------------------------------


def _read_parquet(path: Path) -> Numbered:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise UnreadableInput(f"{path} is not a readable Parquet file ({exc})") from None
    names = set(pf.schema_arrow.names)
    missing = [name for name in ("id", "text") if name not in names]
    if missing:
        raise MalformedRecord(f"{path} has no {' or '.join(repr(m) for m in missing)} column")
    columns = [name for name in RECORD_COLUMNS if name in names]
    row = 0
    for group in range(pf.num_row_groups):
        size = pf.metadata.row_group(group).num_rows
        done = 0
        try:
            for batch in pf.iter_batches(batch_size=1024, row_groups=[group], columns=columns):
                for rec in batch.to_pylist():
                    done += 1
                    yield _checked(row + done, rec)
        except (pa.ArrowException, OSError) as exc:  # a damaged row group costs its rows, not the file's
            first, last = row + done + 1, row + size
            yield first, UnreadableInput(f"rows {first}-{last}: unreadable ({exc}); skipped", line=first,
                                         records=last - first + 1)
        row += size


# --- writer ----------------------------------------------------------------------------------------


def _flat(rec: dict[str, Any]) -> dict[str, Any]:
    """Nested values as JSON text: CSV columns hold scalars."""
    return {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v) for k, v in rec.items()}


class RecordWriter:
    """Writes output records in the format the path's extension names.

    Parquet is typed (``hatescope.scored_table``: floats, booleans, lists, structs), the same schema
    ``spark-score`` writes; CSV holds nested values as JSON text.
    """

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
            flat = _flat(rec)  # type: ignore[arg-type]
            if self._csv is None:
                assert self._fh is not None
                self._csv = csv.DictWriter(self._fh, fieldnames=list(flat))
                self._csv.writeheader()
            self._csv.writerow(flat)
        else:
            self._buffer.append(rec)  # type: ignore[arg-type]
            if len(self._buffer) >= 1024:
                self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow.parquet as pq

        from hatescope.scored_table import record_batch, scored_schema, typed_row

        if self._pq is None:  # opened even for no rows: an empty file still has the schema
            self._pq = pq.ParquetWriter(str(self.path), scored_schema())
        if not self._buffer:
            return
        # Ids are text in every output, whatever the rows held: one column type for 1 and "two" alike.
        rows = [typed_row(r, rec_id=str(r["id"])) for r in self._buffer]
        self._pq.write_batch(record_batch(rows, self._pq.schema))
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
