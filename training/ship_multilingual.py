"""Put an exported fine-tuned multilingual folder (``training.e5_export``) into the package as a numbered release.

    python -m training.ship_multilingual --src .cache/models/multilingual_e5ft4h --release 3

The packaged folder is emptied first (a heads-layout release's ``heads.npz`` and per-language heads would otherwise
linger beside the new files), then the files the source manifest pins are copied and checked against their digests,
and the manifest is written with ``version`` and ``release`` set. Run it only after the ship rule in
training/RECIPES.md has passed; git shows what changed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from hatescope.detect.artifacts import sha256_file
from hatescope.detect.multilingual import DEFAULT_MODEL_DIR


def ship(src: Path, release: int, dest: Path = DEFAULT_MODEL_DIR) -> dict:
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("encoder", {}).get("kind") != "finetuned":
        raise SystemExit(f"{src} is not a fine-tuned multilingual folder (training.e5_export writes one)")
    for name, digest in manifest["sha256"].items():
        if sha256_file(src / name) != digest:
            raise SystemExit(f"{src / name} does not match its manifest's sha256")
    for old in dest.iterdir():
        old.unlink()
    for name in manifest["sha256"]:
        shutil.copy(src / name, dest / name)
    manifest.update(version=str(release), release=release)
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {"release": release, "files": sorted(manifest["sha256"]), "fallback": manifest.get("fallback", {})}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", type=Path, required=True)
    ap.add_argument("--release", type=int, required=True)
    ap.add_argument("--dest", type=Path, default=DEFAULT_MODEL_DIR)
    args = ap.parse_args(argv)
    print(json.dumps(ship(args.src, args.release, args.dest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
