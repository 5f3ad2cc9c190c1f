/**
 * doctor: `secrets doctor` — checks this machine's set-up (Node, keychain, unlock agent,
 * dirs, AWS config and sessions, clock skew against STS, the git hook and a canary commit,
 * bubblewrap, the project config) and says per line ok / warn / fail and the fix. Every check
 * is bounded in time and none sends a secret anywhere. May import: shared, and the keychain,
 * sso, scan and config areas through their index.ts.
 */
import { readAwsConfig, readAwsCredentials } from '../../shared/aws-config-file.js'
import { columnLines, displayWidth } from '../../shared/table.js'
import type { Keychain } from '../keychain/index.js'
import { checkAwsConfig, checkClock } from './aws-checks.js'
import { bounded, type CheckResult } from './check.js'
import { checkCanary, checkHook } from './git-checks.js'
import { checkAgent, checkKeychain } from './keychain-checks.js'
import {
  checkBubblewrap,
  checkDirs,
  checkProjectConfig,
  projectConfigTrust,
  type TrustVerdict,
} from './local-checks.js'
import { checkNode } from './node-line.js'

export type { CheckResult, CheckStatus } from './check.js'
export { projectConfigTrust, type TrustVerdict } from './local-checks.js'
export { NODE_LINES } from './node-line.js'

export interface DoctorDeps {
  env: NodeJS.ProcessEnv
  cwd: string
  now: () => Date
  /** How a hook starts this CLI: `[node, /abs/bin/run.js]` (the canary installs it). */
  cliCommand: readonly string[]
  /** The keychain SECRETS_KEYCHAIN selects, opened without a prompt. */
  keychain: () => Keychain
  dirs: { config: string; cache: string; state: string }
  uid?: number | undefined
  nodeVersion?: string
  trust?: (configFile: string) => Promise<TrustVerdict | undefined>
}

export interface DoctorReport {
  checks: CheckResult[]
  /** True when no check failed (warnings allowed): exit 0. */
  ok: boolean
}

/** Runs every check (independent ones in parallel), each within its own time bound. */
export async function runDoctor(deps: DoctorDeps): Promise<DoctorReport> {
  const { env, cwd } = deps
  const aws = Promise.all([readAwsConfig(env), readAwsCredentials(env)])
  const checks = await Promise.all([
    bounded('node', 1_000, async () => checkNode(deps.nodeVersion ?? process.version, deps.now())),
    bounded('keychain', 10_000, () => checkKeychain(env, deps.dirs.config)),
    bounded('agent', 5_000, () => checkAgent(env, deps.uid)),
    bounded('dirs', 2_000, () => checkDirs(deps.dirs, deps.uid)),
    bounded('aws-config', 15_000, async () => checkAwsConfig((await aws)[0], env, deps.keychain, deps.now())),
    bounded('clock', 12_000, async () => {
      const [config, credentials] = await aws
      return checkClock(config, credentials, env, deps.now)
    }),
    bounded('hook', 10_000, () => checkHook(cwd)),
    bounded('canary', 45_000, () => checkCanary(deps.cliCommand)),
    bounded('bubblewrap', 8_000, () => checkBubblewrap(env)),
    bounded('project-config', 5_000, () =>
      checkProjectConfig(
        cwd,
        deps.uid,
        deps.trust ?? ((file) => projectConfigTrust(file, env, deps.uid)),
        env,
      ),
    ),
  ])
  return { checks, ok: checks.every((c) => c.status !== 'fail') }
}

/** The human report: one line per check (`ok`, `warn`, `FAIL`), its fix indented under it. */
export function formatDoctor(report: DoctorReport): string {
  // The shared column formatter (display widths); each fix goes under its summary's column.
  const rows = columnLines(
    report.checks.map((c) => [c.status === 'fail' ? 'FAIL' : c.status, c.id, c.summary]),
  )
  const indent = ' '.repeat(4 + 2 + Math.max(...report.checks.map((c) => displayWidth(c.id))) + 2)
  const lines = rows.flatMap((line, i) => {
    const fix = report.checks[i]?.fix
    return fix ? [line, `${indent}fix: ${fix}`] : [line]
  })
  const failed = report.checks.filter((c) => c.status === 'fail').length
  const warned = report.checks.filter((c) => c.status === 'warn').length
  lines.push(
    failed === 0
      ? `No failures${warned ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}.`
      : `${failed} check(s) failed.`,
  )
  return lines.join('\n')
}
