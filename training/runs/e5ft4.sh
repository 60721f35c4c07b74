#!/usr/bin/env bash
# Multilingual e5ft4 (RECIPES, "Multilingual e5ft4"): e5ft3's recipe with the health round of every language in the
# rows, then everything its ship rule reads, release 2 scored beside it in the same tree. Every step is skipped when its
# output exists and training resumes from its checkpoint, so the same command goes on after a stop:
#   bash training/runs/e5ft4.sh                 # CPU: six top layers over the layer-6 cache
#   DEVICE=cuda bash training/runs/e5ft4.sh     # a lent GPU: the same recipe, no cache
set -euxo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-.venv-train/bin/python}
HS=$(dirname "$PY")/hatescope
RUN=.cache/e5ft/run4
OUT=.cache/eval/e5ft4
mkdir -p "$OUT" .cache/logs
# 1. train (the cache of layers 0-5 reuses e5ft3's: only the new rows' states are computed)
if [ ! -f $RUN/report.json ]; then
  $PY -m training.e5_finetune --out $RUN --train-top 6 --threads "${THREADS:-2}" --epochs 3 --device "${DEVICE:-cpu}" \
      --cache .cache/e5ft/cache_l6_r4 --reuse-cache .cache/e5ft/cache_l6 ${DEADLINE:+--deadline $DEADLINE} \
      || { echo "stopped before the end (deadline): run the same command to go on"; exit 3; }
fi
# 2. export as e5ft3 was, and the engine configs
[ -f .cache/models/multilingual_e5ft4/manifest.json ] || $PY -m training.e5_export --run $RUN \
    --out .cache/models/multilingual_e5ft4 --calibrate-hate public --fallback zh --check
config() {  # config NAME MODEL_DIR (empty: the packaged multilingual model)
  local params=""
  [ -n "$2" ] && params=", params = {model_dir = \"$(realpath "$2")\"}"
  printf 'detectors = ["hatescope.lexicon.v1", "hatescope.negated_praise.v1", "hatescope.classifier.v1",\n  {name = "hatescope.multilingual.v1"%s}]\n' "$params" > "$OUT/$1.toml"
}
config release2 ""
config e5ft4 .cache/models/multilingual_e5ft4
# 3. Hindi's scoring chosen on dev only (e5ft3h's rule): release 2's heads when their dev score is higher
[ -f $OUT/dev_choice_hi.json ] || $PY -m training.multilingual_dev_choice --language hi --set hasoc2019_hi \
    --before $OUT/release2.toml --after $OUT/e5ft4.toml > $OUT/dev_choice_hi.json
CAND=e5ft4
if $PY -c "import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))['keep_release_scoring'] else 1)" $OUT/dev_choice_hi.json
then
  CAND=e5ft4h
  [ -f .cache/models/multilingual_e5ft4h/manifest.json ] || $PY -m training.e5_export --run $RUN \
      --out .cache/models/multilingual_e5ft4h --calibrate-hate public --fallback zh hi --check
  config e5ft4h .cache/models/multilingual_e5ft4h
fi
echo "$CAND" > $OUT/candidate.txt
# 4. both engines on the languages suite, context in other languages, and the held-out pins
for name in release2 $CAND; do
  # the suite also rewrites the packaged language_support.json: put it back afterwards (git checkout) unless shipping
  [ -f $OUT/$name/languages.json ] || HATESCOPE_CONFIG=$OUT/$name.toml $HS eval --suite languages \
      --suite context_languages_sealed --out-dir $OUT/$name --report $OUT/$name/EVALUATION.md
  [ -f $OUT/$name/language_support.json ] || $PY -c "import json,sys; json.dump(json.load(open(sys.argv[1]))['metrics'], \
      open(sys.argv[2], 'w'), indent=1, ensure_ascii=False)" $OUT/$name/languages.json $OUT/$name/language_support.json
  [ -f $OUT/$name/pins.json ] || $PY -m training.language_pins flagged --config $OUT/$name.toml > $OUT/$name/pins.json
done
[ -f $OUT/noise.json ] || $PY -m training.public_set_noise --before $OUT/release2.toml --after $OUT/$CAND.toml \
    --sets hasoc2019_hi mlma_fr toxicn germeval2018 hateval_es osact4 l_hsab mlma_ar haspeede2 poleval2019 told_br \
    --resamples 2000 > $OUT/noise.json
echo "DONE: $CAND; compare with python -m training.multilingual_report --finetuned .cache/models/multilingual_$CAND ..."
