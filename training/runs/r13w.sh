#!/usr/bin/env bash
# Candidate r13w: r12w's recipe (release 5 = run r7 continued on adversarial rounds 1-10, the drawn public rows held to
# release 5's probabilities, then averaged with release 5, alpha 0.5) plus the pin set's train rows (weight 3) held at
# "not hateful". Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
INIT=.cache/runs/r7/ft6u
[ -f .cache/pack_r13/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r13 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9,r10 --pins --pin-weight 3
[ -f .cache/pack_r13/self_soft.npz ] || $PY -m training.self_soft --pack .cache/pack_r13 --init $INIT \
    --sample 10000 --threads "${THREADS:-1}" --out .cache/pack_r13/self_soft.npz
[ -f .cache/runs/r13/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r13 --out .cache/runs/r13 \
    --init $INIT --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w \
    --soft .cache/pack_r13/self_soft.npz --soft-weight 0.5
[ -f .cache/runs/r13w/ft6u.npz ] || $PY -m training.interpolate_runs --start $INIT --tuned .cache/runs/r13/ft6u \
    --alpha 0.5 --out .cache/runs/r13w
[ -f .cache/models/r13w/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r13w --name ft6u \
    --pack .cache/pack_r13 --out .cache/models/r13w --report .cache/models/r13w_report.json
echo DONE
