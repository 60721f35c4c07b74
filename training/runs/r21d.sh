#!/usr/bin/env bash
# Candidate r21d: run r20d's recipe (release 8's fp32 weights, all six layers trained with the teacher at 0.7 of the loss,
# averaged with release 8 at alpha 0.5) with round 16 (written against release 8) joining rounds 14 and 15
# in the pack. Every step is skipped when its output exists, and finetune resumes
# from its checkpoint.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
INIT=.cache/runs/r19d/ft6u
SOFT=${SOFT:-.cache/teacher/soft.npz}
[ -f "$SOFT" ] || { echo "no teacher soft labels at $SOFT: run training.teacher.train and soft_labels first"; exit 2; }
[ -f $INIT.npz ] || { echo "no release 8 fp32 weights at $INIT: run training/runs/r19d.sh first"; exit 2; }
[ -f .cache/pack_r21/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r21 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11,r12,r13,r14,r15,r16 --pins --pin-weight 3
[ -f .cache/runs/r21/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r21 --out .cache/runs/r21 \
    --init $INIT --train-top 6 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w \
    --soft "$SOFT" --soft-weight 0.7 --checkpoint-seconds 300
[ -f .cache/runs/r21d/ft6u.npz ] || $PY -m training.interpolate_runs --start $INIT --tuned .cache/runs/r21/ft6u \
    --alpha 0.5 --out .cache/runs/r21d
[ -f .cache/models/r21d/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r21d --name ft6u \
    --pack .cache/pack_r21 --out .cache/models/r21d --report .cache/models/r21d_report.json
echo DONE
