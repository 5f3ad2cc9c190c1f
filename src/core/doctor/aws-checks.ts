import { access, constants } from 'node:fs/promises'
import { basename, delimiter, isAbsolute, join } from 'node:path'
import { withAwsClient } from '../../shared/aws-client.js'
import { awsConfigPath, isSsoProfile, type AwsConfigFile } from '../../shared/aws-config-file.js'
import { KeychainItem, type Keychain } from '../keychain/index.js'
import { parseSession, resolveSsoProfile, tokenState } from '../sso/index.js'
import { result, type CheckResult } from './check.js'

/** Splits a credential_process value as the AWS CLI does (whitespace, single/double quotes). */
export function splitCommand(line: string): string[] {
  const words: string[] = []
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '')
  return words
}

async function executable(file: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const candidates = isAbsolute(file)
    ? [file]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, file))
  for (const c of candidates)
    if (
      await access(c, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return true
  return false
}

/** Why one credential_process entry of this CLI would not run, or undefined when it resolves. */
async function credentialProcessProblem(argv: string[], config: AwsConfigFile, env: NodeJS.ProcessEnv) {
  const [file = ''] = argv
  if (!(await executable(file, env))) return `${file} is not an executable here`
  const script = argv.find((a) => a.endsWith('run.js'))
  if (
    script &&
    !(await access(script).then(
      () => true,
      () => false,
    ))
  )
    return `${script} does not exist`
  const at = argv.indexOf('--profile')
  const target = at >= 0 ? argv[at + 1] : undefined
  if (target && !config.profiles[target]) return `profile ${target} is not in the AWS config file`
  return undefined
}

/** Whether a credential_process command runs this CLI's `credentials`. */
function isOurs(argv: string[]): boolean {
  return (
    argv.includes('credentials') && argv.some((a) => basename(a) === 'secrets' || /bin\/run\.js$/.test(a))
  )
}

/**
 * The AWS config file: its profiles and SSO sessions, each session's state in the keychain
 * (signed in, refreshes by itself, or needs `secrets login`), and every credential_process
 * entry that runs this CLI: does its command resolve. Nothing is sent anywhere.
 */
export async function checkAwsConfig(
  config: AwsConfigFile,
  env: NodeJS.ProcessEnv,
  keychain: () => Keychain,
  now: Date,
): Promise<CheckResult> {
  const path = awsConfigPath(env)
  const profiles = Object.keys(config.profiles)
  if (profiles.length === 0 && Object.keys(config.ssoSessions).length === 0)
    return result('aws-config', 'ok', `no profiles in ${path}`)
  const problems: string[] = []
  const warnings: string[] = []
  const fixes: string[] = []
  const notes: string[] = []

  // One line per SSO session (sso-session sections and legacy profiles alike), named by a profile.
  const sessions = new Map<string, string>()
  for (const name of profiles.filter((p) => isSsoProfile(config.profiles[p]))) {
    try {
      const sso = resolveSsoProfile(config, name)
      if (sso && !sessions.has(sso.sessionName)) sessions.set(sso.sessionName, name)
    } catch (error) {
      problems.push(`profile ${name}: ${(error as Error).message}`)
      const hint = (error as { hint?: string }).hint
      if (hint) fixes.push(hint)
    }
  }
  for (const [session, profile] of sessions) {
    let text: string | undefined
    try {
      text = await keychain().get(KeychainItem.ssoSession(session))
    } catch (error) {
      warnings.push(`SSO session ${session}: not checked (${(error as Error).message.split('.')[0]})`)
      continue
    }
    const stored = parseSession(text)
    const state = tokenState(stored, now)
    const expires = stored?.tokens?.expiresAt
    if (!stored) {
      warnings.push(`SSO session ${session}: not signed in`)
      fixes.push(`secrets login --profile ${profile}`)
    } else if (state === 'login') {
      warnings.push(`SSO session ${session}: expired at ${expires}, and it cannot refresh itself`)
      fixes.push(`secrets login --profile ${profile}`)
    } else if (state === 'refresh')
      notes.push(
        `SSO session ${session}: token ${Date.parse(expires ?? '') > now.getTime() ? 'expires' : 'expired'} at ${expires}, refreshed on next use`,
      )
    else notes.push(`SSO session ${session}: signed in until ${expires}`)
  }

  for (const name of profiles) {
    const line = config.profiles[name]?.credential_process
    if (!line) continue
    const argv = splitCommand(line)
    if (!isOurs(argv)) continue
    const problem = await credentialProcessProblem(argv, config, env)
    if (problem) {
      problems.push(`profile ${name}: credential_process does not resolve: ${problem}`)
      fixes.push(
        `Point credential_process of [profile ${name}] at the installed CLI: credential_process = secrets credentials --profile <sso-profile>`,
      )
    } else notes.push(`profile ${name}: credential_process = ${line} resolves`)
  }

  const head = `${profiles.length} profile(s), ${sessions.size} SSO session(s) in ${path}`
  const all = [head, ...problems, ...warnings, ...notes].join('; ')
  const fix = fixes.length > 0 ? [...new Set(fixes)].join('; ') : undefined
  if (problems.length > 0) return result('aws-config', 'fail', all, fix)
  if (warnings.length > 0) return result('aws-config', 'warn', all, fix)
  return result('aws-config', 'ok', all)
}

/** SigV4 signatures are refused beyond this skew; warn well before it. */
const SIGV4_LIMIT_MS = 5 * 60_000
const WARN_MS = 60_000

/**
 * This machine's clock against STS: the Date header of one unsigned-in-effect call (a
 * GetCallerIdentity signed with a placeholder key that is no one's, so no credential leaves
 * the machine) through the one AWS client factory. Run only where AWS credentials exist.
 */
export async function checkClock(
  config: AwsConfigFile,
  credentialsFile: AwsConfigFile,
  env: NodeJS.ProcessEnv,
  now: () => Date,
): Promise<CheckResult> {
  const hasCredentials =
    Object.keys(config.profiles).length > 0 ||
    Object.keys(credentialsFile.profiles).length > 0 ||
    Boolean(env.AWS_ACCESS_KEY_ID)
  if (!hasCredentials)
    return result('clock', 'ok', 'not checked: no AWS profile or credentials on this machine')
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1'
  let date: string | undefined
  const sent = now().getTime()
  await withAwsClient(
    'sts',
    {
      region,
      credentials: {
        accessKeyId: 'secrets-doctor-clock-probe',
        secretAccessKey: 'secrets-doctor-clock-probe-placeholder',
      },
    },
    { maxAttempts: 1, env, boundMs: 8_000 },
    async (sdk, client) => {
      client.middlewareStack.add(
        (next) => async (args) => {
          const out = await next(args)
          const headers = (out.response as { headers?: Record<string, string> } | undefined)?.headers
          date = headers?.date ?? headers?.Date
          return out
        },
        { step: 'deserialize', priority: 'low', name: 'secretsDoctorDate' },
      )
      await client.send(new sdk.GetCallerIdentityCommand({})).catch(() => undefined)
    },
  )
  if (!date || Number.isNaN(Date.parse(date)))
    return result(
      'clock',
      'warn',
      `STS (${region}) did not answer with a Date header`,
      'Check the network path to STS (proxy, AWS_ENDPOINT_URL_STS); then run `secrets doctor` again.',
    )
  const local = (sent + now().getTime()) / 2
  const skew = local - Date.parse(date)
  const text = `${Math.abs(Math.round(skew / 1000))} s ${skew >= 0 ? 'ahead of' : 'behind'} STS (${region}, Date: ${date})`
  const fix =
    'Sync the clock (timedatectl set-ntp true, or your OS time settings); SigV4 requests fail beyond 5 minutes of skew.'
  if (Math.abs(skew) > SIGV4_LIMIT_MS)
    return result('clock', 'fail', `this clock is ${text}: AWS refuses signatures beyond 5 min`, fix)
  if (Math.abs(skew) > WARN_MS) return result('clock', 'warn', `this clock is ${text}`, fix)
  return result('clock', 'ok', `this clock is ${text}`)
}
