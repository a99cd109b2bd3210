#!/usr/bin/env bash
# Installs redis-server from Debian's packages unless one is already on PATH. Idempotent.
# It never starts Redis as a service: the tests start their own redis-server as a child process.
set -euo pipefail

tag=install-redis
# shellcheck source=lib/apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

if command -v redis-server >/dev/null 2>&1; then
  echo "install-redis: redis-server already installed at $(command -v redis-server) ($(redis-server --version | head -1))"
  exit 0
fi

apt_sudo redis-server

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

apt_install redis-server

command -v redis-server >/dev/null 2>&1 || fail "redis-server is still not on PATH after the install"
echo "install-redis: redis-server installed at $(command -v redis-server) ($(redis-server --version | head -1))"
