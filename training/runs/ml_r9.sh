#!/usr/bin/env bash
# Candidate multilingual_r9: r8's command (r6w's rows and grid, the English pins, every annotated in-house round, averaged
# half and half with release 1) plus the pin set in other languages (--language-pins: training/data/pins/lang, train split).
# Then, per r8's rule (training/RECIPES.md, kept for r9), the languages named in FALLBACK get release 1's heads.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
OUT=${OUT:-.cache/models/multilingual_r9}
[ -f "$OUT/manifest.json" ] || OMP_NUM_THREADS=${BLAS_THREADS:-2} OPENBLAS_NUM_THREADS=${BLAS_THREADS:-2} $PY -m training.train_multilingual --threads "${THREADS:-2}" \
  --english 24000 --contrastive 6000 --english-inhouse 4000 \
  --english-rounds r1 r2 r3 r4 r5 r6 r7 r8 r9 r10 r11 r12 --english-pins --language-pins \
  --cap 6000 --public-dev 1000 --calibrate-hate public --dev-public-measure macro_f1 --dev-weighting public_half \
  --inhouse-weight 3 6 --public-weight 1 3 --hate-prior 0.2 0.3 0.4 \
  --out "$OUT" --report "$OUT.json" --average-with src/hatescope/data/models/multilingual_v1 --average-share 0.5
if [ -n "${FALLBACK:-}" ]; then
  $PY -m training.multilingual_fallback --candidate "$OUT" \
    --fallback src/hatescope/data/models/multilingual_v1 --languages $FALLBACK --out "${OUT}f"
fi
echo DONE
