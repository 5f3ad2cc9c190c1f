import { appContext, resolveInvocation, type AppContext } from './context.js'
import { tell } from './present.js'

/**
 * The profile of a command that works on one AWS identity (login, logout, whoami, rotate
 * aws-key): the one rule of resolveInvocation (--profile → AWS_PROFILE → the project config
 * → default), said on stderr when it did not come from the flag. Undefined means the
 * default: the SSO commands then use `[default]` (`announceDefault` says so), `whoami` the
 * SDK chain. Ad-hoc sign-in (--sso-start-url) takes no profile.
 */
export async function commandProfile(
  flags: { profile?: string | undefined; 'sso-start-url'?: string | undefined },
  announceDefault: boolean,
  ctx: AppContext = appContext(),
): Promise<string | undefined> {
  if (flags.profile || flags['sso-start-url']) return flags.profile
  const { profile, profileNote } = await resolveInvocation(ctx, {})
  if (profileNote && (profile.source !== 'default' || announceDefault)) tell(`secrets: ${profileNote}`)
  return profile.profile
}
