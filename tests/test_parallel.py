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
    assert [r["id"] for r in rows] == [str(i) for i in range(300) if i not in (17, 130, 205)]  # ids are text
    assert all(r["hateful"] == (int(r["id"]) % 7 == 0) for r in rows)
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


@pytest.mark.parametrize("rerun_main", [True, False])
def test_workers_rerun_the_parent_main_only_when_asked(tmp_path, rerun_main):
    script, marker = tmp_path / "main_script.py", tmp_path / "reruns.txt"
    script.write_text(MAIN_SCRIPT)
    proc = subprocess.run([sys.executable, str(script), str(marker), "1" if rerun_main else "0"], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    reruns = marker.read_text().count("rerun") if marker.exists() else 0
    # Workers start as batches arrive: one batch may need only one of the two.
    assert (1 <= reruns <= 2) if rerun_main else reruns == 0


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


# --- a worker that dies ------------------------------------------------------------------------------


class KillerDetector:
    """Kills the worker process it runs in (SIGKILL, as the kernel's OOM killer would) on a text holding
    ``die-always``, or ``die-once:PATH`` while PATH does not exist yet (it is created first)."""

    name = "test.killer.v1"
    version = "test"

    def load(self) -> None:
        pass

    def detect(self, doc):
        import multiprocessing
        import signal

        if multiprocessing.parent_process() is None:  # never the test process itself
            return []
        text = doc.original
        if "die-always" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        if "die-once:" in text:
            marker = Path(text.split("die-once:", 1)[1].split()[0])
            if not marker.exists():
                marker.write_text("died")
                os.kill(os.getpid(), signal.SIGKILL)
        return []


def make_killer(**params):
    return KillerDetector()


from hatescope.registry import detectors as _detectors  # noqa: E402

if "test.killer.v1" not in _detectors._items:
    _detectors.register("test.killer.v1")(make_killer)

KILLER = EngineConfig(detectors=[DetectorSpec(name="test.words.v1"), DetectorSpec(name="test.killer.v1")])


def _batches(n_batches, size, special=None):
    for b in range(n_batches):
        items = [Item(line=b * size + j + 1, id=b * size + j, text=f"calm text {b * size + j}", kind="post")
                 for j in range(size)]
        if special and b in special:
            items[1] = Item(line=items[1].line, id=items[1].id, text=special[b], kind="post")
        yield size, [], items


@pytest.mark.timeout(120)
@pytest.mark.parametrize("start_method", [None, "spawn"])  # None: the fork server where there is one
def test_a_worker_killed_once_is_retried_and_nothing_is_lost_or_doubled(tmp_path, start_method):
    marker = tmp_path / "died"
    outs = list(score_parallel(_batches(12, 4, {5: f"die-once:{marker} now"}), config=KILLER, policy=None, workers=2,
                               start_method=start_method))
    assert marker.exists()  # the worker did die
    ids = [rec["id"] for out in outs for rec, _ in out.results]
    assert ids == list(range(48))  # every record once, in order


@pytest.mark.timeout(120)
def test_a_worker_that_keeps_dying_stops_the_run_with_a_coded_error(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": "die-always" if i == 40 else f"calm {i}"}) + "\n" for i in range(64)))
    cfg = tmp_path / "engine.toml"
    cfg.write_text('[[detectors]]\nname = "test.words.v1"\n\n[[detectors]]\nname = "test.killer.v1"\n')
    env = {"HATESCOPE_CONFIG": str(cfg), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    runner = RUNNER.replace("tests.fakes", "tests.fakes, tests.test_parallel")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run([sys.executable, "-c", runner, "score", str(src), "-o", str(out), "--no-progress",
                           "--workers", "2", "--batch-size", "8"], capture_output=True, cwd=ROOT, env=env, timeout=100)
    err = proc.stderr.decode()
    assert proc.returncode == 7 and "error HS610: a worker process died again" in err and "Traceback" not in err, err
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == [str(i) for i in range(40)]  # the batches before the fatal one, each once
