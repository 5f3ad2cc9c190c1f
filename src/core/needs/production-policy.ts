import { withAwsClient } from '../../shared/aws-client.js'
import type { AwsContext } from '../../shared/aws-config.js'
import { UsageError, errorName } from '../../shared/errors.js'
import { columnLines } from '../../shared/table.js'
import type { EffectiveSettings } from '../config/index.js'
import { readEnvFiles } from '../run/index.js'
import { parsePathPrefix } from '../store/index.js'
import { decideScope, type ScopeDecision } from './identity-scope.js'
import { isolationSupport } from './isolation.js'
import {
  buildPolicy,
  packedPolicy,
  parameterName,
  productionPolicyText,
  roleArnParts,
  type KmsUse,
  type PolicyDocument,
} from './policy-document.js'

export interface PolicyRequest {
  settings: Pick<EffectiveSettings, 'store' | 'paths' | 'envFiles' | 'needs' | 'region'>
  accountId?: string
  region?: string
}

export interface PolicyDeps {
  env: NodeJS.ProcessEnv
  /** The AWS context of the project's profile (for DescribeParameters and the account). */
  awsContext: () => Promise<AwsContext>
  /** Replaces the AWS calls (tests). */
  lookup?: ParameterKeyLookup
}

/** The AWS facts the policy needs when they are not given. */
export interface ParameterKeyLookup {
  /** The KMS key ids (as SSM reports them) of the SecureString parameters among these. */
  secureStringKeys(paths: string[], names: string[], context: AwsContext, region: string): Promise<string[]>
  accountId(context: AwsContext, region: string): Promise<string>
}

export interface ProductionPolicy {
  document: PolicyDocument
  /** The document as IAM measures it (no whitespace). */
  packedSize: number
  notes: string[]
  accountId: string
  region: string
  /** What the policy was built from: parameter prefixes and exact references. */
  paths: string[]
  parameters: string[]
}

/**
 * `secrets policy`: the IAM policy the app's production role needs, from the same declaration
 * `run` uses. The account comes from `--account-id`, else `needs.role`, else STS; the KMS
 * keys from DescribeParameters (ssm store), else the AWS managed key with a note.
 */
export async function productionPolicy(input: PolicyRequest, deps: PolicyDeps): Promise<ProductionPolicy> {
  const { settings } = input
  const region =
    input.region ?? settings.region ?? deps.env.AWS_REGION ?? deps.env.AWS_DEFAULT_REGION ?? undefined
  if (!region)
    throw new UsageError('The policy names parameter ARNs, which need a region, and none is set.', {
      hint: 'Pass --region, set AWS_REGION, or add "region" to .secretsrc.json.',
      code: 'RegionMissing',
    })
  const { paths, parameters, notes } = await appParameters(settings)
  const lookup = deps.lookup ?? awsLookup
  const role = settings.needs?.role
  let context: AwsContext | undefined
  const contextOnce = async () => (context ??= await deps.awsContext())
  const accountId =
    input.accountId ??
    (role ? roleArnParts(role).accountId : undefined) ??
    (await lookup.accountId(await contextOnce(), region).catch((error: unknown) => {
      throw new UsageError(
        `The policy needs the AWS account id, and reading it (STS GetCallerIdentity) failed: ${errorName(error) || 'error'}.`,
        { hint: 'Pass --account-id 123456789012, or add "needs.role", or sign in.', cause: error },
      )
    }))
  if (!/^\d{12}$/.test(accountId))
    throw new UsageError(`--account-id ${accountId} is not a 12-digit AWS account id.`, {
      hint: 'Pass the account the app runs in, e.g. --account-id 123456789012.',
    })
  const partition = role ? roleArnParts(role).partition : 'aws'
  let kms: KmsUse = { kind: 'assumed-managed' }
  if (paths.length + parameters.length > 0) {
    if (settings.store !== 'ssm')
      notes.push(
        `The project's store is ${settings.store}: KMS keys not looked up; assumed the AWS managed key (alias/aws/ssm).`,
      )
    else {
      try {
        const ids = await lookup.secureStringKeys(paths, parameters, await contextOnce(), region)
        kms = kmsFromKeyIds(ids, { partition, region, accountId })
      } catch (error) {
        notes.push(
          `Could not look up the parameters' KMS keys (DescribeParameters: ${errorName(error) || 'error'}); assumed the AWS managed key (alias/aws/ssm).`,
        )
      }
    }
  }
  const built = buildPolicy({ paths, parameters, needs: settings.needs, partition, region, accountId, kms })
  const text = productionPolicyText(built.document)
  return {
    document: built.document,
    packedSize: text.length,
    notes: [...notes, ...built.notes],
    accountId,
    region,
    paths,
    parameters,
  }
}

