import type { Interfaces } from '@oclif/core'
import * as Flags from '@oclif/core/flags'
import { storeFlags } from './flags.js'

/** The flags of `secrets run`. */
export const runFlags = {
  ...storeFlags,
  path: Flags.string({
    char: 'p',
    multiple: true,
    description: 'Inject every parameter under this path (repeatable)',
  }),
  'env-file': Flags.string({
    multiple: true,
    description: 'dotenv file; values may be ssm:/path or local:/path references',
  }),
  'preserve-env': Flags.string({
    description: 'Comma-separated inherited variables the store must not override',
  }),
  explain: Flags.boolean({ description: 'Print to stderr which layer supplied each variable (names only)' }),
  'allow-nested': Flags.boolean({ description: 'Allow running inside another `secrets run`' }),
  offline: Flags.boolean({ description: 'Use only the encrypted cache of the last successful fetch' }),
  'max-stale': Flags.string({
    default: '24h',
    description: 'Oldest cached copy to run from when the store is unreachable',
  }),
  'aws-env': Flags.boolean({
    description:
      'Also give the child AWS credentials (AWS_ACCESS_KEY_ID, ..., AWS_REGION) for the profile; removes AWS_PROFILE',
  }),
  imds: Flags.boolean({
    description:
      'Serve the child temporary AWS credentials from a local EC2 IMDSv2 endpoint (AWS_EC2_METADATA_SERVICE_ENDPOINT); no keys in its environment',
    exclusive: ['ecs', 'aws-env'],
    helpGroup: 'AWS IDENTITY',
  }),
  ecs: Flags.boolean({
    description:
      'Serve the child temporary AWS credentials from a local ECS container-credentials endpoint; no keys in its environment',
    exclusive: ['imds', 'aws-env'],
    helpGroup: 'AWS IDENTITY',
  }),
  'role-arn': Flags.string({
    description: 'With --imds/--ecs: serve credentials of this role (STS AssumeRole)',
    helpGroup: 'AWS IDENTITY',
  }),
  'imds-v1': Flags.boolean({
    description: 'With --imds: also answer token-less IMDSv1 requests',
    helpGroup: 'AWS IDENTITY',
  }),
}

/** Parsed `secrets run` flags, as oclif types them (the fast path builds the same shape). */
// oclif adds a global `json` flag to every inferred type; run has no --json.
export type RunFlags = Omit<Interfaces.InferredFlags<typeof runFlags>, 'json'>
