import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  findProjectConfig,
  manageTrust,
  recordTrust,
  requireTrustedConfig,
  revokeTrust,
  trustStorePath,
  trustVerdict,
} from '../../../src/core/config/index.js'
import { recordingHumanOutput } from '../../../src/shared/human-output.js'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

function sandbox() {
  const root = mkdtempSync(join(tmpdir(), 'trust-unit-'))
  dirs.push(root)
  const home = join(root, 'home')
  const project = join(home, 'project')
  mkdirSync(join(project, 'src'), { recursive: true })
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') }
  const file = join(project, '.secretsrc.json')
  return { root, home, project, env, file }
}

describe('findProjectConfig: only a config the user may rely on', () => {
  it('finds the nearest config walking up, and stops at $HOME', async () => {
    const s = sandbox()
    writeFileSync(s.file, '{"paths":["/app"]}')
    expect((await findProjectConfig(join(s.project, 'src'), { env: s.env }))?.file).toBe(s.file)
    // A config above HOME is not looked at.
    writeFileSync(join(s.root, '.secretsrc.json'), '{"paths":["/above"]}')
    rmSync(s.file)
    expect(await findProjectConfig(join(s.project, 'src'), { env: s.env })).toBeUndefined()
  })

  it('stops at the git top level', async () => {
    const s = sandbox()
    writeFileSync(join(s.home, '.secretsrc.json'), '{"paths":["/home-level"]}')
    mkdirSync(join(s.project, '.git'))
    expect(await findProjectConfig(join(s.project, 'src'), { env: s.env })).toBeUndefined()
  })

  it('ignores (without parsing) and names a config others can write, or one another uid owns', async () => {
    const s = sandbox()
    writeFileSync(s.file, 'not json at all')
    chmodSync(s.project, 0o777)
    const told: string[] = []
    expect(await findProjectConfig(s.project, { env: s.env, onIgnored: (m) => told.push(m) })).toBeUndefined()
    expect(told[0]).toMatch(
      /ignoring .*\.secretsrc\.json: its directory .* is writable by everyone \(mode 0777\)/,
    )
    chmodSync(s.project, 0o755)
    chmodSync(s.file, 0o664)
    told.length = 0
    await findProjectConfig(s.project, { env: s.env, onIgnored: (m) => told.push(m) })
    expect(told[0]).toMatch(/writable by its group \(mode 0664\)/)
    chmodSync(s.file, 0o644)
    told.length = 0
    // Owned by another uid (root can hand it over; root-owned files count as the user's own).
    if (process.getuid?.() !== 0) return
    chownSync(s.file, 4242, 4242)
    await findProjectConfig(s.project, { env: s.env, onIgnored: (m) => told.push(m) })
    expect(told[0]).toMatch(/owned by uid 4242, not you \(uid 0\) or root/)
  })
})

describe('trust', () => {
  it('untrusted → trusted → changed (config or env file) → trusted again → revoked', async () => {
    const s = sandbox()
    writeFileSync(s.file, '{"paths":["/app"],"envFiles":[".env"]}')
    writeFileSync(join(s.project, '.env'), 'A=1\n')
    expect((await trustVerdict(s.file, { env: s.env })).state).toBe('untrusted')
    await recordTrust(s.file, { env: s.env })
    expect(await trustVerdict(s.file, { env: s.env })).toEqual({ state: 'trusted', file: s.file })
    expect(statSync(trustStorePath(s.env)).mode & 0o777).toBe(0o600)
    writeFileSync(join(s.project, '.env'), 'A=2\n')
    expect(await trustVerdict(s.file, { env: s.env })).toEqual({
      state: 'changed',
      file: s.file,
      changed: [join(s.project, '.env')],
    })
    await recordTrust(s.file, { env: s.env })
    writeFileSync(s.file, '{"paths":["/other"],"envFiles":[".env"]}')
    expect(await trustVerdict(s.file, { env: s.env })).toMatchObject({
      state: 'changed',
      changed: ['its content'],
    })
    expect(await revokeTrust(s.file, { env: s.env })).toBe(true)
    expect((await trustVerdict(s.file, { env: s.env })).state).toBe('untrusted')
  })

  it('is foreign for a config others can write', async () => {
    const s = sandbox()
    writeFileSync(s.file, '{"paths":["/app"]}')
    chmodSync(s.file, 0o666)
    expect(await trustVerdict(s.file, { env: s.env })).toMatchObject({ state: 'foreign' })
  })

  it('the gate refuses without a terminal, naming the exact trust command; a scan-only config needs none', async () => {
    const s = sandbox()
    writeFileSync(s.file, '{"paths":["/app"]}')
    const config = await findProjectConfig(s.project, { env: s.env })
    const human = recordingHumanOutput()
    await expect(requireTrustedConfig(config!, { env: s.env, human })).rejects.toMatchObject({
      exitCode: 5,
      hint: `Review it, then run: secrets trust ${s.file}`,
    })
    writeFileSync(s.file, '{"scan":{"allowPaths":["x"]}}')
    await expect(
      requireTrustedConfig((await findProjectConfig(s.project, { env: s.env }))!, { env: s.env, human }),
    ).resolves.toBeUndefined()
  })

  it('refuses files named outside the project, by ../ and by a symlink out, even when trusted', async () => {
    const s = sandbox()
    mkdirSync(join(s.home, '.aws'))
    writeFileSync(join(s.home, '.aws', 'credentials'), '[default]\n')
    writeFileSync(s.file, JSON.stringify({ envFiles: ['../.aws/credentials'] }))
    await expect(recordTrust(s.file, { env: s.env })).rejects.toThrow(/outside the project directory/)
    symlinkSync(join(s.home, '.aws', 'credentials'), join(s.project, '.env'))
    writeFileSync(s.file, JSON.stringify({ envFiles: ['.env'] }))
    await expect(recordTrust(s.file, { env: s.env })).rejects.toThrow(/"envFiles" names .*\.env, outside/)
    writeFileSync(s.file, JSON.stringify({ imds: { userData: '/etc/hostname' } }))
    await expect(recordTrust(s.file, { env: s.env })).rejects.toThrow(/"imds.userData" names \/etc\/hostname/)
  })

  it('secrets trust shows what the config asks for, and refuses without --yes or a terminal', async () => {
    const s = sandbox()
    writeFileSync(
      s.file,
      JSON.stringify({ profile: 'dev', paths: ['/app'], envFiles: ['.env'], rotate: { x: 1 } }),
    )
    writeFileSync(join(s.project, '.env'), 'STOLEN=local:/other/prod/api-key\n')
    const human = recordingHumanOutput()
    await expect(
      manageTrust({ mode: 'trust', yes: false, cwd: s.project }, { env: s.env, human }),
    ).rejects.toThrow(/without a confirmation/)
    const shown = human.notices.join('\n')
    for (const line of [
      'profile: dev',
      'paths (every parameter under): /app',
      '.env injects STOLEN=local:/other/prod/api-key',
      'rotate: {"x":1}',
    ])
      expect(shown).toContain(line)
    const done = await manageTrust(
      { mode: 'trust', yes: true, cwd: join(s.project, 'src') },
      { env: s.env, human },
    )
    expect(done).toMatchObject({ mode: 'trust', trusted: true, file: s.file })
    const listed = await manageTrust({ mode: 'list', yes: false, cwd: s.project }, { env: s.env, human })
    expect(listed).toMatchObject({ mode: 'list', configs: [{ file: s.file, state: 'trusted' }] })
  })
})
