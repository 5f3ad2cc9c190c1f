/** The two ways out when no keychain can be used; every such error names both. */
export const noKeychainHint =
  'Unlock or start your OS keychain (on Linux: a Secret Service such as gnome-keyring on the D-Bus session), ' +
  'or use the encrypted-file keychain: export SECRETS_KEYCHAIN=file (and SECRETS_KEYCHAIN_PASSPHRASE for headless use).'

/** No Secret Service answered: how to reach the one that holds the items, or the file keychain. */
export const unreachableKeychainHint =
  'Run secrets where your desktop session is, or give this shell a D-Bus session with a Secret Service ' +
  '(over SSH or in a container: `dbus-run-session -- bash`, then `gnome-keyring-daemon --unlock --components=secrets`, ' +
  'which asks for the keyring password on stdin; check DBUS_SESSION_BUS_ADDRESS). ' +
  'For headless use, the encrypted-file keychain: export SECRETS_KEYCHAIN=file (and SECRETS_KEYCHAIN_PASSPHRASE). ' +
  'Your stores and keys are untouched: do not move or delete them.'

/** The Secret Service answered but its collection is locked and it could not prompt. */
export const lockedKeychainHint =
  'Unlock the keyring: log in to the desktop session (or unlock it in its keyring manager), or on a terminal ' +
  '`gnome-keyring-daemon --replace --unlock --components=secrets` with the keyring password on stdin; ' +
  'or use the encrypted-file keychain: export SECRETS_KEYCHAIN=file. ' +
  'Your stores and keys are untouched: do not move or delete them.'
