/**
 * Attack: recover a committed password from the artifacts a scan leaves behind. The old
 * fingerprint was `sha256(ruleId \0 path \0 secret)[:32]` in the baseline (committed), in
 * SARIF (uploaded to code scanning) and in JSON: every input but the secret is public, so
 * a `db_password` of `Winter2024!db` fell to a small dictionary in 1,657 guesses (2 ms).
 *
 * Now: JSON and SARIF carry a location fingerprint (rule, path, rank in the file) with
 * nothing secret-derived in it; the baseline holds scrypt (N=2^15, r=8, p=1) of the same
 * inputs under a random per-repository salt kept in the file. The dictionary attack with the
 * old formula finds nothing in any artifact, and the same dictionary against the baseline's
 * own salt and cost does not get through within a budget the old attack needed a
 * thousandth of. A version 1 baseline still applies, says how to convert it, and converts
 * without losing an accepted entry.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { createHash, scryptSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../helpers/cli.js'
import { tempTree, type TempTree } from '../integration/scan/scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

const PASSWORD = ['Winter', '2024!', 'db'].join('')
const LINE = `db_password = "${PASSWORD}"\n`

/** 1,656 wrong guesses of the usual shape, then the password (guess number 1,657). */
function dictionary(): string[] {
  const words = ['Winter', 'Summer', 'Spring', 'Autumn', 'Password', 'Welcome', 'Secret', 'Admin', 'Company']
  const suffixes = ['!', '!db', 'db', '#', '!!', '@db', '', '$', '1', '!app', '_db', '!prod']
  const guesses: string[] = []
  for (const word of words)
    for (let year = 2010; year < 2026; year++)
      for (const suffix of suffixes)
        if (`${word}${year}${suffix}` !== PASSWORD) guesses.push(`${word}${year}${suffix}`)
  return [...guesses.slice(0, 1656), PASSWORD]
}

/** Every 32-hex-character string in an artifact: whatever field a fingerprint hides in. */
function hexTokens(text: string): Set<string> {
  return new Set(text.match(/[0-9a-f]{32}/g) ?? [])
}

function oldFingerprint(ruleId: string, path: string, secret: string): string {
  return createHash('sha256').update(`${ruleId}\0${path}\0${secret}`).digest('hex').slice(0, 32)
}

