import { BaseCommand } from '../cli/base-command.js'
import { tell } from '../cli/present.js'
import { lockSession } from '../cli/unlock-session.js'

export default class Lock extends BaseCommand {
  static override summary = 'Forget the session unlock (file keychain key, cached credentials) at once'
  static override description =
    'The first command that unlocks the file keychain leaves its key with a per-user agent, in memory, ' +
    'until SECRETS_UNLOCK_TTL of idleness (15m by default). `secrets lock` ends that agent now: the next ' +
    'command asks for the passphrase again, or exits 5 where no terminal can answer.'
  static override examples = ['<%= config.bin %> lock']

  async run(): Promise<void> {
    await this.parse(Lock)
    tell(await lockSession())
  }
}
