#!/usr/bin/env bash
# Candidate multilingual_r10: r9's command unchanged — so it reads every annotated in-house round, now with the functional
# round (r5 or r6 of each language, writers w70–w76) — averaged half and half with release 1's heads (a copy kept in
# .cache/models/multilingual_rel1, so the shipped folder may change meanwhile). FALLBACK names languages that keep them.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
OUT=${OUT:-.cache/models/multilingual_r10}
[ -f "$OUT/manifest.json" ] || OMP_NUM_THREADS=${BLAS_THREADS:-2} OPENBLAS_NUM_THREADS=${BLAS_THREADS:-2} $PY -m training.train_multilingual --threads "${THREADS:-2}" \
  --english 24000 --contrastive 6000 --english-inhouse 4000 \
  --english-rounds r1 r2 r3 r4 r5 r6 r7 r8 r9 r10 r11 r12 --english-pins --language-pins \
  --cap 6000 --public-dev 1000 --calibrate-hate public --dev-public-measure macro_f1 --dev-weighting public_half \
  --inhouse-weight 3 6 --public-weight 1 3 --hate-prior 0.2 0.3 0.4 \
  --out "$OUT" --report "$OUT.json" --average-with "${AVERAGE_WITH:-.cache/models/multilingual_rel1}" --average-share 0.5
if [ -n "${FALLBACK:-}" ]; then
  $PY -m training.multilingual_fallback --candidate "$OUT" \
    --fallback "${AVERAGE_WITH:-.cache/models/multilingual_rel1}" --languages $FALLBACK --out "${OUT}f"
fi
echo DONE
