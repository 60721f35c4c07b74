#!/usr/bin/env bash
# Candidate r15w: release 6 (run r13w) continued on adversarial rounds 1-11 and the pin set's train rows (weight 3), the drawn
# public rows held to release 6's own probabilities (soft weight 0.5), then averaged with release 6 (alpha 0.5) and imported.
# Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
INIT=.cache/runs/r13w/ft6u
[ -f .cache/pack_r14/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r14 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11 --pins --pin-weight 3
[ -f .cache/pack_r14/self_soft_r13w.npz ] || $PY -m training.self_soft --pack .cache/pack_r14 --init $INIT \
    --sample 10000 --threads "${THREADS:-1}" --out .cache/pack_r14/self_soft_r13w.npz
[ -f .cache/runs/r15/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r14 --out .cache/runs/r15 \
    --init $INIT --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w \
    --soft .cache/pack_r14/self_soft_r13w.npz --soft-weight 0.5
[ -f .cache/runs/r15w/ft6u.npz ] || $PY -m training.interpolate_runs --start $INIT --tuned .cache/runs/r15/ft6u \
    --alpha 0.5 --out .cache/runs/r15w
[ -f .cache/models/r15w/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r15w --name ft6u \
    --pack .cache/pack_r14 --out .cache/models/r15w --report .cache/models/r15w_report.json
echo DONE
