#!/usr/bin/env bash
# Installs Debian's chromium (the browser the page tests drive through Playwright) unless /usr/bin/chromium exists.
# Idempotent. Playwright's own browser download is never used: it cannot work on an offline machine.
set -euo pipefail

tag=install-chromium
# shellcheck source=lib/apt.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

if [ -x /usr/bin/chromium ]; then
  echo "install-chromium: chromium already installed ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
  exit 0
fi

apt_sudo chromium
apt_install chromium fonts-dejavu-core

[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is still missing after the install"
echo "install-chromium: chromium installed ($(/usr/bin/chromium --version 2>/dev/null | head -1))"
