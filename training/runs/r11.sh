#!/usr/bin/env bash
# Candidate r11: release 5 (run r7) continued with adversarial rounds 1-9 (train splits), the public rows it draws held
# to release 5's own probabilities (training.self_soft, soft weight 0.5). Every step is skipped when its output exists,
# and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
INIT=.cache/runs/r7/ft6u
[ -f .cache/pack_r11/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r11 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9
[ -f .cache/pack_r11/self_soft.npz ] || $PY -m training.self_soft --pack .cache/pack_r11 --init $INIT \
    --sample 10000 --threads "${THREADS:-1}" --out .cache/pack_r11/self_soft.npz
[ -f .cache/runs/r11/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r11 --out .cache/runs/r11 \
    --init $INIT --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w \
    --soft .cache/pack_r11/self_soft.npz --soft-weight 0.5
[ -f .cache/models/r11/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r11 --name ft6u \
    --pack .cache/pack_r11 --out .cache/models/r11 --report .cache/models/r11_report.json
echo DONE
