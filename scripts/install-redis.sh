#!/usr/bin/env bash
# Installs redis-server from Debian's packages unless one is already on PATH. Idempotent.
# It never starts Redis as a service: the tests start their own redis-server as a child process.
set -euo pipefail

fail() { echo "install-redis: $*" >&2; exit 1; }

if command -v redis-server >/dev/null 2>&1; then
  echo "install-redis: redis-server already installed at $(command -v redis-server) ($(redis-server --version | head -1))"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install redis-server with your system's package manager"

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "not root and sudo is missing: run as root or install sudo"
  sudo="sudo"
fi

# Keep the package's maintainer scripts from starting a redis-server service (policy-rc.d exit 101
# means "action forbidden"); put one in place only for the install if the machine has none.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod +x "$policy"
  added_policy=1
fi
cleanup() { if [ "$added_policy" -eq 1 ]; then $sudo rm -f "$policy"; fi; }
trap cleanup EXIT

echo "install-redis: installing redis-server with apt-get"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null || fail "apt-get update failed"
$sudo apt-get install -y -q --no-install-recommends redis-server >/dev/null || fail "apt-get install redis-server failed"

command -v redis-server >/dev/null 2>&1 || fail "redis-server is still not on PATH after the install"
echo "install-redis: redis-server installed at $(command -v redis-server) ($(redis-server --version | head -1))"
