#!/usr/bin/env bash
# Candidate multilingual_r4: release 1's English rows (24,000 ship-licensed + 6,000 contrastive) and every training
# row of each public set in another language (cap 6,000: all of GermEval 2018), with r3's additions (in-house rounds
# of 14 languages, English adversarial rounds 1-12, public calibration of `hate` with a prior chosen on dev) and a dev
# score whose public term weighs as much as the two written terms together. Resumable: embeddings are cached as they
# are computed (.cache/embeddings), so a rerun after a kill embeds only what is missing.
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv/bin/python}
OMP_NUM_THREADS=${BLAS_THREADS:-2} OPENBLAS_NUM_THREADS=${BLAS_THREADS:-2} $PY -m training.train_multilingual --threads "${THREADS:-2}" \
  --english 24000 --contrastive 6000 --english-inhouse 4000 \
  --english-rounds r1 r2 r3 r4 r5 r6 r7 r8 r9 r10 r11 r12 \
  --cap 6000 --public-dev 1000 --calibrate-hate public --dev-public-measure macro_f1 --dev-weighting public_half \
  --inhouse-weight 3 6 --public-weight 1 3 --hate-prior 0.2 0.3 0.4 \
  --out .cache/models/multilingual_r4 --report .cache/models/multilingual_r4.json
echo DONE
