"""Pack the student's corpus for the teacher, tokenised with the teacher's own tokenizer.json.

    python -m training.teacher.pack                      # → .cache/teacher/pack.npz
    python -m training.teacher.pack --max-rows 200       # smoke test: a few rows of every split

The rows, labels, masks, weights, split codes (0 train, 1 dev, 2 never trained on) and ``text_key`` are made
by the student's own :func:`training.finetune_pack.pack` (adversarial rows included, sealed texts dropped),
given mpnet's tokenizer instead of MiniLM's, so the teacher learns from exactly what the student may. Added:

* ``annotated``: which labels each row's dataset annotates, in every split (``known`` hides split 2), read
  only by the held-out report; ``source``: each row's dataset;
* ``extra_*``: unlabelled texts the teacher only scores (never trains on): ship-licensed datasets that have no
  loader (Stormfront sentences, MLMA English) and the project's own written sentences. An extra text that is
  any packed row's text (dedup key, any split) or a sealed adversarial text is dropped, so no dev, test or
  sealed text reaches the student this way.

Self-contained output: the GPU side needs numpy and this file only (no tokenizer, no datasets).
"""

from __future__ import annotations

import argparse
import csv
import json
import tomllib
from pathlib import Path

import numpy as np

from hatescope.evaluation import default_data_dir
from hatescope.evaluation.datasets import LABELS, Example, dedup_key
from hatescope.normalize import normalize

from training.finetune import text_key
from training.finetune_pack import pack as student_pack
from training.finetune_pack import rows_for_training, split_code

TEACHER_DIR = Path(".cache/teacher/all-mpnet-base-v2")
STANCE_FILE = Path(__file__).resolve().parents[1] / "data" / "stance_labelled.toml"


def sealed_keys() -> set[str]:
    """Dedup keys of the sealed adversarial texts (none where the adversarial rounds are absent)."""
    try:
        from training.adversarial import corpus as adversarial
    except ImportError:
        return set()
    return adversarial.sealed_keys()


def extra_texts(data_dir: Path) -> list[tuple[str, str]]:
    """(source, raw text) of unlabelled extra texts: ship data without a loader and the project's own sentences."""
    out: list[tuple[str, str]] = []
    storm = data_dir / "stormfront" / "stormfront_sentences.csv"
    if storm.exists():
        with storm.open(newline="", encoding="utf-8") as fh:
            out += [("stormfront", r["text"]) for r in csv.DictReader(fh)]
    mlma = data_dir / "mlma" / "en_dataset_with_stop_words.csv"
    if mlma.exists():
        with mlma.open(newline="", encoding="utf-8") as fh:
            out += [("mlma_en", r["tweet"]) for r in csv.DictReader(fh)]
    if STANCE_FILE.exists():
        stance = tomllib.loads(STANCE_FILE.read_text(encoding="utf-8"))
        for kind in ("counter", "endorse"):
            out += [("stance_written", s.replace("{g}", g)) for s in stance.get(kind, []) for g in stance["groups"]]
    return out


def tokenize(texts: list[str], tokenizer_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(flat uint16 ids, int32 lengths) without padding, truncated like the student's pack."""
    from tokenizers import Tokenizer

    from training.finetune_pack import MAX_TOKENS

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    encs = tok.encode_batch(texts)
    lengths = np.array([len(e.ids) for e in encs], np.int32)
    ids = np.concatenate([np.array(e.ids, np.uint16) for e in encs]) if encs else np.zeros(0, np.uint16)
    return ids, lengths


def pack(rows: list[Example], extras: list[tuple[str, str]], tokenizer_path: Path,
         blocked: set[str] = frozenset()) -> dict[str, np.ndarray]:
    arrays = student_pack(rows, tokenizer_path)
    arrays["annotated"] = np.array([[label in r.labels for label in LABELS] for r in rows]).reshape(len(rows), -1)
    arrays["source"] = np.array([r.source for r in rows])
    seen = {dedup_key(r.text) for r in rows} | set(blocked)
    extra_src, extra_txt = [], []
    for source, raw in extras:
        text = normalize(raw).text
        k = dedup_key(text)
        if k and k not in seen:
            seen.add(k)
            extra_src.append(source)
            extra_txt.append(text)
    arrays["extra_ids"], arrays["extra_lengths"] = tokenize(extra_txt, tokenizer_path)
    arrays["extra_text_key"] = np.array([text_key(t) for t in extra_txt], np.uint64)
    arrays["extra_texts"] = np.array(extra_txt, dtype=str)
    arrays["extra_source"] = np.array(extra_src, dtype=str)
    return arrays


def sample(rows: list[Example], per_split: int) -> list[Example]:
    """The first ``per_split`` rows of every split code (smoke tests)."""
    taken: dict[int, int] = {}
    out = []
    for r in rows:
        c = split_code(r)
        if taken.get(c, 0) < per_split:
            taken[c] = taken.get(c, 0) + 1
            out.append(r)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--teacher", type=Path, default=TEACHER_DIR, help="folder holding tokenizer.json")
    ap.add_argument("--out", type=Path, default=Path(".cache/teacher/pack.npz"))
    ap.add_argument("--max-rows", type=int, default=None, help="smoke test: this many rows per split (and extras)")
    ap.add_argument("--pins", action="store_true", help="add the pin set's rows, as the shipped student's pack does")
    args = ap.parse_args(argv)
    data_dir = args.data or default_data_dir()
    rows = rows_for_training(data_dir, pins=args.pins)
    extras = extra_texts(data_dir)
    if args.max_rows:
        rows, extras = sample(rows, args.max_rows), extras[: args.max_rows]
    arrays = pack(rows, extras, args.teacher / "tokenizer.json", sealed_keys())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, **arrays)
    counts = {name: int((arrays["split"] == c).sum()) for c, name in enumerate(("train", "dev", "held_out"))}
    counts.update(rows=len(rows), tokens=int(arrays["lengths"].sum()), extra=len(arrays["extra_text_key"]),
                  extra_tokens=int(arrays["extra_lengths"].sum()))
    args.out.with_suffix(".json").write_text(json.dumps(counts) + "\n")
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
