import type { MatchContext, Rule } from '../types.js'
import { looksGenerated } from '../randomness.js'
import { isGenericSecret, nameWords as words } from './generic-rules.js'

/**
 * Many SaaS and cloud providers issue opaque keys: random base62/hex/base64 strings with no
 * prefix or checksum (Mailgun, Twilio auth tokens, Datadog, PagerDuty, Algolia, Mixpanel
 * secrets, …). What marks them in real files is the provider's name beside the value:
 * `MAILGUN=…`, `sendgrid: '…'`, `datadog '…'`, `twilio token = '…'`. The list is curated from
 * common knowledge of widely used services whose documentation hands out such keys; it is
 * not a list of every service (a long tail of names would match ordinary words).
 *
 * Providers whose keys have a documented prefix or shape (Stripe `sk_`, GitHub `ghp_`, SendGrid
 * `SG.`, Mailchimp `<32 hex>-us<N>`, Sentry `sntry?_`, Zoho `1000.`, …) are left out: their own
 * rules decide, and a value of the wrong shape beside their name is not their key.
 *
 * A provider name alone does not make a secret: the value must pass the generic detector's
 * checks (placeholders, references, identifiers, hashes, token alphabet) as if it were
 * assigned to `<provider>_token`, including its randomness measure (randomness.ts).
 */
export const PROVIDER_NAMES: readonly string[] = [
  // Email, SMS, voice, push
  'mailgun',
  'mandrill',
  'postmark',
  'sparkpost',
  'mailjet',
  'mailersend',
  'mailtrap',
  'twilio',
  'nexmo',
  'vonage',
  'plivo',
  'messagebird',
  'telnyx',
  'sinch',
  'textmagic',
  'clicksend',
  'onesignal',
  'pusher',
  'pubnub',
  'customerio',
  'klaviyo',
  'braze',
  'iterable',
  'intercom',
  // Payments and finance
  'braintree',
  'paypal',
  'adyen',
  'razorpay',
  'mollie',
  'paddle',
  'chargebee',
  'recurly',
  'plaid',
  'coinbase',
  'binance',
  'kraken',
  'bitfinex',
  'transferwise',
  'paystack',
  'flutterwave',
  'squareup',
  'quickbooks',
  'xero',
  'freshbooks',
  // Monitoring, logging, incident response
  'datadog',
  'pagerduty',
  'opsgenie',
  'rollbar',
  'bugsnag',
  'honeybadger',
  'raygun',
  'airbrake',
  'logdna',
  'loggly',
  'papertrail',
  'sumologic',
  'splunk',
  'honeycomb',
  'lightstep',
  'logzio',
  'appdynamics',
  'statuspage',
  'victorops',
  'uptimerobot',
  'pingdom',
  'checkly',
  // Analytics, product, search
  'algolia',
  'mixpanel',
  'amplitude',
  'hotjar',
  'fullstory',
  'posthog',
  'optimizely',
  'statsig',
  'typesense',
  'meilisearch',
  // Developer platforms, CI, hosting
  'netlify',
  'vercel',
  'cloudflare',
  'fastly',
  'linode',
  'vultr',
  'circleci',
  'buildkite',
  'codecov',
  'snyk',
  'bitbucket',
  'flyio',
  'firebase',
  'mongolab',
  'cloudinary',
  'imgix',
  'uploadcare',
  'filestack',
  'contentful',
  'prismic',
  'storyblok',
  'auth0',
  'onelogin',
  'stytch',
  // Collaboration, CRM, support
  'asana',
  'trello',
  'notion',
  'airtable',
  'clickup',
  'smartsheet',
  'wrike',
  'basecamp',
  'zendesk',
  'freshdesk',
  'hubspot',
  'salesforce',
  'pipedrive',
  'dropbox',
  'docusign',
  'calendly',
  'typeform',
  'webex',
  'bigcommerce',
  'woocommerce',
  // AI and data APIs
  'cohere',
  'replicate',
  'groq',
  'ipinfo',
  'ipstack',
  'openweathermap',
  'newsapi',
  'alphavantage',
  'scrapingbee',
  'serpapi',
  'spotify',
  'twitch',
  'youtube',
]

/** Field words that name something about the provider account other than its secret. */
const NON_SECRET_FIELD = new Set(
  'search index indices id sid uid guid domain domains user username userid login email mail sender from to region zone host hostname port url uri endpoint base org organization organisation project team workspace site account accountid name names app appid channel bucket cluster env environment plan version sdk client clientid customer price product webhook list audience tag tags template from_email public publishable pub mode type tier region_id number phone'.split(
    ' ',
  ),
)
/** Words that make a name secret by themselves: the generic rule already owns those names. */
const SECRET_SUFFIXES = ['apikey', 'api', 'key', 'token', 'secret', 'auth', 'pat']

