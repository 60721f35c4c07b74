#!/usr/bin/env bash
# Candidate r17d: release 6 distilled from the teacher. r16w's recipe (release 6 continued on adversarial rounds 1-12 and
# the pin set's train rows, weight 3; top 3 layers, 10k public rows + every in-house row, one epoch; averaged with release 6,
# alpha 0.5) with one change: the soft targets are the fine-tuned teacher's probabilities (.cache/teacher/soft.npz, every
# train row) instead of release 6's own. Release 6's weights come back from its ONNX file (no fp32 copy is kept).
# Every step is skipped when its output exists, and finetune resumes from its checkpoint: rerun after any stop.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
INIT=.cache/runs/release6/shipped
SOFT=${SOFT:-.cache/teacher/soft.npz}
[ -f "$SOFT" ] || { echo "no teacher soft labels at $SOFT: run training.teacher.train and soft_labels first"; exit 2; }
[ -f $INIT.npz ] || $PY -m training.recover_weights --out .cache/runs/release6 --check 200
[ -f .cache/pack_r16/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_r16 \
    --adversarial-rounds r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11,r12 --pins --pin-weight 3
[ -f .cache/runs/r17/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_r16 --out .cache/runs/r17 \
    --init $INIT --train-top 3 --sample 10000 --epochs 1 --threads "${THREADS:-1}" --variants ft6u:6:1:w \
    --soft "$SOFT" --soft-weight 0.5
[ -f .cache/runs/r17d/ft6u.npz ] || $PY -m training.interpolate_runs --start $INIT --tuned .cache/runs/r17/ft6u \
    --alpha 0.5 --out .cache/runs/r17d
[ -f .cache/models/r17d/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r17d --name ft6u \
    --pack .cache/pack_r16 --out .cache/models/r17d --report .cache/models/r17d_report.json
echo DONE
