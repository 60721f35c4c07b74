#!/usr/bin/env bash
# Candidate multilingual_r6: r4's command, verbatim, plus the English pin set's train rows (--english-pins) and the
# identity round (round 3, round 4 for it/nl: read automatically once annotated). Only the new texts are embedded;
# the rest come from r4's cache (.cache/embeddings).
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
OUT=${OUT:-.cache/models/multilingual_r6}
OMP_NUM_THREADS=${BLAS_THREADS:-2} OPENBLAS_NUM_THREADS=${BLAS_THREADS:-2} $PY -m training.train_multilingual --threads "${THREADS:-2}" \
  --english 24000 --contrastive 6000 --english-inhouse 4000 \
  --english-rounds r1 r2 r3 r4 r5 r6 r7 r8 r9 r10 r11 r12 --english-pins \
  --cap 6000 --public-dev 1000 --calibrate-hate public --dev-public-measure macro_f1 --dev-weighting public_half \
  --inhouse-weight 3 6 --public-weight 1 3 --hate-prior 0.2 0.3 0.4 \
  --out "$OUT" --report "$OUT.json" ${AVERAGE:+--average-with src/hatescope/data/models/multilingual_v1 --average-share 0.5}
echo DONE
