#!/usr/bin/env bash
# Run r24: r23 with round 19 joining rounds 1–18 in the pack (RECIPES, "Run r24"): a new
# finetune from release 8's fp32 weights, then averaged with release 8 and imported, the averaging weight chosen on dev
# only as r22's was (alpha 0.5, then 0.35, then 0.2: the first whose identity sanity dev part flags no more sentences than
# release 8's). Every step is skipped when its output exists, and finetune resumes from its checkpoint.
set -euxo pipefail
cd "$(dirname "$0")/../.."
source training/runs/guarded_average.sh
finetune_from_release8 r24 r1,r2,r3,r4,r5,r6,r7,r8,r9,r10,r11,r12,r13,r14,r15,r16,r17,r18,r19
guarded_average r24 .cache/pack_r24
