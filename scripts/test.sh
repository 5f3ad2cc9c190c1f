#!/usr/bin/env bash
# Runs the whole test suite inside a private D-Bus session with an unlocked gnome-keyring,
# so the OS-keychain tests use a real Secret Service without touching the user's own.
# Extra arguments go to vitest (e.g. a file filter).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dbus-run-session >/dev/null || missing+=(dbus)
command -v gnome-keyring-daemon >/dev/null || missing+=(gnome-keyring)
command -v moto_server >/dev/null || missing+=("moto_server (pip install 'moto[server]')")
if [ ${#missing[@]} -gt 0 ]; then
  echo "The test suite needs: ${missing[*]}." >&2
  echo "On Debian/Ubuntu: sudo apt-get install -y dbus gnome-keyring; or run: bash .ci/run" >&2
  exit 5
fi

export SECRETS_TEST_KEYRING_HOME
SECRETS_TEST_KEYRING_HOME=$(mktemp -d)
trap 'rm -rf "$SECRETS_TEST_KEYRING_HOME"' EXIT
exec dbus-run-session -- bash scripts/with-keyring.sh "$@"
