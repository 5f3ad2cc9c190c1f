import { Flags } from '@oclif/core'
import { BaseCommand } from '../cli/base-command.js'
import { appContext } from '../cli/context.js'
import { chooseLoginFlow, login, pickRoleInteractive, ssoDeps } from '../core/sso/index.js'
import { formatDuration } from '../shared/duration.js'
import { canPrompt } from '../shared/terminal.js'

/** Flags shared by the SSO commands (login, logout, whoami, credentials). */
export const ssoFlags = {
  profile: Flags.string({ description: 'AWS profile (IAM Identity Center) in ~/.aws/config' }),
  'sso-start-url': Flags.string({
    description: 'Start URL for ad-hoc use without a profile',
    helpGroup: 'AD-HOC',
  }),
  'sso-region': Flags.string({
    description: 'IAM Identity Center region for ad-hoc use',
    helpGroup: 'AD-HOC',
  }),
  'account-id': Flags.string({ description: 'AWS account when the profile names none' }),
  'role-name': Flags.string({ description: 'Role (permission set) when the profile names none' }),
}

/** Picks the SSO inputs out of parsed flags. */
export function ssoInput(flags: Record<string, unknown>) {
  const pick = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined)
  return Object.fromEntries(
    Object.entries({
      profile: pick('profile'),
      startUrl: pick('sso-start-url'),
      ssoRegion: pick('sso-region'),
      accountId: pick('account-id'),
      roleName: pick('role-name'),
    }).filter(([, v]) => v !== undefined),
  ) as { profile?: string; startUrl?: string; ssoRegion?: string; accountId?: string; roleName?: string }
}

export default class Login extends BaseCommand {
  static override summary = 'Sign in to IAM Identity Center; the session is kept in the OS keychain'
  static override examples = [
    '<%= config.bin %> login --profile dev',
    '<%= config.bin %> login --profile dev --no-browser',
    '<%= config.bin %> login --sso-start-url https://my-org.awsapps.com/start --sso-region eu-west-1',
  ]
  static override flags = {
    ...ssoFlags,
    'no-browser': Flags.boolean({ description: 'Use the device code flow (open the URL on any device)' }),
    'device-code': Flags.boolean({ description: 'Alias of --no-browser' }),
    json: Flags.boolean({ description: 'Print the result as JSON (no tokens)' }),
  }

  async run(): Promise<void> {
    const { flags } = await this.parse(Login)
    const ctx = appContext()
    const { flow } = chooseLoginFlow(
      { noBrowser: flags['no-browser'], deviceCode: flags['device-code'] },
      ctx.env,
      process.platform,
    )
    const deps = ssoDeps(ctx, {
      notify: (m) => void process.stderr.write(m),
      ...(canPrompt() ? { pickRole: pickRoleInteractive } : {}),
    })
    const result = await login({ ...ssoInput(flags), flow }, deps)
    if (flags.json) return void process.stdout.write(`${JSON.stringify(result)}\n`)
    const left = formatDuration(Date.parse(result.sessionExpiresAt) - Date.now())
    const how = result.reused ? 'Reused the sign-in another secrets process just completed' : 'Signed in'
    process.stderr.write(
      `${how}: SSO session ${result.sessionName} (access token ${left} left, refreshed automatically).\n` +
        `Profile ${result.profile}: role ${result.roleName} in account ${result.accountId}.\n`,
    )
  }
}
