/** Picks the setting flags (store, profile, region, env) out of parsed flags. */
export function settingFlags(flags: { store?: string; profile?: string; region?: string; env?: string }) {
  return {
    ...(flags.store ? { store: flags.store as 'ssm' | 'local' } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.env ? { env: flags.env } : {}),
  }
}
