# Sourced by run scripts (r22, r23): average a finetune run with release 8 and import it, the averaging weight chosen on
# dev only — alpha 0.5, then 0.35, then 0.2, the first whose identity sanity dev part flags no more sentences than
# release 8's does (training/RECIPES.md, "Run r22"). Needs PY and INIT set; usage: guarded_average RUN_NAME PACK_DIR.
RELEASE8=${RELEASE8:-.cache/models/release8_shipped}

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