const PROVIDER_SET = new Set(PROVIDER_NAMES.map((p) => p.replace(/_.*$/, '')))

/** The provider a name's word stands for (`mailgun`, `mailgunKey` → `mailgun`), if any. */
function providerWord(word: string): string | undefined {
  if (PROVIDER_SET.has(word)) return word
  for (const suffix of SECRET_SUFFIXES) {
    if (word.endsWith(suffix) && PROVIDER_SET.has(word.slice(0, -suffix.length))) return word
  }
  return undefined
}

/**
 * True when `name` names a provider's credential rather than another of its settings: it holds
 * a provider word, and no word of it names a non-secret field (`mailgun_domain`,
 * `twilio account sid`, `stripe publishable key`).
 */
export function isProviderSecretName(name: string): boolean {
  const ws = words(name)
  if (ws.length === 0 || ws.length > 6) return false
  if (!ws.some((w) => providerWord(w) !== undefined)) return false
  return !ws.some((w) => NON_SECRET_FIELD.has(w))
}

/** The value beside a provider name is judged as a token assigned to `<name>_token`. */
function validateProviderSecret(secret: string, context: MatchContext): boolean {
  const name = context.groups.name ?? ''
  if (!isProviderSecretName(name)) return false
  const ws = words(name)
  const synthetic = `${ws.join('_')}_token`
  // Only a space between a provider's name and a bare value (`mixpanel <token>` in notes):
  // the name must be that one word, and the value long, mixed and generated.
  if (context.groups.space !== undefined) {
    const bare = !/^["'`]/.test(secret)
    if (
      bare &&
      !(
        ws.length === 1 &&
        secret.length >= 20 &&
        /\d/.test(secret) &&
        /[A-Za-z]/.test(secret) &&
        looksGenerated(secret)
      )
    )
      return false
    return isGenericSecret(synthetic, secret, { path: context.path, literal: true })
  }
  return isGenericSecret(synthetic, secret, { path: context.path })
}

function extractQuoted(raw: string): { start: number; end: number } {
  const first = raw[0]
  if ((first === '"' || first === "'" || first === '`') && raw.endsWith(first) && raw.length >= 2)
    return { start: 1, end: raw.length - 1 }
  return { start: 0, end: raw.length }
}

export const providerContextRules: Rule[] = [
  {
    id: 'provider-named-secret',
    title: 'Random value beside a provider name',
    keywords: PROVIDER_NAMES.map((p) => p.replace(/_.*$/, '')),
    generic: true,
    priority: 0.1,
    allowStructured: true,
    minEntropy: 0,
    // The match starts at the name (a run of [\w.-] holding the provider word), so the regex
    // runs only where a provider keyword starts or sits in a name.
    keywordInName: { nameChar: /[\w.-]/, maxLength: 61 },
    // A name (`MAILGUN_KEY`, `sendgrid`, `twilio auth token`: up to two more spaced words),
    // an optional closing quote, then either an assignment (`=`, `:`, `:=`, `=>`) and a quoted
    // or bare value, or only spaces and a quoted value (`mailgun 'key-…'`), or only spaces and
    // a bare run of 20+ token characters (`mixpanel <token>`), or a quoted name and value as
    // a tuple or call's arguments (`('mailgun', '…')`). Bounded throughout.
    pattern:
      /(?<![\w.-])(?<name>[A-Za-z][\w.-]{0,60}(?:[ \t][A-Za-z][A-Za-z0-9_-]{0,20}){0,2})["'\]]{0,2}(?:[ \t]{0,4}(?::=|=>|[:=])(?![=>~])[ \t]{0,4}|[ \t]{1,4}(?=["'`])|(?<=["'])[ \t]{0,4},[ \t]{0,4}(?=["'])|(?<space>[ \t]{1,4})(?=[A-Za-z0-9+/=_-]{20,400}(?:[\s,;]|$)))(?<secret>"[^"\n]{8,400}"|'[^'\n]{8,400}'|`[^`\n]{8,400}`|[^\s"'`,;)}\]<>]{8,400}(?=[\s"'`,;)}\]]|$))/gm,
    validate: validateProviderSecret,
    extract: extractQuoted,
  },
]
