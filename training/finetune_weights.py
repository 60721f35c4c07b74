"""The fine-tuned encoder's weights on disk: read, initialise from, and write (fp16 safetensors in parts).

Split from ``finetune`` so the training loop stays one job; ``finetune`` re-exports these names.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

#: Pooled embeddings are multiplied by this before the head (folded into hidden_w on export), so the
#: head starts with useful activations although the embedding is L2-normalised.
EMB_SCALE = 20.0
#: Parts small enough to send anywhere (the device tool and git hosts cap single files).
PART_BYTES = 15 * 1024 * 1024


def read_weights(run: Path, name: str) -> dict:
    """The BERT weights :func:`save_variant` wrote as ``NAME.weights.partK``, joined again, in fp32."""
    from safetensors.torch import load

    parts = sorted(run.glob(f"{name}.weights.part*"), key=lambda p: int(p.suffix[len(".part"):]))
    return {k: v.float() for k, v in load(b"".join(p.read_bytes() for p in parts)).items()}


def layer_count(weights: dict) -> int:
    """How many BERT layers a state dict (as :func:`read_weights` returns it) holds."""
    return 1 + max(int(k.split(".")[2]) for k in weights if k.startswith("encoder.layer."))


def init_from(model, run_name: str) -> None:
    """Start from an earlier run's weights (``DIR/NAME``): its BERT layers and its head (EMB_SCALE unfolded)."""
    run, name = Path(run_name).parent, Path(run_name).name
    missing, unexpected = model.bert.load_state_dict(read_weights(run, name), strict=False)
    if unexpected or [m for m in missing if "word_embeddings" not in m and not m.endswith("position_ids")]:
        raise SystemExit(f"--init weights do not fit: missing {missing} unexpected {unexpected}")
    init_head(model, run, name)


def init_head(model, run: Path, name: str) -> None:
    """The MLP head of an earlier run's variant, with EMB_SCALE unfolded from ``hidden_w``."""
    import torch

    z = np.load(run / f"{name}.npz")
    with torch.no_grad():
        model.hidden.weight.copy_(torch.from_numpy(z["hidden_w"].T / EMB_SCALE))
        model.hidden.bias.copy_(torch.from_numpy(z["hidden_b"]))
        model.out.weight.copy_(torch.from_numpy(z["emb_w"].T.copy()))
        model.out.bias.copy_(torch.from_numpy(z["emb_b"]))


def save_variant(out: Path, name: str, res: dict, weights: bool) -> None:
    """``NAME.npz``: head (hidden_w with EMB_SCALE folded in), logits on every row, history;
    ``NAME.weights.partK``: the fine-tuned BERT weights (fp16 safetensors, word embeddings left out)."""
    model = res["model"]
    sd = model.state_dict()
    np.savez_compressed(
        out / f"{name}.npz",
        hidden_w=(sd["hidden.weight"].numpy().T * EMB_SCALE).astype(np.float32), hidden_b=sd["hidden.bias"].numpy(),
        emb_w=sd["out.weight"].numpy().T.copy(), emb_b=sd["out.bias"].numpy(),
        logits=res["logits"].astype(np.float16),
        meta=np.array(json.dumps({k: res.get(k) for k in ("history", "layers", "contrastive", "train_seconds", "device",
                                                            "init", "train_top", "sample", "soft", "soft_weight")})),
    )
    if weights:
        write_weights(out, name, {k[len("bert."):]: v for k, v in sd.items() if k.startswith("bert.")})


def write_weights(out: Path, name: str, bert_state: dict) -> None:
    """``NAME.weights.partK``: BERT weights (torch tensors, BertModel names) as fp16 safetensors in parts small
    enough to send anywhere; the word-embedding table is left out (it stays the base's, frozen)."""
    from safetensors.torch import save

    bert = {k: v.half().contiguous() for k, v in bert_state.items()
            if "word_embeddings" not in k and not k.endswith("position_ids")}
    blob = save(bert)
    for old in out.glob(f"{name}.weights.part*"):  # a shorter blob must not leave a stale last part behind
        old.unlink()
    for i in range(0, len(blob), PART_BYTES):
        (out / f"{name}.weights.part{i // PART_BYTES}").write_bytes(blob[i : i + PART_BYTES])


def load_bert(run: Path, name: str, pack: Path):
    """BertModel with the run's layers and the base (frozen) word embeddings, in fp32."""
    from safetensors.torch import load_file
    from transformers import BertConfig, BertModel

    tuned = read_weights(run, name)
    layers = layer_count(tuned)
    cfg = BertConfig.from_pretrained(str(pack))
    cfg.num_hidden_layers = layers
    bert = BertModel(cfg, add_pooling_layer=False)
    base = load_file(str(pack / "base.safetensors"))
    tuned["embeddings.word_embeddings.weight"] = base["embeddings.word_embeddings.weight"].float()
    missing, unexpected = bert.load_state_dict(tuned, strict=False)
    if [m for m in missing if not m.endswith("position_ids")] or unexpected:
        raise SystemExit(f"run weights do not fit: missing {missing} unexpected {unexpected}")
    return bert.eval(), layers
