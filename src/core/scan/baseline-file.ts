import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../../shared/atomic-file.js'
import { LocalEnvError, systemErrorCode } from '../../shared/errors.js'
import { parseBaseline, toBaseline, type Finding } from './engine/index.js'

/** Reads a baseline file into its set of fingerprints; a missing or unreadable file says how to make one. */
export async function readBaselineFile(file: string): Promise<Set<string>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new LocalEnvError(`Cannot read baseline ${file}: ${systemErrorCode(error) ?? 'error'}.`, {
      hint: 'Create it with `secrets scan --write-baseline FILE`.',
    })
  }
  return parseBaseline(text, file)
}

/** Writes the findings' fingerprints (never the secrets) to a baseline file, atomically. */
export async function writeBaselineFile(file: string, findings: readonly Finding[]): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(toBaseline(findings), null, 2)}\n`, { mode: 0o644 })
}
