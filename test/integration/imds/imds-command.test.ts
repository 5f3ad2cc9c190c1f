import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execa, type ResultPromise } from 'execa'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { pkcs7Pem } from '../../../src/core/imds/dev-ca.js'
import { exportLines } from '../../../src/core/imds/foreground.js'
import { BIN, ROOT, runCli, tempHome, trustConfig, type TempHome } from '../../helpers/cli.js'
import { motoEnv } from '../../helpers/moto.js'
import { rawRequest } from './http-client.js'

// The built CLI: `secrets imds` in the foreground, `secrets imds cert`, and openssl verifying
// the signed identity document against that certificate, as a service would verify AWS's.

const TTL = 'X-aws-ec2-metadata-token-ttl-seconds'
const FIXTURES = join(ROOT, 'test', 'fixtures', 'imds')
let home: TempHome
let env: Record<string, string>
let server: ResultPromise | undefined
let stdout = ''
let stderr = ''
let endpoints: Record<string, string> = {}

beforeAll(async () => {
  home = tempHome({ keychain: 'os' })
  env = { ...home.env, ...motoEnv(inject('motoUrl')) }
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
  server = execa('node', [BIN, 'imds', '--json'], {
    env: { ...base, ...env },
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    timeout: 120_000,
  })
  server.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const deadline = Date.now() + 30_000
  while (!stdout.includes('\n') && Date.now() < deadline && server.exitCode === null)
    await new Promise((r) => setTimeout(r, 100))
  endpoints = JSON.parse(stdout.split('\n')[0] ?? '{}') as Record<string, string>
}, 60_000)

afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL')
  await server?.catch(() => undefined)
  home?.remove()
})

async function imdsGet(path: string): Promise<string> {
  const url = endpoints.AWS_EC2_METADATA_SERVICE_ENDPOINT ?? ''
  const token = await rawRequest(`${url}latest/api/token`, { method: 'PUT', headers: { [TTL]: '60' } })
  const res = await rawRequest(`${url}${path}`, { headers: { 'X-aws-ec2-metadata-token': token.body } })
  expect(res.status).toBe(200)
  return res.body
}

