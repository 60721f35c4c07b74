#!/usr/bin/env bash
# Candidate r11w: the weight-space average (WiSE-FT, alpha 0.5) of release 5 (run r7) and run r11, imported like a run.
# Needs .cache/runs/r11/ft6u (bash training/runs/r11.sh). Every step is skipped when its output exists.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
[ -f .cache/runs/r11w/ft6u.npz ] || $PY -m training.interpolate_runs --start .cache/runs/r7/ft6u \
    --tuned .cache/runs/r11/ft6u --alpha 0.5 --out .cache/runs/r11w
[ -f .cache/models/r11w/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/r11w --name ft6u \
    --pack .cache/pack_r11 --out .cache/models/r11w --report .cache/models/r11w_report.json
echo DONE
