import {
  findProjectConfig,
  resolveSettings,
  type EffectiveSettings,
  type ProjectConfig,
  type SettingFlags,
} from '../core/config/index.js'
import { resolveAwsContext, loginHintFor } from '../core/identity/index.js'
import { openKeychain, type Keychain } from '../core/keychain/index.js'
import { openStore, type ParameterStore } from '../core/store/index.js'
import { canPrompt, promptSecret } from '../shared/terminal.js'

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
  return {
    env,
    cwd,
    keychain: () => (keychain ??= openKeychain({ env, ...(canPrompt() ? { promptSecret } : {}) })),
  }
}

export interface SelectedStore {
  store: ParameterStore
  settings: EffectiveSettings
  config: ProjectConfig | undefined
}

/** Resolves settings (flags → project config → defaults) and opens the store they select. */
export async function selectStore(ctx: AppContext, flags: SettingFlags): Promise<SelectedStore> {
  const config = await findProjectConfig(ctx.cwd)
  const settings = resolveSettings(flags, config, ctx.cwd)
  const store = openStoreFor(ctx, settings.store, settings)
  return { store, settings, config }
}

/** Opens one store kind with the given profile/region. */
export function openStoreFor(
  ctx: AppContext,
  kind: EffectiveSettings['store'],
  settings: Pick<EffectiveSettings, 'profile' | 'region'>,
): ParameterStore {
  return openStore(kind, {
    env: ctx.env,
    keychain: ctx.keychain,
    aws: () =>
      resolveAwsContext(
        {
          ...(settings.profile ? { profile: settings.profile } : {}),
          ...(settings.region ? { region: settings.region } : {}),
        },
        { env: ctx.env, keychain: ctx.keychain },
      ),
    loginHint: loginHintFor(settings.profile),
  })
}
