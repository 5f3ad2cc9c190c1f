import { builtinVerifiers, collectKnownValues, type ScanDeps, type ScanInput } from '../core/scan/index.js'
import type { AppContext } from './context.js'

/**
 * What `scan --known-values` and `scan --verify` need beyond the scan itself, wired to the
 * production context: the project's store (settings from .secretsrc.json and the
 * environment, as `secrets run` reads them) and, for a verified AWS key, the user's stored
 * access keys (compared by key id; only a profile name comes back). Loaded only for those flags.
 */
export async function scanExtraDeps(input: ScanInput, context?: AppContext): Promise<ScanDeps> {
  const deps: ScanDeps = {}
  if (!input.knownValues && !input.verify && !input.onlyVerified) return deps
  const { appContext, resolveInvocation } = await import('./context.js')
  const ctx = context ?? appContext()
  if (input.knownValues) {
    const invocation = await resolveInvocation(ctx, {})
    deps.knownValues = () =>
      collectKnownValues({ settings: invocation.settings, openStore: invocation.openStore })
  }
  if (input.verify || input.onlyVerified) {
    deps.verifiers = await builtinVerifiers(ctx.env)
    deps.verifyOptions = {
      ownProfile: async (candidate, verifier) => {
        if (verifier !== 'aws-sts') return undefined
        const { profilesWithStoredKeys, readStoredAccessKey } = await import('../core/identity/index.js')
        const keychain = ctx.keychain()
        for (const profile of profilesWithStoredKeys(await keychain.list())) {
          const stored = await readStoredAccessKey(keychain, profile)
          if (stored?.accessKeyId === candidate.parts.accessKeyId) return profile
        }
        return undefined
      },
    }
  }
  return deps
}
