#!/usr/bin/env bash
# Candidate fast release 3: the 3-layer student distilled again, now from classifier release 7 (itself distilled from the
# mpnet teacher) on the same pack as release 7 (rounds 1-12, the pins, 10,000 public rows... every training row here):
# teacher layers 0, 2, 4 to start, cosine loss on the pooled embedding + soft-target BCE on the head's logits + the labels.
# Every step is skipped when its output exists.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
TEACHER=.cache/runs/r17d/ft6u
[ -f $TEACHER.npz ] || { echo "no release 7 fp32 weights at $TEACHER: run training/runs/r17d.sh first"; exit 2; }
[ -f .cache/runs/fast3/st3.npz ] || $PY -m training.distill --pack .cache/pack_r16 --teacher $TEACHER \
    --out .cache/runs/fast3 --name st3 --layers 0,2,4 --epochs 2 --threads "${THREADS:-2}"
[ -f .cache/models/fast3/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/fast3 --name st3 \
    --pack .cache/pack_r16 --out .cache/models/fast3 --report .cache/models/fast3_report.json
echo DONE
