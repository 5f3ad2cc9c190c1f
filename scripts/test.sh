#!/usr/bin/env bash
# Runs the test suite inside a private D-Bus session with an unlocked gnome-keyring, so the
# OS-keychain tests use a real Secret Service without touching the user's own.
# Sets itself up on a fresh Debian/Ubuntu machine: what is missing is installed with apt-get
# (as root, or with passwordless sudo) and moto_server with pip into a private virtualenv;
# where that is not possible it says, in one message, what to install.
# Extra arguments go to vitest (e.g. a file filter).
# NODE_BIN=/path/to/node runs vitest, its workers and every CLI the tests spawn (`node bin/run.js`,
# `#!/usr/bin/env node`) on that Node: a directory with only that `node` goes first on PATH. `bash scripts/node-line.sh
# 24` prints such a path (Node 24 from the npm registry, cached). TEST_REPORT names the vitest JSON
# report (default .test-report.json).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${NODE_BIN:-}" ]; then
  [ -x "$NODE_BIN" ] || { echo "test set-up: NODE_BIN=$NODE_BIN is not an executable" >&2; exit 5; }
  # Only `node` goes first, not its whole directory: NODE_BIN=/usr/bin/node would otherwise put
  # /usr/bin's python3 ahead of the one that has boto3 and moto.
  node_dir=$(mktemp -d)
  ln -s "$(cd "$(dirname "$NODE_BIN")" && pwd)/$(basename "$NODE_BIN")" "$node_dir/node"
  PATH="$node_dir:$PATH"
  export PATH
fi

say() { echo "test set-up: $*" >&2; }

# A private virtualenv for moto_server (Debian 12 / Ubuntu 23.04+ refuse `pip install` into
# the system Python, PEP 668), reused across runs.
MOTO_VENV="${SECRETS_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/secrets-test-tools}/moto-venv"
[ -x "$MOTO_VENV/bin/moto_server" ] && export PATH="$MOTO_VENV/bin:$PATH"

# Debian/Ubuntu package for each command the suite runs.
declare -A PACKAGE_OF=(
  [dbus-run-session]=dbus
  [gnome-keyring-daemon]=gnome-keyring
  [ip]=iproute2
  [openssl]=openssl
  [script]=bsdutils
  [unshare]=util-linux
  [ec2-metadata]=amazon-ec2-utils
  [bwrap]=bubblewrap
)
apt_needed=()
for cmd in "${!PACKAGE_OF[@]}"; do
  command -v "$cmd" >/dev/null || apt_needed+=("${PACKAGE_OF[$cmd]}")
done
# cloud-init's EC2 data source is driven through Debian's own Python (the metadata emulator tests).
/usr/bin/python3 -c 'import cloudinit' 2>/dev/null || apt_needed+=(cloud-init)
need_moto=false
if ! command -v moto_server >/dev/null; then
  need_moto=true
  command -v python3 >/dev/null || apt_needed+=(python3)
  if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then apt_needed+=(python3-venv); fi
fi

if [ ${#apt_needed[@]} -gt 0 ]; then
  mapfile -t apt_needed < <(printf '%s\n' "${apt_needed[@]}" | sort -u)
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then as_root=(sudo -n); else as_root=(none); fi
  fi
  if [ "${as_root[0]:-}" = none ] || ! command -v apt-get >/dev/null; then
    moto_note=""
    $need_moto && moto_note=" and moto_server"
    echo "The test suite needs: ${apt_needed[*]}${moto_note}." >&2
    echo "Install them (Debian/Ubuntu: sudo apt-get install -y ${apt_needed[*]}; then pip install 'moto[server]'), or run this as root or with passwordless sudo to let it install them." >&2
    exit 5
  fi
  say "installing ${apt_needed[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq >/dev/null
  "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${apt_needed[@]}" >/dev/null
fi

if $need_moto; then
  say "installing moto_server (pip install 'moto[server]') into $MOTO_VENV"
  if ! { python3 -m venv "$MOTO_VENV" &&
    "$MOTO_VENV/bin/pip" install --quiet --disable-pip-version-check 'moto[server]'; }; then
    echo "Could not install moto_server into $MOTO_VENV (see pip's message above)." >&2
    echo "Install it yourself (pip install 'moto[server]', or pipx install 'moto[server]') and put moto_server on PATH." >&2
    exit 5
  fi
  export PATH="$MOTO_VENV/bin:$PATH"
fi

export SECRETS_TEST_KEYRING_HOME
SECRETS_TEST_KEYRING_HOME=$(mktemp -d)
trap 'rm -rf "$SECRETS_TEST_KEYRING_HOME" ${node_dir:+"$node_dir"}' EXIT
say "Node $(node --version) ($(command -v node))"
dbus-run-session -- bash scripts/with-keyring.sh "$@"
