import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { mergeImdsConfig, parseImdsConfig } from '../../../src/core/config/imds-config.js'
import { parseProjectConfig } from '../../../src/core/config/project-config.js'
import { sendTrigger, startControl } from '../../../src/core/imds/control.js'
import { instanceInput } from '../../../src/core/imds/foreground.js'
import { Lifecycle, parseDelay } from '../../../src/core/imds/lifecycle.js'
import { NOW } from './fixtures.js'

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHVuaXQtdGVzdC1rZXktbm90LXJlYWw dev@laptop'
const parse = (value: unknown) => parseImdsConfig(value, '/p/imds.json', '', '/p')

describe('parseImdsConfig', () => {
  it('accepts every key and resolves userData against the file', () => {
    expect(
      parse({
        userData: 'ud.yaml',
        tags: { Name: 'web 1', 'team:owner': 'core' },
        publicKeys: { 'dev-key': ` ${KEY} ` },
        values: { 'meta-data/instance-type': 'm7g.large', 'meta-data/kernel-id': null },
      }),
    ).toEqual({
      userData: '/p/ud.yaml',
      tags: { Name: 'web 1', 'team:owner': 'core' },
      publicKeys: { 'dev-key': KEY },
      values: { 'meta-data/instance-type': 'm7g.large', 'meta-data/kernel-id': null },
    })
  })

  it('accepts tags: false (tags not served)', () => {
    expect(parse({ tags: false })).toEqual({ tags: false })
  })

  it.each([
    [[], '"" must be a JSON object'],
    [{ usrData: 'x' }, '"usrData" is not a known key (expected one of: userData, tags, publicKeys, values)'],
    [{ userData: '' }, '"userData" must be a file path'],
    [{ tags: [] }, '"tags" must be an object'],
    [{ tags: true }, '"tags" must be an object of tag key → value, or false'],
    [{ tags: { 'a/b': 'x' } }, '"tags.a/b" is not a tag key'],
    [{ tags: { 'aws:x': 'x' } }, '"tags.aws:x" is not a tag key'],
    [{ tags: { Name: 1 } }, '"tags.Name" must be a string'],
    [
      { publicKeys: { k: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn' } },
      '"publicKeys.k" must be one OpenSSH public key',
    ],
    [{ publicKeys: { 'a/b': KEY } }, '"publicKeys.a/b" has an invalid key-pair name'],
    [
      { values: { 'instance-type': 'x' } },
      '"values.instance-type" must be a path under meta-data/ or dynamic/',
    ],
    [{ values: { 'meta-data/../iam': 'x' } }, '"values.meta-data/../iam" must be a path'],
    [{ values: { 'meta-data/iam/security-credentials/r': 'x' } }, 'computed by the emulator'],
    [{ values: { 'dynamic/instance-identity/document': '{}' } }, 'computed by the emulator'],
    [{ values: { 'meta-data/x': 1 } }, '"values.meta-data/x" must be a string, or null'],
  ])('%j → %s', (value, message) => {
    expect(() => parse(value)).toThrow(message)
  })

  it('is the imds section of .secretsrc.json, errors named with their place', () => {
    const config = parseProjectConfig(JSON.stringify({ imds: { userData: 'u' } }), '/proj/.secretsrc.json')
    expect(config.imds).toEqual({ userData: '/proj/u' })
    expect(() => parseProjectConfig('{"imds":{"tag":{}}}', '/proj/.secretsrc.json')).toThrow(
      '/proj/.secretsrc.json: "imds.tag" is not a known key',
    )
  })

  it('layers a --config file over the project section', () => {
    expect(
      mergeImdsConfig(
        { userData: '/a', tags: { A: '1', B: '1' }, values: { 'meta-data/x': 'a' } },
        { tags: { B: '2' }, values: { 'meta-data/y': 'b' } },
      ),
    ).toEqual({
      userData: '/a',
      tags: { A: '1', B: '2' },
      values: { 'meta-data/x': 'a', 'meta-data/y': 'b' },
    })
  })
})

describe('simulation flags', () => {
  it.each([
    ['0', 0],
    ['30', 30_000],
    ['5s', 5_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['250ms', 250],
  ])('parseDelay(%s) = %d', (text, ms) => expect(parseDelay(text, '--delay')).toBe(ms))

  it.each(['', '-1', '5d', '1.5s', '200h'])('parseDelay(%j) is a usage error', (text) => {
    expect(() => parseDelay(text, '--delay')).toThrow(/--delay .* is not a delay/)
  })

  it('turns the flags into scheduled simulations', () => {
    expect(
      instanceInput(
        { 'spot-interruption': '5s', 'spot-action': 'hibernate', 'asg-terminate': '1m' },
        undefined,
      ),
    ).toEqual({
      simulations: [
        { kind: 'spot-interruption', delayMs: 5_000, action: 'hibernate' },
        { kind: 'asg-terminate', delayMs: 60_000 },
      ],
    })
  })
})

describe('the control socket', () => {
  const runtime = mkdtempSync(join(tmpdir(), 'imds-control-'))
  afterAll(() => rmSync(runtime, { recursive: true, force: true }))
  const env = { XDG_RUNTIME_DIR: runtime }

  it('schedules what trigger sends, in a directory only this user can enter', async () => {
    const lifecycle = new Lifecycle()
    const control = await startControl(40123, lifecycle, { env, now: () => NOW })
    try {
      expect(statSync(join(control.path, '..')).mode & 0o777).toBe(0o700)
      const reply = await sendTrigger(
        { kind: 'spot-interruption', delayMs: 2_000, action: 'hibernate' },
        { env },
      )
      expect(reply).toEqual({
        port: 40123,
        scheduled: [{ kind: 'spot-interruption', at: '2026-01-02T03:04:07.678Z', action: 'hibernate' }],
      })
      expect(lifecycle.stateAt(new Date(NOW.getTime() + 2_000)).state.spot?.action).toBe('hibernate')
      await expect(sendTrigger({ kind: 'nonsense' }, { env })).rejects.toThrow('nonsense is not a simulation')
    } finally {
      await control.close()
    }
    await expect(sendTrigger({ kind: 'rebalance' }, { env })).rejects.toMatchObject({ code: 'NoEmulator' })
  })

  it('asks for --port when several emulators run', async () => {
    const [a, b] = await Promise.all(
      [40124, 40125].map((port) => startControl(port, new Lifecycle(), { env, now: () => NOW })),
    )
    try {
      await expect(sendTrigger({ kind: 'rebalance' }, { env })).rejects.toMatchObject({
        code: 'SeveralEmulators',
      })
      expect((await sendTrigger({ kind: 'rebalance', port: 40125 }, { env })).port).toBe(40125)
    } finally {
      await Promise.all([a?.close(), b?.close()])
    }
  })
})
