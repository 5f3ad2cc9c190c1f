import { closeSync, fstatSync, openSync, readSync, renameSync, writeSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { join } from 'node:path'
import { systemErrorCode } from '../../shared/errors.js'
import { stateDir } from '../../shared/config-dir.js'
import { withLock } from '../../shared/file-lock.js'
import { requirePrivateDir } from '../../shared/private-dir.js'
import { nodeCrypto } from '../../shared/lazy-modules.js'
import { sha256Hex } from '../../shared/js-digest.js'

/** What an audited operation did. Names, paths and versions only: never a value. */
export interface AuditEvent {
  /** get, set, delete, label, list, history, run, rotate, pin, rekey, credentials, imds, ... */
  op: string
  store?: string
  /** The AWS identity the operation used, where known. */
  aws?: { profile?: string; roleArn?: string }
  paths?: string[]
  /** Version per path, where one was read or written. */
  versions?: Record<string, number>
  /** `run`: the command's argv[0], the working directory and the injected variables' names. */
  argv0?: string
  cwd?: string
  names?: string[]
  result: 'ok' | 'error'
  /** The error's code when the operation failed. */
  error?: string
  exit: number
}

/** One line of the log: the event, its place in the chain, when and by whom. */
export interface AuditEntry extends AuditEvent {
  seq: number
  /** SHA-256 (hex) of the previous line's bytes; 64 zeros for the first entry. */
  prev: string
  time: string
  user: string
}

export const GENESIS = '0'.repeat(64)
/** Files kept beside the current one: audit.log.1 (newest) … audit.log.N (oldest). */
export const KEPT_FILES = 4
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024

/** `$XDG_STATE_HOME/secrets`, else `~/.local/state/secrets`. */
export function auditDir(env: NodeJS.ProcessEnv): string {
  return stateDir(env)
}

/** The current log file; rotated files carry `.1` … `.N` after it. */
export function auditFile(env: NodeJS.ProcessEnv): string {
  return join(auditDir(env), 'audit.log')
}

/** The log's files oldest first (the ones that exist are read; missing ones are skipped). */
export function auditFiles(env: NodeJS.ProcessEnv): string[] {
  const file = auditFile(env)
  return [...Array.from({ length: KEPT_FILES }, (_, i) => `${file}.${KEPT_FILES - i}`), file]
}

/** SHA-256 (hex) of one line's bytes, without its newline. */
export function lineHash(line: string): string {
  return nodeCrypto().createHash('sha256').update(line, 'utf8').digest('hex')
}

export interface AppendDeps {
  env: NodeJS.ProcessEnv
  now?: () => Date
  /** Rotation size of the current file (bytes); `SECRETS_AUDIT_MAX_BYTES`, else 4 MiB. */
  maxBytes?: number
}

/**
 * Appends one entry. Under the log's lock (so seq and the chain stay consistent across
 * concurrent processes) it reads the last line, rotates when the file would pass its size
 * bound (the new file's first entry commits to the old file's last line), and appends the
 * line with one O_APPEND write to a 0600 file. The work under the lock is synchronous: a few
 * system calls on one descriptor (open with O_APPEND, fstat, one read of the tail, write,
 * close), cheaper than the same calls through the thread pool on every audited command.
 */
export async function appendAudit(event: AuditEvent, deps: AppendDeps): Promise<AuditEntry> {
  const file = auditFile(deps.env)
  // A state dir another user owns or can write could have the log rolled back or replaced.
  requirePrivateDir(auditDir(deps.env))
  const maxBytes = deps.maxBytes ?? (Number(deps.env.SECRETS_AUDIT_MAX_BYTES) || DEFAULT_MAX_BYTES)
  return withLock(`${file}.lock`, async () => {
    let fd = openSync(file, 'a+', 0o600)
    try {
      const size = fstatSync(fd).size
      const last = (size > 0 ? lastLine(fd, size) : undefined) ?? lastLineOfFile(`${file}.1`)
      const previous = last ? (JSON.parse(last) as { seq?: unknown }) : undefined
      const entry: AuditEntry = {
        seq: (typeof previous?.seq === 'number' ? previous.seq : 0) + 1,
        // The JavaScript SHA-256: one short line, no node:crypto to load (shared/sha256.ts).
        prev: last ? sha256Hex(last) : GENESIS,
        time: (deps.now ?? (() => new Date()))().toISOString(),
        user: osUser(),
        ...event,
      }
      const line = JSON.stringify(entry)
      if (size > 0 && size + line.length + 1 > maxBytes) {
        closeSync(fd)
        fd = -1
        rotate(file)
        fd = openSync(file, 'a', 0o600)
      }
      writeSync(fd, `${line}\n`)
      return entry
    } finally {
      if (fd >= 0) closeSync(fd)
    }
  })
}

/** Shifts audit.log → .1 → .2 …, dropping the oldest kept file. */
function rotate(file: string): void {
  for (let i = KEPT_FILES - 1; i >= 1; i--) {
    try {
      renameSync(`${file}.${i}`, `${file}.${i + 1}`)
    } catch (error) {
      if (systemErrorCode(error) !== 'ENOENT') throw error
    }
  }
  renameSync(file, `${file}.1`)
}

/** The last non-empty line of a file; undefined when empty or missing. */
function lastLineOfFile(file: string): string | undefined {
  let fd
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    if (systemErrorCode(error) === 'ENOENT') return undefined
    throw error
  }
  try {
    return lastLine(fd, fstatSync(fd).size)
  } finally {
    closeSync(fd)
  }
}

/** The last non-empty line of the `size` bytes open at `fd`, reading from the end. */
function lastLine(fd: number, size: number): string | undefined {
  for (let chunk = 4096; ; chunk *= 4) {
    const start = Math.max(0, size - chunk)
    const buffer = Buffer.alloc(size - start)
    readSync(fd, buffer, 0, buffer.length, start)
    const text = buffer.toString('utf8').replace(/\n+$/, '')
    const newline = text.lastIndexOf('\n')
    if (newline !== -1) return text.slice(newline + 1)
    if (start === 0) return text === '' ? undefined : text
  }
}

let user: string | undefined
function osUser(): string {
  if (user !== undefined) return user
  try {
    user = userInfo().username
  } catch {
    user = String(process.getuid?.() ?? 'unknown')
  }
  return user
}

/** The log's lines, oldest first, with the file each came from (missing files are skipped). */
export async function readAuditLines(
  env: NodeJS.ProcessEnv,
): Promise<{ file: string; line: string; number: number }[]> {
  const out: { file: string; line: string; number: number }[] = []
  for (const file of auditFiles(env)) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      if (systemErrorCode(error) === 'ENOENT') continue
      throw error
    }
    const lines = text.split('\n')
    if (lines.at(-1) === '') lines.pop()
    lines.forEach((line, i) => out.push({ file, line, number: i + 1 }))
  }
  return out
}
