#!/usr/bin/env bash
# Follows the README's SDK walk-through ("An SDK repository, step by step")
# literally: the shell block between <!-- newcomer:begin --> and
# <!-- newcomer:end --> runs in a temp folder with a fresh GOPATH and
# GOCACHE and the Go module proxy. Until topgen is on the proxy, the
# "go get -tool" line is replaced by the README's checkout variant (shown).
# Skips, saying why, only when the module proxy is unreachable.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

proxy="$(go env GOPROXY | cut -d, -f1)"
if [ "$proxy" = "off" ] || [ "$proxy" = "direct" ]; then proxy="https://proxy.golang.org"; fi
if ! curl -fsS -m 20 -o /dev/null "$proxy/golang.org/x/text/@v/list"; then
  echo "newcomer.sh: SKIP: the Go module proxy $proxy is unreachable"
  exit 0
fi

block="$(awk '/<!-- newcomer:begin -->/{on=1; next} /<!-- newcomer:end -->/{on=0} on' "$root/README.md" | sed '1d;$d')"
if [ -z "$block" ]; then
  echo "newcomer.sh: no walk-through block in README.md" >&2
  exit 1
fi
published="go get -tool github.com/topgen/topgen/cmd/topgen@latest"
checkout='go mod edit -replace github.com/topgen/topgen="$TOPGEN" -require github.com/topgen/topgen@v0.0.0 -tool github.com/topgen/topgen/cmd/topgen && go mod tidy'
if ! grep -qxF "$published" <<<"$block"; then
  echo "newcomer.sh: the walk-through lost its line: $published" >&2
  exit 1
fi
if ! grep -qxF "$checkout" "$root/README.md"; then
  echo "newcomer.sh: the README lost its checkout variant: $checkout" >&2
  exit 1
fi
if ! curl -fsS -m 20 -o /dev/null "$proxy/github.com/topgen/topgen/@v/list" 2>/dev/null; then
  echo "newcomer.sh: topgen is not on $proxy; using the README's checkout variant:"
  echo "  $checkout"
  block="$(while IFS= read -r line; do
    if [ "$line" = "$published" ]; then printf '%s\n' "$checkout"; else printf '%s\n' "$line"; fi
  done <<<"$block")"
fi

tmp="$(mktemp -d)"
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export GOPATH="$tmp/gopath" GOCACHE="$tmp/gocache" GOFLAGS=-modcacherw TOPGEN="$root"
cd "$tmp"
echo "newcomer.sh: running the walk-through in $tmp (GOPATH and GOCACHE fresh)"
bash -euxo pipefail -c "$block"
echo "newcomer.sh: ok"
