/**
 * Boundary: the AWS identity a child of `run --imds|--ecs` (or a tool using `secrets imds`)
 * gets. Asset: the developer's own credentials, which can do everything the developer can.
 * Attacker: the app (or a compromised dependency of it) using them beyond what it declared.
 * Decision: when the project declares `needs`, credentials are minted by AssumeRole on
 * `needs.role` (or `--role-arn`) with the declared needs as the inline session policy; when
 * they cannot be narrowed, refuse unless the user asks for `--unscoped`.
 */
import { basename } from 'node:path'
import { UsageError } from '../../shared/errors.js'
import type { NeedsConfig } from '../config/index.js'
import { buildPolicy, roleArnParts, sessionPolicyText, type PolicyDocument } from './policy-document.js'

export interface ScopeInput {
  needs: NeedsConfig | undefined
  /** `--role-arn`, over `needs.role`. */
  roleArn: string | undefined
  /** `--unscoped`: serve the full identity on purpose. */
  unscoped: boolean
  /** The parameter prefixes and exact names the app reads (its `paths` and env-file refs). */
  paths: string[]
  parameters: string[]
  /** The project's directory (for the session name). */
  projectDir: string | undefined
  /** The OS user (for the session name). */
  user: string
}

/** How the metadata emulator mints the child's credentials. */
export type ScopeDecision =
  /** No `needs` declared: as before (the source identity, or `--role-arn` unrestricted). */
  | { kind: 'undeclared'; roleArn: string | undefined; sessionName: string }
  /** Declared: AssumeRole on `roleArn` with the session policy built for the region. */
  | {
      kind: 'scoped'
      roleArn: string
      sessionName: string
      /** The session policy for the emulator's region, size-checked (throws when too large). */
      sessionPolicy: (region: string) => string
      document: (region: string) => PolicyDocument
    }
  /** Declared but `--unscoped`: the full identity, with a warning every time. */
  | { kind: 'unscoped'; roleArn: string | undefined; sessionName: string; warning: string }

/** Decides the child's identity scope; pure. Throws (exit 125 for `run`) when it cannot be narrowed. */
export function decideScope(input: ScopeInput): ScopeDecision {
  const sessionName = roleSessionName(input.user, input.projectDir)
  const roleArn = input.roleArn ?? input.needs?.role
  if (!input.needs)
    return {
      kind: 'undeclared',
      roleArn: input.roleArn,
      sessionName,
    }
  if (input.unscoped)
    return {
      kind: 'unscoped',
      roleArn,
      sessionName,
      warning:
        '--unscoped: the child gets your full AWS identity, not the "needs" of .secretsrc.json; drop --unscoped to run with what the app declared.',
    }
  if (!roleArn)
    throw new UsageError(
      'The project declares "needs", but the credentials cannot be narrowed to them: there is no role to assume with a session policy (your own SSO or user credentials cannot be scoped, and an SSO role cannot assume itself).',
      {
        hint: 'Add "needs.role" (a role your identity may assume, e.g. arn:aws:iam::123456789012:role/myapp-dev) to .secretsrc.json or pass --role-arn; or pass --unscoped to run with your full identity on purpose.',
        code: 'CannotNarrowIdentity',
      },
    )
  const document = (region: string) => {
    const { partition, accountId } = roleArnParts(roleArn)
    return buildPolicy({
      paths: input.paths,
      parameters: input.parameters,
      needs: input.needs,
      partition,
      region,
      accountId,
      kms: { kind: 'assumed-managed' },
    }).document
  }
  return {
    kind: 'scoped',
    roleArn,
    sessionName,
    document,
    sessionPolicy: (region) => {
      const doc = document(region)
      if (doc.Statement.length === 0)
        throw new UsageError(
          'The project declares "needs" but nothing the app needs: no paths, no references, no "needs.aws".',
          {
            hint: 'Add "paths" or "needs.aws" to .secretsrc.json, or remove "needs".',
            code: 'EmptyNeeds',
          },
        )
      return sessionPolicyText(doc)
    },
  }
}

/**
 * The AssumeRole session name: `secrets-<user>@<project>`, in STS's characters and 64
 * characters at most, so CloudTrail says who ran which project.
 */
export function roleSessionName(user: string, projectDir: string | undefined): string {
  const clean = (text: string) => text.replace(/[^\w+=,.@-]/g, '-')
  const who = clean(user || 'dev').slice(0, 24)
  const project = projectDir ? clean(basename(projectDir)) : ''
  return (project ? `secrets-${who}@${project}` : `secrets-${who}`).slice(0, 64)
}
