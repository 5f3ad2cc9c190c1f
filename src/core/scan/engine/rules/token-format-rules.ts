import type { Rule } from '../types.js'
import { contextual, token } from './rule-builders.js'

/**
 * Self-identifying provider tokens added by the provider formats audit (2026-12-07): each has
 * a fixed prefix its issuer documents, so it is found without a key name around it (a bare
 * line, a curl header, a URL, a YAML list, JSON). Where the issuer documents the prefix but
 * not the body's length, the rule takes a bounded range and asks for a generated-looking body.
 */

/** Upper case, lower case and digits all present: a base62 generator's output, not a word. */
function hasMixedCase(body: string): boolean {
  return /[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9]/.test(body)
}

/** Letters and digits both present: a lower-case base36 generator's output, not a name. */
function hasLettersAndDigits(body: string): boolean {
  return /[a-z]/.test(body) && /[0-9]/.test(body)
}

/** The random part after a token's (last) prefix separator. */
const bodyAfter = (prefix: string) => (secret: string) => secret.slice(prefix.length)

export const tokenFormatRules: Rule[] = [
  // Docker Swarm join tokens (docs.docker.com, `docker swarm join-token`): `SWMTKN-1-`, the
  // digest of the swarm's root CA in 50 lower-case base36 characters, `-`, and the 25-character
  // secret. Anyone holding it can join a node (a manager token: take over the swarm).
  token(
    'docker-swarm-join-token',
    'Docker Swarm join token',
    ['swmtkn-1-'],
    'SWMTKN-1-[a-z0-9]{50}-[a-z0-9]{25}',
    { validate: (secret) => hasLettersAndDigits(secret.slice(-25)) },
  ),
  // Kubernetes bootstrap tokens (kubernetes.io, "Authenticating with Bootstrap Tokens";
  // `kubeadm token generate`): `[a-z0-9]{6}.[a-z0-9]{16}`, a public token id and its secret.
  // The shape alone is an identifier-like pair, so only after a token name or flag
  // (`kubeadm join --token`, `token: "…"` under `bootstrapTokens`, `KUBEADM_TOKEN=`).
  {
    id: 'kubernetes-bootstrap-token',
    title: 'Kubernetes bootstrap token',
    keywords: ['token'],
    pattern: new RegExp(
      String.raw`(?:--(?:discovery-)?token[ \t]*=?|[Tt]oken|TOKEN)["']?[ \t]{0,4}(?:[:=][ \t]{0,4})?["']?` +
        String.raw`(?<secret>[a-z0-9]{6}\.[a-z0-9]{16})(?![A-Za-z0-9_.-])`,
      'g',
    ),
    validate: (secret) => hasLettersAndDigits(secret.slice(7)),
  },
  // PostHog personal API keys (posthog.com/docs/api/personal-api-keys): `phx_` + a random
  // URL-safe body. Project keys (`phc_`) are public by design and are not reported.
  token('posthog-personal-api-key', 'PostHog personal API key', ['phx_'], 'phx_[A-Za-z0-9_-]{32,64}', {
    validate: (secret) => hasMixedCase(bodyAfter('phx_')(secret)),
  }),
  // Neon API keys (neon.com/docs/manage/api-keys): `napi_` + 64 lower-case alphanumerics.
  token('neon-api-key', 'Neon API key', ['napi_'], 'napi_[a-z0-9]{64}', {
    validate: (secret) => hasLettersAndDigits(bodyAfter('napi_')(secret)),
  }),
  // Vercel credentials (vercel.com/changelog/new-token-formats-and-secret-scanning): `vcp_`
  // personal access tokens, `vci_` integration tokens, `vca_` app access tokens, `vcr_` app
  // refresh tokens, `vck_` API keys. The body's length is not published: a bounded base62 run.
  token(
    'vercel-token',
    'Vercel token or API key',
    ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
    'vc[pciark]_[A-Za-z0-9]{24,96}',
    { validate: (secret) => hasMixedCase(secret.slice(4)) },
  ),
  // MongoDB Atlas service accounts (OAuth client credentials): client ids are `mdb_sa_id_` +
  // 24 hex (an identifier, not reported), client secrets `mdb_sa_sk_` + a random body.
  token(
    'mongodb-atlas-service-account-secret',
    'MongoDB Atlas service account client secret',
    ['mdb_sa_sk_'],
    'mdb_sa_sk_[A-Za-z0-9_-]{32,96}',
    { validate: (secret) => hasMixedCase(bodyAfter('mdb_sa_sk_')(secret)) },
  ),
  // Resend API keys (resend.com/docs: `new Resend('re_…')`): `re_` + an 8-character key id +
  // `_` + 24 base62 characters. `re_` alone starts Python's `re_path`, `re_match`: the two
  // fixed-length base62 groups and mixed case are what make it a key.
  token('resend-api-key', 'Resend API key', ['re_'], 're_[A-Za-z0-9]{8}_[A-Za-z0-9]{24}', {
    caseSensitiveKeywords: true,
    validate: (secret) => hasMixedCase(secret.slice(12)),
  }),
  // WooCommerce REST API keys (developer.woocommerce.com, REST API authentication): consumer
  // key `ck_` and consumer secret `cs_`, each + 40 lower-case hex (a SHA-1 of random bytes,
  // `wc_rand_hash()`). Both are stored hashed by WooCommerce: each is a credential.
  token('woocommerce-api-key', 'WooCommerce REST API key', ['ck_', 'cs_'], 'c[ks]_[a-f0-9]{40}', {
    caseSensitiveKeywords: true,
    validate: (secret) => hasLettersAndDigits(secret.slice(3)),
  }),
  // Klaviyo private API keys (developers.klaviyo.com, "Obtain API credentials"): `pk_` + a
  // longer alphanumeric string; issued keys are 34 lower-case hex. The 6-character public key
  // (site id) and Stripe's publishable `pk_live_`/`pk_test_` keys are public and not matched.
  token('klaviyo-private-api-key', 'Klaviyo private API key', ['pk_'], 'pk_[a-f0-9]{34}', {
    caseSensitiveKeywords: true,
    validate: (secret) => hasLettersAndDigits(secret.slice(3)),
  }),
  // Honeybadger API v3 tokens (docs.honeybadger.io/api/v3/authentication): `hbu_` user API
  // tokens, `hba_` account API tokens, `hbo_` OAuth access tokens. The body's length is not
  // published: a bounded base62 run.
  token(
    'honeybadger-api-token',
    'Honeybadger API token',
    ['hbu_', 'hba_', 'hbo_'],
    'hb[uao]_[A-Za-z0-9]{24,96}',
    { validate: (secret) => hasMixedCase(secret.slice(4)) },
  ),
  // Jenkins API tokens (Jenkins 2.129+, `ApiTokenStore`): the hash version `11` + 16 random
  // bytes in hex. 34 hex characters are common, so only under a Jenkins name.
  contextual(
    'jenkins-api-token',
    'Jenkins API token',
    ['jenkins'],
    'jenkins[\\w.-]{0,20}(?:api)?[_-]?(?:token|key|password|pass)',
    '11[0-9a-f]{32}',
    { priority: 2 },
  ),
  // Yandex credentials in GitHub's secret-scanning partner list: Yandex ID (Passport) OAuth
  // tokens `y0_`…`y3_` + 55 base64url characters; Yandex Cloud IAM tokens `t1.` + a base64url
  // header, `.`, an 86-character signature; the legacy per-service API keys
  // `trnsl.1.1.`/`dict.1.1.`/`pdct.1.1.` + an issue time, a 16-hex id and a 40-hex secret.
  token(
    'yandex-oauth-token',
    'Yandex OAuth token',
    ['y0_', 'y1_', 'y2_', 'y3_'],
    'y[0-3]_[A-Za-z0-9_-]{55}',
    {
      caseSensitiveKeywords: true,
      validate: (secret) => hasMixedCase(secret.slice(3)),
    },
  ),
  token(
    'yandex-cloud-iam-token',
    'Yandex Cloud IAM token',
    ['t1.'],
    't1\\.[A-Za-z0-9_-]{20,200}={0,2}\\.[A-Za-z0-9_-]{86}={0,2}',
    { caseSensitiveKeywords: true },
  ),
  token(
    'yandex-api-key',
    'Yandex API key (Translate, Dictionary, Predictor)',
    ['trnsl.1.1.', 'dict.1.1.', 'pdct.1.1.'],
    '(?:trnsl|dict|pdct)\\.1\\.1\\.\\d{8}T\\d{6}Z\\.[0-9a-f]{16}\\.[0-9a-f]{40}',
  ),
  // SettleMint access tokens (GitHub secret-scanning partner list): application `sm_aat_`,
  // personal `sm_pat_`, service `sm_sat_` + 16 alphanumerics.
  token(
    'settlemint-access-token',
    'SettleMint access token',
    ['sm_aat_', 'sm_pat_', 'sm_sat_'],
    'sm_[aps]at_[A-Za-z0-9]{16}',
    {
      validate: (secret) => hasLettersAndDigits(secret.slice(7).toLowerCase()),
    },
  ),
  // Chief Tools personal tokens (GitHub secret-scanning partner list): `ctp_` + 36 base62.
  token('chief-tools-token', 'Chief Tools token', ['ctp_'], 'ctp_[A-Za-z0-9]{36}', {
    caseSensitiveKeywords: true,
    validate: (secret) => hasMixedCase(secret.slice(4)),
  }),
  // Defined Networking (Managed Nebula) API keys (docs.defined.net, "API keys"): `dnkey-`, a
  // 26-character id, `-`, a 52-character secret (base32 upper case in issued keys).
  token(
    'defined-networking-api-key',
    'Defined Networking API key',
    ['dnkey-'],
    'dnkey-[A-Za-z0-9_=-]{26}-[A-Za-z0-9_=-]{52}',
    {
      validate: (secret) => /[0-9]/.test(secret) && /[A-Za-z]{4}/.test(secret.slice(-52)),
    },
  ),
  // 42 (École 42) intra API client secrets (api.intra.42.fr documentation): `s-s4t2ud-` for
  // user applications, `s-s4t2af-` for school applications, + 64 hex.
  token(
    'intra42-client-secret',
    '42 intra API client secret',
    ['s-s4t2ud-', 's-s4t2af-'],
    's-s4t2(?:ud|af)-[0-9a-f]{64}',
  ),
  // Authress service client access keys (authress.io knowledge base, "API access keys"):
  // `sc_` (also `ext_`, `scauth_`, `authress_`) + client id, `.`, key id, `.acc-` or `acc_` +
  // account id, `.`, the base64 private key.
  token(
    'authress-access-key',
    'Authress service client access key',
    ['sc_', 'ext_', 'scauth_', 'authress_'],
    '(?:sc|ext|scauth|authress)_[A-Za-z0-9]{5,30}\\.[A-Za-z0-9]{4,6}\\.acc[_-][A-Za-z0-9-]{10,32}\\.[A-Za-z0-9+/_=-]{30,120}',
    { caseSensitiveKeywords: true },
  ),
  // Paddle Billing API keys (developer.paddle.com/api-reference/about/api-keys, and the
  // 2025-05-06 changelog "api-key-improvements"): `pdl_live_apikey_` or `pdl_sdbx_apikey_`, a
  // 26-character lower-case ULID, `_`, 22 base62 characters, `_`, a 3-character suffix (69 in
  // all). Client-side tokens (`live_`/`test_` + hex) are public by design and not matched.
  token(
    'paddle-api-key',
    'Paddle API key',
    ['pdl_live_apikey_', 'pdl_sdbx_apikey_'],
    'pdl_(?:live|sdbx)_apikey_[0-9a-z]{26}_[A-Za-z0-9]{22}_[A-Za-z0-9]{3}',
    {
      validate: (secret) => /[A-Z]/.test(secret.slice(43, 65)) && /[a-z]/.test(secret.slice(43, 65)),
    },
  ),
  // Polar access tokens (polar.sh/docs/integrate/oat, "Organization Access Tokens", and the API
  // authentication page): organization `polar_oat_`, personal `polar_pat_`, + a random URL-safe
  // body whose length is not published: a bounded run.
  token(
    'polar-access-token',
    'Polar access token',
    ['polar_oat_', 'polar_pat_'],
    'polar_[op]at_[A-Za-z0-9_-]{30,80}',
    { validate: (secret) => hasMixedCase(secret.slice(10)) },
  ),
  // Apify API tokens (GitHub secret-scanning partner list, "Apify API Token"; docs.apify.com,
  // "API integration"): `apify_api_` + a random base62 body whose length is not published.
  token('apify-api-token', 'Apify API token', ['apify_api_'], 'apify_api_[A-Za-z0-9]{30,64}', {
    validate: (secret) => hasMixedCase(secret.slice(10)),
  }),
  // Langfuse secret keys (langfuse.com FAQ "I lost my Langfuse secret key", project settings →
  // API keys): `sk-lf-` + a UUID. The public key (`pk-lf-` + a UUID) identifies the project
  // and is not reported.
  token(
    'langfuse-secret-key',
    'Langfuse secret key',
    ['sk-lf-'],
    'sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    { validate: (secret) => hasLettersAndDigits(secret.slice(6)) },
  ),
  // Tavily API keys (docs.tavily.com quickstart, `TavilyClient(api_key="tvly-…")`): `tvly-`,
  // for newer keys the key type (`dev-`, `prod-`), then a random base62 body whose length is
  // not published: a bounded run.
  token('tavily-api-key', 'Tavily API key', ['tvly-'], 'tvly-(?:dev-|prod-)?[A-Za-z0-9]{24,64}', {
    validate: (secret) => hasMixedCase(secret.replace(/^tvly-(?:dev-|prod-)?/, '')),
  }),
  // Firecrawl API keys (docs.firecrawl.dev/authentication, `Authorization: Bearer fc-…`): `fc-`
  // + 32 lower-case hex in issued keys. Older keys are bare UUIDs and need a name around them.
  token('firecrawl-api-key', 'Firecrawl API key', ['fc-'], 'fc-[0-9a-f]{32}', {
    caseSensitiveKeywords: true,
    validate: (secret) => hasLettersAndDigits(secret.slice(3)),
  }),
  // Deno Deploy access tokens (Deno Deploy account and organization settings, "Access Tokens";
  // described in Doppler's Deno Deploy integration guide): personal `ddp_`, organization `ddo_`,
  // + a random base62 body whose length is not published: a bounded run.
  token('deno-deploy-token', 'Deno Deploy access token', ['ddp_', 'ddo_'], 'dd[po]_[A-Za-z0-9]{30,64}', {
    caseSensitiveKeywords: true,
    validate: (secret) => hasMixedCase(secret.slice(4)),
  }),
  // Zuplo API keys (zuplo.com/docs/articles/api-key-best-practices, "Use a structured, prefixed
  // key format"): `zpka_`, a random body, `_`, a checksum. Neither part's length is published:
  // bounded runs of letters and digits.
  token('zuplo-api-key', 'Zuplo API key', ['zpka_'], 'zpka_[A-Za-z0-9]{24,64}_[A-Za-z0-9]{6,12}', {
    validate: (secret) => hasLettersAndDigits(secret.slice(5).toLowerCase()),
  }),
  // WakaTime secret API keys (wakatime.com settings, "Secret API Key"; the form users paste
  // into editor plugins, e.g. kate-wakatime issue 29): `waka_` + a UUID.
  token(
    'wakatime-api-key',
    'WakaTime secret API key',
    ['waka_'],
    'waka_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    { validate: (secret) => hasLettersAndDigits(secret.slice(5)) },
  ),
]
