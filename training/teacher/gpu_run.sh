#!/usr/bin/env bash
# Device side of the teacher's GPU run (plan and call sequence: training/teacher/README.md).
# Run from the repository root of the machine's copy of the working tree.
#
#   training/teacher/gpu_run.sh stash   # a call that carried .cache/teacher/gpu/weights.partN: keep it under /tmp
#   training/teacher/gpu_run.sh run     # the last call: stash, join and check the parts, fine-tune, soft-label,
#                                       # evaluate; only soft.npz, eval.json, train.json and the logs go to $OUT
#
# Rerunning `run` on the same warm machine continues training from its last checkpoint (the run folder is
# under /tmp, outside the copied tree). Environment: OUT (default /tmp/teacher-out), TEACHER_STORE
# (/tmp/hatescope-teacher), PACK (.cache/teacher/pack.npz), BUDGET_S (training estimate to fit, 360),
# DEADLINE_S (stop cleanly at a checkpoint after this many seconds, 480), TRAIN_ARGS (extra train flags).
set -euo pipefail

STORE=${TEACHER_STORE:-/tmp/hatescope-teacher}
SRC=.cache/teacher/gpu
PACK=${PACK:-.cache/teacher/pack.npz}
OUT=${OUT:-/tmp/teacher-out}
PY=${PYTHON:-python3}
export PYTHONUNBUFFERED=1
mkdir -p "$STORE/parts" "$OUT"

stash() {
  shopt -s nullglob
  for f in "$SRC"/weights.part* "$SRC"/manifest.json "$SRC"/config.json; do
    cp "$f" "$STORE/parts/"
  done
  ls -l "$STORE/parts"
}

join_parts() {
  # Joins the parts once, checking each part's and the whole file's sha256 against manifest.json.
  "$PY" - "$STORE" <<'EOF'
import hashlib, json, shutil, sys
from pathlib import Path

store = Path(sys.argv[1])
parts, model = store / "parts", store / "model"
manifest = json.loads((parts / "manifest.json").read_text())
target = model / manifest["file"]
if target.exists() and target.stat().st_size == manifest["bytes"]:
    print(f"{target}: already joined")
    sys.exit(0)
missing = [p["name"] for p in manifest["parts"] if not (parts / p["name"]).exists()]
if missing:
    sys.exit(f"parts not yet on this machine: {missing} (carry them and run `gpu_run.sh stash` first)")
model.mkdir(parents=True, exist_ok=True)
whole = hashlib.sha256()
with open(target.with_suffix(".tmp"), "wb") as sink:
    for p in manifest["parts"]:
        data = (parts / p["name"]).read_bytes()
        if hashlib.sha256(data).hexdigest() != p["sha256"]:
            sys.exit(f"{p['name']}: sha256 does not match the manifest")
        whole.update(data)
        sink.write(data)
if whole.hexdigest() != manifest["sha256"]:
    sys.exit("joined weights: sha256 does not match the manifest")
target.with_suffix(".tmp").rename(target)
shutil.copy(parts / "config.json", model / "config.json")
print(f"{target}: {manifest['bytes']} bytes from {len(manifest['parts'])} parts, sha256 ok")
EOF
}

run() {
  stash
  join_parts
  nvidia-smi --query-gpu=name,memory.total --format=csv,noheader || true
  # shellcheck disable=SC2086  # TRAIN_ARGS is a list of flags
  "$PY" -m training.teacher.train --pack "$PACK" --teacher "$STORE/model" --out "$STORE/run" \
    --cache "$STORE/cache" --threads 8 --ckpt-every 1000 --budget-s "${BUDGET_S:-360}" \
    --deadline "${DEADLINE_S:-480}" ${TRAIN_ARGS:-} 2>&1 | tee -a "$OUT/train.log"
  if [ ! -f "$STORE/run/teacher.safetensors" ]; then
    echo "training stopped before the end; run \`gpu_run.sh run\` again on this machine to continue"
    exit 3
  fi
  "$PY" -m training.teacher.soft_labels --run "$STORE/run" --pack "$PACK" --teacher "$STORE/model" \
    --out "$OUT/soft.npz" 2>&1 | tee "$OUT/soft.log"
  "$PY" -m training.teacher.evaluate --run "$STORE/run" --pack "$PACK" --teacher "$STORE/model" 2>&1 | tee "$OUT/eval.txt"
  cp "$STORE/run/eval.json" "$STORE/run/train.json" "$OUT/"
  ls -l "$OUT"
}

case "${1:-}" in
  stash) stash ;;
  run) run ;;
  *) echo "usage: $0 stash|run" >&2; exit 2 ;;
esac
