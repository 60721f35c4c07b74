"""The multilingual encoder trainer's arguments, without torch: ``training.e5_finetune`` parses them, and the doc
generator (``training.multilingual_report_finetuned``) reads a run's recorded command back with the same parser."""

from __future__ import annotations

import argparse
from pathlib import Path


def parser(description: str | None = None) -> argparse.ArgumentParser:
    """The trainer's arguments (the doc generator reads a run's recorded command back with it)."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--train-top", type=int, default=4, help="top layers trained (12: all, for a GPU)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-5, help="learning rate of the encoder layers")
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--inhouse-weight", type=float, default=6.0)
    ap.add_argument("--public-weight", type=float, default=3.0)
    ap.add_argument("--english-rounds", nargs="+", default=[f"r{i}" for i in range(1, 16)])
    ap.add_argument("--english-inhouse", type=int, default=12000, help="rows sampled from the English rounds")
    ap.add_argument("--english", type=int, default=12000, help="rows sampled from the English ship-licensed sets")
    ap.add_argument("--contrastive", type=int, default=4000, help="English contrastive rows sampled")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--checkpoint-seconds", type=float, default=300)
    ap.add_argument("--deadline", type=float, default=None, help="stop (checkpointed) after this many seconds")
    ap.add_argument("--cache", type=Path, default=None, help="the states' folder (default .cache/e5ft/cache_l<layer>)")
    ap.add_argument("--reuse-cache", type=Path, default=None,
                    help="an earlier states' folder of the same layer: texts found there are copied, not recomputed")
    ap.add_argument("--limit", type=int, default=None, help="a seeded sample of this many rows (a smoke run)")
    ap.add_argument("--seed", type=int, default=13)
    return ap
