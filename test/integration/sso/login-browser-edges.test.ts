import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest'
import { ROOT } from '../../helpers/cli.js'
import { startIdentityCenter, type IdentityCenter } from '../../fakes/identity-center/index.js'
import { cli, ssoHome } from './sso-fixture.js'

const moto = inject('motoUrl')
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 })
const FAKE_BROWSER = join(ROOT, 'test', 'fakes', 'identity-center', 'fake-browser.mjs')

/** What the browser stand-in saw last: status, content type and the page. */
function lastPage(path: string): { status: number; type: string; body: string } {
  expect(existsSync(path), 'the browser stand-in wrote no page').toBe(true)
  const page = JSON.parse(readFileSync(path, 'utf8')) as { status: number; type: string; body: string }
  rmSync(path)
  return page
}

describe('browser sign-in edges (issue 15) and a forgotten client registration (issue 9.4)', () => {
  let ic: IdentityCenter
  let home: ReturnType<typeof ssoHome>
  let env: Record<string, string>
  let pageFile: string

  beforeAll(async () => {
    ic = await startIdentityCenter({ interval: 1, decision: 'approve' })
    home = ssoHome(ic, moto)
    pageFile = join(home.dir, 'browser-page.json')
    env = { ...home.cliEnv, BROWSER: FAKE_BROWSER, FAKE_BROWSER_PAGE: pageFile }
  })
  afterAll(async () => {
    await ic.close()
    home.remove()
  })

  it('the tab gets a titled HTML page after the exchange, without the code, and no external resources', async () => {
    const result = await cli(['login', '--force', '--profile', 'dev'], env)
    expect(result.exitCode, result.stderr).toBe(0)
    const page = lastPage(pageFile)
    expect(page.status).toBe(200)
    expect(page.type).toMatch(/^text\/html/)
    expect(page.body).toMatch(/<title>Signed in[^<]*<\/title>/)
    expect(page.body).not.toMatch(/FAKEAUTHCODE|state=|code=/)
    expect(page.body).not.toMatch(/(src|href)\s*=|https?:\/\//)
  })

  it('a code rejected at exchange (invalid_grant) is exit 3 with the description, and the tab says so', async () => {
    ic.rejectCodeExchanges(1, 'Authorization code has expired')
    const result = await cli(['login', '--force', '--profile', 'dev'], env)
    expect(result.exitCode, result.stderr).toBe(3)
    expect(result.stderr).toContain('Authorization code has expired')
    expect(result.stderr).toContain('next: Run `secrets login --profile dev` again')
    expect(result.stderr).not.toContain('UnknownError')
    const page = lastPage(pageFile)
    expect(page.body).toMatch(/<title>Sign-in not completed/)
    expect(page.body).not.toContain('Signed in.')
  })

  it('$BROWSER with arguments, %s and a colon list: the first command that starts is used', async () => {
    const authorize = ic.count('Authorize')
    const browser = `no-such-browser-xyz --new-tab %s:node ${FAKE_BROWSER} %s`
    const result = await cli(['login', '--force', '--profile', 'dev'], { ...env, BROWSER: browser })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(ic.count('Authorize') - authorize).toBe(1)
    expect(result.stderr).not.toContain('device code')
  })

  it('no browser starts: the device flow at once, not a 5-minute wait', async () => {
    const devices = ic.count('StartDeviceAuthorization')
    const started = Date.now()
    const result = await cli(['login', '--force', '--profile', 'dev'], {
      ...env,
      BROWSER: 'no-such-browser-xyz:false',
    })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(result.stderr).toMatch(
      /Could not start a browser \(no-such-browser-xyz: ENOENT; false: exit status 1\)/,
    )
    expect(result.stderr).toContain('Using the device code flow instead')
    expect(ic.count('StartDeviceAuthorization') - devices).toBe(1)
  })

  it('the browser timeout is configurable by flag and environment, and checked', async () => {
    // `true` starts and exits 0 without ever visiting the URL: a browser the user never uses.
    for (const [args, extra] of [
      [['--browser-timeout', '2s'], {}],
      [[], { SECRETS_BROWSER_TIMEOUT: '2s' }],
    ] as const) {
      const started = Date.now()
      const result = await cli(['login', '--force', '--profile', 'dev', ...args], {
        ...env,
        ...extra,
        BROWSER: 'true',
      })
      expect(result.exitCode, result.stderr).toBe(3)
      expect(result.stderr).toContain('No sign-in response from the browser within 2 s')
      expect(result.stderr).toContain('--no-browser')
      // Far below the 5-minute default, with room for a loaded machine's process start-up.
      expect(Date.now() - started).toBeLessThan(60_000)
    }
    const bad = await cli(['login', '--force', '--profile', 'dev', '--browser-timeout', 'soon'], env)
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('--browser-timeout "soon" is not a duration')
  })

  it('a client registration the service forgot: register again once and continue (device and browser)', async () => {
    for (const flowArgs of [['--no-browser'], []]) {
      const before = await cli(['login', '--force', '--profile', 'dev', ...flowArgs], env) // a client for this flow
      expect(before.exitCode, before.stderr).toBe(0)
      ic.forgetClients()
      const registered = ic.count('RegisterClient')
      const result = await cli(['login', '--force', '--profile', 'dev', ...flowArgs], env)
      expect(result.exitCode, result.stderr).toBe(0)
      expect(result.stderr).toContain('no longer knows the stored client registration; registering again')
      expect(ic.count('RegisterClient') - registered).toBe(1)
    }
    // The new registration is kept: the next sign-in reuses it.
    const registered = ic.count('RegisterClient')
    const again = await cli(['login', '--force', '--profile', 'dev'], env)
    expect(again.exitCode, again.stderr).toBe(0)
    expect(ic.count('RegisterClient')).toBe(registered)
  })

  it('login --profile nosuch fails first, says the file has no such profile, and lists the ones it has', async () => {
    const result = await cli(['login', '--profile', 'nosuch'], { ...home.cliEnv })
    expect(result.exitCode).toBe(2)
    expect(result.stderr).not.toContain('Using the device code flow')
    expect(result.stderr).toContain('Profile nosuch is not in the AWS config file')
    expect(result.stderr).toContain('IAM Identity Center profiles: dev, legacy, pick; other profiles: static')
  })
})
