import { createServer, type Server } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest'
import { runCli, tempHome, type TempHome, trustConfigSync } from '../../helpers/cli.js'
import { freePort, motoEnv } from '../../helpers/moto.js'
import { createUserWithKey, type TestKey } from '../rotate/iam-fixture.js'
import { tempTree, type TempTree } from './scan-repo.js'

// Issue 22: `scan --known-values` (the project's own values, found by parameter name, never
// shown) and `scan --verify` (AWS key pairs checked with STS GetCallerIdentity at the
// endpoint the client factory resolves: moto here, or a local stand-in that refuses).

const moto = inject('motoUrl')
const homes: TempHome[] = []
let tree: TempTree | undefined
let server: Server | undefined
afterEach(() => {
  tree?.remove()
  tree = undefined
  server?.close()
  server = undefined
})
afterAll(() => homes.forEach((h) => h.remove()))

function home(): TempHome {
  const h = tempHome()
  homes.push(h)
  return h
}

/** A password no rule can find: short, and written where no secret-like name stands. */
const PASSWORD = ['Tr0ub', '4dor&3x!'].join('')
const URL_FORM = encodeURIComponent(PASSWORD)
const B64_FORM = Buffer.from(PASSWORD).toString('base64')

function expectNoValue(...texts: unknown[]) {
  for (const text of texts)
    for (const form of [PASSWORD, URL_FORM, B64_FORM]) expect(String(text)).not.toContain(form)
}

describe('secrets scan --known-values', () => {
  it('finds the current value of a configured path as is, URL- and base64-encoded, by name only', async () => {
    const h = home()
    expect((await runCli(['set', '/app/dev/db-password'], { env: h.env, input: PASSWORD })).exitCode).toBe(0)
    tree = await tempTree()
    tree.write('.secretsrc.json', JSON.stringify({ paths: ['/app/dev'] }))
    tree.write('notes.md', `remember: ${PASSWORD}\n`)
    tree.write('conn.txt', `opts=${URL_FORM}&x=1\n`)
    tree.write('blob.yaml', `data:\n  v: ${B64_FORM}\n`)
    tree.write('clean.txt', 'nothing here\n')
    trustConfigSync(join(tree.dir, '.secretsrc.json'), h.env)

    const plain = await runCli(['scan', '.'], { env: h.env, cwd: tree.dir })
    expect(plain.exitCode).toBe(0)

    const r = await runCli(['scan', '.', '--known-values', '--format', 'json'], { env: h.env, cwd: tree.dir })
    expect(r.exitCode).toBe(1)
    const findings = (JSON.parse(String(r.stdout)) as { findings: Record<string, unknown>[] }).findings
    expect(findings.map((f) => [f.path, f.ruleId, f.parameter, f.match])).toEqual([
      ['blob.yaml', 'known-value', '/app/dev/db-password', '****'],
      ['conn.txt', 'known-value', '/app/dev/db-password', '****'],
      ['notes.md', 'known-value', '/app/dev/db-password', '****'],
    ])
    expectNoValue(r.stdout, r.stderr)

    const text = await runCli(['scan', '.', '--known-values'], { env: h.env, cwd: tree.dir })
    expect(text.stdout).toContain('notes.md:1:11  known-value  ****  parameter /app/dev/db-password')
    const sarif = await runCli(['scan', '.', '--known-values', '--format', 'sarif'], {
      env: h.env,
      cwd: tree.dir,
    })
    expect(sarif.stdout).toContain('"parameter": "/app/dev/db-password"')
    expectNoValue(text.stdout, text.stderr, sarif.stdout)
  })

  it('resolves env-file references and works for --staged and --history', async () => {
    const h = home()
    expect((await runCli(['set', '/app/other/pw'], { env: h.env, input: PASSWORD })).exitCode).toBe(0)
    tree = await tempTree({ git: true })
    tree.write('.secretsrc.json', JSON.stringify({ envFiles: ['.env'] }))
    tree.write('.env', 'DB_PASSWORD=local:/app/other/pw\n')
    trustConfigSync(join(tree.dir, '.secretsrc.json'), h.env)
    tree.write('a.txt', `first: ${PASSWORD}\n`)
    await tree.git('add', '.')
    await tree.git('commit', '-qm', 'one')
    tree.write('a.txt', 'first: gone\n')
    await tree.git('commit', '-qam', 'two')

    const history = await runCli(['scan', '--history', '--known-values', '--format', 'json'], {
      env: h.env,
      cwd: tree.dir,
    })
    expect(history.exitCode).toBe(1)
    const found = (
      JSON.parse(String(history.stdout)) as {
        findings: { path: string; parameter: string; commit?: unknown }[]
      }
    ).findings
    expect(found.map((f) => [f.path, f.parameter, f.commit !== undefined])).toEqual([
      ['a.txt', '/app/other/pw', true],
    ])

    tree.write('b.txt', `again: ${URL_FORM}\n`)
    await tree.git('add', 'b.txt')
    const staged = await runCli(['scan', '--staged', '--known-values'], { env: h.env, cwd: tree.dir })
    expect(staged.exitCode).toBe(1)
    expect(staged.stdout).toContain('b.txt:1:8  known-value  ****  parameter /app/other/pw')
    expect((await runCli(['scan', '--staged'], { env: h.env, cwd: tree.dir })).exitCode).toBe(0)
    expectNoValue(history.stdout, history.stderr, staged.stdout, staged.stderr)
  })
})