describe('fingerprints in committed and uploaded artifacts cannot be cracked with a dictionary', () => {
  it('baseline, SARIF and JSON: the old fast-hash attack finds nothing; the slow hash holds within the budget', async () => {
    tree = await tempTree({ git: true })
    tree.write('config.py', LINE)
    const write = await runCli(['scan', '--write-baseline', '.secrets-baseline.json'], { cwd: tree.dir })
    expect(write.exitCode).toBe(0)
    const sarif = await runCli(['scan', '--no-baseline', '--format', 'sarif'], { cwd: tree.dir })
    const json = await runCli(['scan', '--no-baseline', '--format', 'json'], { cwd: tree.dir })
    expect(sarif.exitCode).toBe(1)
    const baselineText = readFileSync(join(tree.dir, '.secrets-baseline.json'), 'utf8')
    const artifacts = [baselineText, String(sarif.stdout), String(json.stdout)]
    for (const text of artifacts) expect(text).not.toContain(PASSWORD)
    const ruleId =
      (JSON.parse(String(json.stdout)) as { findings: { ruleId: string }[] }).findings[0]?.ruleId ?? ''
    expect(ruleId).not.toBe('')

    // The 2 ms attack of the issue: guess, hash the old way, compare with every fingerprint.
    const tokens = new Set(artifacts.flatMap((t) => [...hexTokens(t)]))
    const guesses = dictionary()
    const cracked = guesses.filter((g) => tokens.has(oldFingerprint(ruleId, 'config.py', g)))
    expect(cracked).toEqual([])

    // JSON and SARIF: the fingerprint does not depend on the secret at all.
    tree.write('config.py', `db_password = "${['Other', 'Secret', '99!'].join('')}"\n`)
    const other = await runCli(['scan', '--no-baseline', '--format', 'json'], { cwd: tree.dir })
    const fp = (text: unknown) =>
      (JSON.parse(String(text)) as { findings: { fingerprint: string }[] }).findings[0]?.fingerprint
    expect(fp(other.stdout)).toBe(fp(json.stdout))

    // The baseline: the attacker knows the salt and the cost (they are in the file) and
    // runs the same dictionary; within 2 s (1,000 times what the old attack took) it is
    // still far from guess 1,657.
    const baseline = JSON.parse(baselineText) as {
      version: number
      fingerprint: { algorithm: string; N: number; r: number; p: number; salt: string }
      findings: { fingerprint: string; path: string; ruleId: string }[]
    }
    expect(baseline.version).toBe(2)
    expect(baseline.fingerprint).toMatchObject({ algorithm: 'scrypt', N: 2 ** 15, r: 8, p: 1 })
    const target = baseline.findings[0]?.fingerprint
    const { N, r, p, salt } = baseline.fingerprint
    const deadline = Date.now() + 2_000
    let tried = 0
    let found: string | undefined
    for (const guess of guesses) {
      if (Date.now() > deadline) break
      tried++
      const key = scryptSync(`${ruleId}\0config.py\0${guess}`, Buffer.from(salt, 'hex'), 16, {
        N,
        r,
        p,
        maxmem: 64 * 1024 * 1024,
      }).toString('hex')
      if (key === target) found = guess
    }
    expect(found).toBeUndefined()
    expect(tried).toBeLessThan(200)
  }, 60_000)

  it('a version 1 baseline still applies, says how to convert it, and converts without losing an entry', async () => {
    tree = await tempTree({ git: true })
    tree.write('config.py', LINE)
    tree.write('gone.py', 'x = 1\n')
    const json = await runCli(['scan', '--no-baseline', '--format', 'json'], { cwd: tree.dir })
    const ruleId =
      (JSON.parse(String(json.stdout)) as { findings: { ruleId: string }[] }).findings[0]?.ruleId ?? ''
    // What the old code wrote: one entry found today, one for a file that is gone.
    const v1 = {
      version: 1,
      tool: 'secrets',
      findings: [
        { fingerprint: oldFingerprint(ruleId, 'config.py', PASSWORD), ruleId, path: 'config.py' },
        {
          fingerprint: oldFingerprint('github-pat', 'old.ts', 'x'.repeat(40)),
          ruleId: 'github-pat',
          path: 'old.ts',
        },
      ],
    }
    tree.write('.secrets-baseline.json', `${JSON.stringify(v1)}\n`)
    const applied = await runCli(['scan'], { cwd: tree.dir })
    expect(applied.exitCode).toBe(0)
    expect(applied.stderr).toContain('is a version 1 baseline')
    expect(applied.stderr).toContain('secrets scan --history --write-baseline .secrets-baseline.json')

    const convert = await runCli(['scan', '--write-baseline', '.secrets-baseline.json'], { cwd: tree.dir })
    expect(convert.exitCode).toBe(0)
    expect(convert.stderr).toContain('1 converted from the version 1 format')
    expect(convert.stderr).toContain('1 version 1 entry was not found by this scan and is kept')
    const after = JSON.parse(readFileSync(join(tree.dir, '.secrets-baseline.json'), 'utf8')) as {
      version: number
      findings: { fingerprint: string }[]
      legacy?: { path: string }[]
    }
    expect(after.version).toBe(2)
    expect(after.findings).toHaveLength(1)
    expect(JSON.stringify(after.findings)).not.toContain(v1.findings[0]?.fingerprint)
    expect(after.legacy?.map((e) => e.path)).toEqual(['old.ts'])
    expect((await runCli(['scan'], { cwd: tree.dir })).exitCode).toBe(0)
    // --prune drops the entry no scan finds, and says so.
    const prune = await runCli(['scan', '--write-baseline', '.secrets-baseline.json', '--prune'], {
      cwd: tree.dir,
    })
    expect(prune.stderr).toContain('1 pruned')
  }, 60_000)
})
