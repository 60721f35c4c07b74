"""Release check: build the wheel and prove that it works outside the repository.

    python scripts/check_wheel.py                 # build from this checkout, then check the wheel
    python scripts/check_wheel.py --wheel W.whl   # check a wheel built elsewhere

Steps: ``python -m build --wheel`` on a snapshot of the checkout (the files git tracks plus new files it does
not ignore), so the build writes nothing into the working tree and no stale ``build/lib`` left by an earlier
build can slip into the wheel. Then the wheel itself is read: its size (at most ``MAX_WHEEL_MB``), every model
file a ``data/models/*/manifest.json`` lists with the sha256 the manifest gives, and the rest of the packaged
data (lexicons, normalisation tables, policies, ``py.typed``) byte for byte. Last, a fresh virtual environment
in a temporary folder gets ``pip install WHEEL`` (dependencies from the package index as usual), and the
installed ``hatescope`` runs from an empty folder outside the repository: ``--version``, and ``analyze --json -``
on a hateful and on a harmless text, whose verdicts must come out true and false.

Exit status 0 with a summary; 1 with one line on stderr saying what failed. Every temporary file is removed.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "hatescope"
#: The ceiling on the wheel's size, in MB (10**6 bytes). Nearly all of it is the two classifiers' ONNX
#: encoders; a wheel that outgrows this has picked up something it should not ship.
MAX_WHEEL_MB = 120
#: Packaged data checked byte for byte against the source tree (paths under src/hatescope). Models are
#: checked against their manifests instead.
DATA_DIRS = ("data", "policy/defaults")
MARKER_FILES = ("py.typed",)
HATEFUL_TEXT = "Immigrants are vermin and should all be exterminated."
HARMLESS_TEXT = "The library opens at nine on Saturdays; bring your own coffee."
CLASSIFIER = "hatescope.classifier.v1"
BUILD_TIMEOUT_S = 900
INSTALL_TIMEOUT_S = 1200
RUN_TIMEOUT_S = 300


class CheckError(Exception):
    """The wheel fails the release check; the message is the one line the user sees."""


def say(message: str) -> None:
    print(message, flush=True)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def _run(cmd: list[str], *, what: str, timeout: int, **kwargs) -> subprocess.CompletedProcess:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired:
        raise CheckError(f"{what} took longer than {timeout} s") from None
    except OSError as exc:
        raise CheckError(f"{what} could not start: {exc}") from None
    if proc.returncode != 0:
        raise CheckError(f"{what} failed (exit {proc.returncode}): {_last_line(proc.stderr or proc.stdout)}")
    return proc


def project_version(root: Path) -> str:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


# --- build ---------------------------------------------------------------------------------------------------


def snapshot(root: Path, dest: Path) -> None:
    """Copy what a checkout holds (tracked files and new, non-ignored ones) to ``dest``."""
    proc = _run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                what="git ls-files", timeout=60)
    for rel in filter(None, proc.stdout.split("\0")):
        source = root / rel
        if source.is_file():  # a tracked file deleted in the working tree is not part of it
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def build_wheel(root: Path, work: Path) -> tuple[Path, Path]:
    """The wheel, and the snapshot it was built from (what its contents are compared with)."""
    if importlib.util.find_spec("build") is None:
        raise CheckError("the `build` package is not installed: pip install -e '.[dev]'")
    tree, outdir = work / "src-snapshot", work / "dist"
    snapshot(root, tree)
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(outdir), str(tree)],
         what="python -m build --wheel", timeout=BUILD_TIMEOUT_S)
    wheels = sorted(outdir.glob("*.whl"))
    if len(wheels) != 1:
        raise CheckError(f"python -m build left {len(wheels)} wheels in its output folder, expected 1")
    return wheels[0], tree


# --- what the wheel holds ------------------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_files(manifest: dict, where: str) -> dict[str, str]:
    """File name -> sha256 listed by a model manifest. Two forms exist: ``"sha256": {file: digest, ...}``
    (classifiers) and ``"file": name, "sha256": digest`` (single-file models)."""
    digests = manifest.get("sha256")
    if isinstance(digests, dict) and digests and all(isinstance(v, str) for v in digests.values()):
        return dict(digests)
    if isinstance(digests, str) and isinstance(manifest.get("file"), str):
        return {manifest["file"]: digests}
    raise CheckError(f"{where} lists no files with their sha256 (expected \"sha256\": {{file: digest}} "
                     "or \"file\" with \"sha256\")")


def _read(wheel: zipfile.ZipFile, name: str, wheel_name: str) -> bytes:
    try:
        return wheel.read(name)
    except KeyError:
        raise CheckError(f"{wheel_name} lacks {name}") from None


def check_models(wheel: zipfile.ZipFile, package_dir: Path, wheel_name: str) -> int:
    """Every model's manifest is in the wheel as in the source, and so is each file it lists, with its
    sha256. Returns how many model files were checked."""
    manifests = sorted((package_dir / "data" / "models").glob("*/manifest.json"))
    if not manifests:
        raise CheckError(f"no model manifests under {package_dir / 'data' / 'models'}")
    checked = 0
    for path in manifests:
        rel = path.relative_to(package_dir.parent).as_posix()
        source_bytes = path.read_bytes()
        if _read(wheel, rel, wheel_name) != source_bytes:
            raise CheckError(f"{wheel_name}: {rel} differs from the source tree's")
        for name, digest in manifest_files(json.loads(source_bytes), rel).items():
            member = f"{Path(rel).parent.as_posix()}/{name}"
            got = _sha256(_read(wheel, member, wheel_name))
            if got != digest:
                raise CheckError(f"{wheel_name}: {member} has sha256 {got[:12]}…, its manifest says {digest[:12]}…")
            checked += 1
    return checked


def check_data(wheel: zipfile.ZipFile, package_dir: Path, wheel_name: str) -> int:
    """Packaged data other than models, and the marker files, are in the wheel byte for byte."""
    expected = [package_dir / name for name in MARKER_FILES]
    for sub in DATA_DIRS:
        for path in (package_dir / sub).rglob("*"):
            parts = path.relative_to(package_dir).parts
            if path.is_file() and "models" not in parts and "__pycache__" not in parts:
                expected.append(path)
    for path in expected:
        rel = path.relative_to(package_dir.parent).as_posix()
        if _read(wheel, rel, wheel_name) != path.read_bytes():
            raise CheckError(f"{wheel_name}: {rel} differs from the source tree's")
    return len(expected)


def check_contents(wheel_path: Path, package_dir: Path, version: str) -> str:
    size_mb = wheel_path.stat().st_size / 1e6
    if size_mb > MAX_WHEEL_MB:
        raise CheckError(f"{wheel_path.name} is {size_mb:.1f} MB, over the {MAX_WHEEL_MB} MB ceiling")
    if not wheel_path.name.startswith(f"{PACKAGE}-{version}-"):
        raise CheckError(f"{wheel_path.name} does not carry version {version} from pyproject.toml")
    try:
        with zipfile.ZipFile(wheel_path) as wheel:
            models = check_models(wheel, package_dir, wheel_path.name)
            data = check_data(wheel, package_dir, wheel_path.name)
    except zipfile.BadZipFile as exc:
        raise CheckError(f"{wheel_path.name} is not a readable zip: {exc}") from None
    return (f"{wheel_path.name}: {size_mb:.1f} MB (ceiling {MAX_WHEEL_MB} MB); {models} model files match "
            f"their manifests' sha256; {data} data files identical to the source")


# --- installed, outside the repository -----------------------------------------------------------------------


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user who just installed the wheel: nothing pointing back into this checkout."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV") and not k.startswith("HATESCOPE_")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def _verdict(cli: Path, text: str, *, cwd: Path, env: dict[str, str]) -> dict:
    proc = _run([str(cli), "analyze", "--json", "-"], what="hatescope analyze --json -", timeout=RUN_TIMEOUT_S,
                input=text, cwd=cwd, env=env)
    try:
        analysis = json.loads(proc.stdout)
    except json.JSONDecodeError:
        raise CheckError(f"hatescope analyze --json printed no JSON: {_last_line(proc.stdout)}") from None
    if not isinstance(analysis, dict) or not isinstance(analysis.get("hateful"), bool):
        raise CheckError("hatescope analyze --json gave no boolean `hateful`")
    return analysis


def check_installed(wheel_path: Path, work: Path, version: str) -> str:
    venv, outside = work / "venv", work / "elsewhere"
    outside.mkdir()
    _run([sys.executable, "-m", "venv", str(venv)], what="python -m venv", timeout=300)
    python, cli = venv / "bin" / "python", venv / "bin" / PACKAGE
    env = _clean_env(venv)
    _run([str(python), "-m", "pip", "install", "-q", str(wheel_path)], what="pip install (wheel)",
         timeout=INSTALL_TIMEOUT_S, cwd=outside, env=env)

    where = _run([str(python), "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)"], what=f"import {PACKAGE}",
                 timeout=RUN_TIMEOUT_S, cwd=outside, env=env).stdout.strip()
    if not Path(where).resolve().is_relative_to(venv.resolve()):
        raise CheckError(f"the fresh environment imports {PACKAGE} from {where}, not from its own site-packages")

    shown = _run([str(cli), "--version"], what="hatescope --version", timeout=RUN_TIMEOUT_S,
                 cwd=outside, env=env).stdout.splitlines()
    if not shown or shown[0].strip() != f"{PACKAGE} {version}":
        raise CheckError(f"hatescope --version says {shown[0] if shown else '(nothing)'!r}, expected "
                         f"'{PACKAGE} {version}'")

    hateful = _verdict(cli, HATEFUL_TEXT, cwd=outside, env=env)
    if hateful["hateful"] is not True:
        raise CheckError(f"installed hatescope calls a hateful text harmless: {HATEFUL_TEXT!r}")
    # The packaged classifier must have scored it, not the lexicons alone: proof its weights load from the wheel.
    if CLASSIFIER not in hateful.get("versions", {}) or not any(
            f.get("detector") == CLASSIFIER for f in hateful.get("findings", [])):
        raise CheckError(f"installed hatescope did not run {CLASSIFIER} on the hateful text")
    if _verdict(cli, HARMLESS_TEXT, cwd=outside, env=env)["hateful"] is not False:
        raise CheckError(f"installed hatescope calls a harmless text hateful: {HARMLESS_TEXT!r}")
    return (f"installed in a fresh venv; from a folder outside the repository `hatescope --version` says "
            f"{version} and `analyze --json -` gives hateful=true / hateful=false as expected")


def check(root: Path, wheel: Path | None) -> list[str]:
    version = project_version(root)
    with tempfile.TemporaryDirectory(prefix="hatescope-wheel-", ignore_cleanup_errors=True) as tmp:
        work, source = Path(tmp), root
        if wheel is None:
            say("building the wheel (python -m build --wheel) …")
            wheel, source = build_wheel(root, work)
        say(f"checking {wheel.name} …")
        contents = check_contents(wheel, source / "src" / PACKAGE, version)
        say("installing it into a fresh virtual environment (pip, dependencies from the index) …")
        installed = check_installed(wheel, work, version)
    return [contents, installed]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the wheel and prove it works outside the repository.")
    parser.add_argument("--wheel", type=Path, help="check this wheel instead of building one")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.wheel is not None and not args.wheel.is_file():
            raise CheckError(f"no wheel at {args.wheel}")
        lines = check(ROOT, args.wheel.resolve() if args.wheel else None)
    except CheckError as exc:
        print(f"wheel check failed: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        say(line)
    say(f"wheel check passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