describe('secrets hook install --known-values', () => {
  it('blocks a commit that adds the current value of a configured path, by name', async () => {
    const h = home()
    expect((await runCli(['set', '/app/dev/db-password'], { env: h.env, input: PASSWORD })).exitCode).toBe(0)
    tree = await tempTree({ git: true })
    tree.write('.secretsrc.json', JSON.stringify({ paths: ['/app/dev'] }))
    trustConfigSync(join(tree.dir, '.secretsrc.json'), h.env)
    expect(
      (await runCli(['hook', 'install', '--known-values'], { env: h.env, cwd: tree.dir })).exitCode,
    ).toBe(0)
    tree.write('notes.md', `db: ${PASSWORD}\n`)
    await tree.git('add', '.')
    const commit = await execa('git', ['commit', '-qm', 'leak'], {
      cwd: tree.dir,
      reject: false,
      env: { ...h.env, GIT_CONFIG_NOSYSTEM: '1' },
    })
    expect(commit.exitCode).not.toBe(0)
    expect(`${commit.stdout}\n${commit.stderr}`).toContain(
      'notes.md:1:5  known-value  ****  parameter /app/dev/db-password',
    )
    expectNoValue(commit.stdout, commit.stderr)
  })
})

/** A moto IAM key whose id the AWS key-id format (base32 after AKIA) recognises; bounded tries. */
async function scannableKey(): Promise<TestKey> {
  for (let i = 0; i < 60; i++) {
    const { key } = await createUserWithKey(moto)
    if (/^AKIA[A-Z2-7]{16}$/.test(key.accessKeyId)) return key
  }
  throw new Error('no moto key id in the documented alphabet after 60 tries')
}

const keyFile = (key: TestKey) =>
  `[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`

/** A stand-in STS that refuses every key (403 InvalidClientTokenId) and counts requests. */
async function refusingSts(): Promise<{ url: string; requests: () => number }> {
  let n = 0
  server = createServer((req, res) => {
    n++
    req.resume()
    res.writeHead(403, { 'content-type': 'text/xml' })
    res.end(
      '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>The security token included in the request is invalid.</Message></Error><RequestId>1</RequestId></ErrorResponse>',
    )
  })
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    requests: () => n,
  }
}

