import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { exportLines } from '../../../src/core/imds/foreground.js'
import { ROOT, startCli, tempHome, type RunningCli, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'
import { rawRequest } from './http-client.js'

// `secrets imds --verbose` logs one aligned line per request on stderr (method, path, status,
// client uid, duration). Real clients (the AWS CLI through IMDS and through ECS, the JS SDK v3
// fromInstanceMetadata) fetch credentials through it; the log must hold none of the served
// secret key, session token, IMDSv2 session token or ECS Authorization token.
// Before: --verbose did not exist (oclif: "Nonexistent flag: --verbose").

const FIXTURES = join(ROOT, 'test', 'fixtures', 'imds')
const TTL = 'X-aws-ec2-metadata-token-ttl-seconds'
let home: TempHome
let env: Record<string, string>
let server: RunningCli
let endpoints: Record<string, string> = {}
const stdout = () => server.out()
const stderr = () => server.err()

/** `secrets imds --json [extra]` in the foreground, once its endpoints are printed. */
async function startImds(extra: string[]): Promise<{ served: RunningCli; urls: Record<string, string> }> {
  const served = startCli(['imds', '--json', ...extra], { env, timeout: 120_000 })
  await served.until(() => served.out().includes('\n'), 'the endpoints')
  return { served, urls: JSON.parse(served.out().split('\n')[0] ?? '{}') as Record<string, string> }
}

beforeAll(async () => {
  home = tempHome()
  env = { ...home.env, ...motoEnv(inject('motoUrl')) }
  ;({ served: server, urls: endpoints } = await startImds(['--verbose']))
}, 60_000)

afterAll(async () => {
  if (server.proc.exitCode === null) server.proc.kill('SIGKILL')
  await server.proc.catch(() => undefined)
  home?.remove()
})

/** Runs a client in a shell that evaluated the printed lines, minus `drop` variables. */
async function client(file: string, args: string[], drop: string[] = []) {
  const shellEnv: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ...home.env,
    ...env,
    LINES_TO_EVAL: exportLines(endpoints),
  }
  const script = `eval "$LINES_TO_EVAL"; unset LINES_TO_EVAL ${drop.join(' ')}; exec "$@"`
  return execa('bash', ['-c', script, 'bash', file, ...args], {
    env: shellEnv,
    extendEnv: false,
    reject: false,
    timeout: 30_000,
  })
}

const ECS_VARS = [
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
]

/** The log lines so far (the banner and warnings are not request lines). */
const requestLines = () =>
  stderr()
    .split('\n')
    .filter((line) => /^\d\d:\d\d:\d\d\.\d{3} {2}(IMDS|ECS) /.test(line))

describe('secrets imds --verbose', () => {
  it('logs the requests of real clients, aligned, without any credential or token', async () => {
    const aws = await client('aws', ['sts', 'get-caller-identity'], ECS_VARS)
    expect(aws.exitCode, aws.stderr).toBe(0)
    const awsEcs = await client('aws', ['sts', 'get-caller-identity'])
    expect(awsEcs.exitCode, awsEcs.stderr).toBe(0)
    const sdk = await client('node', [join(FIXTURES, 'sdk-client.mjs'), 'instance'], ECS_VARS)
    expect(sdk.exitCode, sdk.stderr).toBe(0)

    // What was served and the tokens that guard it: fetched the way a client does.
    const url = endpoints.AWS_EC2_METADATA_SERVICE_ENDPOINT ?? ''
    const imdsToken = (
      await rawRequest(`${url}latest/api/token`, { method: 'PUT', headers: { [TTL]: '60' } })
    ).body
    const role = (
      await rawRequest(`${url}latest/meta-data/iam/security-credentials/`, {
        headers: { 'X-aws-ec2-metadata-token': imdsToken },
      })
    ).body
    const creds = JSON.parse(
      (
        await rawRequest(`${url}latest/meta-data/iam/security-credentials/${role}?x=1`, {
          headers: { 'X-aws-ec2-metadata-token': imdsToken },
        })
      ).body,
    ) as Record<string, string>
    const ecsToken = readFileSync(endpoints.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? '', 'utf8')
    // A wrong ECS token: refused and logged as 401, the value sent not echoed.
    const wrong = 'wrong-token-value-0123456789'
    const refused = await rawRequest(endpoints.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? '', {
      headers: { Authorization: wrong },
    })
    expect(refused.status).toBe(401)
    await new Promise((r) => setTimeout(r, 200))

    const lines = requestLines()
    const uid = process.getuid?.() ?? 0
    expect(lines.some((l) => / IMDS {2}PUT +200 {2}uid \d+ .* \/latest\/api\/token$/.test(l))).toBe(true)
    expect(
      lines.some(
        (l) => l.includes(`GET      200  uid ${uid} `) && l.endsWith(`/security-credentials/${role}`),
      ),
    ).toBe(true)
    expect(lines.some((l) => / ECS {3}GET +200 {2}uid \d+ .* \/credentials$/.test(l))).toBe(true)
    expect(lines.some((l) => / ECS {3}GET +401 /.test(l))).toBe(true)
    // The query is not logged; every line puts the path at the same column.
    expect(stderr()).not.toContain('?x=1')
    const pathColumn = (line: string) => line.indexOf(' /') + 1
    expect(new Set(lines.map(pathColumn)).size).toBe(1)
    expect(lines.length).toBeGreaterThanOrEqual(8)
    for (const secret of [creds.SecretAccessKey, creds.Token, imdsToken, ecsToken, wrong]) {
      expect(secret?.length).toBeGreaterThan(8)
      expect(stderr()).not.toContain(secret)
      expect(stdout()).not.toContain(secret)
    }
  }, 90_000)

  it('without --verbose no request is logged', async () => {
    const { served: quiet, urls } = await startImds([])
    const token = await rawRequest(`${urls.AWS_EC2_METADATA_SERVICE_ENDPOINT}latest/api/token`, {
      method: 'PUT',
      headers: { [TTL]: '60' },
    })
    expect(token.status).toBe(200)
    quiet.proc.kill('SIGTERM')
    await quiet.proc
    expect(quiet.err()).not.toMatch(/ IMDS +PUT /)
    expect(quiet.err()).toMatch(/Stopped \(SIGTERM\)/)
  }, 60_000)
})