describe('secrets imds (foreground)', () => {
  it('prints the endpoints and a token file, not the token', () => {
    expect(endpoints.AWS_EC2_METADATA_SERVICE_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    expect(endpoints.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/)
    expect(existsSync(endpoints.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? '')).toBe(true)
    expect(endpoints).not.toHaveProperty('AWS_CONTAINER_AUTHORIZATION_TOKEN')
    expect(stderr).toMatch(/Serving .* \(account 123456789012, us-east-1\); Ctrl-C to stop/)
  })

  it.each([
    ['JS SDK v3 fromContainerMetadata', 'node', [join(FIXTURES, 'sdk-client.mjs'), 'container']],
    ['JS SDK v3 default chain', 'node', [join(FIXTURES, 'sdk-client.mjs'), 'chain']],
    ['boto3', 'python3', [join(FIXTURES, 'boto-client.py')]],
    ['aws CLI', 'aws', ['sts', 'get-caller-identity']],
  ])('%s in another shell that evaluated the printed lines', async (_name, file, args) => {
    const shellEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...home.env,
      // What the user's other shell had: static keys that the printed `unset` removes.
      ...env,
      LINES_TO_EVAL: exportLines(endpoints),
    }
    const script = 'eval "$LINES_TO_EVAL"; unset LINES_TO_EVAL; exec "$@"'
    const result = await execa('bash', ['-c', script, 'bash', file, ...args], {
      env: shellEnv,
      extendEnv: false,
      reject: false,
      timeout: 30_000,
    })
    expect(result.exitCode, result.stderr).toBe(0)
    expect(result.stdout).toContain('123456789012')
    if (file === 'node') expect(result.stdout).toContain('"staticKeysInEnv":false')
  })

  it('the signed identity document verifies with openssl against `secrets imds cert`', async () => {
    const cert = await runCli(['imds', 'cert'], { env })
    expect(cert.exitCode, String(cert.stderr)).toBe(0)
    expect(String(cert.stdout)).toMatch(/^-----BEGIN CERTIFICATE-----/)
    const dir = mkdtempSync(join(tmpdir(), 'imds-verify-'))
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text)
      return join(dir, name)
    }
    const certFile = file('cert.pem', String(cert.stdout))
    const document = await imdsGet('latest/dynamic/instance-identity/document')
    const docFile = file('doc.json', document)
    expect(JSON.parse(document)).toMatchObject({ accountId: '123456789012', region: 'us-east-1' })
    for (const kind of ['pkcs7', 'rsa2048']) {
      const p7 = file(`${kind}.p7`, pkcs7Pem(await imdsGet(`latest/dynamic/instance-identity/${kind}`)))
      // AWS's documented command, then full chain verification against the CA itself.
      for (const trust of [
        ['-certfile', certFile, '-noverify'],
        ['-CAfile', certFile],
      ]) {
        const ok = await execa(
          'openssl',
          ['smime', '-verify', '-inform', 'PEM', '-in', p7, '-content', docFile, ...trust],
          { reject: false },
        )
        expect(ok.exitCode, ok.stderr).toBe(0)
        expect(ok.stderr).toMatch(/Verification successful/)
      }
      if (kind === 'rsa2048') {
        // rsa2048 carries the document: verifies without -content and prints it.
        const inner = await execa(
          'openssl',
          ['smime', '-verify', '-inform', 'PEM', '-in', p7, '-certfile', certFile, '-noverify'],
          { reject: false },
        )
        expect(inner.exitCode, inner.stderr).toBe(0)
        expect(inner.stdout).toBe(document)
      }
      // A tampered document must fail.
      const bad = file('bad.json', document.replace('123456789012', '210987654321'))
      const fail = await execa(
        'openssl',
        [
          'smime',
          '-verify',
          '-inform',
          'PEM',
          '-in',
          p7,
          '-content',
          bad,
          '-certfile',
          certFile,
          '-noverify',
        ],
        { reject: false },
      )
      expect(fail.exitCode).not.toBe(0)
    }
    // The plain signature: RSA-SHA256 over the document with the certificate's key.
    const pub = await execa('openssl', ['x509', '-in', certFile, '-pubkey', '-noout'])
    const pubFile = file('pub.pem', pub.stdout)
    const sigFile = join(dir, 'sig.bin')
    writeFileSync(sigFile, Buffer.from(await imdsGet('latest/dynamic/instance-identity/signature'), 'base64'))
    const dgst = await execa(
      'openssl',
      ['dgst', '-sha256', '-verify', pubFile, '-signature', sigFile, docFile],
      { reject: false },
    )
    expect(dgst.stdout).toBe('Verified OK')
  })

  it('`imds cert` prints the same certificate every time (the CA is kept in the keychain)', async () => {
    const a = await runCli(['imds', 'cert'], { env })
    const b = await runCli(['imds', 'cert'], { env })
    expect(a.stdout).toBe(b.stdout)
    expect(String(a.stdout)).not.toMatch(/PRIVATE KEY/)
  })

  it('stops on SIGTERM: exit 0, servers closed, token file removed, no secret printed', async () => {
    const creds = JSON.parse(
      await imdsGet(
        `latest/meta-data/iam/security-credentials/${await imdsGet('latest/meta-data/iam/security-credentials/')}`,
      ),
    ) as Record<string, string>
    server?.kill('SIGTERM')
    const result = await server
    expect(result?.exitCode).toBe(0)
    expect(stderr).toMatch(/Stopped \(SIGTERM\)/)
    expect(existsSync(endpoints.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE ?? '')).toBe(false)
    await expect(
      fetch(`${endpoints.AWS_EC2_METADATA_SERVICE_ENDPOINT}latest/api/token`, { method: 'PUT' }),
    ).rejects.toThrow()
    for (const secret of [creds.SecretAccessKey, creds.Token]) {
      expect(stdout).not.toContain(secret)
      expect(stderr).not.toContain(secret)
    }
  })
})

describe('secrets imds: bad input', () => {
  it.each([
    [['imds', '--role-arn', 'not-an-arn'], 2, /not an IAM role ARN/],
    [['imds', '--port', '70000'], 2, /70000/],
  ])('%j → exit %d', async (args, code, message) => {
    const result = await runCli(args, { env })
    expect(result.exitCode).toBe(code)
    expect(String(result.stderr)).toMatch(message)
  })

  it('source credentials with less than 15 minutes left are never served (exit 3)', async () => {
    const expiring = new Date(Date.now() + 10 * 60_000).toISOString()
    const result = await runCli(['imds'], {
      env: { ...env, AWS_SESSION_TOKEN: 'parent-session-token', AWS_CREDENTIAL_EXPIRATION: expiring },
    })
    expect(result.exitCode).toBe(3)
    expect(String(result.stderr)).toMatch(/less than 15 minutes/)
    expect(String(result.stderr)).not.toContain('parent-session-token')
  })

  it("uses the project's profile from .secretsrc.json when --profile is not given", async () => {
    const project = mkdtempSync(join(tmpdir(), 'imds-project-'))
    writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ profile: 'imds-project-profile' }))
    await trustConfig(join(project, '.secretsrc.json'), env)
    const result = await runCli(['imds'], { env, cwd: project })
    // The profile is in no AWS file: a usage error naming it (issue 9.9), not a sign-in prompt.
    expect(result.exitCode).toBe(2)
    expect(String(result.stderr)).toContain('Profile imds-project-profile is not in the AWS config file')
  })

  it('no AWS credentials anywhere → "No AWS credentials" (issue 23.4) with the next step', async () => {
    const result = await runCli(['imds'], { env: { ...home.env, AWS_REGION: 'us-east-1' } })
    expect(result.exitCode).toBe(2)
    expect(String(result.stderr)).toContain('No AWS credentials: no profile given')
    expect(String(result.stderr)).toMatch(/next: /)
  })
})
