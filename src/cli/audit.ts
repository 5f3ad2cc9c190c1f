import type { AuditEvent } from '../core/audit/index.js'
import { ExitCode, isSecretsError } from '../shared/errors.js'
import { exitCodeFor, type CommandError } from './error-report.js'
import { humanOutput } from './present.js'

/** What a command knows of its operation before it runs; result and exit are filled in. */
export type AuditStart = Omit<AuditEvent, 'result' | 'exit' | 'error'>

/**
 * Runs one store or identity operation and appends it to the audit log, whatever the
 * outcome: `details` adds what only the result knows (versions). The log module is loaded
 * lazily and the entry is one append; a log that cannot be written is a warning, not a
 * failed operation (the operation already happened).
 */
export async function audited<T>(
  start: AuditStart,
  operation: () => Promise<T>,
  details?: (result: T) => Partial<AuditEvent>,
): Promise<T> {
  let result: T
  try {
    result = await operation()
  } catch (error) {
    await record({
      ...start,
      result: 'error',
      error: isSecretsError(error) ? error.code : ((error as Error).name ?? 'Error'),
      exit: exitCodeFor(error as CommandError),
    })
    throw error
  }
  await record({ ...start, ...details?.(result), result: 'ok', exit: ExitCode.ok })
  return result
}

/** Appends one event; warns (never throws) when the log cannot be written. */
export async function record(event: AuditEvent, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  try {
    const { appendAudit } = await import('../core/audit/index.js')
    await appendAudit(event, { env })
  } catch (error) {
    humanOutput().warn(`could not append to the audit log: ${(error as Error).message}`)
  }
}

/** The versions of parameters, by path, for an audit entry. */
export function versionsOf(parameters: { path: string; version: number }[]): Record<string, number> {
  return Object.fromEntries(parameters.map((p) => [p.path, p.version]))
}