describe('secrets scan --verify', () => {
  it('verifies a live key pair with STS, says so in text, JSON and SARIF, and names the own profile', async () => {
    const h = home()
    const key = await scannableKey()
    tree = await tempTree()
    tree.write('creds.ini', keyFile(key))
    const env = { ...h.env, AWS_ENDPOINT_URL_STS: moto, AWS_EC2_METADATA_DISABLED: 'true' }

    const json = await runCli(['scan', '.', '--verify', '--format', 'json'], { env, cwd: tree.dir })
    expect(json.exitCode).toBe(1)
    const findings = (
      JSON.parse(String(json.stdout)) as {
        findings: { ruleId: string; verification?: Record<string, string> }[]
      }
    ).findings
    expect(findings.map((f) => [f.ruleId, f.verification?.status, f.verification?.verifier])).toEqual([
      ['aws-access-key-id', 'verified', 'aws-sts'],
      ['aws-secret-access-key', 'verified', 'aws-sts'],
    ])
    expect(findings[0]?.verification?.identity).toMatch(/^arn:aws:iam::\d+:user\//)

    const sarif = await runCli(['scan', '.', '--verify', '--format', 'sarif'], { env, cwd: tree.dir })
    expect(sarif.stdout).toContain('"verification": "verified"')

    // The same key stored for a profile: the report says whose it is and how to replace it.
    const added = await runCli(['add-key', '--profile', 'dev'], {
      env: { ...env, ...motoEnv(moto) },
      input: `${key.accessKeyId}\n${key.secretAccessKey}\n`,
    })
    expect(added.exitCode).toBe(0)
    const text = await runCli(['scan', '.', '--verify'], { env, cwd: tree.dir })
    expect(text.stdout).toMatch(/aws-access-key-id +\*{4}/)
    expect(text.stdout).toContain(
      'verified  (the stored key of profile dev: run `secrets rotate aws-key --profile dev`)',
    )
    for (const out of [json.stdout, json.stderr, sarif.stdout, text.stdout, text.stderr])
      expect(out).not.toContain(key.secretAccessKey)
  })

  it('reports a refused key as unverified, an unreachable issuer as unknown, and --only-verified keeps neither', async () => {
    const h = home()
    tree = await tempTree()
    const id = ['AKIA', 'QZ7XK3MVB2RT5WNP'].join('')
    const secret = ['kX7', 'q2Lm9Vr4Tz8Wc1Nb6Hd3Jf5Gs0Yp2Ua7Eo4Ri'].join('')
    tree.write('creds.ini', keyFile({ accessKeyId: id, secretAccessKey: secret }))
    tree.write('later.txt', 'readme\n')
    writeFileSync(join(tree.dir, 'other.txt'), 'token = plain words\n')

    const sts = await refusingSts()
    const refused = await runCli(['scan', '.', '--verify'], {
      env: { ...h.env, AWS_ENDPOINT_URL_STS: sts.url },
      cwd: tree.dir,
    })
    expect(refused.exitCode).toBe(1)
    expect(
      String(refused.stdout)
        .split('\n')
        .filter(Boolean)
        .every((l: string) => l.endsWith('  unverified')),
    ).toBe(true)
    expect(sts.requests()).toBe(1)

    const closed = `http://127.0.0.1:${await freePort()}`
    const offline = await runCli(['scan', '.', '--verify'], {
      env: { ...h.env, AWS_ENDPOINT_URL_STS: closed },
      cwd: tree.dir,
    })
    expect(
      String(offline.stdout)
        .split('\n')
        .filter(Boolean)
        .every((l: string) => l.endsWith('  unknown')),
    ).toBe(true)

    const only = await runCli(['scan', '.', '--only-verified'], {
      env: { ...h.env, AWS_ENDPOINT_URL_STS: sts.url },
      cwd: tree.dir,
    })
    expect(only.exitCode).toBe(0)
    expect(only.stdout).toBe('')
    for (const out of [refused.stdout, refused.stderr, offline.stdout, only.stdout])
      expect(out).not.toContain(secret)
  })
})
