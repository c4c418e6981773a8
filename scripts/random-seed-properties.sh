#!/usr/bin/env bash
# Every fast-check property once more, with a seed drawn for this run (printed first: replay a red
# run with `FC_SEED=<seed> npx vitest run <file>`). `npm test` runs them on a fixed seed; this
# finds what that seed does not. The differential test is left out: its programs come from its
# own seed (`npm run fuzz -- --seed S` is its random campaign).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(grep -rl --include='*.test.ts' --exclude-dir=.tmp --exclude-dir=differential 'from "fast-check"' test | sort)
FC_SEED=random npx vitest run --project unit --project unit-shared "${files[@]}"
