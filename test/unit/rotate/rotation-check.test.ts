import { describe, expect, it } from 'vitest'
import { KeychainItem, MemoryKeychain } from '../../../src/core/keychain/index.js'
import { serializeAccessKey } from '../../../src/core/identity/index.js'
import {
  checkRotations,
  formatRotationReport,
  parseRotationPolicy,
  type RotationStatus,
} from '../../../src/core/rotate/index.js'
import type { Parameter, ParameterStore } from '../../../src/core/store/index.js'

const now = new Date('2026-06-01T00:00:00Z')
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000)
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

/** A read-only in-memory store: only what checkRotations reads. */
function fakeStore(params: Parameter[]): ParameterStore & { reads: number } {
  const store = {
    kind: 'local' as const,
    reads: 0,
    async get(path: string) {
      store.reads++
      return params.find((p) => p.path === path)
    },
    async getByPath(prefix: string) {
      store.reads++
      return params.filter((p) => p.path.startsWith(`${prefix}/`))
    },
    put: async () => Promise.reject(new Error('read only')),
    history: async () => [],
    getSelected: async () => [],
    label: async () => ({ found: false as const }),
    delete: async () => false,
  }
  return store
}
const param = (path: string, version: number, age: number): Parameter => ({
  path,
  value: `value-of-${path}`,
  version,
  lastModified: daysAgo(age),
  type: 'SecureString',
})

async function keychainWith(keys: Record<string, { created: number; rotated?: number }>) {
  const keychain = new MemoryKeychain()
  let i = 0
  for (const [profile, k] of Object.entries(keys)) {
    await keychain.set(
      KeychainItem.accessKey(profile),
      serializeAccessKey({
        accessKeyId: `AKIAEXAMPLE00000000${i++}`,
        secretAccessKey: SECRET,
        created: daysAgo(k.created).toISOString(),
        ...(k.rotated !== undefined ? { rotated: daysAgo(k.rotated).toISOString() } : {}),
      }),
    )
  }
  await keychain.set(KeychainItem.stsSession('dev'), '{}')
  await keychain.set(KeychainItem.localStoreKey, 'x')
  return keychain
}

