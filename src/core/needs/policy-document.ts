import { UsageError } from '../../shared/errors.js'
import type { AwsStatement, NeedsConfig } from '../config/index.js'

/**
 * The IAM policy an app needs, built from its declaration: read access to exactly its
 * parameters (path prefixes and the env files' references), the KMS decrypt those reads need,
 * and `needs.aws`. One pure builder serves the production policy (`secrets policy`) and the
 * STS session policy of `run --imds|--ecs`, so the laptop runs with what production grants.
 */

/** An IAM policy statement in AWS's own spelling. */
export interface PolicyStatement {
  Sid: string
  Effect: 'Allow'
  Action: string[]
  Resource: string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface PolicyDocument {
  Version: '2012-10-17'
  Statement: PolicyStatement[]
}

/**
 * How the app's SecureString parameters are encrypted: key ARNs and key aliases found with
 * DescribeParameters, or not looked up (then the AWS managed key, alias aws/ssm, is assumed).
 */
export type KmsUse = { kind: 'assumed-managed' } | { kind: 'found'; keyArns: string[]; aliases: string[] }

export interface PolicyInput {
  /** Parameter path prefixes (`/myapp/dev`), normalised. */
  paths: string[]
  /** Exact parameter names referenced by env files (`/shared/db/url`), selector dropped. */
  parameters: string[]
  needs: NeedsConfig | undefined
  partition: string
  region: string
  accountId: string
  kms: KmsUse
}

export interface BuiltPolicy {
  document: PolicyDocument
  /** Things a reviewer should look at (broader than a path, wildcards). */
  notes: string[]
}

/** IAM's limit for a customer managed policy (characters, whitespace excluded). */
export const MANAGED_POLICY_LIMIT = 6_144
/** STS's limit for an inline session policy (plaintext characters). */
export const SESSION_POLICY_LIMIT = 2_048

/** Builds the policy document; deterministic (sorted) for the same input. */
export function buildPolicy(input: PolicyInput): BuiltPolicy {
  const notes: string[] = [...(input.needs?.notes ?? [])]
  const arn = (name: string) =>
    `arn:${input.partition}:ssm:${input.region}:${input.accountId}:parameter${name === '/' ? '' : name}`
  const resources = new Set<string>()
  for (const prefix of input.paths) {
    if (prefix === '/') {
      resources.add(`${arn('/')}/*`)
      notes.push('"paths" includes "/": read access to every parameter in the account and region.')
      continue
    }
    resources.add(arn(prefix))
    resources.add(`${arn(prefix)}/*`)
  }
  for (const name of input.parameters) resources.add(arn(parameterName(name)))
  const statements: PolicyStatement[] = []
  if (resources.size > 0) {
    statements.push({
      Sid: 'ReadParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'],
      Resource: [...resources].sort(),
    })
    statements.push(...decryptStatements(input))
  }
  for (const [i, statement] of (input.needs?.aws ?? []).entries()) {
    statements.push(needStatement(statement, i))
    for (const resource of statement.resources) {
      if (resource !== '*' && broaderThanPath(resource))
        notes.push(
          `"needs.aws[${i}].resources" has ${resource}: a wildcard inside a name, broader than one path.`,
        )
    }
  }
  return { document: { Version: '2012-10-17', Statement: statements }, notes }
}

/** The document as IAM and STS measure it: JSON without whitespace. */
export function packedPolicy(document: PolicyDocument): string {
  return JSON.stringify(document)
}

/**
 * The STS session policy for AssumeRole, checked against STS's 2,048-character limit before
 * the call; too large → an error that names the statements to trim, largest first.
 */
export function sessionPolicyText(document: PolicyDocument): string {
  return checkedPolicy(document, SESSION_POLICY_LIMIT, 'The session policy (run --imds/--ecs)', 'STS')
}

/** The production policy text, checked against IAM's managed-policy limit. */
export function productionPolicyText(document: PolicyDocument): string {
  return checkedPolicy(document, MANAGED_POLICY_LIMIT, 'The production policy', 'IAM')
}

