import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa, type ResultPromise } from 'execa'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { BIN, ROOT, runCli, tempHome, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'
import { rawRequest } from './http-client.js'

// `secrets imds` serving the whole instance: the developer's values (config file, user data),
// dated versions, a simulation scheduled by flag and one triggered at run time from another
// process, and the real clients that read more than credentials: cloud-init's EC2 data
// source, Debian's ec2-metadata (hard-coded 169.254.169.254, so in a network namespace),
// botocore's region fetcher and the aws CLI.

const TTL = 'X-aws-ec2-metadata-token-ttl-seconds'
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGludGVncmF0aW9uLXRlc3Qta2V5LW5vdC1yZWFs dev@laptop'
const HERE = join(ROOT, 'test', 'integration', 'imds', 'fixtures')
let home: TempHome
let env: Record<string, string>
let server: ResultPromise | undefined
let stdout = ''
let stderr = ''
let endpoint = ''
let configFile = ''
let userDataFile = ''

beforeAll(async () => {
  home = tempHome()
  // A private runtime dir: the trigger socket of this emulator is the only one there.
  const runtime = join(home.dir, 'run')
  mkdirSync(runtime, { mode: 0o700 })
  env = { ...home.env, ...motoEnv(inject('motoUrl')), XDG_RUNTIME_DIR: runtime }
  configFile = join(home.dir, 'instance.json')
  writeFileSync(
    configFile,
    JSON.stringify({
      tags: { Name: 'dev-box', Team: 'core' },
      publicKeys: { 'dev-key': KEY },
      values: { 'meta-data/instance-type': 'm7i.large' },
    }),
  )
  userDataFile = join(home.dir, 'user-data.yaml')
  writeFileSync(userDataFile, '#cloud-config\nhostname: dev-box\n')
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
  server = execa(
    'node',
    [BIN, 'imds', '--json', '--region', 'eu-west-1', '--config', configFile, '--user-data', userDataFile],
    { env: { ...base, ...env }, extendEnv: false, reject: false, stdin: 'ignore', timeout: 240_000 },
  )
  server.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const deadline = Date.now() + 60_000
  while (!stdout.includes('\n') && Date.now() < deadline && server.exitCode === null)
    await new Promise((r) => setTimeout(r, 100))
  endpoint = (JSON.parse(stdout.split('\n')[0] ?? '{}') as Record<string, string>)
    .AWS_EC2_METADATA_SERVICE_ENDPOINT as string
}, 90_000)

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL')
  await server?.catch(() => undefined)
  home?.remove()
})

async function imds(path: string): Promise<{ status: number; body: string }> {
  const token = await rawRequest(`${endpoint}latest/api/token`, { method: 'PUT', headers: { [TTL]: '60' } })
  return rawRequest(`${endpoint}${path}`, { headers: { 'X-aws-ec2-metadata-token': token.body } })
}

