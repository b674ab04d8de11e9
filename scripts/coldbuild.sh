#!/usr/bin/env bash
# Measures the cold build of the corpus SDK for one or more checkouts of
# topgen, alternately, so that they can be compared in one run:
#   whole  — `go build ./...` of the generated SDK with a fresh GOCACHE
#            (the standard library and the runtime included);
#   top    — `go build` of the runtime package alone with a fresh GOCACHE;
#   direct — the generated packages alone: the runtime is built first into
#            a fresh GOCACHE, then the SDK is built and timed.
# The generated code's share is whole − top, or direct (less noisy).
#
# Usage: scripts/coldbuild.sh [-n ROUNDS] CHECKOUT...   (corpus: $TOPGEN_CORPUS or ../shared/corpus/topdocs)
set -euo pipefail
rounds=1
if [ "${1:-}" = -n ]; then rounds=$2; shift 2; fi
[ $# -gt 0 ] || { echo "usage: $0 [-n ROUNDS] CHECKOUT..." >&2; exit 2; }
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/sdkmod.sh"
corpus=${TOPGEN_CORPUS:-$root/../shared/corpus/topdocs}
[ -d "$corpus" ] || { echo "no corpus at $corpus" >&2; exit 2; }
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
i=0
for repo in "$@"; do
  i=$((i + 1))
  repo=$(cd "$repo" && pwd)
  (cd "$repo" && go build -o "$work/topgen$i" ./cmd/topgen)
  "$work/topgen$i" gen -group dir -o "$work/sdk$i" "$corpus" >/dev/null
  write_sdk_mod "$work/sdk$i" "$repo"
  # Resolve the module graph once, outside the timings.
  (cd "$work/sdk$i" && GOFLAGS=-mod=mod GOCACHE="$work/cache" go list -m all >/dev/null)
done
rm -rf "$work/cache"

timed() { # LABEL DIR CMD...: the command's wall, user and system seconds
  local label=$1 dir=$2
  shift 2
  (cd "$dir" && GOFLAGS=-mod=mod /usr/bin/time -f "$label %e s wall, %U s user, %S s sys" "$@" 2>&1 >/dev/null | tail -1)
}

for r in $(seq "$rounds"); do
  i=0
  for repo in "$@"; do
    i=$((i + 1))
    sdk="$work/sdk$i"
    export GOCACHE="$work/cache"
    rm -rf "$GOCACHE"; timed "round $r $repo whole: " "$sdk" go build ./...
    rm -rf "$GOCACHE"; timed "round $r $repo top:   " "$sdk" go build github.com/topgen/topgen/top
    timed "round $r $repo direct:" "$sdk" go build ./...
    rm -rf "$GOCACHE"
  done
done