function checkedPolicy(document: PolicyDocument, limit: number, what: string, who: string): string {
  const text = packedPolicy(document)
  if (text.length <= limit) return text
  const sizes = document.Statement.map((s) => ({ sid: s.Sid, size: JSON.stringify(s).length })).sort(
    (a, b) => b.size - a.size,
  )
  throw new UsageError(
    `${what} is ${text.length} characters; ${who} allows ${limit.toLocaleString('en')}. Largest statements: ${sizes
      .map((s) => `${statementKey(s.sid)} (${s.size})`)
      .join(', ')}.`,
    {
      hint: 'Trim the statements named first: merge statements, use path prefixes instead of single parameters, or shorten resource lists.',
      code: 'PolicyTooLarge',
    },
  )
}

/** `Need0` → `needs.aws[0]`, so the error names the key the user edits. */
function statementKey(sid: string): string {
  const match = /^Need(\d+)$/.exec(sid)
  if (match) return `needs.aws[${match[1]}]`
  return sid === 'ReadParameters' ? 'ReadParameters ("paths" and env-file references)' : sid
}

function decryptStatements(input: PolicyInput): PolicyStatement[] {
  const viaService = { 'kms:ViaService': `ssm.${input.region}.amazonaws.com` }
  const keyArns = input.kms.kind === 'found' ? [...new Set(input.kms.keyArns)].sort() : []
  const aliases = input.kms.kind === 'found' ? [...new Set(input.kms.aliases)].sort() : ['alias/aws/ssm']
  const out: PolicyStatement[] = []
  if (keyArns.length > 0)
    out.push({
      Sid: 'DecryptParameters',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: keyArns,
      Condition: { StringEquals: viaService },
    })
  // A key named by alias (the AWS managed aws/ssm above all) has an ARN per account and region
  // that is not known without a KMS lookup: allow Decrypt only through SSM, only for keys with
  // that alias.
  if (aliases.length > 0)
    out.push({
      Sid: 'DecryptParametersByAlias',
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: [`arn:${input.partition}:kms:${input.region}:${input.accountId}:key/*`],
      Condition: {
        StringEquals: viaService,
        'ForAnyValue:StringEquals': {
          'kms:ResourceAliases': aliases.length === 1 ? (aliases[0] ?? '') : aliases,
        },
      },
    })
  return out
}

function needStatement(statement: AwsStatement, i: number): PolicyStatement {
  return {
    Sid: `Need${i}`,
    Effect: 'Allow',
    Action: statement.actions,
    Resource: statement.resources,
    ...(statement.conditions ? { Condition: sortedConditions(statement.conditions) } : {}),
  }
}

function sortedConditions(
  conditions: Record<string, Record<string, string | string[]>>,
): Record<string, Record<string, string | string[]>> {
  return Object.fromEntries(
    Object.keys(conditions)
      .sort()
      .map((op) => [
        op,
        Object.fromEntries(
          Object.keys(conditions[op] ?? {})
            .sort()
            .map((key) => {
              const value = conditions[op]?.[key] ?? ''
              return [key, Array.isArray(value) ? [...value].sort() : value]
            }),
        ),
      ]),
  )
}

/** A wildcard other than a trailing `/*` covers more than one path (`parameter/my*`, `bucket*`). */
function broaderThanPath(resource: string): boolean {
  const resourcePart = resource.split(':').slice(5).join(':')
  const withoutTrailing = resourcePart.endsWith('/*') ? resourcePart.slice(0, -2) : resourcePart
  return /[*?]/.test(withoutTrailing)
}

/** A reference's parameter name without its `:version` / `:label` selector. */
export function parameterName(reference: string): string {
  const colon = reference.indexOf(':')
  return colon === -1 ? reference : reference.slice(0, colon)
}

/** The partition and account of a role ARN (`arn:aws:iam::123456789012:role/x`). */
export function roleArnParts(roleArn: string): { partition: string; accountId: string } {
  const parts = roleArn.split(':')
  return { partition: parts[1] ?? 'aws', accountId: parts[4] ?? '' }
}
