import { describe, expect, it } from 'vitest'
import { chooseProfile, describeProfileChoice, parseProjectConfig } from '../../../src/core/config/index.js'

/**
 * Issue 23.3: one profile rule for every command: --profile, then AWS_PROFILE, then the
 * project config (named environment, then top level), then default. Before, resolveSettings
 * let the project config outrank AWS_PROFILE, and login/whoami/logout/rotate aws-key did not
 * read the project config at all.
 */
const FILE = '/repo/.secretsrc.json'
const config = parseProjectConfig(
  JSON.stringify({ profile: 'dev', environments: { staging: { profile: 'staging' }, bare: {} } }),
  FILE,
)

describe('chooseProfile', () => {
  it.each<[string, string | undefined, NodeJS.ProcessEnv, string | undefined, string | undefined, string]>([
    ['the flag wins', 'cli', { AWS_PROFILE: 'env' }, 'staging', 'cli', 'flag'],
    ['AWS_PROFILE over the project', undefined, { AWS_PROFILE: 'env' }, 'staging', 'env', 'AWS_PROFILE'],
    ['the named environment', undefined, {}, 'staging', 'staging', 'environment'],
    ['an environment without one: the top level', undefined, {}, 'bare', 'dev', 'project'],
    ['the project top level', undefined, {}, undefined, 'dev', 'project'],
  ])('%s', (_name, flag, env, environment, profile, source) =>
    expect(chooseProfile(flag, env, config, environment)).toEqual({ profile, source }),
  )

  it('nothing names one: default', () =>
    expect(chooseProfile(undefined, {}, undefined, undefined)).toEqual({
      profile: undefined,
      source: 'default',
    }))
})

describe('describeProfileChoice says where the profile came from when not the flag', () => {
  it.each<[Parameters<typeof describeProfileChoice>[0], string | undefined, string | undefined]>([
    [{ profile: 'cli', source: 'flag' }, undefined, undefined],
    [{ profile: 'env', source: 'AWS_PROFILE' }, undefined, 'using profile env (from AWS_PROFILE)'],
    [{ profile: 'dev', source: 'project' }, undefined, `using profile dev (from ${FILE})`],
    [
      { profile: 'staging', source: 'environment' },
      'staging',
      `using profile staging (from environment "staging" in ${FILE})`,
    ],
    [
      { profile: undefined, source: 'default' },
      undefined,
      'using profile default (no --profile, AWS_PROFILE or project "profile")',
    ],
  ])('%j', (choice, environment, line) =>
    expect(describeProfileChoice(choice, config, environment)).toBe(line),
  )
})
