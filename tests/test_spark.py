"""Spark local mode: score_dataframe and `hatescope spark-score` on a small Parquet file."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[1]

pyspark = pytest.importorskip("pyspark", reason="pyspark not installed (pip install 'hatescope[spark]')")
pytest.importorskip("pandas", reason="pandas not installed (pip install 'hatescope[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime (scripts/install-system-deps.sh java)", allow_module_level=True)

ROWS = [
    {"id": 1, "text": "they are vermin"},
    {"id": 2, "text": "a calm note about gardening"},
    {"id": 3, "text": "   "},  # refused by the engine: an error row, not a failed job
    {"id": 4, "text": "VERMIN, all of them", "kind": "article"},
    {"id": 5, "text": "hello", "kind": "tweet"},  # unknown kind
]


@pytest.fixture(scope="module")
def spark():
    # Workers must run this interpreter and be able to import tests.fakes (the fake word detector).
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]").appName("hatescope-test")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate()
    )
    yield session
    session.stop()


def test_score_dataframe_local_mode(spark):
    import tests.fakes  # noqa: F401
    from hatescope.config import DetectorSpec, EngineConfig
    from hatescope.spark import score_dataframe

    df = spark.createDataFrame(ROWS, schema="id long, text string, kind string").repartition(2)
    config = EngineConfig(detectors=[DetectorSpec(name="test.words.v1")])
    out = score_dataframe(df, kind_col="kind", config=config, modules=("tests.fakes",))
    assert out.schema["id"].dataType.simpleString() == "bigint"
    rows = {r["id"]: r for r in out.collect()}
    assert sorted(rows) == [1, 2, 3, 4, 5]
    assert rows[1]["hateful"] is True and rows[1]["scores"]["dehumanization"] == pytest.approx(0.9)
    (finding,) = rows[4]["findings"]  # typed: a struct per finding, not JSON text
    assert ROWS[3]["text"][finding["start"]:finding["end"]] == "VERMIN"  # offsets in the original text
    assert finding["label"] == "dehumanization" and isinstance(json.loads(finding["meta"]), dict)
    assert rows[2]["hateful"] is False and rows[2]["action"] == "allow" and rows[2]["error"] is None
    assert rows[3]["error"].startswith("HS101") and rows[3]["hateful"] is None
    assert rows[5]["error"].startswith("HS104")


def test_spark_score_cli(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([{k: r[k] for k in ("id", "text")} for r in ROWS]), src)
    cfg = tmp_path / "engine.toml"
    cfg.write_text('[[detectors]]\nname = "test.words.v1"\n')
    out = tmp_path / "out.parquet"
    env = {**os.environ, "HATESCOPE_CONFIG": str(cfg), "PYTHONPATH": str(ROOT)}
    runner = "import sys, tests.fakes; from hatescope.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.run(
        [sys.executable, "-c", runner, "spark-score", str(src), str(out), "--master", "local[2]"],
        capture_output=True, cwd=ROOT, env=env, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    got = {int(r["id"]): r for r in pq.read_table(out).to_pylist()}  # ids written as text
    assert got[1]["hateful"] is True and got[2]["hateful"] is False and got[3]["error"].startswith("HS101")
    assert "scored 4 record(s), 1 refused" in proc.stderr.decode()
    again = subprocess.run(
        [sys.executable, "-c", runner, "spark-score", str(src), str(out), "--master", "local[1]"],
        capture_output=True, cwd=ROOT, env=env, timeout=300,
    )
    assert again.returncode == 2 and "error HS108:" in again.stderr.decode()


def test_engine_is_built_once_per_worker():
    import tests.fakes  # noqa: F401
    from hatescope import spark as spark_mod
    from hatescope.config import DetectorSpec, EngineConfig

    key = json.dumps({"config": EngineConfig(detectors=[DetectorSpec(name="test.words.v1")]).model_dump(),
                      "policy": None, "modules": ["tests.fakes"]}, sort_keys=True)
    spark_mod._ENGINES.pop(key, None)
    assert spark_mod._engine_for(key) is spark_mod._engine_for(key)


def test_score_and_spark_score_write_the_same_parquet_schema(tmp_path):
    """One Arrow schema for both commands: typed scores, booleans, lists, finding structs; ids as text."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from hatescope.scored_table import scored_schema

    src = tmp_path / "in.parquet"
    pq.write_table(pa.Table.from_pylist([{k: r[k] for k in ("id", "text")} for r in ROWS[:2] + ROWS[3:4]]), src)
    cfg = tmp_path / "engine.toml"
    cfg.write_text('[[detectors]]\nname = "test.words.v1"\n')
    env = {**os.environ, "HATESCOPE_CONFIG": str(cfg), "PYTHONPATH": str(ROOT)}
    runner = "import sys, tests.fakes; from hatescope.cli import main; sys.exit(main(sys.argv[1:]))"
    outputs = {"score": tmp_path / "score.parquet", "spark-score": tmp_path / "spark"}
    for command, out in outputs.items():
        extra = ["-o", str(out), "--no-progress"] if command == "score" else [str(out), "--master", "local[1]"]
        proc = subprocess.run([sys.executable, "-c", runner, command, str(src), *extra],
                              capture_output=True, cwd=ROOT, env=env, timeout=300)
        assert proc.returncode == 0, proc.stderr.decode()[-3000:]
    from_score = pq.read_schema(outputs["score"])
    from_spark = pq.read_table(outputs["spark-score"]).schema  # a folder of part files
    assert from_score.equals(from_spark), f"score:\n{from_score}\nspark-score:\n{from_spark}"
    assert from_score.equals(pq.read_schema(_round_trip(tmp_path, scored_schema())))
    assert from_score.field("id").type == pa.string() and from_score.field("hateful").type == pa.bool_()
    assert pa.types.is_map(from_score.field("scores").type)
    assert pa.types.is_struct(from_score.field("findings").type.value_type)
    rows = {name: sorted(pq.read_table(out).to_pylist(), key=lambda r: r["id"]) for name, out in outputs.items()}
    assert rows["score"] == rows["spark-score"]  # same engine, same input: the same values too


def _round_trip(tmp_path, schema):
    """The shared schema as Parquet stores it (list items and map entries get Parquet's own names)."""
    import pyarrow.parquet as pq

    path = tmp_path / "empty.parquet"
    pq.write_table(schema.empty_table(), path)
    return path
