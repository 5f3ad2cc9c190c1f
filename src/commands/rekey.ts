import { Flags } from '@oclif/core'
import { audited } from '../cli/audit.js'
import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { localDataFiles, prepareKeychainRekey } from '../cli/data-keys.js'
import { printJson, tell } from '../cli/present.js'
import { rekeyLocalData } from '../core/rekey/index.js'

export default class Rekey extends BaseCommand {
  static override summary =
    "Replace the local store's and the offline cache's data keys (and the file keychain's key)"
  static override description =
    'Re-encrypts the local store and the offline run cache with new random keys. Atomic: a crash at any step leaves the old or the new state, readable; afterwards the old keys are gone from the keychain and do not open the new files. Recorded in the audit log.'
  static override examples = ['<%= config.bin %> rekey']
  static override flags = {
    json: Flags.boolean({ description: 'Print {store, cacheEntries, keychain} as JSON' }),
    passphrase: Flags.boolean({
      description: 'With SECRETS_KEYCHAIN=file: also change the keychain passphrase (asked twice)',
    }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Rekey)
    const ctx = appContext()
    const { file, store, cache } = localDataFiles(ctx)
    const fileKeychain = await prepareKeychainRekey(ctx, flags.passphrase)
    const result = await audited({ op: 'rekey', store: 'local', paths: [] }, () =>
      rekeyLocalData({
        store,
        cache,
        keychain: ctx.keychain,
        now: () => new Date(),
        fileKeychain,
      }),
    )
    tell(
      `${result.store ? `Re-encrypted ${file} with a new key` : 'No local store yet'}; ${result.cacheEntries} offline-cache entr${result.cacheEntries === 1 ? 'y' : 'ies'} re-encrypted.`,
    )
    if (flags.json) printJson(result)
  }
}
