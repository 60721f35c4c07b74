#!/usr/bin/env bash
# Candidate r18d: release 7 distilled further from the same teacher. r17d's recipe with two changes: it starts from release 7
# (run r17d's averaged fp32 weights, the ones release 7's ONNX was exported from) and trains all six layers, not the top three,
# with the teacher's share of the loss at 0.7 (r17d: 0.5), so that more of the student can move towards the teacher; then
# averaged with release 7, alpha 0.5. Every step is skipped when its output exists, and finetune resumes from its checkpoint.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
INIT=.cache/runs/r17d/ft6u
SOFT=${SOFT:-.cache/teacher/soft.npz}
[ -f "$SOFT" ] || { echo "no teacher soft labels at $SOFT: run training.teacher.train and soft_labels first"; exit 2; }
[ -f $INIT.npz ] || { echo "no release 7 fp32 weights at $INIT: run training/runs/r17d.sh first"; exit 2; }
[ -f .cache/pack_r16/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r16 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11,r12 --pins --pin-weight 3
[ -f .cache/runs/r18/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r16 --out .cache/runs/r18 \
    --init $INIT --train-top 6 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w \
    --soft "$SOFT" --soft-weight 0.7 --checkpoint-seconds 300
[ -f .cache/runs/r18d/ft6u.npz ] || $PY -m training.interpolate_runs --start $INIT --tuned .cache/runs/r18/ft6u \
    --alpha 0.5 --out .cache/runs/r18d
[ -f .cache/models/r18d/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r18d --name ft6u \
    --pack .cache/pack_r16 --out .cache/models/r18d --report .cache/models/r18d_report.json
echo DONE
