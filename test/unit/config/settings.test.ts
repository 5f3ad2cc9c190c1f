import { describe, expect, it } from 'vitest'
import { parseProjectConfig, resolveSettings, type SettingFlags } from '../../../src/core/config/index.js'

const FILE = '/repo/.secretsrc.json'
const config = parseProjectConfig(
  JSON.stringify({
    store: 'ssm',
    profile: 'dev',
    paths: ['/app/dev'],
    envFiles: ['.env'],
    environments: { staging: { paths: ['/app/staging'], profile: 'staging' }, local: { store: 'local' } },
  }),
  FILE,
)

describe('resolveSettings', () => {
  it.each([
    [
      'no config, no flags → local default',
      {},
      undefined,
      { store: 'local', storeSource: 'default', paths: [], profile: undefined },
    ],
    [
      'config top level',
      {},
      config,
      { store: 'ssm', storeSource: 'project', paths: ['/app/dev'], profile: 'dev' },
    ],
    [
      'environment overrides top level',
      { env: 'staging' },
      config,
      { store: 'ssm', paths: ['/app/staging'], profile: 'staging' },
    ],
    [
      'environment store',
      { env: 'local' },
      config,
      { store: 'local', storeSource: 'environment', paths: ['/app/dev'] },
    ],
    [
      'flags override everything',
      { env: 'staging', store: 'local', paths: ['/x'] },
      config,
      { store: 'local', storeSource: 'flag', paths: ['/x'] },
    ],
  ] as const)('%s', (_name, flags, cfg, expected) => {
    expect(resolveSettings(structuredClone(flags) as SettingFlags, cfg, '/repo/sub')).toMatchObject(expected)
  })

  it('resolves env files from the config dir, flag env files from cwd', () => {
    expect(resolveSettings({}, config, '/repo/sub').envFiles).toEqual(['/repo/.env'])
    expect(resolveSettings({ envFiles: ['.env.local'] }, config, '/repo/sub').envFiles).toEqual([
      '/repo/sub/.env.local',
    ])
  })

  it.each([
    [{ env: 'nope' }, config, /Environment "nope" is not defined.*/],
    [{ env: 'dev' }, undefined, /--env dev needs a .secretsrc.json/],
  ])('rejects %j', (flags, cfg, message) => {
    expect(() => resolveSettings(flags, cfg, '/repo')).toThrow(message)
  })
})

describe('parseProjectConfig', () => {
  it.each([
    ['{', /is not valid JSON/],
    ['[]', /"\(top level\)" must be a JSON object/],
    ['{"stor":"ssm"}', /"stor" is not a known key/],
    ['{"store":"vault"}', /"store" must be one of: ssm, local/],
    ['{"paths":"/a"}', /"paths" must be an array of non-empty strings/],
    ['{"profile":""}', /"profile" must be a non-empty string/],
    ['{"environments":{"dev":{"region":3}}}', /"environments.dev.region" must be a non-empty string/],
    ['{"environments":{"dev":{"bogus":1}}}', /"environments.dev.bogus" is not a known key/],
    ['{"defaultEnvironment":"x"}', /"defaultEnvironment" must name one of "environments"/],
    ['{"scan":[]}', /"scan" must be an object/],
  ])('%s', (raw, message) => {
    expect(() => parseProjectConfig(raw, FILE)).toThrow(message)
  })

  it('names the file in errors', () => {
    expect(() => parseProjectConfig('{"x":1}', FILE)).toThrow(FILE)
  })
})
