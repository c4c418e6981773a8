#!/usr/bin/env bash
# The first hour of a new user, as a check: the packed tarball installed into fresh projects the
# way README.md and docs/guide.md say, the guide's tsconfig used verbatim, the main example's
# sources compiled and run, each run reporting `mode: structural`:
#   1. TypeScript 5.9 + ts-patch 3.3 (the guide's install lines as written), built with tspc;
#   2. TypeScript 6 + ts-patch, built with tspc;
#   3. TypeScript 7 (no JavaScript API), with the guide's Vite install line: the Vite plugin, `xcs-jit build` + TS 7's tsc, and
#      `node --import xcs-jit/register`, with `tsc` still TypeScript 7 and no peer conflict;
#   4. no TypeScript at all: the Vite plugin and `--import xcs-jit/register`; then TypeScript 7
#      added, which must become the project's `tsc`.
# Heavy (npm installs, from the npm cache where it has them): run by .ci/run, not by `npm test`.
#   bash scripts/install-check.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/xcs-jit-install.XXXXXX")"
trap 'rm -rf "$work"' EXIT

expect_in() {
  local what="$1" pattern="$2" text="$3"
  if ! grep -qE -- "$pattern" <<<"$text"; then
    printf '%s: expected /%s/ in:\n%s\n' "$what" "$pattern" "$text" >&2
    exit 1
  fi
}

echo "== pack"
(cd "$repo" && npm run build --silent)
tarball="$work/$(cd "$repo" && npm pack --silent --pack-destination "$work")"
contents="$(tar -tzf "$tarball")"
for file in package/LICENSE package/docs/limitations.md package/docs/guide.md package/dist/cjs/transformer/index.js; do
  expect_in "tarball" "^$file\$" "$contents"
done

# A fresh project: package.json as the guide says ("type": "module"), the example's sources.
new_project() {
  local dir="$work/$1"
  mkdir -p "$dir/src"
  printf '{ "name": "%s", "private": true, "type": "module" }\n' "$1" >"$dir/package.json"
  cp "$repo/examples/ensemble-judge/"*.ts "$dir/src/"
  echo "$dir"
}

npm_flags=(--prefer-offline --no-audit --no-fund --loglevel=error)

# The guide's install line (with the tarball for `xcs-jit`), then the tools of one build path.
install() {
  local dir="$1"
  shift
  (cd "$dir" && npm install "${npm_flags[@]}" "$tarball" "$@")
}

# One line of the guide's install block (test/guide/snippets/install.sh), run as written.
guide_line() {
  local dir="$1" pattern="$2" line
  line="$(grep -E -- "$pattern" "$repo/test/guide/snippets/install.sh" | sed 's/ *#.*//')"
  [[ -n "$line" ]] || { echo "no install line matching /$pattern/ in the guide" >&2; exit 1; }
  echo "\$ $line"
  (cd "$dir" && eval "$line ${npm_flags[*]}")
}

run_example() {
  local what="$1" dir="$2" script="$3"
  shift 3
  local output
  output="$(cd "$dir" && node "$@" "$script" --latency 1)"
  echo "$output" | grep -E "^mode:|^speedup"
  expect_in "$what" "^mode: structural$" "$output"
  expect_in "$what" "\\(the same as written\\)" "$output"
}

# tspc with the guide's tsconfig, after `install_tools` has installed the compiler.
tspc_project() {
  local name="$1" install_tools="$2"
  echo "== $name: tspc with the guide's tsconfig"
  local dir
  dir="$(new_project "$name")"
  cp "$repo/test/guide/snippets/tsconfig.json" "$dir/tsconfig.json"
  install "$dir"
  "$install_tools" "$dir"
  (cd "$dir" && npx tspc -v && npx tspc -p tsconfig.json)
  run_example "$name" "$dir" dist/main.js
}

guide_tspc_tools() { guide_line "$1" "ts-patch"; }
typescript6_tools() { (cd "$1" && npm install "${npm_flags[@]}" -D typescript@6.0.3 ts-patch@3.3.0 @types/node@20); }

tspc_project ts5.9 guide_tspc_tools
tspc_project ts6 typescript6_tools

# Vite's config as the guide gives it, built for Node (the runtime does not run in browsers).
write_vite_config() {
  cat >"$1/vite.config.mjs" <<'JS'
import { xcsJit } from "xcs-jit/vite";
export default { plugins: [xcsJit()], build: { ssr: "src/main.ts", outDir: "vite-dist", target: "node20" } };
JS
  # Module resolution for the analysis: the guide's tsconfig (it names no plugin that matters here).
  cp "$repo/test/guide/snippets/tsconfig.json" "$1/tsconfig.json"
}

echo "== ts7: typescript@7 beside xcs-jit (Vite, xcs-jit build + tsc 7, --import xcs-jit/register)"
dir="$(new_project ts7)"
write_vite_config "$dir"
install "$dir" -D typescript@7.0.2
guide_line "$dir" "vite"
version="$(cd "$dir" && npx tsc -v)"
expect_in "ts7: the project's tsc" "^Version 7\\." "$version"
tree="$(cd "$dir" && npm ls typescript --all 2>&1 || true)"
echo "$tree"
expect_in "ts7: the analysis' own TypeScript, nested" "xcs-jit@.*" "$tree"
expect_in "ts7: the analysis' own TypeScript, nested" "typescript@6\\." "$tree"
(cd "$dir" && npx vite build --logLevel warn)
run_example "ts7 vite" "$dir" vite-dist/main.js
(cd "$dir" && npx xcs-jit build src --out gen)
cat >"$dir/tsconfig.gen.json" <<'JSON'
{ "extends": "./tsconfig.json", "compilerOptions": { "rootDir": "gen", "outDir": "gen-dist" }, "include": ["gen"] }
JSON
(cd "$dir" && npx tsc -p tsconfig.gen.json)
run_example "ts7 xcs-jit build + tsc 7" "$dir" gen-dist/main.js
run_example "ts7 register" "$dir" src/main.ts --import xcs-jit/register

echo "== no TypeScript: Vite and --import xcs-jit/register"
dir="$(new_project no-typescript)"
write_vite_config "$dir"
install "$dir" -D vite@7.3.8
(cd "$dir" && npx vite build --logLevel warn)
run_example "no-typescript vite" "$dir" vite-dist/main.js
run_example "no-typescript register" "$dir" src/main.ts --import xcs-jit/register
# TypeScript 7 added afterwards takes the project's `tsc`; the analysis keeps a TypeScript 6.
(cd "$dir" && npm install --prefer-offline --no-audit --no-fund --loglevel=error -D typescript@7.0.2)
version="$(cd "$dir" && npx tsc -v)"
expect_in "no-typescript, then typescript@7: the project's tsc" "^Version 7\\." "$version"
run_example "no-typescript, then typescript@7: register" "$dir" src/main.ts --import xcs-jit/register

echo "== install check: ok"
