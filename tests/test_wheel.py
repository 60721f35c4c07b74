"""The release check (scripts/check_wheel.py): the wheel holds what the package needs and works once installed.

The end-to-end test builds the wheel, installs it with its dependencies into a fresh virtual environment and
runs the CLI outside the repository (a few minutes). It skips only when the package index cannot be reached.
The other tests feed the checker hand-made wheels, to show that it catches what it is there to catch.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


check_wheel = _script("check_wheel")


def _index_unreachable() -> str | None:
    """Why the package index cannot be reached, or None when it can (a quick, uncached download)."""
    with tempfile.TemporaryDirectory() as dest:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir", "--retries", "0",
               "--timeout", "15", "--dest", dest, "six"]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
        except subprocess.TimeoutExpired:
            return "`pip download six` took over 90 s"
    if proc.returncode == 0:
        return None
    return "`pip download six` failed: " + check_wheel._last_line(proc.stderr or proc.stdout)


@pytest.mark.slow
def test_built_wheel_installs_and_works_outside_the_repository():
    unreachable = _index_unreachable()
    if unreachable:
        pytest.skip(f"the package index cannot be reached ({unreachable}); installing the wheel needs it")
    had_build_dir = (ROOT / "build").exists()
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "check_wheel.py")], capture_output=True,
                          text=True, cwd=ROOT, timeout=3000)
    assert proc.returncode == 0, proc.stderr[-2000:] or proc.stdout[-2000:]
    print(proc.stdout)  # the wheel's size and the time taken, for `pytest -rP`
    size = re.search(r"hatescope-[\d.]+-\S+\.whl: ([\d.]+) MB", proc.stdout)
    assert size and 0 < float(size.group(1)) <= check_wheel.MAX_WHEEL_MB, proc.stdout
    assert "hateful=true / hateful=false" in proc.stdout
    assert had_build_dir or not (ROOT / "build").exists(), "the check built inside the working tree"


# --- the checker catches a bad wheel --------------------------------------------------------------------------


def _package(tmp_path: Path, files: dict[str, bytes]) -> Path:
    package = tmp_path / "src" / "hatescope"
    for rel, data in files.items():
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_bytes(data)
    return package


def _wheel(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as wheel:
        for rel, data in files.items():
            wheel.writestr(f"hatescope/{rel}", data)
    return path


WEIGHTS = b"model weights"
SOURCE = {
    "data/models/m/manifest.json": json.dumps({"sha256": {"w.bin": check_wheel._sha256(WEIGHTS)}}).encode(),
    "data/models/m/w.bin": WEIGHTS,
    "data/models/one/manifest.json": json.dumps({"file": "lr.npz", "sha256": check_wheel._sha256(b"lr")}).encode(),
    "data/models/one/lr.npz": b"lr",
    "data/lexicons/slurs.toml": b"[terms]\n",
    "policy/defaults/default.toml": b"[policy]\n",
    "py.typed": b"",
}


def _contents(tmp_path: Path, wheel_files: dict[str, bytes]) -> str:
    package = _package(tmp_path, SOURCE)
    wheel = _wheel(tmp_path / "hatescope-1.0.0-py3-none-any.whl", wheel_files)
    return check_wheel.check_contents(wheel, package, "1.0.0")


def test_a_faithful_wheel_passes_and_both_manifest_forms_are_read(tmp_path):
    summary = _contents(tmp_path, SOURCE)
    assert "2 model files match" in summary and "3 data files identical" in summary


@pytest.mark.parametrize("change, reason", [
    ({"data/models/m/w.bin": b"other weights"}, "w.bin has sha256"),
    ({"data/models/one/lr.npz": b"retrained"}, "lr.npz has sha256"),
    ({"data/lexicons/slurs.toml": b"[terms]\nx = 1\n"}, "slurs.toml differs"),
])
def test_a_file_that_differs_from_its_source_fails(tmp_path, change, reason):
    with pytest.raises(check_wheel.CheckError, match=re.escape(reason)):
        _contents(tmp_path, SOURCE | change)


@pytest.mark.parametrize("missing", ["data/models/m/w.bin", "data/models/one/manifest.json",
                                     "policy/defaults/default.toml", "py.typed"])
def test_a_file_missing_from_the_wheel_fails(tmp_path, missing):
    with pytest.raises(check_wheel.CheckError, match=f"lacks hatescope/{re.escape(missing)}"):
        _contents(tmp_path, {k: v for k, v in SOURCE.items() if k != missing})


def test_a_wheel_over_the_ceiling_or_of_another_version_fails(tmp_path, monkeypatch):
    package = _package(tmp_path, SOURCE)
    wheel = _wheel(tmp_path / "hatescope-1.0.0-py3-none-any.whl", SOURCE)
    with pytest.raises(check_wheel.CheckError, match="does not carry version 2.0.0"):
        check_wheel.check_contents(wheel, package, "2.0.0")
    monkeypatch.setattr(check_wheel, "MAX_WHEEL_MB", wheel.stat().st_size / 1e6 / 2)
    with pytest.raises(check_wheel.CheckError, match="over the .* MB ceiling"):
        check_wheel.check_contents(wheel, package, "1.0.0")


def test_a_manifest_without_digests_is_an_error_not_a_pass():
    with pytest.raises(check_wheel.CheckError, match="lists no files"):
        check_wheel.manifest_files({"name": "x", "labels": []}, "m/manifest.json")
