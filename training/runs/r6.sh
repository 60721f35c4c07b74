#!/usr/bin/env bash
# Candidate r6: release 4 (run r5) continued with adversarial rounds 1-4 (train splits).
# Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
[ -f .cache/pack_r6/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r6 --adversarial-rounds r1,r2,r3,r4
[ -f .cache/runs/r6/ft6t.npz ] || $PY -m training.finetune --pack .cache/pack_r6 --out .cache/runs/r6 \
    --init .cache/runs/r5/ft6s --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6t:6:1:w
[ -f .cache/models/r6/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r6 --name ft6t \
    --pack .cache/pack_r6 --out .cache/models/r6 --report .cache/models/r6_report.json
echo DONE
