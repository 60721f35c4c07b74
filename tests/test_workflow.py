"""The workflow commands end to end: ingest → queue → review → audit → export-labels."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import hatescope.engine
from hatescope.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def cli(tmp_path, monkeypatch, capsys):
    """Run the CLI in-process with the fake word detector as the default engine."""
    import tests.fakes  # noqa: F401 - registers test.words.v1

    cfg = tmp_path / "engine.toml"
    cfg.write_text('[[detectors]]\nname = "test.words.v1"\nparams = { words = { vermin = ["dehumanization", 0.9], pests = ["dehumanization", 0.6] } }\n')
    monkeypatch.setenv("HATESCOPE_CONFIG", str(cfg))
    monkeypatch.setenv("HATESCOPE_DB", str(tmp_path / "work.db"))
    monkeypatch.setattr(hatescope.engine, "_default", None)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_moderation_round_trip(cli, tmp_path):
    data = _write(tmp_path / "posts.jsonl", [
        {"id": "p1", "text": "they are pests"},
        {"id": "p2", "text": "they are vermin", "author": "u9"},
        {"id": "p3", "text": "lovely harbour"},
    ])
    code, _, err = cli("ingest", str(data), "--source", "forum", "--batch-size", "2")
    assert code == 0, err
    assert "ingested 3 new item(s), 0 already stored" in err and "1 waiting for review" in err
    code, _, err = cli("ingest", str(data), "--source", "forum")
    assert code == 0 and "ingested 0 new item(s), 3 already stored" in err

    code, out, _ = cli("queue", "--json")
    (entry,) = [json.loads(line) for line in out.splitlines()]
    assert entry["external_id"] == "p1" and entry["action"] == "review" and entry["labels"] == ["dehumanization"]
    code, out, _ = cli("queue")
    assert code == 0 and "review queue (1 waiting)" in out and "forum:p1" in out

    code, out, _ = cli("review", str(entry["item_id"]), "--decision", "overturn", "--reason", "garden insects", "--reviewer", "ana")
    assert code == 0 and "overturn by ana → allow (not hateful)" in out
    code, out, _ = cli("queue", "--json")
    assert out == ""

    code, out, _ = cli("audit", str(entry["item_id"]), "--json")
    events = [json.loads(line)["event"] for line in out.splitlines()]
    assert events == ["ingest", "decision", "queued", "review", "decision"]
    code, out, _ = cli("audit", str(entry["item_id"]))
    assert code == 0 and "garden insects" in out

    labels = tmp_path / "labels.jsonl"
    code, _, err = cli("export-labels", str(labels))
    assert code == 0 and "wrote 1 reviewed item(s)" in err
    row = json.loads(labels.read_text())
    assert row["text"] == "they are pests" and row["hateful"] is False and row["split"] == "community"


def test_errors_are_one_coded_line(cli, tmp_path):
    code, _, err = cli("review", "999", "--decision", "confirm", "--reason", "x")
    assert code == 5 and err.strip() == "error HS404: no item with id 999"
    code, _, err = cli("audit", "42")
    assert code == 5 and "HS404" in err
    code, _, err = cli("ingest", str(tmp_path / "missing.jsonl"))
    assert code == 2 and "HS108" in err
    bad = _write(tmp_path / "bad.jsonl", [{"id": "1", "text": "ok"}])
    with bad.open("a") as fh:
        fh.write("{not json\n")
    code, _, err = cli("ingest", str(bad))
    assert code == 1 and "line 2" in err and "ingested 1 new item(s)" in err
    code, _, err = cli("queue", "--action", "ban")
    assert code == 2 and "HS110" in err
    policy = tmp_path / "p.toml"
    policy.write_text('[policy]\nextends = "default"\nmax_action = "nuke"\n')
    code, _, err = cli("ingest", str(bad), "--policy", str(policy), "--source", "other")
    assert code == 3 and "HS201" in err and "line 3" in err and "policy.max_action" in err


def test_ingest_with_a_packaged_policy_and_community(cli, tmp_path):
    data = _write(tmp_path / "c.jsonl", [{"id": "1", "text": "Are they vermin?"}])
    code, _, err = cli("ingest", str(data), "--policy", "strict#kids")
    assert code == 0, err
    code, out, _ = cli("queue", "--json")
    entry = json.loads(out)
    assert entry["action"] == "remove" and entry["item_id"] == 1


def test_real_entry_point_runs_ingest(tmp_path):
    cfg = tmp_path / "engine.toml"
    cfg.write_text('[[detectors]]\nname = "test.words.v1"\n')
    data = _write(tmp_path / "posts.jsonl", [{"id": "1", "text": "they are vermin"}])
    runner = "import sys, tests.fakes; from hatescope.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {"HATESCOPE_CONFIG": str(cfg), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    db = f"sqlite:///{tmp_path / 'x.db'}"
    proc = subprocess.run([sys.executable, "-c", runner, "ingest", str(data), "--db", db],
                          capture_output=True, cwd=ROOT, env=env, timeout=120, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "ingested 1 new item(s)" in proc.stderr
