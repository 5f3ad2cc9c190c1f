import { UsageError } from '../../shared/errors.js'

/**
 * The `needs` section of `.secretsrc.json`: what the app needs to know in AWS beyond its
 * parameters (`paths` and the env files' references). `role` is the IAM role the app's
 * laptop credentials are minted from; `aws` the IAM statements it needs, used both as the
 * STS session policy of `run --imds|--ecs` and in the production policy `secrets policy`
 * prints. The documented schema is docs/need-to-know.md.
 */
export interface NeedsConfig {
  /** The IAM role to assume for the app (STS AssumeRole), if any. */
  role?: string
  /** The app's own AWS statements (Allow only). */
  aws?: AwsStatement[]
  /** Validation notes that are not errors (e.g. `"resources": ["*"]`), naming the key. */
  notes: string[]
}

/** One declared statement: always an Allow. */
export interface AwsStatement {
  actions: string[]
  resources: string[]
  /** IAM condition block: operator → condition key → value(s). */
  conditions?: Record<string, Record<string, string | string[]>>
}

const NEEDS_KEYS = ['role', 'aws'] as const
const STATEMENT_KEYS = ['actions', 'resources', 'conditions'] as const
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
/** `service:Action`, IAM wildcards allowed in the action part. */
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/
/** `arn:partition:service:region:account:resource`; region and account may be empty or wild. */
const ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*|\*):[a-z0-9*-]+:[a-z0-9*-]*:(\d{12}|\*|):.+$/
const CONDITION_OPERATOR = /^(ForAnyValue:|ForAllValues:)?[A-Za-z]+(IfExists)?$/

/**
 * Validates a `needs` section (`at` is its key path, e.g. `environments.prod.needs.`).
 * Errors name the key and the fix; broad-but-legal statements become notes.
 */
export function parseNeedsConfig(value: unknown, file: string, at: string): NeedsConfig {
  const bad = (key: string, problem: string, fix?: string) =>
    new UsageError(`${file}: "${at}${key}" ${problem}.`, {
      hint: fix ?? `Fix "${at}${key}" in ${file} (docs/need-to-know.md describes "needs").`,
      code: 'BadNeedsConfig',
    })
  if (!isObject(value)) throw bad('', 'must be an object with "role" and/or "aws"')
  for (const key of Object.keys(value))
    if (!(NEEDS_KEYS as readonly string[]).includes(key))
      throw bad(key, `is not a known key (expected one of: ${NEEDS_KEYS.join(', ')})`)
  const out: NeedsConfig = { notes: [] }
  if (value.role !== undefined) {
    if (typeof value.role !== 'string' || !ROLE_ARN.test(value.role))
      throw bad('role', 'is not an IAM role ARN', `Use the form arn:aws:iam::123456789012:role/NAME.`)
    out.role = value.role
  }
  if (value.aws !== undefined) {
    if (!Array.isArray(value.aws)) throw bad('aws', 'must be a list of statements')
    if (value.aws.length === 0)
      throw bad('aws', 'is an empty list', `Remove "${at}aws", or list the statements the app needs.`)
    out.aws = value.aws.map((statement, i) => parseStatement(statement, `aws[${i}]`, bad, out.notes, at))
  }
  return out
}

function parseStatement(
  value: unknown,
  key: string,
  bad: (key: string, problem: string, fix?: string) => UsageError,
  notes: string[],
  at: string,
): AwsStatement {
  if (!isObject(value)) throw bad(key, 'must be an object with "actions" and "resources"')
  for (const name of Object.keys(value))
    if (!(STATEMENT_KEYS as readonly string[]).includes(name))
      throw bad(
        `${key}.${name}`,
        `is not a known key (expected one of: ${STATEMENT_KEYS.join(', ')})`,
        name === 'effect' || name === 'Effect'
          ? `Remove "${at}${key}.${name}": declared statements are always Allow.`
          : undefined,
      )
  const list = (name: 'actions' | 'resources', pattern: RegExp, form: string): string[] => {
    const items = value[name]
    if (items === undefined) throw bad(`${key}.${name}`, 'is missing', `Add "${name}" to "${at}${key}".`)
    if (!Array.isArray(items) || !items.every((item) => typeof item === 'string'))
      throw bad(`${key}.${name}`, 'must be a list of strings')
    if (items.length === 0)
      throw bad(`${key}.${name}`, 'is an empty list', `List at least one ${form} in "${at}${key}.${name}".`)
    items.forEach((item: string, i) => {
      if (item !== '*' && !pattern.test(item))
        throw bad(`${key}.${name}[${i}]`, `(${JSON.stringify(item)}) is not ${form}`)
    })
    return [...new Set(items as string[])].sort()
  }
  const actions = list('actions', ACTION, 'an IAM action (service:Action, e.g. s3:GetObject)')
  const resources = list('resources', ARN, 'an ARN (arn:aws:service:region:account:resource) or "*"')
  const allActions = actions.includes('*')
  const allResources = resources.includes('*')
  if (allActions && allResources)
    throw bad(
      key,
      'allows every action on every resource',
      `Name the actions and resources the app uses in "${at}${key}": a wildcard-only statement is full access.`,
    )
  if (allActions)
    throw bad(
      `${key}.actions`,
      'allows every action ("*")',
      `Name the actions (e.g. "s3:GetObject") in "${at}${key}.actions".`,
    )
  if (allResources)
    notes.push(
      `"${at}${key}.resources" is "*": ${actions.join(', ')} on every resource; name the ARNs where the service allows it.`,
    )
  const statement: AwsStatement = { actions, resources }
  if (value.conditions !== undefined)
    statement.conditions = parseConditions(value.conditions, `${key}.conditions`, bad)
  return statement
}

function parseConditions(
  value: unknown,
  key: string,
  bad: (key: string, problem: string, fix?: string) => UsageError,
): Record<string, Record<string, string | string[]>> {
  if (!isObject(value) || Object.keys(value).length === 0)
    throw bad(key, 'must be a non-empty object of operator → { key: value }', undefined)
  for (const [operator, block] of Object.entries(value)) {
    if (!CONDITION_OPERATOR.test(operator))
      throw bad(`${key}.${operator}`, 'is not an IAM condition operator (e.g. StringEquals)')
    if (!isObject(block) || Object.keys(block).length === 0)
      throw bad(`${key}.${operator}`, 'must be a non-empty object of condition key → value')
    for (const [name, v] of Object.entries(block)) {
      const ok =
        typeof v === 'string' ||
        (Array.isArray(v) && v.length > 0 && v.every((item) => typeof item === 'string'))
      if (!ok) throw bad(`${key}.${operator}.${name}`, 'must be a string or a non-empty list of strings')
    }
  }
  return value as Record<string, Record<string, string | string[]>>
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
