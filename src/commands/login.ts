import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { commandProfile } from '../cli/command-profile.js'
import { appContext } from '../cli/context.js'
import { ssoFlags, ssoInput } from '../cli/sso-flags.js'
import { humanOutput, printJson, tell } from '../cli/present.js'
import { browserTimeoutMs, chooseLoginFlow, login, ssoDeps } from '../core/sso/index.js'
import { formatDuration } from '../shared/duration.js'

export default class Login extends BaseCommand {
  static override summary = 'Sign in to IAM Identity Center; the session is kept in the OS keychain'
  static override examples = [
    '<%= config.bin %> login --profile dev',
    '<%= config.bin %> login --profile dev --no-browser',
    '<%= config.bin %> login --profile dev --browser-timeout 10m',
    '<%= config.bin %> login --sso-start-url https://my-org.awsapps.com/start --sso-region eu-west-1',
  ]
  static override flags = {
    ...ssoFlags,
    'no-browser': Flags.boolean({ description: 'Use the device code flow (open the URL on any device)' }),
    'device-code': Flags.boolean({ description: 'Alias of --no-browser' }),
    'browser-timeout': Flags.string({
      description: 'How long to wait for the browser sign-in (default: $SECRETS_BROWSER_TIMEOUT, else 5m)',
    }),
    force: Flags.boolean({ description: 'Sign in again even when the stored session is still valid' }),
    json: Flags.boolean({ description: 'Print the result as JSON (no tokens)' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Login)
    const ctx = appContext()
    const { flow, notice } = chooseLoginFlow(
      { noBrowser: flags['no-browser'], deviceCode: flags['device-code'] },
      ctx.env,
      process.platform,
    )
    const deps = {
      human: humanOutput(),
      browserTimeoutMs: browserTimeoutMs(flags['browser-timeout'], ctx.env),
    }
    const profile = await commandProfile(flags, true, ctx)
    const input = {
      ...ssoInput({ ...flags, profile }),
      flow,
      force: flags.force,
      ...(notice ? { flowNotice: notice } : {}),
    }
    const result = await login(input, ssoDeps(ctx, deps))
    if (flags.json) return printJson(result)
    const left = formatDuration(Date.parse(result.sessionExpiresAt) - Date.now())
    const how = result.alreadySignedIn
      ? 'Already signed in (--force signs in again)'
      : result.reused
        ? 'Reused the sign-in another secrets process just completed'
        : 'Signed in'
    tell(
      `${how}: SSO session ${result.sessionName} (access token ${left} left, refreshed automatically).\n` +
        `Profile ${result.profile}: role ${result.roleName} in account ${result.accountId}.`,
    )
  }
}
