/**
 * Variables that unlock a keychain or otherwise grant more than what a child was given. A
 * process `secrets` starts for the user (`run`, `run --imds`, `run --ecs`, `rotate --exec`)
 * never receives them: with the file keychain's passphrase, `secrets run --path /app/dev --
 * CMD` would let CMD open the keychain and read `/app/prod` as well. One list, here, next to
 * the code that reads them; docs/security.md ("What a child never gets") lists them too.
 */
export const KEYCHAIN_PASSPHRASE_VARIABLE = 'SECRETS_KEYCHAIN_PASSPHRASE'

/** A file (or pipe) holding the passphrase, read once: the form that leaves nothing in any environ. */
export const KEYCHAIN_PASSPHRASE_FILE_VARIABLE = 'SECRETS_KEYCHAIN_PASSPHRASE_FILE'

/** Names removed from every child's environment, whatever layer (inherited, env file, store) set them. */
export const UNLOCK_VARIABLES: readonly string[] = [
  KEYCHAIN_PASSPHRASE_VARIABLE,
  KEYCHAIN_PASSPHRASE_FILE_VARIABLE,
]

/** True when `name` may not reach a child. Exact names: the OS compares them case-sensitively on POSIX. */
export function isUnlockVariable(name: string): boolean {
  return UNLOCK_VARIABLES.includes(name)
}

/** A copy of `env` without the unlock variables. */
export function withoutUnlockVariables<T extends string | undefined>(
  env: Record<string, T>,
): Record<string, T> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !isUnlockVariable(name)))
}
