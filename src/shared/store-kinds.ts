/**
 * The parameter stores `secrets` knows, by the name `--store` and `.secretsrc.json` use.
 * Kept here, a leaf, because configuration validates a store name without opening a store:
 * importing the store area's index for this list loaded ~30 modules (the keychain, the AWS
 * client factory) into every `scan --staged` (issue #10) and `credentials` start.
 */
export type StoreKind = 'ssm' | 'local'

/** Every store kind, in the order help and errors list them. */
export const STORE_KINDS: readonly StoreKind[] = ['ssm', 'local']
