import { afterEach, describe, expect, it, vi } from 'vitest'
import { displayPathFrom, presentScan, scanProgress } from '../../../src/cli/scan-output.js'
import { BUILTIN_RULES, type ScanResult, type Finding } from '../../../src/core/scan/index.js'
import { recordingHumanOutput, type HumanOutput } from '../../../src/shared/human-output.js'

const SECRET = ['ghp_', 'Zq8R2mVt5Kc9Lw3Nx7Pb1Hd6Fj4Gs0aB2c'].join('')
const stats = {
  files: 2,
  bytes: 2000,
  skippedBinary: 0,
  skippedOversized: 0,
  skippedUnreadable: 0,
  suppressed: 0,
  durationMs: 10,
}
const finding: Finding = {
  ruleId: 'github-pat',
  title: 'GitHub personal access token',
  path: 'a.txt',
  line: 3,
  column: 5,
  endColumn: 45,
  secret: SECRET,
  redacted: '****aB2c',
  fingerprint: 'f'.repeat(32),
}
const result = (findings: Finding[], extra: Partial<ScanResult> = {}): ScanResult => ({
  findings,
  stats,
  rules: BUILTIN_RULES,
  root: '/repo',
  ...extra,
})

function captureStdout(): { text: () => string } {
  const chunks: string[] = []
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk))
    return true
  })
  return { text: () => chunks.join('') }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('presentScan', () => {
  const options = { format: 'text' as const, showSecrets: false, version: '1.0.0', cwd: '/repo' }

  it('prints nothing on stdout and the summary for the human when clean', () => {
    const stdout = captureStdout()
    const human = recordingHumanOutput()
    presentScan(result([]), options, human)
    expect(stdout.text()).toBe('')
    expect(human.notices).toEqual([
      'secrets scan: scanned 2 files (0.0 MB) in 0.01s; skipped 0 (0 binary, 0 oversized, 0 unreadable); 0 findings\n',
    ])
  })

  it('prints the redacted report, the summary, and fails with exit 1 on findings', () => {
    const stdout = captureStdout()
    const human = recordingHumanOutput()
    expect(() => presentScan(result([finding]), options, human)).toThrow(
      expect.objectContaining({ exitCode: 1, message: '1 secret found in 1 file.' }),
    )
    expect(stdout.text()).toBe('a.txt:3:5  github-pat  ****aB2c\n')
    expect(stdout.text()).not.toContain(SECRET)
    expect(human.notices.join('')).toContain('1 finding\n')
  })

  it('names oversized files only with verbose, relative to the current directory', () => {
    captureStdout()
    const oversized = {
      ...stats,
      skippedOversized: 1,
      oversizedFiles: [{ path: 'dist/big.js', size: 2_000_000 }],
    }
    const quiet = recordingHumanOutput()
    presentScan(result([], { stats: oversized }), { ...options, cwd: '/repo/dist' }, quiet)
    expect(quiet.notices).toHaveLength(1)
    expect(quiet.notices[0]).toContain('1 oversized')
    const verbose = recordingHumanOutput()
    presentScan(result([], { stats: oversized }), { ...options, cwd: '/repo/dist', verbose: true }, verbose)
    expect(verbose.notices[0]).toBe('secrets scan: skipped big.js (2000000 bytes, over scan.maxFileSize)\n')
    expect(verbose.notices[1]).toContain('1 oversized')
  })

  it('shows finding paths relative to the current directory', () => {
    const stdout = captureStdout()
    const nested = { ...finding, path: 'src/app/a.txt' }
    expect(() =>
      presentScan(result([nested]), { ...options, cwd: '/repo/src' }, recordingHumanOutput()),
    ).toThrow()
    expect(stdout.text()).toBe('app/a.txt:3:5  github-pat  ****aB2c\n')
  })

  it('only says where the baseline went when one was written', () => {
    const stdout = captureStdout()
    const human = recordingHumanOutput()
    const baselineWritten = {
      file: '/repo/b.json',
      added: 1,
      kept: 2,
      converted: 0,
      pruned: 0,
      legacyLeft: 0,
    }
    presentScan(result([finding], { baselineWritten }), options, human)
    expect(stdout.text()).toBe('')
    expect(human.notices).toEqual(['Baseline /repo/b.json: 1 added, 2 kept, 0 pruned.\n'])
  })
})

describe('scanProgress', () => {
  it('draws progress through the port and clears it', () => {
    const calls: string[] = []
    const human: HumanOutput = {
      ...recordingHumanOutput(),
      progress: (line) => void calls.push(`progress ${line}`),
      endProgress: () => void calls.push('end'),
    }
    const progress = scanProgress(human)
    progress.onProgress(64, 300)
    progress.onProgress(128, 300)
    progress.clear()
    expect(calls).toEqual(['progress scanning 64/300', 'progress scanning 128/300', 'end'])
  })
})

describe('displayPathFrom', () => {
  it.each([
    ['/repo', '/repo', 'src/a.ts', 'src/a.ts'],
    ['/repo/src', '/repo', 'src/a.ts', 'a.ts'],
    ['/', '/repo', 'src/a.ts', 'repo/src/a.ts'],
    ['/repo/docs', '/repo', 'src/a.ts', '/repo/src/a.ts'],
    ['/elsewhere', '/tmp/tree', 'x/.env', '/tmp/tree/x/.env'],
    ['/repo', '/repo/sub', 'b c.ts', 'sub/b c.ts'],
  ])('cwd %s, root %s: %s is shown as %s', (cwd, root, path, shown) => {
    expect(displayPathFrom(cwd, root)(path)).toBe(shown)
  })
})
