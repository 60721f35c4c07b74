#!/usr/bin/env bash
# Candidate multilingual_r6w, only if r6 fails its rule: r6's rows and grid, the trained heads then averaged half and
# half with the shipped heads (release 1), as r5 was r4 (training/multilingual_average.py). Embeddings from r6's cache.
set -euxo pipefail
cd "$(dirname "$0")"
AVERAGE=1 OUT=.cache/models/multilingual_r6w bash ./ml_r6.sh
