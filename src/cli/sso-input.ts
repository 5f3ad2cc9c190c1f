/** The SSO inputs (profile, ad-hoc start URL/region, account, role) out of parsed flags; oclif-free for the fast path. */
export function ssoInput(flags: Record<string, unknown>) {
  const pick = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined)
  return Object.fromEntries(
    Object.entries({
      profile: pick('profile'),
      startUrl: pick('sso-start-url'),
      ssoRegion: pick('sso-region'),
      accountId: pick('account-id'),
      roleName: pick('role-name'),
    }).filter(([, v]) => v !== undefined),
  ) as { profile?: string; startUrl?: string; ssoRegion?: string; accountId?: string; roleName?: string }
}
