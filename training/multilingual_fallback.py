"""A multilingual model folder whose named languages keep another release's heads (run r8's rule, training/RECIPES.md).

    python -m training.multilingual_fallback --decide BEFORE/language_support.json AFTER/language_support.json  # prints the codes
    python -m training.multilingual_fallback --candidate .cache/models/multilingual_r8 \\
        --fallback src/hatescope/data/models/multilingual_v1 --languages zh --out .cache/models/multilingual_r8f

The output is the candidate folder with, for each language named, the fallback's ``heads.npz`` copied in as
``heads_<code>.npz``, listed under ``language_heads`` and pinned by sha256 in the manifest. The detector uses those heads for
text whose language guess is that code (``hatescope.detect.multilingual.probabilities``). Both folders must have the same
labels and the same encoder version, or the heads would read another embedding space.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

from hatescope.detect.artifacts import sha256_file

CODE = re.compile(r"^[a-z]{2,3}$")


#: Run r8's rule, step 1: how far one language's gating public set (macro-F1) or sealed accuracy may fall.
PUBLIC_FALL, SEALED_FALL = 0.03, 0.08


def fallback_languages(before: dict, after: dict) -> list[str]:
    """The languages that keep the earlier heads: one of their gating public sets falls by more than PUBLIC_FALL, or
    their sealed accuracy by more than SEALED_FALL (``language_support.json`` of a languages-suite run, before and after)."""
    out = []
    for lang, b in before["languages"].items():
        a = after["languages"].get(lang)
        if a is None:
            continue
        after_sets = {p["set"]: p for p in a.get("public") or []}
        public_fell = any(p.get("gates") and p["set"] in after_sets
                          and after_sets[p["set"]]["macro_f1"] < p["macro_f1"] - PUBLIC_FALL
                          for p in b.get("public") or [])
        sb, sa = b.get("sealed"), a.get("sealed")
        sealed_fell = bool(sb and sa and sa["accuracy"] < sb["accuracy"] - SEALED_FALL)
        if public_fell or sealed_fell:
            out.append(lang)
    return sorted(out)


def assemble(candidate: Path, fallback: Path, languages: list[str], out: Path) -> dict:
    cand = json.loads((candidate / "manifest.json").read_text(encoding="utf-8"))
    back = json.loads((fallback / "manifest.json").read_text(encoding="utf-8"))
    if cand["labels"] != back["labels"]:
        raise SystemExit(f"labels differ: {cand['labels']} vs {back['labels']}")
    if cand["encoder"]["version"] != back["encoder"]["version"]:
        raise SystemExit(f"encoder versions differ: {cand['encoder']['version']} vs {back['encoder']['version']}")
    bad = [code for code in languages if not CODE.match(code)]
    if bad:
        raise SystemExit(f"not a language code: {', '.join(bad)}")
    if out.resolve() == candidate.resolve():
        raise SystemExit("--out must be a new folder, not the candidate")
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(candidate, out)
    manifest = dict(cand)
    manifest["language_heads"] = dict(cand.get("language_heads", {}))
    manifest["sha256"] = dict(cand.get("sha256", {}))
    for code in languages:
        name = f"heads_{code}.npz"
        shutil.copyfile(fallback / "heads.npz", out / name)
        manifest["language_heads"][code] = name
        manifest["sha256"][name] = sha256_file(out / name)
    manifest["fallback"] = {"from": str(fallback), "version": back.get("version"), "languages": sorted(languages)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--decide", nargs=2, type=Path, metavar=("BEFORE", "AFTER"),
                    help="print the languages that fall back (two language_support.json files) and stop")
    ap.add_argument("--candidate", type=Path, help="the new model folder (manifest.json, heads.npz)")
    ap.add_argument("--fallback", type=Path, help="the folder whose heads the named languages keep")
    ap.add_argument("--languages", nargs="+", help="language codes (the language guess's primary subtags)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    if args.decide:
        before, after = (json.loads(p.read_text(encoding="utf-8")) for p in args.decide)
        print(" ".join(fallback_languages(before, after)))
        return
    if not (args.candidate and args.fallback and args.languages and args.out):
        ap.error("--candidate, --fallback, --languages and --out are needed (or --decide)")
    manifest = assemble(args.candidate, args.fallback, args.languages, args.out)
    print(json.dumps({"out": str(args.out), "language_heads": manifest["language_heads"]}))


if __name__ == "__main__":
    main()
