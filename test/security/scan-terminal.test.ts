/**
 * Attack: a hostile repository names a file, or a commit author, with terminal control
 * sequences: `ESC]0;…BEL` (retitles the window), `ESC[2K` + `CR` (erases the line being
 * printed), a newline (forges a line of its own). The old code printed names and authors raw
 * in the text report and so in the pre-commit hook's output: a finding's own line could be
 * erased or rewritten by the name of the file that holds it.
 *
 * Now: every name from the tree is quoted the way git's core.quotePath does it (C escapes
 * in double quotes) in the text report, in --verbose notices and in the hook's output; no
 * control character from the tree reaches the terminal. JSON and SARIF escape on their own.
 *
 * Also the output boundary: `secrets scan … | head` used to die with an EPIPE stack trace
 * when `head` closed the pipe; it now ends quietly with the scan's own status.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { execa } from 'execa'
import { BIN, runCli } from '../helpers/cli.js'
import { GITHUB_TOKEN, tempTree, type TempTree } from '../integration/scan/scan-repo.js'

let tree: TempTree | undefined
afterEach(() => tree?.remove())

const ESC = '\u001b'
const EVIL_NAME = `x${ESC}]0;pwned\u0007${ESC}[2K\rfake.ts`
const NEWLINE_NAME = 'a\nsrc/ok.ts:1:1  nothing-here  ****.ts'

/** No control character but the report's own newlines (and, on stderr, none at all mid-line). */
function expectNoControls(text: unknown): void {
  // eslint-disable-next-line no-control-regex -- looking for control characters is the test
  expect(String(text)).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/)
}

describe('names from the tree cannot drive the terminal', () => {
  it('file names with escape sequences and newlines are quoted in the text report', async () => {
    tree = await tempTree({ git: true })
    tree.write(EVIL_NAME, `export const t = "${GITHUB_TOKEN}"\n`)
    tree.write(NEWLINE_NAME, `export const t = "${GITHUB_TOKEN}"\n`)
    const result = await runCli(['scan'], { cwd: tree.dir })
    expect(result.exitCode).toBe(1)
    expectNoControls(result.stdout)
    expectNoControls(result.stderr)
    const lines = String(result.stdout).split('\n')
    expect(lines).toHaveLength(2) // one line per finding: the newline in a name forged none
    // The findings are in columns (issue 23.19): the shorter name is padded to the longer.
    const tail = ' {2,}github-pat  \\*{4}' + GITHUB_TOKEN.slice(-4)
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp('^"a\\\\nsrc/ok\\.ts:1:1  nothing-here  \\*{4}\\.ts":1:19' + tail + '$'),
      ),
    )
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp('^"x\\\\033]0;pwned\\\\a\\\\033\\[2K\\\\rfake\\.ts":1:19' + tail + '$'),
      ),
    )
  })

  it('a commit author with escape sequences is quoted in --history output', async () => {
    tree = await tempTree({ git: true })
    tree.write('leak.ts', `export const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', '-A')
    await execa('git', ['-c', `user.name=Eve${ESC}]0;owned\u0007${ESC}[2KMallory`, 'commit', '-qm', 'x'], {
      cwd: tree.dir,
      env: { GIT_CONFIG_NOSYSTEM: '1', HOME: tree.dir },
    })
    const result = await runCli(['scan', '--history'], { cwd: tree.dir })
    expect(result.exitCode).toBe(1)
    expectNoControls(result.stdout)
    expect(result.stdout).toContain('"Eve\\033]0;owned\\a\\033[2KMallory <author@example.org>"')
  })

  it("the pre-commit hook's output quotes them too", async () => {
    tree = await tempTree({ git: true })
    expect((await runCli(['hook', 'install'], { cwd: tree.dir })).exitCode).toBe(0)
    tree.write(EVIL_NAME, `export const t = "${GITHUB_TOKEN}"\n`)
    await tree.git('add', '-A')
    const commit = await execa('git', ['commit', '-qm', 'leak'], {
      cwd: tree.dir,
      reject: false,
      env: { GIT_CONFIG_NOSYSTEM: '1', HOME: tree.dir, NO_COLOR: '1' },
    })
    expect(commit.exitCode).toBe(1)
    expectNoControls(commit.stdout)
    expectNoControls(commit.stderr)
    // git hands a hook's stdout to stderr.
    expect(commit.stderr).toContain('"x\\033]0;pwned\\a\\033[2K\\rfake.ts":1:19  github-pat')
  })
})

describe('the report into a closed pipe', () => {
  it('`secrets scan | head -1` ends quietly with the scan status, no EPIPE trace', async () => {
    tree = await tempTree()
    const many = Array.from(
      { length: 4000 },
      (_, i) => `password_${i} = "Zq8R2mVt5Kc9Lw3Nx7Pb1Hd${i}x"`,
    ).join('\n')
    tree.write('many.env', `${many}\n`)
    for (const extra of [[], ['--format', 'json'], ['--verbose']]) {
      const result = await execa(
        'bash',
        ['-c', `set -o pipefail; node ${JSON.stringify(BIN)} scan ${extra.join(' ')} . | head -1`],
        { cwd: tree.dir, reject: false, env: { NO_COLOR: '1' }, timeout: 30_000 },
      )
      expect(result.stdout.split('\n')).toHaveLength(1)
      expect(result.stderr).not.toContain('EPIPE')
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(result.exitCode).toBe(1) // findings: the scan's own status
    }
  }, 60_000)
})
