import { describe, expect, it } from 'vitest'
import { settingFlagsFrom, type EffectiveSettings } from '../../../src/core/config/index.js'
import { cacheIdentity, planRun, runExitCode, type RunRequest } from '../../../src/core/run/index.js'
import { ExitCode, UsageError } from '../../../src/shared/errors.js'

const flags = (over: Partial<RunRequest> = {}): RunRequest => ({
  explain: false,
  'allow-nested': false,
  offline: false,
  'max-stale': '24h',
  'aws-env': false,
  imds: false,
  ecs: false,
  'imds-v1': false,
  ...over,
})

const settings = (over: Partial<EffectiveSettings> = {}): EffectiveSettings => ({
  store: 'local',
  profile: undefined,
  region: undefined,
  paths: [],
  envFiles: [],
  environment: undefined,
  storeSource: 'default',
  ...over,
})

const plan = (f: Partial<RunRequest>, s: Partial<EffectiveSettings> = {}, env: NodeJS.ProcessEnv = {}) =>
  planRun({ flags: flags(f), positionals: [], command: ['x'] }, settings(s), env)

describe('planRun: the child input', () => {
  it.each([
    ['no flags', {}, {}, { preserveEnv: [], maxStaleMs: 86_400_000, explain: false, offline: false }],
    [
      '--preserve-env trims and drops empties',
      { 'preserve-env': ' A, B,,C ' },
      {},
      { preserveEnv: ['A', 'B', 'C'] },
    ],
    ['--max-stale 1h', { 'max-stale': '1h' }, {}, { maxStaleMs: 3_600_000 }],
    [
      'switches pass through',
      { explain: true, 'allow-nested': true, offline: true },
      {},
      { explain: true, allowNested: true, offline: true },
    ],
    [
      'paths are normalised prefixes',
      {},
      { paths: ['/app/dev', '/app/x/'], store: 'ssm' as const },
      { settings: expect.objectContaining({ store: 'ssm', paths: ['/app/dev', '/app/x'] }) as unknown },
    ],
  ])('%s', (_name, f, s, expected) => {
    expect(plan(f, s).input).toMatchObject({ command: ['x'], ...expected })
  })

  it('refuses a bad --max-stale', () => {
    expect(() => plan({ 'max-stale': 'soon' })).toThrow(UsageError)
  })

  it('refuses a word before -- and names it', () => {
    const call = () =>
      planRun({ flags: flags(), positionals: ['stray', 'more'], command: ['echo'] }, settings(), {})
    expect(call).toThrow(UsageError)
    expect(call).toThrow(/stray/)
  })
})

describe('planRun: the metadata endpoint and AWS identity', () => {
  const arn = 'arn:aws:iam::123456789012:role/app'
  it.each([
    ['none', {}, {}, undefined],
    ['--imds', { imds: true }, {}, { mode: 'imds' }],
    [
      '--ecs with the profile',
      { ecs: true },
      { profile: 'dev', region: 'eu-west-1' },
      { mode: 'ecs', profile: 'dev', region: 'eu-west-1' },
    ],
    [
      '--imds --imds-v1 --role-arn',
      { imds: true, 'imds-v1': true, 'role-arn': arn },
      {},
      { mode: 'imds', imdsV1: true, roleArn: arn },
    ],
  ])('%s', (_name, f, s, expected) => {
    expect(plan(f, s).metadata).toEqual(expected)
  })

  it.each([
    ['--role-arn', { 'role-arn': arn }],
    ['--imds-v1', { 'imds-v1': true }],
  ])('%s alone is a usage error naming it', (name, f) => {
    expect(() => plan(f)).toThrow(new RegExp(`${name} needs --imds or --ecs`))
  })

  it.each([
    [{}, {}],
    [{ profile: 'dev' }, { profile: 'dev' }],
    [
      { profile: 'dev', region: 'us-east-1' },
      { profile: 'dev', region: 'us-east-1' },
    ],
  ])('aws from settings %j', (s, expected) => {
    expect(plan({}, s).aws).toEqual(expected)
  })

  it('asks for --aws-env', () => {
    expect(plan({ 'aws-env': true }).awsEnv).toBe(true)
    expect(plan({}).awsEnv).toBe(false)
  })
})

describe('cacheIdentity', () => {
  it.each([
    [{}, {}, ['', '', '', '']],
    [
      {},
      { AWS_PROFILE: 'p', AWS_DEFAULT_REGION: 'r', AWS_ENDPOINT_URL: 'e', AWS_ACCESS_KEY_ID: 'k' },
      ['p', 'r', 'e', 'k'],
    ],
    [{ profile: 'dev', region: 'eu' }, { AWS_PROFILE: 'p', AWS_REGION: 'r' }, ['dev', 'eu', '', '']],
    [
      {},
      { AWS_REGION: 'a', AWS_DEFAULT_REGION: 'b', AWS_ENDPOINT_URL_SSM: 's', AWS_ENDPOINT_URL: 'e' },
      ['', 'a', 's', ''],
    ],
  ])('settings %j, env %j', (s, env, expected) => {
    expect(JSON.parse(cacheIdentity(env, s))).toEqual(expected)
    expect(plan({}, s, env).cacheIdentity).toBe(cacheIdentity(env, s))
  })
})

describe('runExitCode', () => {
  it.each([
    [ExitCode.usage, 125],
    [ExitCode.internal, 125],
    [4, 125],
    [ExitCode.notExecutable, 126],
    [ExitCode.notFound, 127],
  ])('%i → %i', (code, expected) => {
    expect(runExitCode(code)).toBe(expected)
  })
})

describe('settingFlagsFrom', () => {
  it.each([
    [{}, {}],
    [
      { store: 'ssm', profile: '', env: 'prod' },
      { store: 'ssm', env: 'prod' },
    ],
    [
      { path: ['/a'], 'env-file': ['.env'], region: 'r' },
      { paths: ['/a'], envFiles: ['.env'], region: 'r' },
    ],
  ])('%j', (f, expected) => {
    expect(settingFlagsFrom(f)).toEqual(expected)
  })
})

describe('planRun: --watch and --mask', () => {
  it('is off by default; --watch takes its defaults; the project turns --mask on', () => {
    expect(plan({}).watch).toBeUndefined()
    expect(plan({}).input.mask).toBe(false)
    expect(plan({ watch: true }).watch).toEqual({
      signal: 'SIGTERM',
      graceMs: 10_000,
      restart: true,
      intervalMs: 30_000,
    })
    expect(
      plan({
        watch: true,
        'watch-signal': 'hup',
        'watch-no-restart': true,
        'watch-interval': '5s',
        'watch-grace': '1s',
      }).watch,
    ).toEqual({ signal: 'SIGHUP', graceMs: 1_000, restart: false, intervalMs: 5_000 })
    const masked = planRun(
      { flags: flags(), positionals: [], command: ['x'] },
      settings(),
      {},
      { mask: true },
    )
    expect(masked.input.mask).toBe(true)
  })

  it.each([
    [{ watch: true, 'watch-interval': '4s' }, /--watch-interval must be at least 5s/],
    [{ watch: true, 'watch-signal': 'KILL' }, /--watch-signal KILL is not a signal the command can handle/],
    [{ watch: true, 'watch-signal': 'NOPE' }, /--watch-signal NOPE/],
    [{ 'watch-no-restart': true }, /--watch-no-restart needs --watch/],
    [{ watch: true, frozen: true } as Partial<RunRequest>, /--watch and --frozen contradict each other/],
  ])('refuses %j', (f, message) => {
    expect(() => plan(f)).toThrow(UsageError)
    expect(() => plan(f)).toThrow(message)
  })
})
