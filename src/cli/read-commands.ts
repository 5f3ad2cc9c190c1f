import type { settingFlagsFrom } from '../core/config/index.js'
import { withoutPrompts } from '../shared/human-output.js'
import { audited, versionsOf } from './audit.js'
import { appContext, selectStore, storeIdentity } from './context.js'
import { humanOutput, printJson, printResult, stdoutIsTerminal, tell } from './present.js'
import { ssoInput } from './sso-input.js'

/**
 * The bodies of the commands typed or spawned all day (`credentials`, `get`, `list`), free of
 * oclif so that both the oclif commands and the start-up fast path (src/cli/fast-path.ts) run
 * exactly this code. Each loads only its own area (dynamic imports): `credentials` never pays
 * for the store, `get` never for SSO.
 */

/** The store flags as either parser gives them. */
type StoreFlagValues = Parameters<typeof settingFlagsFrom>[0]

/** `secrets credentials`: credential_process JSON (Version 1) on stdout. */
export async function printCredentials(flags: Record<string, unknown>): Promise<void> {
  const [{ profileCredentials }, { ssoDeps, toCredentialProcess }] = await Promise.all([
    import('../core/identity/index.js'),
    import('../core/sso/index.js'),
  ])
  const ctx = appContext()
  // One identity resolution (an SSO role, or an STS session of a stored key). No picker:
  // credential_process runs without a terminal; an unknown role is exit 2 with choices.
  const input = ssoInput(flags)
  const credentials = await audited(
    { op: 'credentials', ...(input.profile ? { aws: { profile: input.profile } } : {}) },
    () => profileCredentials(input, ssoDeps(ctx, { human: withoutPrompts(humanOutput()) })),
  )
  // stdout is the result: the credential_process contract requires the keys here.
  printJson(toCredentialProcess(credentials))
}

/** `secrets get PATH[:VERSION|:LABEL]`. */
export async function printParameter(
  pathArg: string,
  flags: StoreFlagValues & { reveal?: boolean; json?: boolean },
): Promise<void> {
  const [{ getExistingSelected, parseSelectedPath, presentParameter }, { settingFlagsFrom }] =
    await Promise.all([import('../core/store/index.js'), import('../core/config/index.js')])
  const selected = parseSelectedPath(pathArg)
  const { store, settings } = await selectStore(appContext(), settingFlagsFrom(flags))
  const parameter = await audited(
    { op: 'get', ...storeIdentity(settings), paths: [selected.path] },
    () => getExistingSelected(store, selected),
    (p) => ({ versions: versionsOf([p]) }),
  )
  const shown = presentParameter(parameter, {
    stdoutIsTerminal: stdoutIsTerminal(),
    reveal: flags.reveal === true,
    json: flags.json === true,
  })
  printResult(shown.stdout)
  if (shown.note) tell(shown.note)
}

/** `secrets list [PREFIX]`. */
export async function printParameterList(
  prefixArg: string,
  flags: StoreFlagValues & { json?: boolean; reveal?: boolean },
): Promise<void> {
  const [{ parsePathPrefix, presentParameterList }, { settingFlagsFrom }] = await Promise.all([
    import('../core/store/index.js'),
    import('../core/config/index.js'),
  ])
  const prefix = parsePathPrefix(prefixArg)
  const { store, settings } = await selectStore(appContext(), settingFlagsFrom(flags))
  const parameters = await audited(
    { op: 'list', ...storeIdentity(settings), paths: [prefix] },
    () => store.getByPath(prefix),
    (found) => ({ versions: versionsOf(found) }),
  )
  const shown = presentParameterList(parameters, {
    prefix,
    kind: store.kind,
    json: flags.json === true,
    stdoutIsTerminal: stdoutIsTerminal(),
    reveal: flags.reveal === true,
  })
  printResult(shown.stdout)
  if (shown.note) tell(shown.note)
}
