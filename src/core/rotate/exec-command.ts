import { spawn } from 'node:child_process'
import { constants } from 'node:os'
import { redactSecrets } from '../../shared/redact.js'
import { withoutUnlockVariables } from '../keychain/index.js'

export interface ExecInput {
  /** The command line the user typed after --exec. */
  command: string
  env: NodeJS.ProcessEnv
  oldValue: string
  newValue: string
  path: string
}

export interface ExecResult {
  /** The command's exit code, or 128+N when it died of signal N. */
  exitCode: number
  signal?: string
}

/** Runs `--exec`; `output` receives its stdout and stderr lines with both values masked. */
export type ExecRunner = (input: ExecInput, output: (line: string) => void) => Promise<ExecResult>

const MAX_LINE = 64 * 1024

/**
 * Runs the user's `--exec` command line through the user's shell (`/bin/sh -c`, cmd.exe on
 * Windows): it is a command line the user typed, quotes and all, just as `git -c
 * core.sshCommand` or `watch` treat theirs. The values go only through the environment
 * (SECRETS_OLD_VALUE, SECRETS_NEW_VALUE), never argv, where `ps` would show them to every
 * local user. Its output is relayed line by line with both values masked, so an `echo` in
 * the command cannot print them; it never reaches our stdout, which carries only the result.
 * Like every child, it never gets the keychain's unlock material (keychain UNLOCK_VARIABLES).
 */
export const runExecCommand: ExecRunner = (input, output) =>
  new Promise((resolve, reject) => {
    const child = spawn(input.command, {
      shell: true,
      env: {
        ...withoutUnlockVariables(input.env),
        SECRETS_OLD_VALUE: input.oldValue,
        SECRETS_NEW_VALUE: input.newValue,
        SECRETS_ROTATE_PATH: input.path,
      },
      stdio: ['inherit', 'pipe', 'pipe'],
    })
    const secrets = [input.oldValue, input.newValue]
    const relay = (stream: NodeJS.ReadableStream) => {
      let pending = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        pending += chunk
        const lines = pending.split('\n')
        pending = lines.pop() ?? ''
        for (const line of lines) output(redactSecrets(line, secrets))
        if (pending.length > MAX_LINE) {
          output(redactSecrets(pending, secrets))
          pending = ''
        }
      })
      return () => {
        if (pending) output(redactSecrets(pending, secrets))
        pending = ''
      }
    }
    const flushOut = relay(child.stdout)
    const flushErr = relay(child.stderr)
    child.once('error', reject)
    child.once('close', (code, signal) => {
      flushOut()
      flushErr()
      if (signal) resolve({ exitCode: 128 + (constants.signals[signal] ?? 0), signal })
      else resolve({ exitCode: code ?? 1 })
    })
  })
