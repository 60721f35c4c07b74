#!/usr/bin/env bash
# Run r22: r21d's finetune with round 17 (written against release 8) joining rounds 1–16 in the pack, then averaged
# with release 8 and imported. The averaging weight is chosen on dev only: alpha 0.5, then 0.35, then 0.2, the first
# whose identity sanity dev part flags no more sentences than release 8's does (RECIPES, "Run r22"). Every step is
# skipped when its output exists, and finetune resumes from its checkpoint.
set -euxo pipefail
cd "$(dirname "$0")/../.."
source training/runs/guarded_average.sh
finetune_from_release8 r22 r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11,r12,r13,r14,r15,r16,r17
guarded_average r22 .cache/pack_r22
