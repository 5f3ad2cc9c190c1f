/**
 * The keychain port: a small map of named items, each a string (usually JSON). One item per
 * identity (an SSO session, a stored access key, the local store's data key) so that a
 * user unlocks once, not once per field.
 */
export interface Keychain {
  /** Which backend this is, for messages: `os` or `file` (or `memory` in tests). */
  readonly kind: 'os' | 'file' | 'memory'
  get(account: string): Promise<string | undefined>
  set(account: string, secret: string): Promise<void>
  /** Returns true when an item was deleted, false when there was none. */
  delete(account: string): Promise<boolean>
  /** Names of all items this program stored. */
  list(): Promise<string[]>
}

/** Well-known item names, so areas never collide. */
export const KeychainItem = {
  localStoreKey: 'local-store-key',
  runCacheKey: 'run-cache-key',
  imdsCa: 'imds-dev-ca',
  ssoSession: (name: string) => `sso-session:${name}`,
  roleCredentials: (profile: string) => `role-credentials:${profile}`,
  accessKey: (profile: string) => `aws-access-key:${profile}`,
  stsSession: (profile: string) => `sts-session:${profile}`,
} as const
