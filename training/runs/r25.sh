#!/usr/bin/env bash
# Run r25 (RECIPES, "Run r25"): r24's recipe with round 20 in the pack, built from a fresh clone — nothing of an earlier
# stop's .cache is needed. The teacher is trained again (its pack holds every annotated round's train and dev rows), release
# 8's weights are recovered from the shipped ONNX file, then r24's finetune and guarded average. Every step is skipped
# when its output exists, and each long step resumes from its checkpoint: rerun the same command to go on.
#   THREADS=2 DEADLINE=3000 bash training/runs/r25.sh     # CPU: about three hours on two free cores, in pieces
set -euxo pipefail
cd "$(dirname "$0")/../.."
export PY=${PY:-.venv-train/bin/python}
T=.cache/teacher
# 1. the teacher (training/teacher/README.md): base weights, pack, layer-10 cache and top layers on the CPU, soft labels
[ -f $T/all-mpnet-base-v2/config.json ] || $PY -m training.teacher.fetch
[ -f $T/pack.npz ] || $PY -m training.teacher.pack --pins
# train exits 0 when its deadline stops it, so the trained file is what says it finished
[ -f $T/run/teacher.safetensors ] || $PY -m training.teacher.train --epochs 1 --threads "${THREADS:-2}" ${DEADLINE:+--deadline $DEADLINE}
[ -f $T/run/teacher.safetensors ] || { echo "teacher stopped at its deadline: run the same command to go on"; exit 3; }
[ -f $T/soft.npz ] || $PY -m training.teacher.soft_labels --cache $T/cache_k10
# 2. release 8 as it ships: its folder, and its weights read back from encoder.onnx as a run to continue
export RELEASE8=.cache/models/release8_shipped INIT=.cache/runs/release8/shipped
[ -f $RELEASE8/manifest.json ] || { mkdir -p .cache/models; cp -r src/hatescope/data/models/classifier_v1 $RELEASE8; }
[ -f $INIT.npz ] || $PY -m training.recover_weights --out .cache/runs/release8 --check 200
# 3. r24's recipe on rounds 1-20
source training/runs/guarded_average.sh
finetune_from_release8 r25 r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11,r12,r13,r14,r15,r16,r17,r18,r19,r20
guarded_average r25 .cache/pack_r25