describe('secrets imds: the whole instance', () => {
  it('started', () => {
    expect(endpoint, stderr).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
  })

  it.each([
    ['latest/meta-data/tags/instance/Name', 'dev-box'],
    ['latest/meta-data/public-keys/', '0=dev-key'],
    ['latest/meta-data/public-keys/0/openssh-key', KEY],
    ['latest/user-data', '#cloud-config\nhostname: dev-box\n'],
    ['latest/meta-data/instance-type', 'm7i.large'],
    ['latest', 'dynamic\nmeta-data\nuser-data'],
    ['2009-04-04/user-data', '#cloud-config\nhostname: dev-box\n'],
    ['2021-03-23/meta-data/tags/instance/Team', 'core'],
  ])('%s', async (path, body) => {
    expect(await imds(path)).toEqual({ status: 200, body, headers: expect.anything() as unknown })
  })

  it('lists the dated versions at / like EC2 (no trailing slashes, latest last)', async () => {
    const { body } = await imds('')
    const lines = body.split('\n')
    expect(lines).toContain('2009-04-04')
    expect(lines).toContain('2021-03-23')
    expect(lines.at(-1)).toBe('latest')
    expect(body).not.toContain('/')
  })

  it('serves a Spot interruption triggered from another process, same user, at run time', async () => {
    expect((await imds('latest/meta-data/spot/instance-action')).status).toBe(404)
    const triggered = await runCli(
      ['imds', 'trigger', 'spot-interruption', '--spot-action', 'stop', '--json'],
      {
        env,
      },
    )
    expect(triggered.exitCode, String(triggered.stderr)).toBe(0)
    const port = Number(new URL(endpoint).port)
    expect(JSON.parse(String(triggered.stdout))).toMatchObject({
      port,
      scheduled: [{ kind: 'spot-interruption', action: 'stop' }],
    })
    const notice = await imds('latest/meta-data/spot/instance-action')
    expect(notice.status).toBe(200)
    const { action, time } = JSON.parse(notice.body) as { action: string; time: string }
    expect(action).toBe('stop')
    expect(new Date(time).getTime() - Date.now()).toBeGreaterThan(60_000)
    expect((await imds('latest/meta-data/instance-life-cycle')).body).toBe('spot')
    const rebalance = await runCli(['imds', 'trigger', 'rebalance', '--delay', '1h'], { env })
    expect(rebalance.exitCode, String(rebalance.stderr)).toBe(0)
    // The whole schedule, one event a row in columns (issue 23.19): kind, times, port.
    const rows = String(rebalance.stdout).trim().split('\n')
    expect(rows).toEqual([
      expect.stringMatching(
        /^spot-interruption {2}notice served from \S+; the stop action at \S+ +\(port \d+\)$/,
      ),
      expect.stringMatching(
        /^rebalance +recommendation served from \S+ \(a notice; no action follows\) +\(port \d+\)$/,
      ),
    ])
    expect(new Set(rows.map((r) => r.indexOf('(port')))).toEqual(new Set([rows[0]?.indexOf('(port')]))
    expect(rows[1]?.indexOf('recommendation')).toBe(rows[0]?.indexOf('notice'))
    expect((await imds('latest/meta-data/events/recommendations/rebalance')).status).toBe(404)
  })

  it("cloud-init's EC2 data source crawls it: newest dated version, user data, keys, tags, one instance", async () => {
    const result = await execa(
      '/usr/bin/python3',
      [join(HERE, 'cloud-init-crawl.py'), endpoint.slice(0, -1)],
      {
        reject: false,
        timeout: 60_000,
      },
    )
    expect(result.exitCode, result.stderr).toBe(0)
    const crawl = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>
    expect(crawl).toMatchObject({
      version: '2021-03-23',
      userData: '#cloud-config\nhostname: dev-box\n',
      publicKeys: { 'dev-key': KEY },
      tags: { instance: { Name: 'dev-box', Team: 'core' } },
    })
    const document = crawl.document as Record<string, string>
    expect(document.instanceId).toBe(crawl.instanceId)
    expect(document.privateIp).toBe(crawl.localIpv4)
    expect(document.instanceType).toBe('m7i.large')
    const macs = Object.values(crawl.macs as Record<string, Record<string, string>>)
    expect(macs).toHaveLength(1)
    expect(macs[0]).toMatchObject({ 'device-number': '0', 'local-ipv4s': crawl.localIpv4 })
    expect(macs[0]?.['vpc-id']).toMatch(/^vpc-[0-9a-f]{17}$/)
  }, 90_000)

  it("botocore's region fetcher reads the region, and the aws CLI signs with the instance role", async () => {
    const region = await execa(
      'python3',
      [
        '-c',
        'import sys\nfrom botocore.utils import InstanceMetadataRegionFetcher as F\nprint(F(timeout=2, num_attempts=1, base_url=sys.argv[1]).retrieve_region())',
        endpoint,
      ],
      { reject: false, timeout: 30_000 },
    )
    expect(region.stdout.trim(), region.stderr).toBe('eu-west-1')
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const cli = await execa('aws', ['sts', 'get-caller-identity', '--output', 'json'], {
      env: {
        ...base,
        HOME: home.dir,
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_ENDPOINT_URL: inject('motoUrl'),
        AWS_EC2_METADATA_SERVICE_ENDPOINT: endpoint,
        // The aws CLI v1 does not take its region from IMDS (botocore's fetcher above does).
        AWS_DEFAULT_REGION: 'eu-west-1',
      },
      extendEnv: false,
      reject: false,
      timeout: 60_000,
    })
    expect(cli.exitCode, cli.stderr).toBe(0)
    expect(JSON.parse(cli.stdout)).toMatchObject({ Account: '123456789012' })
  }, 60_000)

  it("the SDK's own metadata client (@aws-sdk/ec2-metadata-service, IMDSv2) reads the instance", async () => {
    const { MetadataService } = await import('@aws-sdk/ec2-metadata-service')
    const client = new MetadataService({
      endpoint: endpoint.replace(/\/$/, ''),
      ec2MetadataV1Disabled: true,
      httpOptions: { timeout: 5_000 },
    })
    const document = JSON.parse(await client.request('/latest/dynamic/instance-identity/document', {}))
    expect(await client.request('/latest/meta-data/instance-id', {})).toBe(document.instanceId)
    expect(await client.request('/latest/meta-data/placement/region', {})).toBe('eu-west-1')
    expect(await client.request('/latest/meta-data/instance-type', {})).toBe('m7i.large')
    expect(await client.request('/latest/meta-data/tags/instance/Team', {})).toBe('core')
    expect(await client.request('/latest/user-data', {})).toBe('#cloud-config\nhostname: dev-box\n')
  }, 60_000)
})

