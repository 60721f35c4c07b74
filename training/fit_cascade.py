"""Fit the classifier's cascade gate: which texts may skip the MiniLM encoder.

The gate is a logistic model on what the classifier's char pass computes anyway: its hashed char n-gram
features (:func:`hatescope.detect.char_ngrams.char_ngram_features`) and its char heads' raw logits
(:func:`gate_features`; nothing new to compute at run time, ~10 µs a unit on one core), trained
to predict whether the *full* model (encoder + heads) flags a text: scores a label that the packaged
default policy counts as hateful (hate, dehumanization, incitement) at or above that label's lowest
action threshold (``label``: 0.35, 0.35, 0.3), i.e. whether the full model could make the text hateful.
It learns the full model's behaviour, not the gold labels, so it can be sharp where the char n-gram
heads (fitted on gold labels) are vague. Its threshold is the largest one that keeps ``--recall``
(99.7%, for 99.5% or more on held-out texts) of the dev texts the full model flags going to the
encoder, and the file is written only when, with the manifest's char n-gram gate as well, at least
``--min-recall`` (99.5%) of the flagged dev *and* test units still reach the encoder.

What decides how much it can skip (release 5; threshold at 99.7% of the flagged dev units; share of the
realistic mix's units, docs/PERFORMANCE.md score-mixes, that still reaches the encoder): the amount of
training data, little else. Every unit of the ship datasets' train splits (73,790, ``--scale 5``) instead
of 16,000: 57% → 52%; with ``--positive-weight 1``: 50%. Nothing cheap added to the features helped on
the same data (51–53%, within the noise of the dev threshold): averaged wordllama static word vectors
(256-d), the char logits binned, the lexicon and negated-praise detectors' findings and the target
stage's group mentions; nor did other models of the same features: a hidden layer of 16–32 units
(46–54% from epoch to epoch), a regression on the full model's margin (52–54%). Bags of the encoder's
WordPiece tokens or of wordllama's tokens made it worse (65% and 62% on 16,000 units, against 57%),
gradient-boosted trees on the char logits and word vectors reached 51–53% there. Earlier: n-grams
alone (the format-1 gate) skipped 29% of held-out test units, with the char logits 36%; word bigrams and
length added nothing; counting every label the policy acts on (insult at 0.5 included) flags half the
units and leaves the gate ~10% to skip. Even the distilled 3-layer model (``--model fast``, half the
full model's cost) as the gate sends 60%, and an early exit inside the default encoder (a head on its first three
layers' pooled states) would send on 69% of the test units, 87% of those the gates pass (``benchmarks/early_exit.py``). The reason: the units a gate cannot let skip are the ones the
full model scores near a threshold (the innocent units it sends are a median 1.2 logits below one), and
a gate that knew the full model's own margin blurred by Gaussian noise of σ = 0.25 logits would still
send 23% of the realistic mix (σ = 0.5: 32%, σ = 1: 49%; the learned gate's error near a threshold is
about 0.7; ``benchmarks/cascade_ceiling.py``). Skipping much more needs a first pass nearly as good as
the encoder, not a cheaper feature.

Two steps; the first runs the full model on every text (~6 minutes on two cores with ``--scale 5``):

    python -m training.fit_cascade collect --model default --scale 5 --out .cache/cascade/default
    python -m training.fit_cascade fit --cache .cache/cascade/default --model default

``collect`` reads the "ship" datasets only (hatescope.evaluation.datasets.SHIP; their train, dev and test
splits), prepares each text as the engine does and stores the units the classifier scores, with the
full model's probabilities (``--scale 5``: every unit of each split; 1: 16,000 train, 4,000 dev and test
units, the first of the same shuffled order). ``fit`` trains on the train split, picks the threshold on
dev, reports recall and skipped share on dev and test, and writes ``cascade.npz`` into the model folder
if the recall bar holds (else it exits with status 1 and leaves the folder alone). The file records
the sha256 of the encoder and heads it was fitted against: a retrained model ignores a stale gate and
falls back to the char n-gram gate of its manifest until this is run again.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import numpy as np

SPLIT_SIZES = {"train": 16000, "dev": 4000, "test": 4000}
#: Far above float32's rounding of a score (~1e-6 of scores of order 10), far below the gaps between texts' scores.
THRESHOLD_ROUNDING = 1e-4


def _classifier(model: str, use_gate: bool = False):
    from hatescope.detect.classifier import ClassifierDetector

    det = ClassifierDetector(model=model, use_gate=use_gate, threads=1)
    det.load()
    return det


def collect(args: argparse.Namespace) -> None:
    from hatescope.detect.units import classifier_units
    from hatescope.device import one_thread_per_process
    from hatescope.engine import Engine
    from hatescope.evaluation import default_data_dir
    from hatescope.evaluation.datasets import SHIP, load_all
    from hatescope.ingest.language import document_is_english

    one_thread_per_process()
    engine = Engine()
    det = _classifier(args.model)
    examples = load_all(default_data_dir(), SHIP)
    args.out.mkdir(parents=True, exist_ok=True)
    for split, size in SPLIT_SIZES.items():
        pool = [ex for ex in examples if ex.split == split]
        random.Random(args.seed).shuffle(pool)
        units: list[str] = []
        sources: list[str] = []
        started = time.perf_counter()
        for ex in pool:
            if len(units) >= size * args.scale:
                break
            doc = engine.prepare(ex.text)
            if not document_is_english(doc):
                continue  # the English classifier sits out: nothing for its gate to decide
            for a, b in classifier_units(doc):
                units.append(doc.text[a:b])
                sources.append(ex.source)
        probs = np.concatenate([det.predict_proba(units[s : s + 256], gate=False) for s in range(0, len(units), 256)])
        char = det.char_logits(units)
        np.savez_compressed(args.out / f"{split}.npz", probs=probs, char_logits=char)
        with (args.out / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for text, source in zip(units, sources):
                fh.write(json.dumps({"text": text, "source": source}, ensure_ascii=False) + "\n")
        print(f"{split}: {len(units)} units in {time.perf_counter() - started:.0f}s", flush=True)


def gate_features(texts: list[str], char_logits: np.ndarray, dim: int):
    """The gate's design matrix: the classifier's char n-gram features (built as its char pass builds them)
    beside its char heads' raw logits, so that ``matrix @ [weights, logit_weights]`` is the score the
    classifier computes at run time (tests/test_cascade.py checks that the two agree)."""
    from scipy.sparse import csr_matrix, hstack

    from training.train import char_matrix

    return hstack([char_matrix(texts, dim), csr_matrix(np.asarray(char_logits, np.float32))]).tocsr()


def flag_thresholds(labels: tuple[str, ...]) -> np.ndarray:
    """Per label of the model: the packaged default policy's lowest action threshold where the policy counts
    the label as hateful, else infinity (the label does not flag)."""
    from hatescope.policy import resolve_policy

    rules = resolve_policy(None).labels
    return np.array([rules[name].label if name in rules and rules[name].hateful else np.inf for name in labels])


def _load(cache: Path, split: str, thresholds: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    texts = [json.loads(line)["text"] for line in (cache / f"{split}.jsonl").open(encoding="utf-8")]
    with np.load(cache / f"{split}.npz") as z:
        return texts, (z["probs"] >= thresholds).any(axis=1), z["char_logits"]


def threshold_for(scores: np.ndarray, flagged: np.ndarray, recall: float) -> float:
    """The largest threshold that keeps ``recall`` of the flagged texts at or above it, less a margin for
    rounding: the run time sums the score in float32, which can put the very text that set the threshold
    (or its duplicates) a hair below it."""
    ranked = np.sort(scores[flagged])
    lost = int(np.floor((1.0 - recall) * len(ranked)))  # flagged texts allowed below the threshold
    return float(ranked[lost]) - THRESHOLD_ROUNDING if len(ranked) else float("inf")


def char_only_score(det, char_logits: np.ndarray) -> np.ndarray:
    """Each text's highest calibrated char-only probability: what the manifest's char n-gram gate compares."""
    h = det._heads  # noqa: SLF001 - the gate is fitted inside the classifier's own feature space
    return (1.0 / (1.0 + np.exp(-(char_logits * h.char_cal[:, 0] + h.char_cal[:, 1])))).max(axis=1)


def char_gate_passes(det, char_logits: np.ndarray) -> np.ndarray:
    """Which texts pass the manifest's char n-gram gate (the classifier asks both gates at run time)."""
    return char_only_score(det, char_logits) >= det._heads.gate  # noqa: SLF001


