import { join } from 'node:path'
import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { printJson, printResult, setExitStatus } from '../cli/present.js'
import { sessionUnlock } from '../cli/unlock-session.js'
import { formatDoctor, runDoctor } from '../core/doctor/index.js'
import { openKeychain } from '../core/keychain/index.js'
import { cacheDir, configDir, stateDir } from '../shared/config-dir.js'

export default class Doctor extends BaseCommand {
  static override summary = "Check this machine's set-up and say what to fix"
  static override description =
    'One line per check, ok / warn / fail and the fix: Node and its support window, the keychain and whether it answers, the unlock agent, the config and cache dirs, the AWS config (profiles, SSO sessions, credential_process), clock skew against STS, the git hook here and a canary commit, bubblewrap for --isolate, the project config. Exit 0 when nothing fails, 1 otherwise. Nothing is sent anywhere but a placeholder-signed call to STS for its clock.'
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json']
  static override flags = { json: Flags.boolean({ description: 'Print JSON (no secrets)' }) }

  async run(): Promise<void> {
    const { flags } = await this.parse(Doctor)
    const env = process.env
    const report = await runDoctor({
      env,
      cwd: process.cwd(),
      now: () => new Date(),
      cliCommand: [process.execPath, join(this.config.root, 'bin', 'run.js')],
      keychain: () => openKeychain({ env, unlock: sessionUnlock(env) }),
      dirs: { config: configDir(env), cache: cacheDir(env), state: stateDir(env) },
      uid: process.getuid?.(),
    })
    if (flags.json) printJson(report)
    else printResult(formatDoctor(report))
    setExitStatus(report.ok ? 0 : 1)
  }
}
