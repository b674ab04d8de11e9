#!/usr/bin/env bash
# Measures one generated call against a bare net/http POST of the same
# bytes, for one or more checkouts of topgen, alternately, so that they
# can be compared in one run:
#   loopback — BenchmarkNlifeCall / BenchmarkNlifeBarePOST over loopback,
#              run back to back: the ratio of each pair;
#   cold     — BenchmarkNlifeCallNoNetwork/cold and its bare POST: the
#              call's own CPU with cold caches, over the bare POST's
#              (much less noisy than loopback on a shared machine).
# Prints each pair and, per checkout, the median, min and max ratio.
#
# A checkout without the cold benchmarks (before 2026-12-07) shows "-".
#
# Usage: scripts/callratio.sh [-n PAIRS] [-t BENCHTIME] CHECKOUT...
set -euo pipefail
pairs=7 benchtime=1s
while [ $# -gt 0 ]; do
  case $1 in
    -n) pairs=$2; shift 2 ;;
    -t) benchtime=$2; shift 2 ;;
    *) break ;;
  esac
done
[ $# -gt 0 ] || { echo "usage: $0 [-n PAIRS] [-t BENCHTIME] CHECKOUT..." >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
i=0
for repo in "$@"; do
  i=$((i + 1))
  (cd "$repo" && go test -c -o "$work/gen$i.test" ./generated/)
done

ns() { # BINARY BENCH BENCHTIME: the benchmark's ns/op, or its cold-ns/op when it reports one
  "$1" -test.run='^$' -test.bench="$2" -test.benchtime="$3" |
    awk '/^Benchmark/ { v = $3; for (i = 1; i <= NF; i++) if ($i == "cold-ns/op") v = $(i - 1); print v; exit }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.3f", a / b; else printf "-" }'; }

for r in $(seq "$pairs"); do
  i=0
  for repo in "$@"; do
    i=$((i + 1))
    bin="$work/gen$i.test"
    c=$(ns "$bin" 'NlifeCall$' "$benchtime"); b=$(ns "$bin" 'NlifeBarePOST$' "$benchtime")
    cc=$(ns "$bin" 'NlifeCallNoNetwork/cold$' 2000x); cb=$(ns "$bin" 'NlifeBarePOSTNoNetwork/cold$' 2000x)
    echo "pair $r $repo loopback ${c:--} ${b:--} $(ratio "$c" "$b") cold ${cc:--} ${cb:--} $(ratio "$cc" "$cb")" | tee -a "$work/pairs"
  done
done

for repo in "$@"; do
  for col in 7 11; do
    name=loopback; [ "$col" = 11 ] && name=cold
    awk -v repo="$repo" -v col="$col" '$3 == repo && $col != "-" { print $col }' "$work/pairs" | sort -n |
      awk -v repo="$repo" -v name="$name" '{ a[NR] = $1 } END { if (NR == 0) printf "%s %s: no figures\n", repo, name; else printf "%s %s: median %s, min %s, max %s (%d pairs)\n", repo, name, a[int((NR + 1) / 2)], a[1], a[NR], NR }'
  done
done
