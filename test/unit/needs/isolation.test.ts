import { describe, expect, it } from 'vitest'
import { bwrapArgv, hiddenPathsFor, isolationSupport } from '../../../src/core/needs/index.js'

const env = {
  HOME: '/home/a',
  XDG_RUNTIME_DIR: '/run/user/1000',
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/run/user/1000/bus,guid=abc',
  SSH_AUTH_SOCK: '/tmp/ssh-x/agent.1',
  PATH: '/usr/bin',
}

describe('hiddenPathsFor', () => {
  it('covers the agent, the tool, the keyrings and the credential files of other tools', () => {
    const { dirs, files } = hiddenPathsFor(env)
    expect(dirs).toEqual(
      expect.arrayContaining([
        '/home/a/.config/secrets',
        '/home/a/.cache/secrets',
        '/home/a/.local/state/secrets',
        '/run/user/1000/secrets',
        '/home/a/.local/share/keyrings',
        '/home/a/.aws',
        '/home/a/.ssh',
        '/home/a/.config/gcloud',
      ]),
    )
    expect(files).toEqual(
      expect.arrayContaining([
        '/home/a/.docker/config.json',
        '/home/a/.npmrc',
        '/home/a/.netrc',
        '/run/user/1000/bus',
        '/tmp/ssh-x/agent.1',
      ]),
    )
  })

  it('refuses a session bus on an abstract socket (a mount cannot hide it)', () => {
    expect(() =>
      hiddenPathsFor({ ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:abstract=/tmp/dbus-x,guid=1' }),
    ).toThrow(/abstract socket/)
  })
})

describe('bwrapArgv', () => {
  it('binds the host, a private PID namespace, tmpfs over directories, /dev/null over files', () => {
    expect(
      bwrapArgv(
        '/usr/bin/bwrap',
        { dirs: ['/h/.ssh', '/h/.aws', '/h/.aws/sub'], files: ['/h/.npmrc', '/h/.aws/credentials'] },
        ['/usr/bin/node', 'app.js'],
      ),
    ).toEqual([
      '/usr/bin/bwrap',
      '--dev-bind',
      '/',
      '/',
      '--unshare-pid',
      '--proc',
      '/proc',
      '--die-with-parent',
      '--tmpfs',
      '/h/.aws',
      '--tmpfs',
      '/h/.ssh',
      '--ro-bind',
      '/dev/null',
      '/h/.npmrc',
      '--',
      '/usr/bin/node',
      'app.js',
    ])
  })
})

describe('isolationSupport', () => {
  const exec =
    (code: number, stderr = '') =>
    async () => ({ code, stderr })
  it('not Linux: unavailable, run without --isolate', async () => {
    const support = await isolationSupport({ platform: 'darwin', env, exec: exec(0) })
    expect(support).toMatchObject({ available: false, reason: expect.stringMatching(/only on Linux/) })
  })

  it('no bwrap on PATH: the install command', async () => {
    const support = await isolationSupport({
      platform: 'linux',
      env: { PATH: '/nonexistent' },
      exec: exec(0),
    })
    expect(support).toMatchObject({
      available: false,
      fix: expect.stringMatching(/apt-get install bubblewrap/),
    })
  })

  it('user namespaces off: the sysctl', async () => {
    const support = await isolationSupport({
      platform: 'linux',
      env: { PATH: '/usr/bin:/bin' },
      exec: exec(
        1,
        'bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces.',
      ),
    })
    if (support.available) throw new Error('expected unavailable')
    expect(support.fix).toMatch(/sysctl/)
  })
})
