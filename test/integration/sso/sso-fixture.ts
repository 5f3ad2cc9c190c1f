import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { execa } from 'execa'
import { BIN, ROOT, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'
import { identityCenterEnv, type IdentityCenter } from '../../fakes/identity-center/index.js'

export const START_URL = 'https://example-org.awsapps.com/start'

/** A temp HOME whose ~/.aws/config has SSO profiles pointing at the fake, and the env for the CLI. */
export function ssoHome(
  ic: IdentityCenter,
  motoUrl: string,
  keychain: 'os' | 'file' = 'file',
): TempHome & { cliEnv: Record<string, string> } {
  const home = tempHome({ keychain })
  const config = [
    '[sso-session corp]',
    `sso_start_url = ${START_URL}`,
    'sso_region = us-east-1',
    'sso_registration_scopes = sso:account:access',
    '',
    '[profile dev]',
    'sso_session = corp',
    'sso_account_id = 111111111111',
    'sso_role_name = Developer',
    'region = us-east-1',
    '',
    '[profile pick]',
    'sso_session = corp',
    'region = us-east-1',
    '',
    '[profile legacy]',
    `sso_start_url = ${START_URL}/legacy`,
    'sso_region = us-east-1',
    'sso_account_id = 222222222222',
    'sso_role_name = Developer',
    'region = us-east-1',
    '',
    '[profile static]',
    'region = us-east-1',
    '',
  ].join('\n')
  const path = home.env.AWS_CONFIG_FILE ?? join(home.dir, '.aws', 'config')
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, config)
  // Endpoints only: no static keys, so nothing but the SSO session can authenticate.
  const { AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION } = motoEnv(motoUrl)
  const cliEnv = {
    ...home.env,
    AWS_ENDPOINT_URL: AWS_ENDPOINT_URL ?? motoUrl,
    AWS_ENDPOINT_URL_STS: motoUrl,
    AWS_REGION: AWS_REGION ?? 'us-east-1',
    AWS_DEFAULT_REGION: AWS_DEFAULT_REGION ?? 'us-east-1',
    ...identityCenterEnv(ic),
  }
  return { ...home, cliEnv }
}

/** Environment variables a CLI process must not inherit. */
const STRIPPED = /^(AWS_|SECRETS_|CI$|SSH_|DISPLAY$|WAYLAND_DISPLAY$|BROWSER$)/

/** Starts the CLI as a real process (not awaited), so a test can react to its stderr. */
export function startCli(args: string[], env: Record<string, string>, timeout = 60_000) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !STRIPPED.test(k)))
  return execa('node', [BIN, ...args], {
    env: { ...base, ...env },
    extendEnv: false,
    reject: false,
    cwd: ROOT,
    timeout,
    stdin: 'ignore',
  })
}

/** Runs the CLI to completion. */
export async function cli(args: string[], env: Record<string, string>, timeout = 60_000) {
  return startCli(args, env, timeout)
}

/** Signs in with the device flow, approving the user code the CLI prints on stderr. */
export async function deviceLogin(ic: IdentityCenter, args: string[], env: Record<string, string>) {
  const child = startCli(['login', '--no-browser', ...args], env)
  let approved = false
  child.stderr?.on('data', (chunk: Buffer) => {
    const code = /Code: ([A-Z]{4}-[A-Z]{4})/.exec(chunk.toString())?.[1]
    if (code && !approved) {
      approved = true
      ic.approve(code)
    }
  })
  return child
}

/** Every regular file under `dir` whose bytes contain any of `needles`. */
export function filesContaining(dir: string, needles: string[]): string[] {
  const hits: string[] = []
  const walk = (d: string, depth: number) => {
    if (depth > 12) return
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      const st = statSync(p)
      if (st.isDirectory()) walk(p, depth + 1)
      else if (st.isFile()) {
        const text = readFileSync(p).toString('latin1')
        if (needles.some((n) => n && text.includes(n))) hits.push(p)
      }
    }
  }
  walk(dir, 0)
  return hits
}

/** An AWS config with the `corp` SSO session and its `dev` profile, then `extra` lines. */
export function ssoDevConfig(extra: string[] = []): string {
  return [
    '[sso-session corp]',
    `sso_start_url = ${START_URL}`,
    'sso_region = us-east-1',
    'sso_registration_scopes = sso:account:access',
    '[profile dev]',
    'sso_session = corp',
    'sso_account_id = 111111111111',
    'sso_role_name = Developer',
    'region = us-east-1',
    ...extra,
    '',
  ].join('\n')
}
