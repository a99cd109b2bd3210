#!/usr/bin/env bash
# Installs Debian's hnswlib for the `ann --compare-hnswlib` comparison; does nothing when it is already there.
set -euo pipefail
if /usr/bin/python3 -c 'import hnswlib, numpy' 2>/dev/null; then
  echo "python3-hnswlib is installed."
  exit 0
fi
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update
$sudo_cmd apt-get install -y python3-hnswlib
/usr/bin/python3 -c 'import hnswlib; print("hnswlib", hnswlib.__version__ if hasattr(hnswlib, "__version__") else "installed")'
