#!/usr/bin/env bash
# Inside dbus-run-session: start gnome-keyring's Secret Service with a throwaway, unlocked
# login keyring, then run vitest. The daemon dies with the D-Bus session.
set -euo pipefail

printf "test-keyring-password" | HOME="$SECRETS_TEST_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
# Test workers import the AWS SDK, which warns about its future Node 22 requirement.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
exec npx vitest run --reporter=default --reporter=json --outputFile.json="${TEST_REPORT:-.test-report.json}" "$@"
