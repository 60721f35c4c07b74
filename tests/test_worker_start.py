"""How score workers start: from the warm fork server on Linux, spawned elsewhere or where the server cannot start."""

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

import tests.fakes  # noqa: F401 - registers the fake word detector
from hatescope import worker_start
from hatescope.config import DetectorSpec, EngineConfig
from hatescope.parallel import Item, score_parallel
from hatescope.registry import detectors
from hatescope.worker_start import PACKAGED_DATA, default_start_method, uses_packaged_data, worker_context

ROOT = Path(__file__).resolve().parents[1]
LINUX_FORKSERVER = sys.platform.startswith("linux") and "forkserver" in multiprocessing.get_all_start_methods()


@pytest.mark.parametrize(("platform", "available", "expected"), [
    ("linux", ["fork", "spawn", "forkserver"], "forkserver"),
    ("linux", ["fork", "spawn"], "spawn"),  # a build without fd passing
    ("darwin", ["spawn", "fork", "forkserver"], "spawn"),  # a fork may crash in system frameworks
    ("win32", ["spawn"], "spawn"),
])
def test_default_start_method(platform, available, expected):
    assert default_start_method(platform, available) == expected


def test_packaged_data_is_read_ahead_only_for_an_engine_that_uses_it(tmp_path):
    assert uses_packaged_data(EngineConfig())
    assert uses_packaged_data(EngineConfig(detectors=[DetectorSpec(name="test.words.v1")]))
    assert not uses_packaged_data(EngineConfig(stance_model=str(tmp_path)))
    own = DetectorSpec(name="hatescope.lexicon.v1", params={"paths": [str(tmp_path / "mine.toml")]})
    assert not uses_packaged_data(EngineConfig(detectors=[own]))


def test_a_fork_server_that_cannot_start_falls_back_to_spawn(monkeypatch):
    from multiprocessing import forkserver

    def no_sockets() -> None:
        raise OSError("no Unix sockets here")

    monkeypatch.setattr(worker_start, "default_start_method", lambda: "forkserver")
    monkeypatch.setattr(forkserver, "ensure_running", no_sockets)
    assert worker_context(None, EngineConfig()).get_start_method() == "spawn"
    with pytest.raises(OSError):  # asked for by name: no silent change of method
        worker_context("forkserver", EngineConfig())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="counts threads in /proc")
def test_the_preload_makes_no_thread_and_no_model_session():
    """What the server holds before it forks must survive a fork: its own thread alone, no onnxruntime at all; and
    it did read what the workers would otherwise each read (the packaged resources, the language identifier)."""
    probe = ("import os, sys, hatescope.worker_preload, hatescope.worker_preload_data\n"
             "from hatescope.resources import default_resources\n"
             "from hatescope.ingest import language_guess\n"
             "print(len(os.listdir('/proc/self/task')), 'onnxruntime' in sys.modules, "
             "default_resources.cache_info().currsize, language_guess._MODEL is not None)")
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=ROOT, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["1", "False", "1", "True"]


class ProbeDetector:
    """Writes, to the file a text names after ``probe:``, how the worker process it runs in was started."""

    name = "test.probe.v1"
    version = "test"

    def load(self) -> None:
        pass

    def detect(self, doc):
        if "probe:" in doc.original:
            path = Path(doc.original.split("probe:", 1)[1].split()[0])
            path.write_text(json.dumps({
                "forked_by_caller": os.getppid() == multiprocessing.parent_process().pid,
                "preloaded": worker_start.IMPORTS in sys.modules,
                "packaged_data": PACKAGED_DATA in sys.modules,
            }))
        return []


if "test.probe.v1" not in detectors._items:
    detectors.register("test.probe.v1")(lambda **params: ProbeDetector())

PROBED = EngineConfig(detectors=[DetectorSpec(name="test.words.v1"), DetectorSpec(name="test.probe.v1")])


def _how_the_worker_started(tmp_path, start_method):
    report = tmp_path / f"{start_method}.json"
    items = [Item(line=1, id=1, text=f"probe:{report} they are vermin", kind="post")]
    (out,) = score_parallel(iter([(1, [], items)]), config=PROBED, policy=None, workers=2, start_method=start_method)
    assert out.results[0][0]["hateful"]  # scored as usual
    return json.loads(report.read_text())


@pytest.mark.skipif(not LINUX_FORKSERVER, reason="the fork server is used on Linux only")
def test_workers_come_from_the_warm_fork_server(tmp_path):
    started = _how_the_worker_started(tmp_path, None)
    assert started == {"forked_by_caller": False, "preloaded": True, "packaged_data": True}


def test_spawned_workers_start_cold(tmp_path):
    assert _how_the_worker_started(tmp_path, "spawn") == {"forked_by_caller": True, "preloaded": False,
                                                           "packaged_data": False}
