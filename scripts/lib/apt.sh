# Shared by scripts/install-*.sh (source it; set `tag` first): root or sudo, then a quiet apt-get install.

fail() { echo "$tag: $*" >&2; exit 1; }

# Sets $sudo to "" as root, else "sudo"; fails when neither works.
apt_sudo() {
  command -v apt-get >/dev/null 2>&1 || fail "apt-get not found: install $* with your system's package manager"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || fail "not root and sudo is missing: run as root or install sudo"
    sudo="sudo"
  fi
}

# apt_install PACKAGE...: apt-get update and install without recommends, non-interactive.
apt_install() {
  echo "$tag: installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >/dev/null || fail "apt-get update failed"
  $sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null || fail "apt-get install $* failed"
}
