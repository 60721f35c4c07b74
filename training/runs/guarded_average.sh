# Sourced by run scripts (r22, r23), from the repository root: the steps of a candidate built on release 8.
#   finetune_from_release8 RUN_NAME ROUNDS  pack the rounds (comma-separated) and the pins, fine-tune all six layers from
#                                          release 8's fp32 weights with the teacher's soft labels (r20d's recipe)
#   guarded_average RUN_NAME PACK_DIR       average the run with release 8 and import it, the averaging weight chosen on
#                                          dev only — alpha 0.5, then 0.35, then 0.2, the first whose identity sanity dev
#                                          part flags no more sentences than release 8's does (RECIPES, "Run r22")
# Every step is skipped when its output exists, and finetune resumes from its checkpoint. PY, SOFT, THREADS, RELEASE8, INIT
# may be set in the environment.
PY=${PY:-.venv/bin/python}
INIT=${INIT:-.cache/runs/r19d/ft6u}
SOFT=${SOFT:-.cache/teacher/soft.npz}
RELEASE8=${RELEASE8:-.cache/models/release8_shipped}

finetune_from_release8() {
    local run=$1 rounds=$2
    [ -f "$SOFT" ] || { echo "no teacher soft labels at $SOFT: run training.teacher.train and soft_labels first"; exit 2; }
    [ -f $INIT.npz ] || { echo "no release 8 fp32 weights at $INIT: run training/runs/r19d.sh first"; exit 2; }
    [ -f .cache/pack_$run/pack.npz ] || $PY -m training.finetune_pack --out .cache/pack_$run \
        --adversarial-rounds "$rounds" --pins --pin-weight 3
    [ -f .cache/runs/$run/ft6u.npz ] || $PY -m training.finetune --pack .cache/pack_$run --out .cache/runs/$run \
        --init $INIT --train-top 6 --sample 10000 --epochs 1 --threads "${THREADS:-2}" --variants ft6u:6:1:w \
        --soft "$SOFT" --soft-weight 0.7 --checkpoint-seconds 300
}

identity_dev_flagged() {  # identity sanity dev part: sentences flagged by the engine with classifier folder $1
    local cfg out
    cfg=$(mktemp --suffix .toml); out=$(mktemp -d)
    printf 'detectors = ["hatescope.lexicon.v1", "hatescope.negated_praise.v1",\n  {name = "hatescope.classifier.v1", params = {cascade = false, model_dir = "%s"}}, "hatescope.multilingual.v1"]\n' "$(realpath "$1")" >"$cfg"
    HATESCOPE_CONFIG=$cfg $(dirname $PY)/hatescope eval --suite identity_sanity --out-dir "$out" --report "$out/EVALUATION.md" >/dev/null
    $PY -c "import json,sys; m=json.load(open(sys.argv[1]))['metrics']['dev']; print(round(m['flagged']*m['n']))" "$out/identity_sanity.json"
}

guarded_average() {
    local run=$1 pack=$2 base n name
    base=$(identity_dev_flagged "$RELEASE8")
    for a in 0.5 0.35 0.2; do
        name=${run}a${a/./}
        [ -f .cache/runs/$name/ft6u.npz ] || $PY -m training.interpolate_runs --start $INIT --tuned .cache/runs/$run/ft6u \
            --alpha "$a" --out .cache/runs/$name
        [ -f .cache/models/$name/manifest.json ] || $PY -m training.finetune_import --run .cache/runs/$name --name ft6u \
            --pack "$pack" --out .cache/models/$name --report .cache/models/${name}_report.json
        n=$(identity_dev_flagged .cache/models/$name)
        echo "alpha $a: identity dev flagged $n (release 8: $base)"
        if [ "$n" -le "$base" ]; then echo "CANDIDATE .cache/models/$name"; return 0; fi
    done
    echo "NO CANDIDATE: every alpha flags more identity dev sentences than release 8"
}
