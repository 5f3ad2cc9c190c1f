import { readFile } from 'node:fs/promises'
import { LocalEnvError, UsageError, systemErrorCode } from '../../shared/errors.js'
import { parseParameterPath, type StoreKind } from '../store/index.js'
import type { EnvEntry } from './child-env.js'

/** A value of the form `ssm:/path` or `local:/path`: resolved from that store at run time. */
export interface StoreReference {
  store: StoreKind
  path: string
}

const REFERENCE = /^(ssm|local):(\/.*)$/

/** Returns the reference a value names, or undefined for a plain value. */
export function parseReference(value: string): StoreReference | undefined {
  const match = REFERENCE.exec(value.trim())
  if (!match) return undefined
  return { store: match[1] as StoreKind, path: parseParameterPath(match[2] ?? '') }
}

export interface EnvFileEntry {
  name: string
  file: string
  value?: string
  reference?: StoreReference
}

/**
 * The 1-based numbers of lines dotenv would silently drop: not blank, not a comment, not
 * `NAME=value` (or `export NAME=value`), and not inside a multi-line quoted value.
 */
export function unparsedEnvLines(text: string): number[] {
  const bad: number[] = []
  let openQuote: string | undefined
  text.split(/\r?\n/).forEach((line, i) => {
    if (openQuote) {
      if (line.includes(openQuote)) openQuote = undefined
      return
    }
    if (/^\s*(#.*)?$/.test(line)) return
    const assignment = /^\s*(?:export\s+)?[\w.-]+\s*[=:]\s*(["'`]?)(.*)$/.exec(line)
    if (!assignment) {
      bad.push(i + 1)
      return
    }
    const [, quote = '', rest = ''] = assignment
    if (quote && !rest.includes(quote)) openQuote = quote
  })
  return bad
}

/** Parses one dotenv file's text into entries, each a plain value or a store reference. */
export function parseEnvFile(
  text: string,
  file: string,
  parse: (text: string) => Record<string, string>,
): EnvFileEntry[] {
  // dotenv drops what it cannot parse; a dropped line is a variable the app silently lacks.
  // Named by file:line only: the line itself may hold a value.
  const unparsed = unparsedEnvLines(text)
  if (unparsed.length > 0)
    throw new UsageError(
      `${unparsed.map((n) => `${file}:${n}`).join(', ')}: not a NAME=value line (dotenv would drop it).`,
      { hint: 'Fix the line or comment it out with #.', code: 'EnvFileSyntax' },
    )
  const parsed = parse(text)
  return Object.entries(parsed).map(([name, value]) => {
    let reference: StoreReference | undefined
    try {
      reference = parseReference(value)
    } catch (error) {
      throw new UsageError(`${file}: ${name} refers to an invalid path: ${(error as Error).message}`)
    }
    return reference ? { name, file, reference } : { name, file, value }
  })
}

/** Why an env file could not be read, in words, by Node's system error code. */
const READ_FAILURE: Record<string, string> = {
  ENOENT: 'no such file (ENOENT)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'permission denied (EPERM)',
  EISDIR: 'it is a directory (EISDIR)',
  ENOTDIR: 'a part of the path is not a directory (ENOTDIR)',
  ELOOP: 'too many symbolic links (ELOOP)',
}

/** Reads the `--env-file` files in order (later files override earlier ones). */
export async function readEnvFiles(files: string[]): Promise<EnvFileEntry[]> {
  const out: EnvFileEntry[] = []
  if (files.length === 0) return out
  // Imported only when there are env files: `secrets run` start-up stays lean without them.
  const { parse } = await import('dotenv')
  for (const file of files) {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      const code = systemErrorCode(error)
      throw new LocalEnvError(
        `Cannot read env file ${file}: ${READ_FAILURE[code ?? ''] ?? code ?? 'error'}.`,
        {
          hint: 'Check the path given to --env-file or "envFiles" in .secretsrc.json.',
          cause: error,
          code: 'EnvFileUnreadable',
        },
      )
    }
    out.push(...parseEnvFile(text, file, parse))
  }
  return out
}

/** Fetches one referenced parameter's value; undefined when it does not exist. */
export type ReferenceResolver = (ref: StoreReference) => Promise<string | undefined>

/** Resolves references (in parallel) and returns env entries in file order. */
export async function resolveEnvFileEntries(
  entries: EnvFileEntry[],
  resolve: ReferenceResolver,
): Promise<EnvEntry[]> {
  const values = await Promise.all(
    entries.map(async (entry) => {
      if (!entry.reference) return entry.value ?? ''
      const value = await resolve(entry.reference)
      if (value === undefined) {
        throw new UsageError(
          `${entry.file}: ${entry.name} refers to ${entry.reference.store}:${entry.reference.path}, which does not exist.`,
          {
            hint: `Create it with \`secrets set ${entry.reference.path} --store ${entry.reference.store}\`.`,
            code: 'ReferenceNotFound',
          },
        )
      }
      return value
    }),
  )
  return entries.map((entry, i) => ({
    name: entry.name,
    value: values[i] ?? '',
    source: {
      layer: 'env-file',
      file: entry.file,
      ...(entry.reference ? { reference: `${entry.reference.store}:${entry.reference.path}` } : {}),
    },
  }))
}
