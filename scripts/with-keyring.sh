#!/usr/bin/env bash
# Inside dbus-run-session: start gnome-keyring's Secret Service with a throwaway, unlocked
# login keyring, then run vitest. The daemon dies with the D-Bus session.
set -euo pipefail

printf "test-keyring-password" | HOME="$SECRETS_TEST_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
exec npx vitest run --reporter=default --reporter=json --outputFile.json=.test-report.json "$@"
