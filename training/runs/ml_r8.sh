#!/usr/bin/env bash
# Candidate multilingual_r8: r7's command unchanged (r6w's rows and grid, the English pins, every annotated in-house round,
# averaged half and half with release 1); the new data is round 5, the plain-hate round in 14 languages
# (briefs/lang/plain-r5.md), read because it is annotated. Then, per r8's rule (training/RECIPES.md), the languages named in
# FALLBACK (decided from the first measurement, e.g. FALLBACK="zh") get release 1's heads in the assembled folder.
set -euxo pipefail
cd "$(dirname "$0")"
AVERAGE=1 OUT=.cache/models/multilingual_r8 bash ./ml_r6.sh
cd ../..
if [ -n "${FALLBACK:-}" ]; then
  ${PY:-.venv/bin/python} -m training.multilingual_fallback --candidate .cache/models/multilingual_r8 \
    --fallback src/hatescope/data/models/multilingual_v1 --languages $FALLBACK --out .cache/models/multilingual_r8f
fi
echo DONE
