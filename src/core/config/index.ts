/**
 * Project configuration: `.secretsrc.json` (found by walking up, only where the user owns it
 * and others cannot write), the consent it needs before use (`secrets trust`), and how flags,
 * a named environment and the file combine into effective settings. Imports only shared/ and
 * the store area's index (for store kinds).
 */
export { parseProjectConfig, PROJECT_CONFIG_FILE } from './project-config.js'
export type { ProjectConfig, ProjectSettings } from './project-config.js'
export { findProjectConfig, type ConfigSearchOptions } from './config-search.js'
export {
  trustVerdict,
  requireTrustedConfig,
  reviewProjectConfig,
  recordTrust,
  revokeTrust,
  listTrust,
  trustStorePath,
  manageTrust,
  type TrustResult,
  type TrustVerdict,
  type TrustOptions,
} from './trust.js'
export { resolveSettings, settingFlagsFrom } from './settings.js'
export type { EffectiveSettings, ParsedSettingFlags, SettingFlags } from './settings.js'
export { chooseProfile, describeProfileChoice } from './profile-choice.js'
export type { ProfileChoice, ProfileChoiceSource } from './profile-choice.js'
export { parseImdsConfig, loadImdsConfigFile, mergeImdsConfig, readUserData } from './imds-config.js'
export type { ImdsConfig } from './imds-config.js'
export { parseNeedsConfig } from './needs-config.js'
export type { AwsStatement, NeedsConfig } from './needs-config.js'
