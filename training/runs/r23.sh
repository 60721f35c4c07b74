#!/usr/bin/env bash
# Run r23: r22 with round 18 (written against release 8, annotated this stop) joining rounds 1–17 in the pack: a new
# finetune from release 8's fp32 weights, then averaged with release 8 and imported, the averaging weight chosen on dev
# only as r22's was (alpha 0.5, then 0.35, then 0.2: the first whose identity sanity dev part flags no more sentences than
# release 8's). Every step is skipped when its output exists, and finetune resumes from its checkpoint.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
INIT=.cache/runs/r19d/ft6u
SOFT=${SOFT:-.cache/teacher/soft.npz}
[ -f "$SOFT" ] || { echo "no teacher soft labels at $SOFT: run training.teacher.train and soft_labels first"; exit 2; }
[ -f $INIT.npz ] || { echo "no release 8 fp32 weights at $INIT: run training/runs/r19d.sh first"; exit 2; }
[ -f .cache/pack_r23/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r23 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11,r12,r13,r14,r15,r16,r17,r18 --pins --pin-weight 3
[ -f .cache/runs/r23/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r23 --out .cache/runs/r23 \
    --init $INIT --train-top 6 --sample 10000 --epochs 1 --threads "${THREADS:-2}" --variants ft6u:6:1:w \
    --soft "$SOFT" --soft-weight 0.7 --checkpoint-seconds 300
source training/runs/guarded_average.sh
guarded_average r23 .cache/pack_r23
