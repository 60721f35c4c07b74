#!/usr/bin/env bash
# Candidate r16w: release 6 (run r13w) continued on adversarial rounds 1-12 and the pin set's train rows (weight 3), the drawn
# public rows held to release 6's own probabilities (soft weight 0.5), then averaged with release 6 (alpha 0.5) and imported.
# Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
INIT=.cache/runs/r13w/ft6u
[ -f .cache/pack_r16/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r16 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11,r12 --pins --pin-weight 3
[ -f .cache/pack_r16/self_soft_r13w.npz ] || $PY -m training.self_soft --pack .cache/pack_r16 --init $INIT \
    --sample 10000 --threads "${THREADS:-1}" --out .cache/pack_r16/self_soft_r13w.npz
[ -f .cache/runs/r16/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r16 --out .cache/runs/r16 \
    --init $INIT --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w \
    --soft .cache/pack_r16/self_soft_r13w.npz --soft-weight 0.5
[ -f .cache/runs/r16w/ft6u.npz ] || $PY -m training.interpolate_runs --start $INIT --tuned .cache/runs/r16/ft6u \
    --alpha 0.5 --out .cache/runs/r16w
[ -f .cache/models/r16w/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r16w --name ft6u \
    --pack .cache/pack_r16 --out .cache/models/r16w --report .cache/models/r16w_report.json
echo DONE
