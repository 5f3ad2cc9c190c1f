import { describe, expect, it } from 'vitest'
import { HEX, ruleIds, seededRandom } from '../../helpers/scan-values.js'
import {
  PROVIDER_NAMES,
  isProviderSecretName,
} from '../../../src/core/scan/engine/rules/provider-context-rules.js'

// Issue 22: an opaque random key beside a well-known provider's name (`MAILGUN=…`,
// `datadog '…'`, `twilio auth token = '…'`) is that provider's key; the account's other
// settings (domain, sid, site, region, user) and placeholders beside the name are not.
// Values are generated at run time so the repository's self-scan sees no literal token here.

const ids = ruleIds
const random = seededRandom(11)

describe('provider-named-secret: random value beside a provider name', () => {
  const ng: [string, string][] = [
    ['env file, bare provider name', `MAILGUN=${random(40)}`],
    ['YAML key', `datadog: ${random(32, HEX)}`],
    ['quoted after the name, no operator', `pagerduty '${random(20)}'`],
    ['name with spaced words', `twilio auth token = '${random(32, HEX)}'`],
    ['provider word glued to a suffix', `amplitudeKey: "${random(32, HEX)}"`],
    [
      'JSON',
      `{"postmark": "${random(8, HEX)}-${random(4, HEX)}-4${random(3, HEX)}-a${random(3, HEX)}-${random(12, HEX)}"}`,
    ],
    ['a bare token after the name in notes', `mixpanel ${random(32)} is the project secret`],
    ['a tuple of provider and key', `INSERT INTO creds VALUES ('mailgun', '${random(32)}');`],
    ['source code, quoted', `const mixpanel = '${random(32, HEX)}'`],
  ]
  it.each(ng)('reports: %s', (_label, text) => {
    expect(ids(text, _label.startsWith('source') ? 'app.ts' : 'notes.txt')).toEqual(['provider-named-secret'])
  })

  const ok: [string, string][] = [
    ['the account domain', `MAILGUN_DOMAIN=mg.${random(8, 'abcdefghijklmnopqrstuvwxyz')}.example.org`],
    ['an account SID', `twilio account sid = 'AC${random(32, HEX)}'`],
    ['the site', 'datadog_site: datadoghq.eu'],
    ['a template variable', "algolia = '${ALGOLIA_ADMIN}'"],
    ['a run of one character', "pagerduty: 'xxxxxxxxxxxxxxxxxxxx'"],
    ['words joined by dashes', 'mixpanel = "mixpanel-project-token"'],
    ['a boolean', 'postmark: true'],
    ['a CamelCase identifier', "intercom 'IntercomMessengerWidget'"],
    ['a keyboard sequence', "amplitude = '1234567890abcdef1234'"],
    ['a URL', 'loggly: https://logs-01.loggly.com/inputs/'],
    ['a bare expression in code', 'const datadog = process.env.DATADOG_API_KEY'],
    ['a word not a provider', `signal = '${random(32)}'`],
    ['a provider with a documented prefix is left to its rule', `stripe = '${random(32)}'`],
    ['a short value', `algolia: '${random(7)}'`],
    ['a bare token after more words', `mixpanel for analytics ${random(32)}`],
    ['a bare word run after the name', 'mixpanel events_per_second_limit_value_high'],
    ['a bare short value after the name', `postmark ${random(12)}`],
    ['prose after the name', 'mailgun sends the mail; see the docs'],
  ]
  it.each(ok)('ignores: %s', (_label, text) => {
    expect(ids(text)).toEqual([])
  })
})

describe('isProviderSecretName', () => {
  it.each([
    ['mailgun', true],
    ['MAILGUN_PRIVATE', true],
    ['datadogApiKey', true],
    ['pagerduty token', true],
    ['mailgun_domain', false],
    ['twilio_account_sid', false],
    ['algolia_app_id', false],
    ['pusher_cluster', false],
    ['signal', false],
    ['', false],
  ])('%s → %s', (name, expected) => {
    expect(isProviderSecretName(name)).toBe(expected)
  })

  it('lists lower-case names only, without duplicates', () => {
    expect(new Set(PROVIDER_NAMES).size).toBe(PROVIDER_NAMES.length)
    for (const name of PROVIDER_NAMES) expect(name).toMatch(/^[a-z0-9]+$/)
  })
})