/** What `run --imds|--ecs` would serve: the scope decision and, when scoped, its session policy. */
export interface ScopeExplanation {
  decision: ScopeDecision['kind'] | 'refused'
  roleArn: string | undefined
  sessionName: string
  sessionPolicy?: PolicyDocument
  sessionPolicySize?: number
  /** Why `run` would refuse, when it would. */
  refusal?: { message: string; hint: string | undefined }
  warning?: string
  /** `--isolate` / `"isolate": true`, and whether it can work here. */
  isolation: { requested: boolean; available: boolean; reason?: string; fix?: string }
}

/** `secrets policy --explain`: the identity and scope a run would get (no AWS call). */
export async function explainScope(
  input: PolicyRequest & {
    settings: Pick<EffectiveSettings, 'isolate'>
    roleArn?: string
    unscoped?: boolean
    projectDir?: string
    user: string
  },
  region: string,
): Promise<ScopeExplanation> {
  const { paths, parameters } = await appParameters(input.settings)
  const support = await isolationSupport()
  const isolation = {
    requested: input.settings.isolate === true,
    available: support.available,
    ...(support.available ? {} : { reason: support.reason, fix: support.fix }),
  }
  const base = { paths, parameters, projectDir: input.projectDir, user: input.user }
  let decision: ScopeDecision
  try {
    decision = decideScope({
      ...base,
      needs: input.settings.needs,
      roleArn: input.roleArn,
      unscoped: input.unscoped ?? false,
    })
  } catch (error) {
    const e = error as UsageError
    return {
      decision: 'refused',
      roleArn: undefined,
      sessionName: '',
      refusal: { message: e.message, hint: e.hint },
      isolation,
    }
  }
  if (decision.kind !== 'scoped')
    return {
      decision: decision.kind,
      roleArn: decision.roleArn,
      sessionName: decision.sessionName,
      ...(decision.kind === 'unscoped' ? { warning: decision.warning } : {}),
      isolation,
    }
  const document = decision.document(region)
  return {
    decision: 'scoped',
    roleArn: decision.roleArn,
    sessionName: decision.sessionName,
    sessionPolicy: document,
    sessionPolicySize: packedPolicy(document).length,
    isolation,
  }
}

/** The explanation as lines for a human (names, ARNs and sizes only). */
export function scopeExplanationText(e: ScopeExplanation): string {
  const lines: string[] = []
  if (e.refusal) lines.push(`identity: refused: ${e.refusal.message}`, `  next: ${e.refusal.hint ?? ''}`)
  else if (e.decision === 'undeclared')
    lines.push(
      `identity: no "needs" declared: run --imds/--ecs serves ${e.roleArn ? `${e.roleArn} (AssumeRole, unrestricted)` : 'your own identity'}`,
    )
  else if (e.decision === 'unscoped')
    lines.push(`identity: --unscoped: your full identity${e.roleArn ? ` via ${e.roleArn}` : ''}`)
  else
    lines.push(
      `identity: AssumeRole ${e.roleArn ?? ''} as session ${e.sessionName}`,
      `scope: session policy of ${e.sessionPolicy?.Statement.length ?? 0} statement(s), ${e.sessionPolicySize ?? 0} of 2048 characters:`,
      // One statement a row, in the shared columns: Sid, actions, resources.
      ...columnLines(
        (e.sessionPolicy?.Statement ?? []).map((s) => [
          `  ${s.Sid}:`,
          s.Action.join(', '),
          `on ${s.Resource.join(', ')}${s.Condition ? ' (with conditions)' : ''}`,
        ]),
      ),
    )
  const iso = e.isolation
  lines.push(
    `isolation: ${iso.requested ? 'on' : 'off'} (${iso.available ? 'bubblewrap available' : `unavailable: ${iso.reason ?? ''} ${iso.fix ?? ''}`.trim()})`,
  )
  return lines.join('\n')
}

