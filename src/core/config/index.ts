export { findProjectConfig, parseProjectConfig, PROJECT_CONFIG_FILE } from './project-config.js'
export type { ProjectConfig, ProjectSettings } from './project-config.js'
export { resolveSettings } from './settings.js'
export type { EffectiveSettings, SettingFlags } from './settings.js'
