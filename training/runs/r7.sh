#!/usr/bin/env bash
# Candidate r7: release 4 (run r5) continued with adversarial rounds 1-5 (train splits).
# Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
[ -f .cache/pack_r7/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r7 --adversarial-rounds r1,r2,r3,r4,r5
[ -f .cache/runs/r7/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r7 --out .cache/runs/r7 \
    --init .cache/runs/r5/ft6s --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w
[ -f .cache/models/r7/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r7 --name ft6u \
    --pack .cache/pack_r7 --out .cache/models/r7 --report .cache/models/r7_report.json
echo DONE
