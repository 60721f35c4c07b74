"""Multi-process scoring: same output as one process, in input order, with bounded read-ahead."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tests.fakes  # noqa: F401 - registers the fake word detector
from hatescope.config import DetectorSpec, EngineConfig
from hatescope.errors import MalformedRecord
from hatescope.parallel import PREFETCH, Item, configure, score_parallel

ROOT = Path(__file__).resolve().parents[1]
RUNNER = "import sys, tests.fakes; from hatescope.cli import main; sys.exit(main(sys.argv[1:]))"
FAKE = EngineConfig(detectors=[DetectorSpec(name="test.words.v1")])


def _cli(tmp_path, *args):
    cfg = tmp_path / "engine.toml"
    cfg.write_text('[[detectors]]\nname = "test.words.v1"\n')
    env = {"HATESCOPE_CONFIG": str(cfg), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, cwd=ROOT, env=env, timeout=180)


def _input(tmp_path, n=300):
    lines = []
    for i in range(n):
        if i == 17:
            lines.append("{broken json")
        elif i == 130:
            lines.append(json.dumps({"id": i, "text": "x", "kind": "tweet"}))
        elif i == 205:
            lines.append(json.dumps({"id": i, "text": "   "}))  # refused by the engine (empty)
        else:
            text = f"post {i}: they are vermin" if i % 7 == 0 else f"post {i}: a calm note about gardening"
            lines.append(json.dumps({"id": i, "text": text}))
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    return src


def test_workers_match_one_process_in_order(tmp_path):
    src = _input(tmp_path)
    runs = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}.jsonl"
        proc = _cli(tmp_path, "score", str(src), "-o", str(out), "--no-progress", "--batch-size", "16", "--workers", workers)
        assert proc.returncode == 1, proc.stderr.decode()  # bad records were skipped
        runs[workers] = (out.read_text(), proc.stderr.decode())
    assert runs["1"][0] == runs["2"][0]
    rows = [json.loads(x) for x in runs["2"][0].splitlines()]
    assert [r["id"] for r in rows] == [i for i in range(300) if i not in (17, 130, 205)]
    assert all(r["hateful"] == (r["id"] % 7 == 0) for r in rows)
    for err in (runs["1"][1], runs["2"][1]):
        assert "Traceback" not in err
        # every bad record named by line number, in input order
        assert err.index("line 18") < err.index("line 131") < err.index("line 206")
        assert "HS105" in err and "HS104" in err and "HS101" in err
    assert runs["1"][1] == runs["2"][1]


def test_workers_strict_stops_with_coded_error(tmp_path):
    src = _input(tmp_path)
    proc = _cli(tmp_path, "score", str(src), "-o", str(tmp_path / "o.jsonl"), "--no-progress", "--strict", "--workers", "2")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "error HS105: line 18" in err and "Traceback" not in err


def test_device_cuda_without_gpu_is_a_coded_error(tmp_path):
    ort = pytest.importorskip("onnxruntime")
    if "CUDAExecutionProvider" in ort.get_available_providers():
        pytest.skip("this machine has CUDA: the error path cannot be exercised")
    src = _input(tmp_path, 5)
    proc = _cli(tmp_path, "score", str(src), "-o", str(tmp_path / "o.jsonl"), "--no-progress", "--device", "cuda")
    err = proc.stderr.decode()
    # Without PyTorch the parent refuses (naming onnxruntime's missing CUDA provider); with a CPU-only PyTorch it
    # finds no detector of this fake engine that could use the GPU. Either way: a coded error, no traceback.
    assert proc.returncode == 4 and "error HS311: --device cuda" in err and "Traceback" not in err


def test_configure_sets_threads_only_where_accepted():
    cfg = configure(FAKE, threads=1)
    assert cfg.detectors[0].params == {}  # the fake has no `threads` parameter


def test_read_ahead_is_bounded():
    """The reader is never more than workers * PREFETCH (+1) batches ahead of what was written."""
    read = 0

    def batches():
        nonlocal read
        for b in range(40):
            read += 1
            yield 4, [], [Item(line=b * 4 + j, id=b * 4 + j, text=f"calm text {b}", kind="post") for j in range(4)]

    seen = 0
    workers = 2
    for outcome in score_parallel(batches(), config=FAKE, policy=None, workers=workers):
        seen += 1
        assert read - seen <= workers * PREFETCH + 1
        assert [r["id"] for r, _ in outcome.results] == list(range((seen - 1) * 4, seen * 4))
    assert seen == 40


def test_problems_travel_with_their_batch():
    problem = MalformedRecord("line 3: invalid JSON", line=3)
    outs = list(score_parallel(iter([(2, [problem], [])]), config=FAKE, policy=None, workers=2))
    assert outs[0].problems == [problem] and outs[0].results == []


def test_configure_passes_device_and_threads_to_model_detectors(monkeypatch):
    from hatescope import device as device_mod
    from hatescope.registry import detectors

    class ModelDetector:
        name = "test.model.v1"

        def __init__(self, *, device: str = "cpu", threads: int | None = None) -> None:
            self.device, self.threads = device, threads

    if "test.model.v1" not in detectors._items:
        detectors.register("test.model.v1")(ModelDetector)
    monkeypatch.setattr(device_mod, "encoder_backend", lambda d, b="auto", **kw: "torch")
    cfg = configure(EngineConfig(detectors=[DetectorSpec(name="test.words.v1"), DetectorSpec(name="test.model.v1")]),
                    device="cuda", threads=1)
    assert cfg.detectors[0].params == {} and cfg.detectors[1].params == {"device": "cuda", "threads": 1}


def test_configure_sets_the_model_only_where_a_detector_takes_one():
    from hatescope.registry import detectors

    class NamedModelDetector:
        name = "test.named_model.v1"

        def __init__(self, *, model: str = "default") -> None:
            self.model = model

    if "test.named_model.v1" not in detectors._items:
        detectors.register("test.named_model.v1")(NamedModelDetector)
    cfg = configure(EngineConfig(detectors=[DetectorSpec(name="test.words.v1"), DetectorSpec(name="test.named_model.v1")]),
                    model="fast")
    assert cfg.detectors[0].params == {} and cfg.detectors[1].params == {"model": "fast"}


def test_device_nobody_can_use_is_refused(monkeypatch):
    from hatescope import device as device_mod
    from hatescope.errors import ModelError

    monkeypatch.setattr(device_mod, "encoder_backend", lambda d, b="auto", **kw: "torch")
    with pytest.raises(ModelError) as exc:
        configure(FAKE, device="cuda")
    assert exc.value.code == "HS311"


def test_unknown_device_is_a_coded_error():
    from hatescope.device import onnx_providers
    from hatescope.errors import ModelError

    with pytest.raises(ModelError) as exc:
        onnx_providers("tpu")
    assert exc.value.code == "HS311"


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="a one-core machine has a one-thread BLAS anyway")
def test_workers_hold_numpy_blas_to_one_thread():
    """A worker's BLAS pool would spin on the cores the other workers use (docs/PERFORMANCE.md)."""
    probe = ("from threadpoolctl import threadpool_info; import numpy; {setup}; "
             "print(max(i['num_threads'] for i in threadpool_info() if i['user_api'] == 'blas'))")
    def blas_threads(setup: str) -> int:
        out = subprocess.run([sys.executable, "-c", probe.format(setup=setup)], capture_output=True, text=True, timeout=60,
                             env={k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")})
        assert out.returncode == 0, out.stderr
        return int(out.stdout)

    assert blas_threads("pass") > 1
    assert blas_threads("from hatescope.parallel import _init_worker; _init_worker({}, None, [])") == 1


MAIN_SCRIPT = """
import pathlib, sys
if __name__ != "__main__":  # a spawned worker re-running this file as __mp_main__
    with pathlib.Path(sys.argv[1]).open("a") as fh:
        fh.write("rerun\\n")
if __name__ == "__main__":
    import tests.fakes
    from hatescope.config import DetectorSpec, EngineConfig
    from hatescope.parallel import Item, score_parallel
    cfg = EngineConfig(detectors=[DetectorSpec(name="test.words.v1")])
    items = [Item(line=1, id=1, text="they are vermin", kind="post")]
    (out,) = score_parallel(iter([(1, [], items)]), config=cfg, policy=None, workers=2, rerun_main=sys.argv[2] == "1")
    assert out.results[0][0]["hateful"]
"""


@pytest.mark.parametrize("rerun_main,expected", [(True, 2), (False, 0)])
def test_workers_rerun_the_parent_main_only_when_asked(tmp_path, rerun_main, expected):
    script, marker = tmp_path / "main_script.py", tmp_path / "reruns.txt"
    script.write_text(MAIN_SCRIPT)
    proc = subprocess.run([sys.executable, str(script), str(marker), "1" if rerun_main else "0"], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (marker.read_text().count("rerun") if marker.exists() else 0) == expected


def test_workers_can_hand_back_encoded_json_lines():
    """For a JSONL writer the workers encode the rows (the parent's one core would otherwise cap the rate)."""
    items = [Item(line=i, id=i, text=f"post {i}: they are vermin" if i % 2 else f"post {i}", kind="post") for i in range(6)]
    plain = [r for o in score_parallel(iter([(6, [], items)]), config=FAKE, policy=None, workers=2) for r, _ in o.results]
    encoded = [r for o in score_parallel(iter([(6, [], items)]), config=FAKE, policy=None, workers=2, encode_jsonl=True)
               for r, _ in o.results]
    assert all(isinstance(r, str) for r in encoded)
    assert [json.loads(r) for r in encoded] == plain


def test_an_encoded_row_is_refused_by_a_csv_writer(tmp_path):
    from hatescope.batchio import RecordWriter

    with RecordWriter(tmp_path / "out.csv") as writer, pytest.raises(ValueError):
        writer.write('{"id": 1}')