def char_gate_for(det, char_logits: np.ndarray, flagged: np.ndarray, keep: float) -> float:
    """The largest char-only score that lets ``keep`` of the flagged units through (the import chose the shipped one at
    0.99 of its dev rows; a cascade behind it needs the two together to keep 99.5%)."""
    scores = char_only_score(det, char_logits)[flagged]
    return float(np.quantile(scores, 1 - keep, method="lower")) if len(scores) else 0.0


def fit_gate(x_train, flagged: np.ndarray, *, c: float, positive_weight: float, seed: int) -> tuple[np.ndarray, float]:
    """The gate's weights over :func:`gate_features` and its bias: a logistic model of whether the full model
    flags a text (liblinear, so the fit is reproducible)."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, class_weight={False: 1.0, True: positive_weight}, max_iter=3000, solver="liblinear",
                             random_state=seed)
    clf.fit(x_train, flagged)
    return clf.coef_[0].astype(np.float32), float(clf.intercept_[0])


def fit(args: argparse.Namespace) -> None:
    from hatescope.detect.artifacts import read_manifest
    from hatescope.detect.cascade import CASCADE_FILE, CASCADE_FORMAT, fitted_against
    from hatescope.detect.classifier import packaged_model

    det = _classifier(args.model)
    model_dir = packaged_model(args.model)
    dim = det._heads.dim  # noqa: SLF001 - the gate reads the classifier's own feature space
    thresholds = flag_thresholds(det.labels)
    data = {s: _load(args.cache, s, thresholds) for s in SPLIT_SIZES}
    x = {s: gate_features(texts, logits, dim) for s, (texts, _, logits) in data.items()}
    y_train = data["train"][1]
    coef, b = fit_gate(x["train"], y_train, c=args.c, positive_weight=args.positive_weight, seed=args.seed)
    report: dict[str, object] = {"flag_thresholds": {label: float(t) for label, t in zip(det.labels, thresholds) if np.isfinite(t)},
                                 "recall_target": args.recall, "train_units": len(y_train),
                                 "train_flagged": round(float(y_train.mean()), 4), "features": "char n-grams + char logits",
                                 "c": args.c, "positive_weight": args.positive_weight, "seed": args.seed,
                                 "min_recall": args.min_recall}
    keep = getattr(args, "char_gate_keep", None)
    if keep:  # the char gate chosen anew so that this share of the flagged dev units passes it
        det._heads.gate = char_gate_for(det, data["dev"][2], data["dev"][1], keep)  # noqa: SLF001
        report["char_gate"] = {"keep": keep, "gate": det._heads.gate}  # noqa: SLF001
    scores = {s: x[s] @ coef + b for s in ("dev", "test")}
    threshold = threshold_for(scores["dev"], data["dev"][1], args.recall)
    reached: dict[str, float] = {}  # share of the flagged units that reach the encoder at run time
    for s in ("dev", "test"):
        flagged = data[s][1]
        sent = scores[s] >= threshold
        both = sent & char_gate_passes(det, data[s][2])  # what reaches the encoder at run time
        reached[s] = float(both[flagged].mean())
        report[s] = {"units": len(flagged), "flagged": int(flagged.sum()),
                     "recall": round(float(sent[flagged].mean()), 4), "skipped": round(float(1 - sent.mean()), 4),
                     "with_char_gate": {"recall": round(float(both[flagged].mean()), 4),
                                        "skipped": round(float(1 - both.mean()), 4)}}
    print(json.dumps({"threshold": threshold, **report}, indent=1))
    short = [s for s, share in reached.items() if share < args.min_recall]
    if short:
        raise SystemExit(f"not written: fewer than {args.min_recall:.1%} of the flagged {' and '.join(short)} units "
                         f"reach the encoder; {model_dir / CASCADE_FILE} is unchanged")
    manifest = read_manifest(model_dir, "classifier model")
    if keep:
        manifest["gate"] = det._heads.gate  # noqa: SLF001
        (model_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    np.savez_compressed(model_dir / CASCADE_FILE, format=np.int32(CASCADE_FORMAT), weights=coef[:dim],
                        logit_weights=coef[dim:], bias=np.float32(b), threshold=np.float32(threshold),
                        fitted_against=json.dumps(fitted_against(manifest)), report=json.dumps(report))
    print(f"wrote {model_dir / CASCADE_FILE}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="step", required=True)
    c = sub.add_parser("collect", help="run the full model on ship datasets' units")
    c.add_argument("--model", default="default")
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--seed", type=int, default=0)
    c.add_argument("--scale", type=float, default=1.0,
                   help="multiple of the default split sizes (16,000 / 4,000 / 4,000 units); 5: every unit")
    f = sub.add_parser("fit", help="train the gate and write cascade.npz into the model folder")
    f.add_argument("--model", default="default")
    f.add_argument("--cache", type=Path, required=True)
    f.add_argument("--recall", type=float, default=0.997,
                   help="share of dev texts the full model flags kept (0.997: 99.5%% or more on held-out texts)")
    f.add_argument("--c", type=float, default=3.0, help="inverse regularisation strength")
    f.add_argument("--min-recall", type=float, default=0.995,
                   help="write the gate only if this share of the flagged dev and test units reach the encoder")
    f.add_argument("--char-gate-keep", type=float, default=None,
                   help="also choose the manifest's char gate anew: the share of flagged dev units it lets through")
    f.add_argument("--positive-weight", type=float, default=1.0, help="class weight of flagged texts")
    f.add_argument("--seed", type=int, default=0, help="liblinear's seed (the fit is reproducible)")
    args = ap.parse_args()
    collect(args) if args.step == "collect" else fit(args)


if __name__ == "__main__":
    main()
