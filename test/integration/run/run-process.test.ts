import { mkdirSync, writeFileSync, chmodSync } from 'node:fs'
import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT, runCli, tempHome, trustConfig, type TempHome } from '../../helpers/cli.js'
import { FileKeychain } from '../../../src/core/keychain/index.js'
import { LocalStore } from '../../../src/core/store/index.js'

const fixture = (name: string) => join(ROOT, 'test/fixtures/run', name)
let home: TempHome

beforeAll(async () => {
  home = tempHome()
  for (const [path, value] of [
    ['/app/dev/db/password', 'local-db-secret-value'],
    ['/app/dev/api-key', 'local-api-secret-value'],
    ['/app/prod/db/password', 'prod-secret-value'],
  ] as const) {
    const r = await runCli(['set', path], { env: home.env, input: value })
    expect(r.exitCode).toBe(0)
  }
})
afterAll(() => home.remove())

const run = (args: string[], options: { env?: Record<string, string>; input?: string; cwd?: string } = {}) =>
  runCli(['run', ...args], { ...options, env: { ...home.env, ...options.env } })

describe('secrets run: the child process', () => {
  it.each([
    [['0'], 0],
    [['3'], 3],
    [['255'], 255],
    [['signal', 'SIGTERM'], 143],
    [['signal', 'SIGKILL'], 137],
    [['signal', 'SIGINT'], 130],
  ])('passes through exit status %j → %i', async (args, code) => {
    const r = await run(['--', 'node', fixture('exit-with.mjs'), ...args])
    expect(r.exitCode).toBe(code)
  })

  it('exits 127 for a command that does not exist, 126 for one that is not executable', async () => {
    const missing = await run(['--', 'definitely-not-a-command-xyz'])
    expect(missing.exitCode).toBe(127)
    expect(missing.stderr).toContain('Command not found: definitely-not-a-command-xyz')
    const file = join(home.dir, 'not-executable.sh')
    writeFileSync(file, '#!/bin/sh\nexit 0\n')
    chmodSync(file, 0o644)
    const notExec = await run(['--', file])
    expect(notExec.exitCode).toBe(126)
  })

  it('refuses a stray word before --, naming it, instead of dropping it', async () => {
    // The fast path hands argv with a word before -- to the oclif command (non-strict, so
    // oclif itself would drop the word); planRun refuses it there. Like every failure of
    // `run` before the child starts, it exits 125 (SPEC.md), so a child's own 2 stays apart.
    for (const args of [
      ['--store', 'local', 'stray', '--', 'echo', 'hi'],
      ['--store=local', 'stray', '--explain', '--', 'echo', 'hi'],
    ]) {
      const r = await run(args)
      expect(r.exitCode).toBe(125)
      expect(r.stdout).not.toContain('hi')
      expect(r.stderr).toContain('Unexpected argument before --: stray')
    }
  })

  it('exits 125 when it fails before starting the child, 2-style usage included', async () => {
    expect((await run(['--bogus-flag', '--', 'true'])).exitCode).toBe(125)
    const noCommand = await run([])
    expect(noCommand.exitCode).toBe(125)
    expect(noCommand.stderr).toMatch(/Put the command after --/)
  })

  it('passes argv after -- untouched, even tokens that look like our flags', async () => {
    const r = await run([
      '--path',
      '/app/dev',
      '--',
      'node',
      fixture('argv-dump.mjs'),
      '--path',
      '/x',
      '--',
      '--explain',
      'a b',
      '$HOME',
      '*',
    ])
    expect(r.exitCode).toBe(0)
    expect(JSON.parse(String(r.stdout))).toEqual(['--path', '/x', '--', '--explain', 'a b', '$HOME', '*'])
  })

  it('gives the child its stdin', async () => {
    const r = await run(['--', 'node', fixture('echo-stdin.mjs')], { input: 'hello child' })
    expect(r.stdout).toBe('HELLO CHILD')
  })

  it('forwards SIGTERM and SIGHUP to the child and passes its exit code through', async () => {
    const child = execa('node', [BIN, 'run', '--', 'node', fixture('wait-for-signal.mjs')], {
      env: home.env,
      reject: false,
      stdin: 'ignore',
    })
    let out = ''
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('child never became ready')), 15_000)
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes('ready')) {
          clearTimeout(timer)
          resolve()
        }
      })
    })
    child.kill('SIGHUP')
    await new Promise((r) => setTimeout(r, 200))
    child.kill('SIGTERM')
    const result = await child
    expect(String(result.stdout)).toContain('got SIGHUP')
    expect(String(result.stdout)).toContain('got SIGTERM')
    expect(result.exitCode).toBe(42)
  })

  it('refuses to nest unless --allow-nested', async () => {
    const nested = await run(['--', 'node', BIN, 'run', '--', 'true'])
    expect(nested.exitCode).toBe(125)
    expect(nested.stderr).toContain('Already inside `secrets run`')
    const allowed = await run([
      '--',
      'node',
      BIN,
      'run',
      '--allow-nested',
      '--',
      'node',
      fixture('env-dump.mjs'),
      'SECRETS_RUN_DEPTH',
    ])
    expect(allowed.exitCode).toBe(0)
    expect(JSON.parse(String(allowed.stdout))).toEqual({ SECRETS_RUN_DEPTH: '2' })
  })
})

