#!/usr/bin/env bash
# Installs the Azurite storage emulator (npm package "azurite", pinned) into tools/azurite/ of this
# repository, unless that exact version is already there. Idempotent; prints where it is.
# Used by tests/OrleansReco.Persistence.Tests (AzuriteFixture) and by hand:
#   scripts/install-azurite.sh && tools/azurite/node_modules/.bin/azurite-table --help
set -euo pipefail

AZURITE_VERSION="3.35.0" # last release whose engines field accepts Node 20 (3.36+ asks for Node >= 21)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix="$root/tools/azurite"
bin="$prefix/node_modules/.bin/azurite-table"
manifest="$prefix/node_modules/azurite/package.json"

fail() { echo "install-azurite: $*" >&2; exit 1; }

installed_version() {
  [ -f "$manifest" ] || return 0
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$manifest" 2>/dev/null || true
}

if [ -x "$bin" ] && [ "$(installed_version)" = "$AZURITE_VERSION" ]; then
  echo "install-azurite: azurite $AZURITE_VERSION already installed at $bin"
  exit 0
fi

command -v node >/dev/null 2>&1 || fail "node is not on PATH; install Node.js (e.g. apt-get install -y nodejs npm) and retry"
command -v npm >/dev/null 2>&1 || fail "npm is not on PATH; install npm (e.g. apt-get install -y npm) and retry"

mkdir -p "$prefix"
# A package.json of our own keeps npm from walking up to another project's.
[ -f "$prefix/package.json" ] || echo '{ "name": "orleansreco-tools-azurite", "private": true }' > "$prefix/package.json"

echo "install-azurite: installing azurite@$AZURITE_VERSION into $prefix (takes ~30 s)"
if ! npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "azurite@$AZURITE_VERSION"; then
  fail "npm install azurite@$AZURITE_VERSION failed (is the npm registry reachable?)"
fi

[ -x "$bin" ] || fail "npm finished but $bin is missing"
[ "$(installed_version)" = "$AZURITE_VERSION" ] || fail "expected azurite $AZURITE_VERSION, found '$(installed_version)'"
echo "install-azurite: azurite $AZURITE_VERSION installed at $bin"
