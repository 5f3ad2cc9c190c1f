import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MemoryKeychain } from '../../../src/core/keychain/index.js'
import { ssoDeps, type SsoDeps } from '../../../src/core/sso/sso-deps.js'
import { recordingHumanOutput } from '../../../src/shared/human-output.js'
import { identityCenterEnv, type IdentityCenter } from '../../fakes/identity-center/index.js'

/** In-process SSO deps: a memory keychain, the fake service, a temp AWS config and a fake clock. */
export function ssoHarness(ic: IdentityCenter, overrides: Partial<SsoDeps> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'secrets-sso-unit-'))
  const configFile = join(dir, 'config')
  writeFileSync(
    configFile,
    [
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = us-east-1',
      '[profile dev]',
      'sso_session = corp',
      'sso_account_id = 111111111111',
      'sso_role_name = Developer',
      '[profile pick]',
      'sso_session = corp',
      '',
    ].join('\n'),
  )
  const keychain = new MemoryKeychain()
  const env = {
    HOME: dir,
    XDG_CACHE_HOME: join(dir, 'cache'),
    AWS_CONFIG_FILE: configFile,
    ...identityCenterEnv(ic),
  }
  let clock = Date.now()
  const sleeps: number[] = []
  const human = recordingHumanOutput()
  const messages = human.notices
  const deps = ssoDeps(
    { env, keychain: () => keychain },
    {
      now: () => new Date(clock),
      sleep: async (ms) => {
        sleeps.push(ms)
        clock += ms
      },
      human,
      ...overrides,
    },
  )
  return {
    deps,
    keychain,
    sleeps,
    messages,
    advance: (ms: number) => void (clock += ms),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** The browser stand-in for in-process tests: GET the URL and follow redirects on loopback. */
export async function fakeBrowser(url: string): Promise<void> {
  let next = url
  for (let hops = 0; hops < 5; hops++) {
    const res = await fetch(next, { redirect: 'manual' })
    await res.arrayBuffer()
    const location = res.headers.get('location')
    if (!location) return
    next = new URL(location, next).toString()
  }
}
