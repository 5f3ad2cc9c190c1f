import * as Flags from '@oclif/core/flags'
import { settingFlagsFrom } from '../core/config/index.js'

/** Flags shared by every command that reads or writes a store. */
export const storeFlags = {
  store: Flags.string({
    description: 'Store to use (default: the project config, else local)',
    options: ['ssm', 'local'],
    helpGroup: 'STORE',
  }),
  profile: Flags.string({
    description: 'AWS profile (SSO session in the keychain) for the ssm store',
    helpGroup: 'STORE',
  }),
  region: Flags.string({ description: 'AWS region for the ssm store', helpGroup: 'STORE' }),
  env: Flags.string({ description: 'Named environment from .secretsrc.json', helpGroup: 'STORE' }),
}

const identity = { helpGroup: 'AWS IDENTITY' } as const

/** The one flag table of `secrets run`; its start-up fast path reads it from oclif.manifest.json. */
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
  explain: Flags.boolean({
    description: 'Print to stderr which layer supplied each variable (names only)',
  }),
  'allow-empty': Flags.boolean({
    description: 'Run even when a --path has no parameters under it (default: exit 125 naming it)',
  }),
  'allow-nested': Flags.boolean({ description: 'Allow running inside another `secrets run`' }),
  frozen: Flags.boolean({
    exclusive: ['locked'],
    description: 'Refuse to start when the store differs from secrets.lock.json (exit 125)',
  }),
  locked: Flags.boolean({
    exclusive: ['frozen'],
    description: 'Inject exactly the versions in secrets.lock.json',
  }),
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
    ...identity,
    exclusive: ['ecs', 'aws-env'],
    description:
      'Serve the child temporary AWS credentials from a local EC2 IMDSv2 endpoint (AWS_EC2_METADATA_SERVICE_ENDPOINT); no keys in its environment',
  }),
  ecs: Flags.boolean({
    ...identity,
    exclusive: ['imds', 'aws-env'],
    description:
      'Serve the child temporary AWS credentials from a local ECS container-credentials endpoint; no keys in its environment',
  }),
  'role-arn': Flags.string({
    ...identity,
    description: 'With --imds/--ecs: serve credentials of this role (STS AssumeRole)',
  }),
  'imds-v1': Flags.boolean({
    ...identity,
    description: 'With --imds: also answer token-less IMDSv1 requests',
  }),
  unscoped: Flags.boolean({
    ...identity,
    description: 'With --imds/--ecs: serve your full identity, not the project\'s "needs" (warns every time)',
  }),
  isolate: Flags.boolean({
    description:
      'Start the child under bubblewrap without the keychain, the unlock agent, this tool\'s files, ~/.aws, ~/.ssh (Linux; also "isolate": true)',
  }),
  watch: Flags.boolean({
    helpGroup: 'WATCH',
    description: 'Restart the command when its secrets change (store versions, env files)',
  }),
  'watch-signal': Flags.string({
    helpGroup: 'WATCH',
    default: 'SIGTERM',
    description: 'Signal that stops (or, with --watch-no-restart, notifies) the command',
  }),
  'watch-grace': Flags.string({
    helpGroup: 'WATCH',
    default: '10s',
    description: 'How long the command may take to stop before SIGKILL',
  }),
  'watch-no-restart': Flags.boolean({
    helpGroup: 'WATCH',
    description: 'Only send --watch-signal to the running command (it re-reads its secrets itself)',
  }),
  'watch-interval': Flags.string({
    helpGroup: 'WATCH',
    default: '30s',
    description: 'How often the ssm store is polled for new versions (at least 5s)',
  }),
  mask: Flags.boolean({
    description:
      "Replace injected values (and their URL, base64, JSON forms) in the command's output with ****NAME; its stdout/stderr become pipes, not the terminal",
  }),
}

/** The flags of `secrets imds`. */
export const imdsFlags = {
  port: Flags.integer({ description: 'IMDS port (0: any free port)', default: 0, min: 0, max: 65535 }),
  'ecs-port': Flags.integer({
    description: 'ECS credentials port (0: any free port)',
    default: 0,
    min: 0,
    max: 65535,
  }),
  profile: Flags.string({
    description: 'AWS profile whose identity is served (default: the project config, else the SDK chain)',
  }),
  region: Flags.string({ description: 'Region reported by the instance identity' }),
  'role-arn': Flags.string({ description: 'Serve credentials of this role (STS AssumeRole)' }),
  unscoped: Flags.boolean({
    description: 'Serve your full identity, not the project\'s "needs" (warns every time)',
  }),
  bind: Flags.string({ description: 'Listen address (default 127.0.0.1)', default: '127.0.0.1' }),
  'imds-v1': Flags.boolean({ description: 'Also answer IMDSv1 requests (no session token)' }),
  json: Flags.boolean({ description: 'Print the endpoints as one JSON line instead of shell lines' }),
  verbose: Flags.boolean({
    description: 'Log each request on stderr: method, path, status, client uid, duration (never a header)',
  }),
  config: Flags.string({
    description:
      'JSON file of instance values (userData, tags, publicKeys, values), over .secretsrc.json "imds"',
    helpGroup: 'INSTANCE',
  }),
  'user-data': Flags.string({ description: 'File served as latest/user-data', helpGroup: 'INSTANCE' }),
  'spot-interruption': Flags.string({
    description: 'Serve a Spot interruption notice after DELAY (e.g. 0, 5s, 2m)',
    helpGroup: 'SIMULATIONS',
  }),
  'spot-action': Flags.string({
    description: 'Action of the Spot interruption',
    options: ['terminate', 'stop', 'hibernate'],
    default: 'terminate',
    helpGroup: 'SIMULATIONS',
  }),
  rebalance: Flags.string({
    description: 'Serve a rebalance recommendation after DELAY',
    helpGroup: 'SIMULATIONS',
  }),
  'maintenance-event': Flags.string({
    description: 'Serve a scheduled maintenance event after DELAY',
    helpGroup: 'SIMULATIONS',
  }),
  'asg-terminate': Flags.string({
    description: 'Auto Scaling target lifecycle state goes InService → Terminated after DELAY',
    helpGroup: 'SIMULATIONS',
  }),
}

/** The flags of `secrets imds trigger`. */
export const imdsTriggerFlags = {
  delay: Flags.string({ description: 'Serve the event after DELAY (e.g. 5s, 2m)', default: '0' }),
  'spot-action': Flags.string({
    description: 'Action of a Spot interruption',
    options: ['terminate', 'stop', 'hibernate'],
  }),
  port: Flags.integer({
    description: 'IMDS port of the emulator (needed only when several run)',
    min: 1,
    max: 65535,
  }),
  json: Flags.boolean({ description: 'Print the schedule as JSON' }),
}

/** The flags of `secrets policy`. */
export const policyFlags = {
  profile: storeFlags.profile,
  region: Flags.string({
    description: 'Region of the parameter and key ARNs (default: the project, AWS_REGION)',
  }),
  env: storeFlags.env,
  'account-id': Flags.string({ description: 'Account of the ARNs (default: needs.role, else STS)' }),
  json: Flags.boolean({ description: 'Print one JSON object: the document, its size, notes' }),
  explain: Flags.boolean({
    description: 'Show the identity and scope `run --imds|--ecs` would serve, and isolation',
  }),
  'role-arn': Flags.string({ description: 'With --explain: the --role-arn a run would pass' }),
}

/** Picks the setting flags (store, profile, region, env) out of parsed flags. */
export const settingFlags = settingFlagsFrom
