import * as Flags from '@oclif/core/flags'
import { storeFlags } from './flags.js'

/** The flags of `secrets run`. */
export const runFlags = {
  ...storeFlags,
  path: Flags.string({
    char: 'p',
    multiple: true,
    description: 'Inject every parameter under this path (repeatable)',
  }),
  'env-file': Flags.string({
    multiple: true,
    description: 'dotenv file; values may be ssm:/path or local:/path references',
  }),
  'preserve-env': Flags.string({
    description: 'Comma-separated inherited variables the store must not override',
  }),
  explain: Flags.boolean({ description: 'Print to stderr which layer supplied each variable (names only)' }),
  'allow-nested': Flags.boolean({ description: 'Allow running inside another `secrets run`' }),
  offline: Flags.boolean({ description: 'Use only the encrypted cache of the last successful fetch' }),
  'max-stale': Flags.string({
    default: '24h',
    description: 'Oldest cached copy to run from when the store is unreachable',
  }),
  'aws-env': Flags.boolean({
    description:
      'Also give the child AWS credentials (AWS_ACCESS_KEY_ID, ..., AWS_REGION) for the profile; removes AWS_PROFILE',
  }),
}

/** Parsed `secrets run` flags. */
export interface RunFlags {
  store?: string
  profile?: string
  region?: string
  env?: string
  path?: string[]
  'env-file'?: string[]
  'preserve-env'?: string
  explain: boolean
  'allow-nested': boolean
  offline: boolean
  'max-stale': string
  'aws-env': boolean
}
