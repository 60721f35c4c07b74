#!/usr/bin/env bash
# Candidate r5: r4 (release 3 continued on round 1) continued with adversarial rounds 1 and 2 (train splits).
# Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
[ -f .cache/pack_r5/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r5 --adversarial-rounds r1,r2
[ -f .cache/runs/r5/ft6s.npz ] || $PY -m training.finetune --pack .cache/pack_r5 --out .cache/runs/r5 \
    --init .cache/runs/r4/ft6r --train-top 3 --sample 10000 --epochs 2 --threads "${THREADS:-1}" --variants ft6s:6:1:w
[ -f .cache/models/r5/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r5 --name ft6s \
    --pack .cache/pack_r5 --out .cache/models/r5 --report .cache/models/r5_report.json
echo DONE