describe('checkRotations', () => {
  it.each([
    ['key created 100 days ago, default 90d', { dev: { created: 100 } }, {}, [['dev', true, 100, 90, null]]],
    ['key rotated 10 days ago', { dev: { created: 400, rotated: 10 } }, {}, [['dev', false, 10, 90, 10]]],
    [
      'section maxAge applies to keys',
      { dev: { created: 40 } },
      { maxAge: '30d' },
      [['dev', true, 40, 30, null]],
    ],
    ['no keys, no paths', {}, {}, []],
  ])('%s', async (_n, keys, section, expected) => {
    const keychain = await keychainWith(keys)
    const store = fakeStore([])
    const statuses = await checkRotations(
      { policy: parseRotationPolicy(section, 'f'), now },
      { keychain: () => keychain, store: () => store },
    )
    expect(
      statuses.map((s) => [
        s.name,
        s.overdue,
        s.ageDays,
        s.maxAgeDays,
        s.lastRotated && Math.round((now.getTime() - Date.parse(s.lastRotated)) / 86_400_000),
      ]),
    ).toEqual(expected)
    expect(store.reads).toBe(0)
    expect(JSON.stringify(statuses)).not.toContain(SECRET)
  })

  it('checks paths with a max age (own or inherited), overdue first, without values', async () => {
    const keychain = await keychainWith({ dev: { created: 5 } })
    const store = fakeStore([
      param('/app/db/password', 4, 45),
      param('/app/api/token', 2, 10),
      param('/app/api/token/extra', 1, 100),
      param('/misc/x', 1, 500),
    ])
    const policy = parseRotationPolicy(
      {
        paths: { '/app': { maxAge: '60d' }, '/app/db/password': { maxAge: '30d' }, '/misc': { length: 12 } },
      },
      'f',
    )
    const statuses = await checkRotations({ policy, now }, { keychain: () => keychain, store: () => store })
    expect(statuses.map((s) => [s.kind, s.name, s.id, s.ageDays, s.maxAgeDays, s.overdue])).toEqual([
      ['parameter', '/app/api/token/extra', '1', 100, 60, true],
      ['parameter', '/app/db/password', '4', 45, 30, true],
      ['aws-key', 'dev', 'AKIAEXAMPLE000000000', 5, 90, false],
      ['parameter', '/app/api/token', '2', 10, 60, false],
    ])
    expect(JSON.stringify(statuses)).not.toContain('value-of-')
  })

  it.each([
    [
      'a store key made 100 days ago, default 90d',
      { created: daysAgo(100).toISOString() },
      {},
      ['local-store-key', 100, 90, true],
    ],
    [
      'a store key made 10 days ago, section maxAge 30d',
      { created: daysAgo(10).toISOString() },
      { maxAge: '30d' },
      ['local-store-key', 10, 30, false],
    ],
    ['a key from before creation times were kept', {}, {}, ['local-store-key', 0, 90, false]],
  ])('reports data keys against the max age: %s', async (_n, key, section, expected) => {
    const statuses = await checkRotations(
      { policy: parseRotationPolicy(section, 'f'), now },
      {
        keychain: () => new MemoryKeychain(),
        store: () => fakeStore([]),
        dataKeys: async () => [{ name: 'local-store-key', ...key }],
      },
    )
    expect(statuses.map((s) => [s.name, s.ageDays, s.maxAgeDays, s.overdue])).toEqual([expected])
    expect(statuses[0]?.kind).toBe('data-key')
    expect(statuses[0]?.since).toBe('created' in key ? key.created : 'unknown')
  })

  it('issue 23.11: real last rotation, durations in the unit given, the exact command per overdue row', async () => {
    const keychain = await keychainWith({})
    const rotatedSecondsAgo = { ...param('/app/token', 3, 0), lastModified: new Date(now.getTime() - 5_000) }
    const store = fakeStore([rotatedSecondsAgo, param('/app/old', 1, 2)])
    const policy = parseRotationPolicy({ paths: { '/app': { maxAge: '1h' } } }, 'f')
    const statuses = await checkRotations({ policy, now }, { keychain: () => keychain, store: () => store })
    const fresh = statuses.find((s) => s.name === '/app/token')
    expect(fresh?.lastRotated).toBe(rotatedSecondsAgo.lastModified.toISOString())
    const report = formatRotationReport(statuses)
    const [header, overdueRow, freshRow] = report.table.split('\n')
    expect(header).toMatch(/AGE\s+MAX\s+LAST ROTATED\s+NEXT/)
    expect(overdueRow).toMatch(/^OVERDUE .*\/app\/old .* 2d +1h .* secrets rotate \/app\/old$/)
    expect(freshRow).toMatch(/\/app\/token .* 5s +1h +2026-05-31T23:59:55\.000Z$/)
    expect(report.table).not.toContain('never')
    expect(report.table).not.toContain('0.04d')
  })
})

describe('formatRotationReport: the exit status of rotate --check', () => {
  const status = (overdue: boolean): RotationStatus => ({
    kind: 'parameter',
    name: '/p',
    id: '1',
    since: now.toISOString(),
    lastRotated: null,
    ageDays: 1,
    maxAgeDays: 1,
    ageMs: 86_400_000,
    maxAgeMs: 86_400_000,
    overdue,
    command: 'secrets rotate /p',
  })
  it.each<[string, RotationStatus[], number, RegExp]>([
    ['nothing to check', [], 0, /^Nothing to check/],
    ['all fresh', [status(false), status(false)], 0, /^2 checked, 0 overdue\.$/],
    [
      'one overdue',
      [status(true), status(false)],
      1,
      /^2 checked, 1 overdue\. Run the command in the NEXT column/,
    ],
  ])('%s → exit %i', (_case, statuses, exitCode, summary) => {
    const report = formatRotationReport(statuses)
    expect(report.exitCode).toBe(exitCode)
    expect(report.summary).toMatch(summary)
  })
})
