import { describe, expect, it } from 'vitest'
import { BUILTIN_RULES, compileRuleSet, scanBytes } from '../../../src/core/scan/engine/index.js'
import { isJenkinsSecret } from '../../../src/core/scan/engine/rules/format-rules.js'

// Issue 22: Jenkins' stored `hudson.util.Secret` values and the GitLab token prefixes that had
// no rule (CI/CD job `glcbt-`, feature flag client `glffct-`), from their documented formats.

const ruleSet = compileRuleSet(BUILTIN_RULES)
const ids = (text: string) => scanBytes(Buffer.from(text), 'config.xml', ruleSet).map((f) => f.ruleId)

// Values are generated at run time (a fixed pseudo-random walk), so the self-scan sees none.
function randomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length)
  let x = seed
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    out[i] = (x >>> 16) & 255
  }
  return out
}
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const random = (length: number, seed: number) =>
  [...randomBytes(length, seed)].map((b) => B62[b % B62.length]).join('')

/** `{base64(1, ivLength, dataLength, iv, data)}`; the lengths may be made to lie. */
function jenkins(
  dataLength: number,
  seed: number,
  opts: { version?: number; iv?: number; claimed?: number } = {},
) {
  const header = Buffer.alloc(9)
  header[0] = opts.version ?? 1
  header.writeUInt32BE(opts.iv ?? 16, 1)
  header.writeUInt32BE(opts.claimed ?? dataLength, 5)
  return `{${Buffer.concat([header, randomBytes(16 + dataLength, seed)]).toString('base64')}}`
}

describe('jenkins-encrypted-secret', () => {
  it.each([
    [`<password>${jenkins(16, 1)}</password>`, 'credentials.xml <password>'],
    [`<privateKey>${jenkins(1024, 2)}</privateKey>`, 'SSH key credential'],
    [`<apiToken>${jenkins(48, 3)}</apiToken>`, 'element with any name'],
    [`<hudson.util.Secret>${jenkins(32, 4)}</hudson.util.Secret>`, 'plugin config'],
    [`secretPassphrase="${jenkins(32, 5)}"`, 'XML attribute'],
  ])('reports %s (%s)', (text) => {
    expect(ids(text)).toContain('jenkins-encrypted-secret')
  })

  it.each([
    [jenkins(16, 6), true],
    [jenkins(15, 7), false], // ciphertext not whole AES blocks
    [jenkins(32, 8, { claimed: 48 }), false], // the stated length does not match
    [jenkins(32, 9, { version: 2 }), false], // unknown format version
    [jenkins(32, 10, { iv: 12 }), false], // IV not one AES block
    [`{${Buffer.from('AQAAABAAAA').toString('base64')}}`, false], // too short
  ])('isJenkinsSecret(%s) = %s', (value, expected) => {
    expect(isJenkinsSecret(value)).toBe(expected)
  })

  it.each([
    [`<password>{AQAAABAAAA${'A'.repeat(60)}}</password>`, 'zero bytes: not an encrypted value'],
    [`<password>${jenkins(32, 11, { claimed: 64 })}</password>`, 'lengths that do not add up'],
    [`<password>${'$'}{JENKINS_PASSWORD}</password>`, 'variable reference'],
  ])('leaves %s alone (%s)', (text) => {
    expect(ids(text)).not.toContain('jenkins-encrypted-secret')
  })
})

describe('GitLab token prefixes', () => {
  it.each([
    [`CI_JOB_TOKEN=glcbt-64_${random(20, 12)}`, 'gitlab-cicd-job-token'],
    [`token: glcbt-1a2_${random(20, 13)}`, 'gitlab-cicd-job-token'],
    [`UNLEASH_INSTANCE_ID: glffct-${random(20, 14)}`, 'gitlab-feature-flag-token'],
  ])('%s → %s', (text, rule) => {
    expect(ids(text)).toContain(rule)
  })

  it.each([
    [`glcbt-64_${random(12, 15)}`, 'job token too short'],
    [`glcbt-${random(20, 16)}`, 'no partition id'],
    [`glffct-${random(12, 17)}`, 'feature flag token too short'],
    ['see glcbt-example for the prefix', 'prose naming the prefix'],
  ])('leaves %s alone (%s)', (text) => {
    expect(ids(text).filter((id) => id.startsWith('gitlab'))).toEqual([])
  })
})
