#!/usr/bin/env bash
# Measures the generated SDK of the whole TOP corpus: generation wall time,
# lines of Go, then a cold `go build` and `go vet` of every package, with
# wall time and peak RSS (the largest compile process) from /usr/bin/time -v.
#
# Usage: scripts/corpus_build.sh [CORPUS_DIR]   (default: $TOPGEN_CORPUS or ../shared/corpus/topdocs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/sdkmod.sh"
corpus=${1:-${TOPGEN_CORPUS:-$root/../shared/corpus/topdocs}}
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$root"
go build -o "$work/topgen" ./cmd/topgen

echo "== generate (parse + generate + format + write), all docs"
/usr/bin/time -f "generate: %e s wall, %M KB peak RSS, %P CPU" \
  "$work/topgen" gen -group dir -o "$work/sdk" "$corpus" >/dev/null

apis=$(find "$corpus" -name '*.json' ! -name catelog.json ! -name '.*' | wc -l)
lines=$(find "$work/sdk" -name '*.go' -print0 | xargs -0 cat | wc -l)
pkgs=$(find "$work/sdk" -mindepth 1 -maxdepth 1 -type d | wc -l)
echo "docs: $apis  packages: $pkgs  lines of Go: $lines  lines per API: $((lines / apis))"

write_sdk_mod "$work/sdk" "$root"

cd "$work/sdk"
export GOCACHE="$work/gocache" GOFLAGS=-mod=mod
echo "== cold go build ./... (fresh GOCACHE)"
/usr/bin/time -f "build: %e s wall, %M KB peak RSS (largest compile), %P CPU" go build ./...
echo "== go vet ./..."
/usr/bin/time -f "vet: %e s wall, %M KB peak RSS" go vet ./...

echo "== biggest package"
big=$(for d in */; do printf '%s %s\n' "$(cat "$d"*.go | wc -l)" "${d%/}"; done | sort -rn | head -1)
echo "largest package by lines: $big"
pkg=${big#* }
rm -rf "$GOCACHE"
GOCACHE="$work/gocache2" go build github.com/topgen/topgen/top
GOCACHE="$work/gocache2" /usr/bin/time -f "build $pkg alone (runtime cached): %e s wall, %M KB peak RSS" go build "./$pkg"
