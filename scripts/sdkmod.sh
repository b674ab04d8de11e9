# Sourced by the corpus build scripts.
# write_sdk_mod DIR REPO: makes DIR (a generated SDK) a module that builds
# against the topgen checkout at REPO.
write_sdk_mod() {
  cat >"$1/go.mod" <<MOD
module corpussdk

go 1.26

require github.com/topgen/topgen v0.0.0

replace github.com/topgen/topgen => $2
MOD
}