describe("Debian's ec2-metadata, unmodified, on 169.254.169.254 in a private network namespace", () => {
  it('prints the instance with the configured key, tags and user data', async () => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const result = await execa(
      'unshare',
      ['-rn', 'bash', join(HERE, 'netns-ec2-metadata.sh'), configFile, userDataFile],
      { env: { ...base, ...home.env }, extendEnv: false, reject: false, timeout: 150_000 },
    )
    expect(result.exitCode, result.stderr).toBe(0)
    const out = result.stdout.split('--- ec2-metadata\n')[1] ?? ''
    expect(out).toMatch(/^instance-id: i-[0-9a-f]{17}$/m)
    expect(out).toMatch(/^instance-type: m7i\.large$/m)
    expect(out).toMatch(/^placement: eu-west-1a$/m)
    expect(out).toMatch(/^public-ipv4: 203\.0\.113\.\d+$/m)
    expect(out).toMatch(/^keyname:dev-key$/m)
    expect(out).toContain(KEY)
    expect(out).toMatch(/^\t Name: dev-box$/m)
    expect(out).toMatch(/^user-data: #cloud-config$/m)
    expect(out).toMatch(/^product-codes: [0-9a-z]{25}$/m)
    // Absent on a real instance too (an AMI that was not copied); nothing else is.
    expect(out.match(/^.*not available$/gm)).toEqual(['ancestor-ami-ids: not available'])
  }, 180_000)
})

describe('instance config errors name the key', () => {
  it.each([
    [{ tag: {} }, '"tag" is not a known key'],
    [{ tags: { 'a/b': 'x' } }, '"tags.a/b"'],
    [{ publicKeys: { k: '-----BEGIN OPENSSH PRIVATE KEY-----' } }, '"publicKeys.k"'],
    [{ values: { 'meta-data/iam/info': 'x' } }, 'computed by the emulator'],
  ])('%j', async (config, message) => {
    const file = join(home.dir, `bad-${Math.random().toString(36).slice(2)}.json`)
    writeFileSync(file, JSON.stringify(config))
    const result = await runCli(['imds', '--config', file], { env })
    expect(result.exitCode).toBe(2)
    expect(String(result.stderr)).toContain(message)
  })

  it('in .secretsrc.json too', async () => {
    const project = join(home.dir, 'project')
    mkdirSync(project)
    writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ imds: { userdata: 'x' } }))
    const result = await runCli(['imds'], { env, cwd: project })
    expect(result.exitCode).toBe(2)
    expect(String(result.stderr)).toContain('"imds.userdata" is not a known key')
  })

  it('trigger with no emulator running exits 5 and says what to start', async () => {
    const result = await runCli(['imds', 'trigger', 'rebalance'], {
      env: { ...env, XDG_RUNTIME_DIR: join(home.dir, 'empty') },
    })
    expect(result.exitCode).toBe(5)
    expect(String(result.stderr)).toContain('secrets imds')
  })
})
