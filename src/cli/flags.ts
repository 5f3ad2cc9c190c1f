import * as Flags from '@oclif/core/flags'

/** Flags shared by every command that reads or writes a store. */
export const storeFlags = {
  store: Flags.string({
    description: 'Store to use (default: the project config, else local)',
    options: ['ssm', 'local'],
    helpGroup: 'STORE',
  }),
  profile: Flags.string({
    description: 'AWS profile (SSO session in the keychain) for the ssm store',
    helpGroup: 'STORE',
  }),
  region: Flags.string({ description: 'AWS region for the ssm store', helpGroup: 'STORE' }),
  env: Flags.string({ description: 'Named environment from .secretsrc.json', helpGroup: 'STORE' }),
}

export { settingFlags } from './setting-flags.js'
