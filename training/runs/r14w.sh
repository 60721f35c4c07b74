#!/usr/bin/env bash
# Candidate r14w: release 6's recipe (r13w) with round 11 added: release 5 (run r7) continued on adversarial rounds 1-11 and
# the pin set's train rows (weight 3), the drawn public rows held to release 5's probabilities, then averaged with release 5
# (alpha 0.5). Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
INIT=.cache/runs/r7/ft6u
[ -f .cache/pack_r14/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r14 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11 --pins --pin-weight 3
[ -f .cache/pack_r14/self_soft.npz ] || $PY -m training.self_soft --pack .cache/pack_r14 --init $INIT \
    --sample 10000 --threads "${THREADS:-1}" --out .cache/pack_r14/self_soft.npz
[ -f .cache/runs/r14/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r14 --out .cache/runs/r14 \
    --init $INIT --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w \
    --soft .cache/pack_r14/self_soft.npz --soft-weight 0.5
[ -f .cache/runs/r14w/ft6u.npz ] || $PY -m training.interpolate_runs --start $INIT --tuned .cache/runs/r14/ft6u \
    --alpha 0.5 --out .cache/runs/r14w
[ -f .cache/models/r14w/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r14w --name ft6u \
    --pack .cache/pack_r14 --out .cache/models/r14w --report .cache/models/r14w_report.json
echo DONE
