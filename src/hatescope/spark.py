"""Score a Spark DataFrame of texts, for corpora larger than one machine.

    from hatescope.spark import score_dataframe
    scored = score_dataframe(spark.read.parquet("posts.parquet"), text_col="text", id_col="id")

Scoring runs in ``mapInPandas``: every Python worker on every executor builds the engine once (the
first batch it sees) and keeps it for all later tasks (Spark reuses Python workers by default), so
the model is loaded once per worker, not once per row or per partition. Rows are analysed in
batches of ``batch_size`` like ``hatescope score``. A text the engine refuses (empty, too large,
unknown kind) gives a row with ``error`` set instead of failing the job.

Output columns: the id column (its own type), ``hateful`` (bool), ``action`` (string), ``scores``
(map<string,double>), ``findings`` (JSON string, the same objects as ``hatescope score``),
``labels`` (array<string>) and ``error`` (``"HSxxx: message"`` or null).
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from hatescope.config import EngineConfig
from hatescope.errors import ConfigError, InputError

#: Code for "an optional runtime (pyspark, pandas, Java) is not installed" (docs/ERRORS.md).
SPARK_UNAVAILABLE = "HS230"

_OUTPUT_FIELDS = "hateful boolean, action string, scores map<string,double>, findings string, labels array<string>, error string"

# Per Python worker: engines built so far, keyed by their configuration (normally exactly one).
_ENGINES: dict[str, Any] = {}


def require_pyspark() -> Any:
    try:
        import pandas  # noqa: F401 - mapInPandas needs it
        import pyspark
    except ImportError as exc:
        raise ConfigError(
            f"Spark scoring needs the 'spark' extra (pip install 'hatescope[spark]'): {exc.name} is missing",
            code=SPARK_UNAVAILABLE,
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


def _score_frames(frames: Iterator[Any], *, key: str, text_col: str, id_col: str, kind_col: str | None, batch_size: int) -> Iterator[Any]:
    import pandas as pd

    from hatescope.parallel import Item

    engine = _engine_for(key)
    for frame in frames:
        ids = frame[id_col].tolist()
        # Nulls arrive as None or NaN depending on the pandas version: make them None.
        texts = [None if _missing(t) else t for t in frame[text_col].tolist()]
        kinds = [None if _missing(k) else k for k in frame[kind_col].tolist()] if kind_col else [None] * len(frame)
        rows: list[dict[str, Any]] = []
        for s in range(0, len(frame), batch_size):
            items = [
                Item(line=s + j + 1, id=ids[s + j], text=texts[s + j], kind=kinds[s + j] or "post")
                for j in range(min(batch_size, len(frame) - s))
            ]
            for item, (rec, err) in zip(items, _analyze_safely(engine, items)):
                rows.append(_row(item.id, rec, err))
        yield pd.DataFrame(rows, columns=["__id__", "hateful", "action", "scores", "findings", "labels", "error"]).rename(
            columns={"__id__": id_col}
        )


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


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
    if rec is None:
        return {"__id__": rec_id, "hateful": None, "action": None, "scores": None, "findings": None, "labels": None,
                "error": f"{err.code}: {err.message}"}
    return {
        "__id__": rec_id,
        "hateful": bool(rec["hateful"]),
        "action": rec["action"],
        "scores": {k: float(v) for k, v in rec["scores"].items()},
        "findings": json.dumps(rec["findings"], ensure_ascii=False),
        "labels": list(rec["labels"]),
        "error": None,
    }


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
    from pyspark.sql.types import StructField, StructType, _parse_datatype_string

    missing = [c for c in (text_col, id_col, kind_col) if c and c not in df.columns]
    if missing:
        raise InputError(f"DataFrame has no column(s) {', '.join(missing)} (columns: {', '.join(df.columns)})", code="HS105")
    from hatescope.parallel import plugin_modules

    # Detectors registered in this driver (plug-ins) must be registered on the workers too.
    wanted = sorted(set(modules) | set(plugin_modules()))
    key = json.dumps({"config": (config or EngineConfig()).model_dump(), "policy": policy, "modules": wanted}, sort_keys=True)
    out_schema = StructType([StructField(id_col, df.schema[id_col].dataType, True), *_parse_datatype_string(_OUTPUT_FIELDS).fields])
    cols = [id_col, text_col] + ([kind_col] if kind_col else [])

    def score(frames: Iterator[Any]) -> Iterator[Any]:
        return _score_frames(frames, key=key, text_col=text_col, id_col=id_col, kind_col=kind_col, batch_size=batch_size)

    return df.select(*cols).mapInPandas(score, schema=out_schema)
