#!/usr/bin/env bash
# Candidate r9: release 5 (run r7) continued with adversarial rounds 1-7 (train splits), their non-hateful rows weighted 3
# (hateful 2). Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
[ -f .cache/pack_r9/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r9 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7 --adversarial-innocent-weight 3
[ -f .cache/runs/r9/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r9 --out .cache/runs/r9 \
    --init .cache/runs/r7/ft6u --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w
[ -f .cache/models/r9/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r9 --name ft6u \
    --pack .cache/pack_r9 --out .cache/models/r9 --report .cache/models/r9_report.json
echo DONE