describe('secrets run: the environment', () => {
  it('maps names, applies precedence and --preserve-env', async () => {
    const r = await run(
      [
        '--path',
        '/app/dev',
        '--preserve-env',
        'API_KEY',
        '--',
        'node',
        fixture('env-dump.mjs'),
        'DB_PASSWORD',
        'API_KEY',
      ],
      {
        env: { DB_PASSWORD: 'inherited', API_KEY: 'inherited-kept' },
      },
    )
    expect(JSON.parse(String(r.stdout))).toEqual({
      DB_PASSWORD: 'local-db-secret-value',
      API_KEY: 'inherited-kept',
    })
  })

  it('reads env files with store references, below the inherited environment', async () => {
    const envFile = join(home.dir, 'app.env')
    writeFileSync(envFile, 'PLAIN=from-file\nREF=local:/app/dev/api-key\nOVERRIDDEN=file\n')
    const r = await run(
      [
        '--env-file',
        envFile,
        '--explain',
        '--',
        'node',
        fixture('env-dump.mjs'),
        'PLAIN',
        'REF',
        'OVERRIDDEN',
      ],
      {
        env: { OVERRIDDEN: 'inherited' },
      },
    )
    expect(JSON.parse(String(r.stdout))).toEqual({
      PLAIN: 'from-file',
      REF: 'local-api-secret-value',
      OVERRIDDEN: 'inherited',
    })
    expect(r.stderr).toMatch(new RegExp(`REF +env-file ${envFile} → local:/app/dev/api-key`))
    expect(r.stderr).not.toContain('local-api-secret-value')
  })

  it('names the file and variable of a dangling reference', async () => {
    const envFile = join(home.dir, 'bad.env')
    writeFileSync(envFile, 'X=local:/app/dev/missing\n')
    const r = await run(['--env-file', envFile, '--', 'true'])
    expect(r.exitCode).toBe(125)
    expect(r.stderr).toContain(`${envFile}: X refers to local:/app/dev/missing, which does not exist`)
  })

  it('refuses two parameters that map to one variable, naming both', async () => {
    const other = tempHome()
    await runCli(['set', '/c/db-url'], { env: other.env, input: 'a' })
    await runCli(['set', '/c/db_url'], { env: other.env, input: 'b' })
    const r = await runCli(['run', '--path', '/c', '--', 'true'], { env: other.env })
    other.remove()
    expect(r.exitCode).toBe(125)
    expect(r.stderr).toContain('/c/db-url and /c/db_url both map to the variable DB_URL')
  })

  it('refuses a value over 128 KiB before spawning, without printing it', async () => {
    const other = tempHome()
    // `set` refuses such a value (the same rule); another writer may still store one.
    const secretsDir = join(other.dir, '.config', 'secrets')
    await new LocalStore({
      keychain: new FileKeychain(join(secretsDir, 'keychain.enc'), {
        passphrase: async () => 'test-passphrase',
      }),
      file: join(secretsDir, 'store.enc'),
    }).put('/big/blob', `huge${'x'.repeat(140 * 1024)}`)
    const r = await runCli(['run', '--path', '/big', '--', 'true'], { env: other.env })
    other.remove()
    expect(r.exitCode).toBe(125)
    expect(r.stderr).toMatch(/BLOB is \d+ bytes; the OS refuses/)
    expect(r.stderr).not.toContain('xxxxxxxx')
  })

  it('uses .secretsrc.json found by walking up, and --env environments', async () => {
    const project = join(home.dir, 'project')
    mkdirSync(join(project, 'src', 'deep'), { recursive: true })
    writeFileSync(
      join(project, '.secretsrc.json'),
      JSON.stringify({ paths: ['/app/dev'], environments: { prod: { paths: ['/app/prod'] } } }),
    )
    await trustConfig(join(project, '.secretsrc.json'), home.env)
    const cwd = join(project, 'src', 'deep')
    const dev = await runCli(['run', '--', 'node', fixture('env-dump.mjs'), 'DB_PASSWORD'], {
      env: home.env,
      cwd,
    })
    expect(JSON.parse(String(dev.stdout))).toEqual({ DB_PASSWORD: 'local-db-secret-value' })
    const prod = await runCli(
      ['run', '--env', 'prod', '--', 'node', fixture('env-dump.mjs'), 'DB_PASSWORD'],
      { env: home.env, cwd },
    )
    expect(JSON.parse(String(prod.stdout))).toEqual({ DB_PASSWORD: 'prod-secret-value' })
    writeFileSync(join(project, '.secretsrc.json'), JSON.stringify({ store: 'vault' }))
    const bad = await runCli(['list'], { env: home.env, cwd })
    expect(bad.exitCode).toBe(2)
    expect(bad.stderr).toContain('"store" must be one of: ssm, local')
  })
})
