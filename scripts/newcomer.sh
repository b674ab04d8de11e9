#!/usr/bin/env bash
# Follows the README's SDK walk-through ("An SDK repository, step by step")
# literally: the shell block between <!-- newcomer:begin --> and
# <!-- newcomer:end --> runs in a temp folder with a fresh GOPATH and
# GOCACHE and the Go module proxy. Until topgen is on the proxy, the
# "go get -tool" line is replaced by the README's checkout variant (shown).
# Skips, saying why, only when the module proxy is unreachable.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# Asks the module proxy the go command is set up with (go env GOPROXY), through
# the go command itself, in a scratch module with its own module cache.
probe="$(mktemp -d)"
trap 'chmod -R u+w "$probe" 2>/dev/null; rm -rf "$probe"' EXIT
on_proxy() { (cd "$probe" && GOPATH="$probe/gopath" GOFLAGS=-modcacherw timeout 60 go list -m "$1@latest" >/dev/null 2>&1); }
if ! on_proxy golang.org/x/text; then
  echo "newcomer.sh: SKIP: the Go module proxy ($(go env GOPROXY)) is unreachable"
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
if ! on_proxy github.com/topgen/topgen; then
  echo "newcomer.sh: topgen is not on the module proxy; using the README's checkout variant:"
  echo "  $checkout"
  block="$(while IFS= read -r line; do
    if [ "$line" = "$published" ]; then printf '%s\n' "$checkout"; else printf '%s\n' "$line"; fi
  done <<<"$block")"
fi

tmp="$(mktemp -d)"
trap 'chmod -R u+w "$tmp" "$probe" 2>/dev/null; rm -rf "$tmp" "$probe"' EXIT
export GOPATH="$tmp/gopath" GOCACHE="$tmp/gocache" GOFLAGS=-modcacherw TOPGEN="$root"
cd "$tmp"
echo "newcomer.sh: running the walk-through in $tmp (GOPATH and GOCACHE fresh)"
bash -euxo pipefail -c "$block"
echo "newcomer.sh: ok"
