/** The two ways out when no keychain can be used; every such error names both. */
export const noKeychainHint =
  'Unlock or start your OS keychain (on Linux: a Secret Service such as gnome-keyring on the D-Bus session), ' +
  'or use the encrypted-file keychain: export SECRETS_KEYCHAIN=file (and SECRETS_KEYCHAIN_PASSPHRASE for headless use).'