/**
 * The parameters the app reads: its path prefixes and the `ssm:` references of its env files
 * (selector dropped: a policy grants a name, not a version).
 */
export async function appParameters(
  settings: Pick<EffectiveSettings, 'paths' | 'envFiles'>,
): Promise<{ paths: string[]; parameters: string[]; notes: string[] }> {
  const notes: string[] = []
  const paths = [...new Set(settings.paths.map(parsePathPrefix))].sort()
  const parameters = new Set<string>()
  for (const entry of await readEnvFiles(settings.envFiles)) {
    if (!entry.reference) continue
    if (entry.reference.store !== 'ssm') {
      notes.push(
        `${entry.name} in ${entry.file} refers to the ${entry.reference.store} store: not in the policy.`,
      )
      continue
    }
    parameters.add(parameterName(entry.reference.path))
  }
  return { paths, parameters: [...parameters].sort(), notes }
}

/** Maps SSM's KeyId values (alias, key id, key ARN) to what an IAM policy can name. */
export function kmsFromKeyIds(
  ids: string[],
  at: { partition: string; region: string; accountId: string },
): KmsUse {
  const keyArns: string[] = []
  const aliases: string[] = []
  for (const id of ids) {
    if (id.startsWith('alias/')) aliases.push(id)
    else if (id.startsWith('arn:') && id.includes(':alias/')) aliases.push(id.slice(id.indexOf('alias/')))
    else if (id.startsWith('arn:')) keyArns.push(id)
    else keyArns.push(`arn:${at.partition}:kms:${at.region}:${at.accountId}:key/${id}`)
  }
  return { kind: 'found', keyArns, aliases }
}

/** The production lookup: SSM DescribeParameters (paginated, bounded) and STS GetCallerIdentity. */
const awsLookup: ParameterKeyLookup = {
  secureStringKeys: (paths, names, context, region) =>
    withAwsClient('ssm', { ...context, region }, { maxAttempts: 3 }, async (sdk, client) => {
      const keys = new Set<string>()
      const filters = [
        ...paths.map((path) => [{ Key: 'Path', Option: 'Recursive', Values: [path] }]),
        // DescribeParameters takes at most 50 names per filter.
        ...chunks(names, 50).map((chunk) => [{ Key: 'Name', Option: 'Equals', Values: chunk }]),
      ]
      for (const ParameterFilters of filters) {
        let NextToken: string | undefined
        for (let page = 0; page < 1_000; page++) {
          const out = await client.send(
            new sdk.DescribeParametersCommand({
              ParameterFilters,
              MaxResults: 50,
              ...(NextToken ? { NextToken } : {}),
            }),
          )
          for (const p of out.Parameters ?? [])
            if (p.Type === 'SecureString') keys.add(p.KeyId ?? 'alias/aws/ssm')
          NextToken = out.NextToken
          if (!NextToken) break
        }
      }
      return [...keys]
    }),
  accountId: (context, region) =>
    withAwsClient('sts', { ...context, region }, { maxAttempts: 3 }, async (sdk, client) => {
      const out = await client.send(new sdk.GetCallerIdentityCommand({}))
      return out.Account ?? ''
    }),
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
