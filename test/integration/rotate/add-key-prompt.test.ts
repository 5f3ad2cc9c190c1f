import { join } from 'node:path'
import { execa } from 'execa'
import { afterAll, describe, expect, it } from 'vitest'
import { openKeychain } from '../../../src/core/keychain/index.js'
import { readStoredAccessKey } from '../../../src/core/identity/index.js'
import { BIN, ROOT, tempHome, type TempHome } from '../../helpers/cli.js'

const homes: TempHome[] = []
afterAll(() => homes.forEach((h) => h.remove()))
const DRIVER = join(ROOT, 'test', 'fixtures', 'rotate', 'pty-answer.py')
const ID = 'AKIAIOSFODNN7EXAMPLE'
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

describe('secrets add-key on a terminal', () => {
  it('prompts for the id, then the secret without echoing it', async () => {
    const home = tempHome()
    homes.push(home)
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(AWS_|SECRETS_)/.test(k)))
    const result = await execa(
      'python3',
      [
        DRIVER,
        'Access key ID',
        ID,
        'Secret access key',
        SECRET,
        '--',
        'node',
        BIN,
        'add-key',
        '--profile',
        'tty',
      ],
      { env: { ...base, ...home.env }, extendEnv: false, reject: false, timeout: 60_000 },
    )
    const screen = String(result.stdout)
    expect(screen).toContain('EXIT 0')
    expect(screen).toContain(`Stored access key ${ID} for profile tty`)
    expect(screen).toContain(ID) // the id is echoed, as a visible identifier
    expect(screen).not.toContain(SECRET.slice(0, 8)) // the secret is not, not even in part
    const stored = await readStoredAccessKey(openKeychain({ env: home.env }), 'tty')
    expect(stored).toMatchObject({ accessKeyId: ID, secretAccessKey: SECRET })
  })
})
