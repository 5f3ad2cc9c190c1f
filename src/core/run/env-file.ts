import { readFile } from 'node:fs/promises'
import { LocalEnvError, UsageError, systemErrorCode } from '../../shared/errors.js'
import {
  parseSelectedPath,
  selectedName,
  selectionNotFound,
  type Parameter,
  type ParameterStore,
  type Selector,
  type StoreKind,
} from '../store/index.js'
import type { EnvEntry } from './child-env.js'

/**
 * A value of the form `ssm:/path` or `local:/path`, optionally pinned with SSM's selector
 * (`ssm:/path:3`, `ssm:/path:prod`): resolved from that store at run time.
 */
export interface StoreReference {
  store: StoreKind
  path: string
  selector?: Selector
}

const REFERENCE = /^(ssm|local):(\/.*)$/

/** Returns the reference a value names, or undefined for a plain value. */
export function parseReference(value: string): StoreReference | undefined {
  const match = REFERENCE.exec(value.trim())
  if (!match) return undefined
  return { store: match[1] as StoreKind, ...parseSelectedPath(match[2] ?? '') }
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

/** Fetches referenced parameters (in order); undefined where one does not exist. */
export type ReferenceResolver = (refs: StoreReference[]) => Promise<(Parameter | undefined)[]>

/** A resolver reading each store's references in one batch (GetParameters for ssm). */
export function storeResolver(storeFor: (kind: StoreKind) => ParameterStore): ReferenceResolver {
  return async (refs) => {
    const out: (Parameter | undefined)[] = new Array<Parameter | undefined>(refs.length)
    const kinds = [...new Set(refs.map((r) => r.store))]
    await Promise.all(
      kinds.map(async (kind) => {
        const indexes = refs.flatMap((r, i) => (r.store === kind ? [i] : []))
        const found = await storeFor(kind).getSelected(indexes.map((i) => refs[i] as StoreReference))
        indexes.forEach((at, j) => (out[at] = found[j]))
      }),
    )
    return out
  }
}

/** `ssm:/path` or `ssm:/path:3`, as written in an env file. */
export function referenceText(ref: StoreReference): string {
  return `${ref.store}:${selectedName(ref)}`
}

/**
 * Resolves references (one batch per store) and returns env entries in file order. A missing
 * version or label names the parameter, the selector and the versions that exist.
 */
export async function resolveEnvFileEntries(
  entries: EnvFileEntry[],
  resolve: ReferenceResolver,
  history: (ref: StoreReference) => Promise<Parameter[]> = async () => [],
): Promise<EnvEntry[]> {
  const refs = entries.flatMap((e) => (e.reference ? [e.reference] : []))
  const resolved = await resolve(refs)
  let next = 0
  const values = await Promise.all(
    entries.map(async (entry) => {
      if (!entry.reference) return { value: entry.value ?? '' }
      const parameter = resolved[next++]
      if (parameter === undefined && entry.reference.selector) {
        throw selectionNotFound(entry.reference, entry.reference.store, await history(entry.reference), {
          context: `${entry.file}: ${entry.name} refers to ${referenceText(entry.reference)}`,
        })
      }
      if (parameter === undefined) {
        throw new UsageError(
          `${entry.file}: ${entry.name} refers to ${entry.reference.store}:${entry.reference.path}, which does not exist.`,
          {
            hint: `Create it with \`secrets set ${entry.reference.path} --store ${entry.reference.store}\`.`,
            code: 'ReferenceNotFound',
          },
        )
      }
      return { value: parameter.value, parameter }
    }),
  )
  return entries.map((entry, i) => ({
    name: entry.name,
    value: values[i]?.value ?? '',
    source: {
      layer: 'env-file',
      file: entry.file,
      ...(entry.reference ? { reference: referenceText(entry.reference) } : {}),
      ...(values[i]?.parameter ? { version: values[i].parameter.version } : {}),
    },
  }))
}
