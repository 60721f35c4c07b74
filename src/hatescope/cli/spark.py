"""``hatescope spark-score``: score a Parquet file (or folder of part files) with Spark, write Parquet."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from hatescope.cli.app import app
from hatescope.errors import InputError, NoSuchFile, RuntimeMissing


@app.command("spark-score")
def spark_score(
    input: str = typer.Argument(..., help="Input Parquet file or folder (any Spark/Hadoop path: hdfs://, s3a://...)."),
    output: str = typer.Argument(..., help="Output Parquet folder (Spark writes one part file per partition)."),
    master: Optional[str] = typer.Option(
        None, "--master", help="Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*])."
    ),
    text_col: str = typer.Option("text", "--text-col", help="Column holding the text."),
    id_col: str = typer.Option("id", "--id-col", help="Column holding the record id (copied to the output)."),
    kind_col: Optional[str] = typer.Option(None, "--kind-col", help="Column holding post/article (default: all posts)."),
    policy: Optional[Path] = typer.Option(None, "--policy", help="A policy TOML file (must be readable on every executor)."),
    batch_size: int = typer.Option(64, "--batch-size", min=1, max=4096, help="Records analysed together on a worker."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace OUTPUT if it exists."),
    conf: list[str] = typer.Option([], "--conf", help="Spark setting KEY=VALUE (repeatable), e.g. spark.executor.memory=4g."),
    model: str = typer.Option("default", "--model", help="Classifier: default, or fast (a distilled 3-layer student)."),
) -> int:
    """Score a Parquet corpus with Spark (mapInArrow; the model is loaded once per executor worker)."""
    from hatescope.detect.classifier import packaged_model
    from hatescope.engine import default_engine
    from hatescope.spark import require_pyspark, score_dataframe

    packaged_model(model)  # an unknown name fails here, before Spark starts
    require_pyspark()
    if "://" not in input and not Path(input).exists():
        raise NoSuchFile(f"no such file: {input}")
    if "://" not in output and Path(output).exists() and not overwrite:
        raise NoSuchFile(f"output exists: {output} (use --overwrite)")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise RuntimeMissing("Spark needs a Java runtime (17+): none on PATH and JAVA_HOME is unset")
    settings = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--conf expects KEY=VALUE, got {item!r}")
        settings[key.strip()] = value
    master = master or settings.pop("spark.master", None) or os.environ.get("MASTER")
    if master is None and not os.environ.get("SPARK_ENV_LOADED"):  # not under spark-submit: run locally
        master = "local[*]"
    if master and master.startswith("local"):
        # Local workers must run this interpreter (with hatescope installed), not whatever "python3" is.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("hatescope-spark-score")
    if master:
        builder = builder.master(master)
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    err = Console(stderr=True)
    try:
        started = time.perf_counter()
        df = spark.read.parquet(input)
        if id_col in df.columns:  # ids are text in every output file, as in `hatescope score`'s
            df = df.withColumn(id_col, df[id_col].cast("string"))
        config = default_engine().config
        if model != "default":
            from hatescope.parallel import configure

            config = configure(config, model=model)
        scored = score_dataframe(
            df, text_col=text_col, id_col=id_col, kind_col=kind_col, config=config,
            policy=str(policy) if policy else config.policy, batch_size=batch_size,
        )
        scored.write.mode("overwrite" if overwrite else "errorifexists").parquet(output)
        written = spark.read.parquet(output)
        total = written.count()
        errors = written.filter(written.error.isNotNull()).count()
        err.print(
            f"scored {total - errors} record(s), {errors} refused (see the 'error' column), "
            f"in {time.perf_counter() - started:.1f}s → {output}",
            highlight=False,
        )
    finally:
        spark.stop()
    return 0
