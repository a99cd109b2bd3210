#!/usr/bin/env bash
# Installs Debian's chromium (the browser the page tests drive through Playwright) unless /usr/bin/chromium exists.
# Idempotent. Playwright's own browser download is never used: it cannot work on an offline machine.
set -euo pipefail

fail() { echo "install-chromium: $*" >&2; exit 1; }

if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: chromium already installed ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install chromium with your system's package manager"

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "not root and sudo is missing: run as root or install sudo"
  sudo="sudo"
fi

echo "install-chromium: installing chromium with apt-get"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null || fail "apt-get update failed"
$sudo apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core >/dev/null || fail "apt-get install chromium failed"

[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is still missing after the install"
echo "install-chromium: chromium installed ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
