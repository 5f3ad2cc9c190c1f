import type { Rule } from '../types.js'
import { shannonEntropy } from '../entropy.js'
import { isDocumentedOrMarked } from '../hard-negatives.js'
import { contextual, token } from './rule-builders.js'

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/** SaaS APIs: messaging, payments, email, observability, AI, productivity. */
export const serviceRules: Rule[] = [
  // Messaging
  token('slack-bot-token', 'Slack bot token', ['xoxb-'], 'xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}'),
  token(
    'slack-user-token',
    'Slack user token',
    ['xoxp-'],
    'xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}',
  ),
  token(
    'slack-app-token',
    'Slack app-level token',
    ['xapp-'],
    'xapp-\\d-[A-Z0-9]{9,12}-\\d{10,14}-[a-f0-9]{64}',
  ),
  token(
    'slack-config-token',
    'Slack configuration access token',
    ['xoxe.xox'],
    'xoxe\\.xox[bp]-\\d-[A-Za-z0-9]{163,166}',
  ),
  token(
    'slack-config-refresh-token',
    'Slack configuration refresh token',
    ['xoxe-'],
    'xoxe-\\d-[A-Za-z0-9]{146}',
  ),
  token(
    'slack-legacy-token',
    'Slack legacy token',
    ['xoxo-', 'xoxs-', 'xoxa-', 'xoxr-'],
    'xox[osar]-(?:\\d+-){1,3}[A-Za-z0-9]{20,64}',
  ),
  {
    id: 'slack-webhook-url',
    title: 'Slack incoming webhook URL',
    keywords: ['hooks.slack.com'],
    pattern:
      /hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>T[A-Z0-9]{8,12}\/[AB][A-Z0-9]{8,12}\/[A-Za-z0-9]{23,24})(?![A-Za-z0-9])/g,
  },
  {
    id: 'discord-webhook-url',
    title: 'Discord webhook URL',
    keywords: ['/api/webhooks/'],
    pattern:
      /discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/(?<secret>[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/g,
  },
  contextual(
    'discord-bot-token',
    'Discord bot token',
    ['discord'],
    'discord[\\w.-]{0,20}(?:bot)?[_-]?token',
    '[MNO][A-Za-z0-9_-]{23,27}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}',
    { priority: 2 },
  ),
  {
    id: 'microsoft-teams-webhook-url',
    title: 'Microsoft Teams incoming webhook URL',
    keywords: ['webhook.office.com'],
    pattern: new RegExp(
      `webhook\\.office\\.com/webhookb2/${UUID}@${UUID}/IncomingWebhook/(?<secret>[a-f0-9]{32}/${UUID})`,
      'g',
    ),
  },
  token('telegram-bot-token', 'Telegram bot token', [':aa'], '\\d{8,10}:AA[A-Za-z0-9_-]{33}'),
  {
    ...token(
      'twilio-api-key',
      'Twilio API key SID',
      [...'0123456789abcdef'].map((c) => `SK${c}`),
      'SK[0-9a-f]{32}',
      {
        minEntropy: 3.2,
      },
    ),
    // `sk` alone is in "task" and "disk": the exact-case prefix plus a hex digit is rare.
    caseSensitiveKeywords: true,
  },
  contextual(
    'twilio-auth-token',
    'Twilio auth token',
    ['twilio'],
    'twilio[\\w.-]{0,20}(?:auth)?[_-]?(?:token|secret)',
    '[a-f0-9]{32}',
    { priority: 2 },
  ),
  token('sendgrid-api-key', 'SendGrid API key', ['sg.'], 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  token(
    'sendinblue-api-key',
    'Brevo (Sendinblue) API key',
    ['xkeysib-'],
    'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}',
  ),
  token('mailgun-api-key', 'Mailgun API key', ['key-'], 'key-[0-9a-f]{32}'),
  contextual(
    'mailgun-private-key',
    'Mailgun private API key',
    ['mailgun'],
    'mailgun[\\w.-]{0,20}(?:api|private)?[_-]?key',
    '[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}',
    { priority: 2, allowStructured: true },
  ),
  token(
    'mailchimp-api-key',
    'Mailchimp API key',
    [...'123456789'].map((d) => `-us${d}`),
    '[0-9a-f]{32}-us\\d{1,2}',
  ),
  contextual(
    'postmark-server-token',
    'Postmark server token',
    ['postmark'],
    'postmark[\\w.-]{0,20}(?:server|api)?[_-]?token',
    UUID,
    { priority: 2, allowStructured: true },
  ),
  // Payments
  token(
    'stripe-secret-key',
    'Stripe secret key',
    ['sk_live_', 'sk_test_'],
    'sk_(?:live|test)_[0-9A-Za-z]{24,247}',
  ),
  token(
    'stripe-restricted-key',
    'Stripe restricted key',
    ['rk_live_', 'rk_test_'],
    'rk_(?:live|test)_[0-9A-Za-z]{24,247}',
  ),
  token('stripe-webhook-secret', 'Stripe webhook signing secret', ['whsec_'], 'whsec_[A-Za-z0-9+/]{32,64}'),
  token(
    'square-access-token',
    'Square access token',
    ['eaaa', 'sq0atp-'],
    '(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[0-9A-Za-z_-]{22})',
  ),
  token('square-oauth-secret', 'Square OAuth secret', ['sq0csp-'], 'sq0csp-[0-9A-Za-z_-]{43}'),
  token('shopify-access-token', 'Shopify access token', ['shpat_'], 'shpat_[a-fA-F0-9]{32}'),
  token('shopify-custom-app-token', 'Shopify custom app access token', ['shpca_'], 'shpca_[a-fA-F0-9]{32}'),
  token('shopify-private-app-token', 'Shopify private app access token', ['shppa_'], 'shppa_[a-fA-F0-9]{32}'),
  token('shopify-shared-secret', 'Shopify shared secret', ['shpss_'], 'shpss_[a-fA-F0-9]{32}'),
  token('shippo-api-token', 'Shippo API token', ['shippo_'], 'shippo_(?:live|test)_[a-f0-9]{40}'),
  token('flutterwave-secret-key', 'Flutterwave secret key', ['flwseck'], 'FLWSECK(?:_TEST)?-[a-h0-9]{32}-X'),
  token('duffel-api-token', 'Duffel API token', ['duffel_'], 'duffel_(?:test|live)_[A-Za-z0-9_=-]{43}'),
  token('easypost-api-key', 'EasyPost API key', ['ezak', 'eztk'], 'EZ[AT]K[A-Za-z0-9]{54}'),
  token(
    'paypal-braintree-token',
    'PayPal Braintree access token',
    ['access_token$production$'],
    'access_token\\$production\\$[0-9a-z]{16}\\$[0-9a-f]{32}',
  ),
  token(
    'facebook-access-token',
    'Facebook access token',
    ['eaac', 'eaag', 'eaab'],
    'EAA[BCG][A-Za-z0-9]{90,255}',
  ),
  // Twitter/X app-only bearer tokens (developer.x.com "OAuth 2.0 Bearer Token", "App only"):
  // base64 whose leading zero bytes encode as a run of 21+ `A`, URL-encoded as the API hands it
  // out, so `+`, `/` and `=` appear as `%2B`, `%2F`, `%3D`. The run is the format, not filler.
  token(
    'twitter-bearer-token',
    'Twitter/X app-only bearer token',
    ['AAAAAAAAAAAAAAAAAAAAA'],
    'A{21,26}[A-Za-z0-9%]{60,160}',
    {
      caseSensitiveKeywords: true,
      allowStructured: true,
      end: '(?![A-Za-z0-9%_-])',
      validate: (secret) => {
        const tail = secret.replace(/^A+/, '')
        return (
          /%(?:2B|2F|3D)/i.test(tail) &&
          !/%(?![0-9A-Fa-f]{2})/.test(tail) &&
          shannonEntropy(tail) >= 4 &&
          !isDocumentedOrMarked(tail)
        )
      },
    },
  ),
  // Observability
  contextual(
    'datadog-api-key',
    'Datadog API key',
    ['datadog', 'dd_api', 'dd-api'],
    'datadog[\\w.-]{0,20}api[_-]?key|dd[_-]api[_-]key',
    '[a-f0-9]{32}',
    { priority: 2 },
  ),
  contextual(
    'datadog-app-key',
    'Datadog application key',
    ['datadog', 'dd_app', 'dd-app'],
    'datadog[\\w.-]{0,20}app(?:lication)?[_-]?key|dd[_-]app(?:lication)?[_-]key',
    '[a-f0-9]{40}',
    { priority: 2 },
  ),
  token('newrelic-user-api-key', 'New Relic user API key', ['nrak-'], 'NRAK-[A-Z0-9]{27}'),
  token('newrelic-insert-key', 'New Relic insert key', ['nrii-'], 'NRII-[A-Za-z0-9_-]{32}'),
  token('newrelic-browser-key', 'New Relic browser API key', ['nrjs-'], 'NRJS-[a-f0-9]{19}'),
  token('dynatrace-api-token', 'Dynatrace API token', ['dt0c01.'], 'dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
  token('grafana-cloud-token', 'Grafana Cloud API token', ['glc_'], 'glc_[A-Za-z0-9+/]{32,400}={0,2}', {
    end: '(?![A-Za-z0-9+/=_-])',
  }),
  token(
    'grafana-service-account-token',
    'Grafana service account token',
    ['glsa_'],
    'glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}',
  ),
  token(
    'sentry-auth-token',
    'Sentry auth token',
    ['sntrys_', 'sntryu_'],
    '(?:sntrys_eyJ[A-Za-z0-9+/=_-]{80,400}|sntryu_[a-f0-9]{64})',
    { end: '(?![A-Za-z0-9+/=_-])' },
  ),
  token('honeycomb-api-key', 'Honeycomb API key', ['hcaik_', 'hcxik_'], 'hc[ax]ik_[a-z0-9]{58}'),
  token('sumologic-access-id', 'Sumo Logic access ID', ['sumo'], 'su[A-Za-z0-9]{12}', {
    minEntropy: 3.3,
    validate: (_s, { line }) => /sumo/i.test(line),
  }),
  // AI
  token(
    'openai-api-key',
    'OpenAI API key',
    ['t3blbkfj'],
    'sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,156}T3BlbkFJ[A-Za-z0-9_-]{20,156}',
  ),
  token('anthropic-api-key', 'Anthropic API key', ['sk-ant-api'], 'sk-ant-api\\d\\d-[A-Za-z0-9_-]{93}AA'),
  token(
    'anthropic-admin-key',
    'Anthropic admin key',
    ['sk-ant-admin'],
    'sk-ant-admin\\d\\d-[A-Za-z0-9_-]{93}AA',
  ),
  token('huggingface-token', 'Hugging Face access token', ['hf_'], 'hf_[A-Za-z]{34}'),
  token('huggingface-org-token', 'Hugging Face organization token', ['api_org_'], 'api_org_[A-Za-z]{34}'),
  token('replicate-api-token', 'Replicate API token', ['r8_'], 'r8_[A-Za-z0-9]{37}'),
  token('groq-api-key', 'Groq API key', ['gsk_'], 'gsk_[A-Za-z0-9]{52}'),
  token('perplexity-api-key', 'Perplexity API key', ['pplx-'], 'pplx-[A-Za-z0-9]{48}'),
  token('xai-api-key', 'xAI API key', ['xai-'], 'xai-[A-Za-z0-9]{80}'),
  // OpenRouter (openrouter.ai/docs, "API keys"): `sk-or-v1-` and 64 lower-case hex digits.
  token('openrouter-api-key', 'OpenRouter API key', ['sk-or-v1-'], 'sk-or-v1-[0-9a-f]{64}'),
  token('langsmith-api-key', 'LangSmith API key', ['lsv2_'], 'lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}'),
  contextual(
    'cohere-api-key',
    'Cohere API key',
    ['cohere', 'co_api'],
    'cohere[\\w.-]{0,20}(?:api)?[_-]?key|co_api_key',
    '[A-Za-z0-9]{40}',
    { priority: 2, minEntropy: 4 },
  ),
  // Productivity and platforms
  // Dropbox short-lived OAuth access tokens (Dropbox OAuth guide; the only kind issued since
  // 2021): `sl.` + base64url, `sl.u.` + a longer body for the current format.
  token(
    'dropbox-short-lived-token',
    'Dropbox short-lived access token',
    ['sl.'],
    '(?<![./])sl\\.(?:u\\.)?[A-Za-z0-9_-]{130,1400}',
    { caseSensitiveKeywords: true, minEntropy: 4 },
  ),
  token('linear-api-key', 'Linear API key', ['lin_api_'], 'lin_api_[A-Za-z0-9]{40}'),
  token(
    'notion-integration-token',
    'Notion integration token',
    ['ntn_', 'secret_'],
    '(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})',
    { minEntropy: 3.5 },
  ),
  token('figma-pat', 'Figma personal access token', ['figd_'], 'figd_[A-Za-z0-9_-]{40}'),
  token('airtable-pat', 'Airtable personal access token', ['pat'], 'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}'),
  token(
    'hubspot-private-app-token',
    'HubSpot private app token',
    ['pat-na1-', 'pat-eu1-'],
    `pat-(?:na1|eu1)-${UUID}`,
    { allowStructured: true },
  ),
  token('typeform-pat', 'Typeform personal access token', ['tfp_'], 'tfp_[A-Za-z0-9_.=-]{59}'),
  token('contentful-pat', 'Contentful personal access token', ['cfpat-'], 'CFPAT-[A-Za-z0-9_-]{43}'),
  token('frameio-token', 'Frame.io API token', ['fio-u-'], 'fio-u-[A-Za-z0-9_=-]{64}'),
  token('adafruit-io-key', 'Adafruit IO key', ['aio_'], 'aio_[A-Za-z0-9]{28}'),
  token(
    'mapbox-secret-token',
    'Mapbox secret access token',
    ['sk.eyj'],
    'sk\\.eyJ[A-Za-z0-9_-]{50,400}\\.[A-Za-z0-9_-]{20,60}',
  ),
  token(
    'onepassword-service-account-token',
    '1Password service account token',
    ['ops_eyj'],
    'ops_eyJ[A-Za-z0-9+/=_-]{250,}',
    { end: '(?![A-Za-z0-9+/=_-])' },
  ),
  token(
    'onepassword-secret-key',
    '1Password account secret key',
    ['a3-'],
    'A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}',
  ),
  token(
    'planetscale-token',
    'PlanetScale token or password',
    ['pscale_'],
    'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}',
  ),
  token('databricks-token', 'Databricks access token', ['dapi'], 'dapi[a-f0-9]{32}(?:-\\d)?'),
  token(
    'supabase-secret',
    'Supabase access token or secret key',
    ['sbp_', 'sb_secret_'],
    '(?:sbp_[a-f0-9]{40}|sb_secret_[A-Za-z0-9_-]{31,})',
  ),
  token('netlify-token', 'Netlify access token', ['nfp_'], 'nfp_[A-Za-z0-9]{36}'),
  token('render-api-key', 'Render API key', ['rnd_'], 'rnd_[A-Za-z0-9]{32}'),
  token(
    'tailscale-key',
    'Tailscale key',
    ['tskey-'],
    'tskey-(?:api|auth|client|webhook|scim)-[A-Za-z0-9]{10,20}-[A-Za-z0-9]{20,40}',
  ),
  token('scalingo-api-token', 'Scalingo API token', ['tk-us-'], 'tk-us-[A-Za-z0-9_-]{48}'),
  token(
    'age-secret-key',
    'age encryption secret key',
    ['age-secret-key-1'],
    'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}',
  ),
  contextual(
    'okta-api-token',
    'Okta API token',
    ['okta'],
    'okta[\\w.-]{0,20}(?:api)?[_-]?token',
    '00[A-Za-z0-9_-]{40}',
    { priority: 2 },
  ),
  // Issue 22. MaxMind license keys (the format issued since 2024): 6 alphanumerics, `_`, 29
  // alphanumerics, `_mmk`.
  token(
    'maxmind-license-key',
    'MaxMind license key (6_29_mmk)',
    ['_mmk'],
    '[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk',
  ),
  // Plaid access tokens (Plaid API docs, `/item/public_token/exchange`): `access-<environment>-<UUID>`.
  token(
    'plaid-access-token',
    'Plaid access token (access-sandbox|development|production-<UUID>)',
    ['access-sandbox-', 'access-development-', 'access-production-'],
    `access-(?:sandbox|development|production)-${UUID}`,
    { allowStructured: true },
  ),
  // Adobe Developer Console OAuth client secrets: `p8e-` + 32 alphanumerics.
  token(
    'adobe-client-secret',
    'Adobe Developer Console client secret (p8e- + 32)',
    ['p8e-'],
    'p8e-[A-Za-z0-9]{32}',
  ),
]
