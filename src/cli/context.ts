import type { EffectiveSettings, ProfileChoice, ProjectConfig, SettingFlags } from '../core/config/index.js'
import { openKeychain, type Keychain } from '../core/keychain/index.js'
import type { ParameterStore, StoreKind } from '../core/store/index.js'
import { configDir } from '../shared/config-dir.js'
import { requirePrivateDir } from '../shared/private-dir.js'
import { humanOutput, tell } from './present.js'
import { passphrasePrompt } from './tty-prompt.js'
import { sessionUnlock } from './unlock-session.js'

/**
 * Production wiring: the real keychain, stores and AWS context, built lazily so a command
 * only pays for what it touches. Tests run the CLI as a process with env overrides instead.
 */
export interface AppContext {
  env: NodeJS.ProcessEnv
  cwd: string
  keychain: () => Keychain
}

/** Builds the production context for the current process. */
export function appContext(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppContext {
  let keychain: Keychain | undefined
  // The file keychain asks on the terminal (the controlling one when stdin is piped) and
  // keeps its unlock in the session's agent. The prompt is looked for only when the file
  // keychain is opened (a getter): the OS keychain never asks, and the look creates stdin.
  const warn = (message: string) => humanOutput().warn(message)
  const open = () =>
    openKeychain({
      env,
      get promptSecret() {
        return passphrasePrompt()
      },
      unlock: sessionUnlock(env, warn),
      warn,
    })
  return { env, cwd, keychain: () => (keychain ??= open()) }
}

/** One invocation resolved: what every command reads its settings, identity and stores from. */
export interface Invocation {
  /** The project's `.secretsrc.json` (found by walking up from the cwd), if any. */
  config: ProjectConfig | undefined
  /** Flags → named environment → project config → defaults. */
  settings: EffectiveSettings
  /** The AWS profile/region the settings select (absent: the SDK's own chain decides). */
  aws: { profile?: string; region?: string }
  /** Which profile was chosen and why (--profile → AWS_PROFILE → project config → default). */
  profile: ProfileChoice
  /** "using profile dev (from …)" when the profile did not come from the flag. */
  profileNote: string | undefined
  /** Opens a store of the given kind with that AWS identity; nothing is read until first use. */
  openStore: (kind: StoreKind) => ParameterStore
}

/** Resolves an invocation: flags + project config + environment → settings, AWS context, stores. */
export async function resolveInvocation(ctx: AppContext, flags: SettingFlags): Promise<Invocation> {
  // Loaded here, not at the top: `credentials` (every AWS credential resolution) needs only
  // the keychain from this module and must not pay for the store and identity areas.
  const [
    { findProjectConfig, requireTrustedConfig, resolveSettings, chooseProfile, describeProfileChoice },
    { resolveAwsContext, loginHintFor },
    { openStore },
  ] = await Promise.all([
    import('../core/config/index.js'),
    import('../core/identity/index.js'),
    import('../core/store/index.js'),
  ])
  const config = await trustedProjectConfig(ctx, { findProjectConfig, requireTrustedConfig })
  const resolved = resolveSettings(flags, config, ctx.cwd)
  // One profile rule for every command: AWS_PROFILE outranks the project's "profile".
  const profile = chooseProfile(flags.profile, ctx.env, config, resolved.environment)
  const settings = { ...resolved, profile: profile.profile }
  const aws = {
    ...(settings.profile ? { profile: settings.profile } : {}),
    ...(settings.region ? { region: settings.region } : {}),
  }
  const openStoreOfKind = (kind: StoreKind) => {
    // The local store lives in the config dir: refused when another user owns or can write it.
    if (kind === 'local') requirePrivateDir(configDir(ctx.env), (message) => humanOutput().warn(message))
    return openStore(kind, {
      env: ctx.env,
      keychain: ctx.keychain,
      aws: () => resolveAwsContext(aws, { env: ctx.env, keychain: ctx.keychain }),
      loginHint: loginHintFor(settings.profile),
    })
  }
  const profileNote = describeProfileChoice(profile, config, resolved.environment)
  return { config, settings, aws, profile, profileNote, openStore: openStoreOfKind }
}

/**
 * The project config of this invocation: found by the safe upward search (a foreign one is
 * named on stderr and ignored), then used only with the user's recorded consent (asked for
 * once on a terminal, else refused with the `secrets trust` command). Undefined when none.
 */
async function trustedProjectConfig(
  ctx: AppContext,
  config: Pick<typeof import('../core/config/index.js'), 'findProjectConfig' | 'requireTrustedConfig'>,
): Promise<ProjectConfig | undefined> {
  const human = humanOutput()
  const found = await config.findProjectConfig(ctx.cwd, { env: ctx.env, onIgnored: (m) => human.warn(m) })
  if (found) await config.requireTrustedConfig(found, { env: ctx.env, human })
  return found
}

export interface SelectedStore {
  store: ParameterStore
  settings: EffectiveSettings
  config: ProjectConfig | undefined
}

/** Resolves settings (flags → project config → defaults) and opens the store they select. */
export async function selectStore(ctx: AppContext, flags: SettingFlags): Promise<SelectedStore> {
  const { config, settings, openStore: open, profile, profileNote } = await resolveInvocation(ctx, flags)
  // The team store acts as a profile: say which one when it was not the flag (the profile rule).
  if (settings.store === 'ssm' && profileNote && profile.source !== 'default') tell(`secrets: ${profileNote}`)
  return { store: open(settings.store), settings, config }
}

/** The store and AWS identity an audit entry names for these settings. */
export function storeIdentity(settings: Pick<EffectiveSettings, 'store' | 'profile'>): {
  store: StoreKind
  aws?: { profile: string }
} {
  return {
    store: settings.store,
    ...(settings.store === 'ssm' && settings.profile ? { aws: { profile: settings.profile } } : {}),
  }
}
