"""The Arrow schema of a scored record, shared by every Parquet file hatescope writes.

``hatescope score -o out.parquet`` and ``hatescope spark-score`` write the same columns with the
same types, so one reader handles both:

* ``id`` string (``score`` writes every id as text; ``spark-score`` casts its id column to text);
* ``hateful`` bool, ``action`` string;
* ``scores`` map<string, double>;
* ``findings`` list of structs: the fields of a finding in the JSON output (docs/JSON_SCHEMA.md),
  except ``meta``, whose keys differ by detector and is therefore kept as JSON text;
* ``labels`` list<string>;
* ``error`` string: ``"HSxxx: message"`` for a record the engine refused (``spark-score`` keeps
  such rows); always null from ``score``, which reports refused records on stderr and skips them.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

#: Columns in order; the first holds the record id.
COLUMNS = ("id", "hateful", "action", "scores", "findings", "labels", "error")


def _finding_type(pa: Any) -> Any:
    adjustment = pa.struct([
        ("stage", pa.string()), ("reason", pa.string()),
        ("score_before", pa.float64()), ("score_after", pa.float64()),
    ])
    return pa.struct([
        ("label", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("score", pa.float64()), ("detector", pa.string()), ("target", pa.string()), ("stance", pa.string()),
        ("reasons", pa.list_(pa.string())), ("segment", pa.int64()),
        ("meta", pa.string()),  # JSON: each detector keeps different facts here
        ("history", pa.list_(adjustment)),
    ])


def scored_schema(id_name: str = "id", id_type: Any = None) -> Any:
    """The ``pyarrow.Schema`` of scored rows; ``id_type`` defaults to string (the library's Spark
    entry point keeps a DataFrame's own id type)."""
    import pyarrow as pa

    return pa.schema([
        (id_name, id_type if id_type is not None else pa.string()),
        ("hateful", pa.bool_()),
        ("action", pa.string()),
        ("scores", pa.map_(pa.string(), pa.float64())),
        ("findings", pa.list_(_finding_type(pa))),
        ("labels", pa.list_(pa.string())),
        ("error", pa.string()),
    ])


def typed_row(rec: dict[str, Any] | None, *, rec_id: Any, error: str | None = None) -> dict[str, Any]:
    """One scored record (``parallel.output_record``'s dict, or None for a refused one) in the schema's shape."""
    if rec is None:
        return {"id": rec_id, "hateful": None, "action": None, "scores": None, "findings": None, "labels": None,
                "error": error}
    return {
        "id": rec_id,
        "hateful": bool(rec["hateful"]),
        "action": rec["action"],
        "scores": [(k, float(v)) for k, v in rec["scores"].items()],
        "findings": [dict(f, meta=json.dumps(f.get("meta") or {}, ensure_ascii=False)) for f in rec["findings"]],
        "labels": list(rec["labels"]),
        "error": error,
    }


def record_batch(rows: Iterable[dict[str, Any]], schema: Any) -> Any:
    """A ``pyarrow.RecordBatch`` of :func:`typed_row` rows; the schema's first field receives each row's ``id``."""
    import pyarrow as pa

    id_name = schema.field(0).name
    rows = [r if id_name == "id" else {id_name if k == "id" else k: v for k, v in r.items()} for r in rows]
    return pa.RecordBatch.from_pylist(rows, schema=schema)
