"""Score a Spark DataFrame of texts, for corpora larger than one machine.

    from hatescope.spark import score_dataframe
    scored = score_dataframe(spark.read.parquet("posts.parquet"), text_col="text", id_col="id")

Scoring runs in ``mapInArrow``: every Python worker on every executor builds the engine once (the
first batch it sees) and keeps it for all later tasks (Spark reuses Python workers by default), so
the model is loaded once per worker, not once per row or per partition. Rows are analysed in
batches of ``batch_size`` like ``hatescope score``. A text the engine refuses (empty, too large,
unknown kind) gives a row with ``error`` set instead of failing the job.

Output columns are those of ``hatescope score``'s Parquet output, typed by the one Arrow schema in
``hatescope.scored_table``: the id column (its own type here; ``spark-score`` casts it to text),
``hateful`` (bool), ``action`` (string), ``scores`` (map<string,double>), ``findings`` (array of
structs, the same fields as ``hatescope score``'s findings, ``meta`` as JSON text), ``labels``
(array<string>) and ``error`` (``"HSxxx: message"`` or null).
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from hatescope.config import EngineConfig
from hatescope.errors import InputError, MalformedRecord, RuntimeMissing

# Per Python worker: engines built so far, keyed by their configuration (normally exactly one).
_ENGINES: dict[str, Any] = {}


def require_pyspark() -> Any:
    try:
        import pyarrow  # noqa: F401 - mapInArrow hands batches over as Arrow
        import pyspark
    except ImportError as exc:
        raise RuntimeMissing(
            f"Spark scoring needs the 'spark' extra (pip install 'hatescope[spark]'): {exc.name} is missing"
        ) from None
    return pyspark


def _engine_for(key: str) -> Any:
    engine = _ENGINES.get(key)
    if engine is None:
        import importlib

        from hatescope.device import one_thread_per_process
        from hatescope.engine import Engine

        one_thread_per_process()  # Spark runs one Python worker per core already
        spec = json.loads(key)
        for module in spec["modules"]:
            importlib.import_module(module)  # plug-in detectors register themselves on import
        engine = Engine(config=EngineConfig.model_validate(spec["config"]), policy=spec["policy"]).load()
        _ENGINES[key] = engine
    return engine


def _score_batches(batches: Iterator[Any], *, key: str, text_col: str, id_col: str, kind_col: str | None,
                   batch_size: int) -> Iterator[Any]:
    from hatescope.parallel import Item
    from hatescope.scored_table import record_batch, scored_schema

    engine = _engine_for(key)
    for batch in batches:
        schema = scored_schema(id_col, batch.schema.field(id_col).type)
        ids = batch.column(id_col).to_pylist()
        texts = batch.column(text_col).to_pylist()
        kinds = batch.column(kind_col).to_pylist() if kind_col else [None] * batch.num_rows
        rows: list[dict[str, Any]] = []
        for s in range(0, batch.num_rows, batch_size):
            items = [
                Item(line=s + j + 1, id=ids[s + j], text=texts[s + j], kind=kinds[s + j] or "post")
                for j in range(min(batch_size, batch.num_rows - s))
            ]
            for item, (rec, err) in zip(items, _analyze_safely(engine, items)):
                rows.append(_row(item.id, rec, err))
        yield record_batch(rows, schema)


def _analyze_safely(engine: Any, items: list[Any]) -> list[tuple[dict[str, Any] | None, Any]]:
    from hatescope.ingest import validate_kind
    from hatescope.parallel import analyze_items

    out: list[tuple[dict[str, Any] | None, Any]] = [(None, None)] * len(items)
    good = []
    for i, it in enumerate(items):
        try:
            validate_kind(it.kind)
            good.append(i)
        except InputError as exc:
            out[i] = (None, exc)
    for i, res in zip(good, analyze_items(engine, [items[i] for i in good], None) if good else []):
        out[i] = res
    return out


def _row(rec_id: Any, rec: dict[str, Any] | None, err: Any) -> dict[str, Any]:
    from hatescope.scored_table import typed_row

    return typed_row(rec, rec_id=rec_id, error=None if rec is not None else f"{err.code}: {err.message}")


def score_dataframe(
    df: Any,
    text_col: str = "text",
    id_col: str = "id",
    *,
    kind_col: str | None = None,
    config: EngineConfig | None = None,
    policy: str | None = None,
    batch_size: int = 64,
    modules: tuple[str, ...] = (),
) -> Any:
    """A DataFrame with one scored row per input row (see the module docstring for the columns).

    ``config`` and ``policy`` default to the engine's defaults; ``modules`` are imported on each
    worker before the engine is built (for detectors registered by third-party modules).
    """
    require_pyspark()
    from pyspark.sql.pandas.types import from_arrow_schema
    from pyspark.sql.types import StructField, StructType

    from hatescope.scored_table import scored_schema

    missing = [c for c in (text_col, id_col, kind_col) if c and c not in df.columns]
    if missing:
        raise MalformedRecord(f"DataFrame has no column(s) {', '.join(missing)} (columns: {', '.join(df.columns)})")
    from hatescope.parallel import plugin_modules

    # Detectors registered in this driver (plug-ins) must be registered on the workers too.
    wanted = sorted(set(modules) | set(plugin_modules()))
    key = json.dumps({"config": (config or EngineConfig()).model_dump(), "policy": policy, "modules": wanted}, sort_keys=True)
    scored = from_arrow_schema(scored_schema()).fields[1:]  # after the id, whose type is the DataFrame's
    out_schema = StructType([StructField(id_col, df.schema[id_col].dataType, True), *scored])
    cols = [id_col, text_col] + ([kind_col] if kind_col else [])

    def score(batches: Iterator[Any]) -> Iterator[Any]:
        return _score_batches(batches, key=key, text_col=text_col, id_col=id_col, kind_col=kind_col, batch_size=batch_size)

    return df.select(*cols).mapInArrow(score, schema=out_schema)
