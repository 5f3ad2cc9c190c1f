import type { Rule } from '../types.js'
import { contextual, decodeBase64, token } from './rule-builders.js'

const AWS_KEY_ID = /(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}/

/** Cloud providers: AWS, Google Cloud, Azure, Alibaba, DigitalOcean, Heroku, and peers. */
export const cloudRules: Rule[] = [
  token(
    'aws-access-key-id',
    'AWS access key ID',
    ['akia', 'asia', 'abia', 'acca', 'a3t'],
    '(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}',
    { minEntropy: 3 },
  ),
  {
    // A 40-character secret key is only recognisable by its neighbour: an access key id a few
    // lines away, or a name that says so. Alone, 40 base64 characters are anything.
    id: 'aws-secret-access-key',
    title: 'AWS secret access key',
    keywords: ['akia', 'asia', 'aws_secret', 'secret_access_key', 'secretaccesskey', 'aws-secret'],
    window: { before: 400, after: 400 },
    pattern: /(?<![A-Za-z0-9/+])(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    minEntropy: 4,
    priority: 1,
    validate: (secret, { window, line }) =>
      /[A-Z]/.test(secret) &&
      /[a-z]/.test(secret) &&
      /[0-9]/.test(secret) &&
      (AWS_KEY_ID.test(window) || /secret_?access_?key|aws.?secret/i.test(line)),
  },
  contextual(
    'aws-session-token',
    'AWS session token',
    ['session_token', 'sessiontoken', 'security_token'],
    'aws_?session_?token|aws_?security_?token|sessionToken',
    '(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE|FQoGZXIvYXdzE)[A-Za-z0-9/+=]{100,2000}',
    // STS session tokens carry runs of `/` (base64 of 0xff bytes): not filler here.
    { allowStructured: true },
  ),
  // Amazon Bedrock API keys (docs.aws.amazon.com, IAM user guide "API keys for Amazon
  // Bedrock"). Long-term keys are IAM service-specific credentials handed out as `ABSK` +
  // base64 of `BedrockAPIKey-<id>-at-<12-digit account>:<secret>`, checked by decoding;
  // short-term keys are `bedrock-api-key-` + base64 of a SigV4 pre-signed
  // `bedrock.amazonaws.com/?Action=CallWithBearerToken…` URL.
  token(
    'aws-bedrock-api-key',
    'Amazon Bedrock API key',
    ['absk', 'bedrock-api-key-'],
    'ABSK[A-Za-z0-9+/]{60,400}={0,2}|bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]{100,4000}={0,2}',
    {
      end: '(?![A-Za-z0-9+/=_-])',
      validate: (secret) => {
        if (secret.startsWith('bedrock-api-key-')) {
          const url = decodeBase64(secret.slice('bedrock-api-key-'.length)) ?? ''
          return /X-Amz-Credential=/.test(url) && /X-Amz-Signature=[0-9a-f]{64}/.test(url)
        }
        const text = decodeBase64(secret.slice(4)) ?? ''
        return /^BedrockAPIKey-[A-Za-z0-9]{2,12}-at-\d{12}:[A-Za-z0-9+/=]{20,}$/.test(text)
      },
    },
  ),
  token('gcp-api-key', 'Google API key', ['aiza'], 'AIza[0-9A-Za-z_-]{35}', { end: '(?![A-Za-z0-9_-])' }),
  {
    id: 'gcp-service-account-key',
    title: 'Google Cloud service account key (JSON)',
    keywords: ['service_account'],
    window: { before: 4000, after: 4000 },
    pattern:
      /"private_key"\s*:\s*"(?<secret>-----BEGIN PRIVATE KEY-----(?:\\n|[A-Za-z0-9+/=]){64,8192}-----END PRIVATE KEY-----(?:\\n)?)"/g,
    priority: 3,
  },
  token('google-oauth-client-secret', 'Google OAuth client secret', ['gocspx-'], 'GOCSPX-[A-Za-z0-9_-]{28}'),
  token('google-oauth-access-token', 'Google OAuth access token', ['ya29.'], 'ya29\\.[0-9A-Za-z_-]{60,400}'),
  token('google-oauth-refresh-token', 'Google OAuth refresh token', ['1//0'], '1//0[0-9A-Za-z_-]{60,200}', {
    minEntropy: 4,
  }),
  // Firebase Cloud Messaging legacy server keys (Firebase console, Cloud Messaging "Server
  // key", sent as `Authorization: key=…`): `AAAA` + 7 characters of the project number's
  // encoding, `:APA91b`, 134 base64url characters. Device registration tokens share the
  // `:APA91b` part but not the `AAAA` lead and are not credentials.
  token(
    'firebase-cloud-messaging-server-key',
    'Firebase Cloud Messaging server key',
    [':apa91b'],
    'AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{134}',
    { allowStructured: true, minEntropy: 4 },
  ),
  {
    id: 'azure-storage-connection-string',
    title: 'Azure storage account key in a connection string',
    keywords: ['accountkey='],
    pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
    minEntropy: 4,
  },
  {
    id: 'azure-service-bus-key',
    title: 'Azure Service Bus / Event Hubs shared access key',
    keywords: ['sharedaccesskey='],
    pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{43}=)/g,
    minEntropy: 4,
  },
  {
    id: 'azure-cosmosdb-key',
    title: 'Azure Cosmos DB account key',
    keywords: ['documents.azure.com'],
    pattern: /documents\.azure\.com[^\n]{0,120}?AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/g,
    priority: 2,
    minEntropy: 4,
  },
  {
    id: 'azure-sas-token',
    title: 'Azure shared access signature',
    keywords: ['sig='],
    pattern: /[?&]sv=\d{4}-\d{2}-\d{2}&[^\s"'<>]{0,300}?sig=(?<secret>[A-Za-z0-9%+/]{40,90}(?:%3D|=){0,2})/g,
    minEntropy: 3.5,
  },
  token(
    'azure-ad-client-secret',
    'Azure AD (Entra ID) client secret',
    ['q~'],
    '[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}',
    { end: '(?![A-Za-z0-9_~.-])' },
  ),
  token('alibaba-access-key-id', 'Alibaba Cloud AccessKey ID', ['ltai'], 'LTAI[A-Za-z0-9]{20}'),
  token('digitalocean-pat', 'DigitalOcean personal access token', ['dop_v1_'], 'dop_v1_[a-f0-9]{64}'),
  token('digitalocean-oauth-token', 'DigitalOcean OAuth token', ['doo_v1_'], 'doo_v1_[a-f0-9]{64}'),
  token('digitalocean-refresh-token', 'DigitalOcean refresh token', ['dor_v1_'], 'dor_v1_[a-f0-9]{64}'),
  token('heroku-api-key', 'Heroku API key', ['hrku-'], 'HRKU-AA[0-9A-Za-z_-]{58}'),
  contextual(
    'heroku-api-key-legacy',
    'Heroku API key (legacy UUID form)',
    ['heroku'],
    'heroku[\\w.-]{0,20}(?:api|auth)?[_-]?(?:key|token)',
    '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
    { minEntropy: 3, priority: 2, allowStructured: true },
  ),
  token(
    'cloudflare-origin-ca-key',
    'Cloudflare Origin CA key',
    ['v1.0-'],
    'v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}',
  ),
  contextual(
    'cloudflare-api-token',
    'Cloudflare API token',
    ['cloudflare', 'cf_api'],
    'cloudflare[\\w.-]{0,20}(?:api)?[_-]?(?:token|key)|cf_api_(?:token|key)',
    '[A-Za-z0-9_-]{40}',
    { minEntropy: 3.8, priority: 2 },
  ),
  token('fly-io-token', 'Fly.io access token', ['fo1_'], 'fo1_[A-Za-z0-9_-]{43}'),
  token(
    'fly-io-macaroon',
    'Fly.io macaroon token',
    ['fm2_', 'fm1'],
    'fm[12][ar]?_[A-Za-z0-9+/]{100,}={0,3}',
    { end: '(?![A-Za-z0-9+/=])' },
  ),
  token('tencent-cloud-secret-id', 'Tencent Cloud SecretId', ['akid'], 'AKID[A-Za-z0-9]{32}'),
  contextual(
    'ibm-cloud-iam-key',
    'IBM Cloud IAM API key',
    ['ibm'],
    'ibm[_-]?(?:cloud)?[_-]?(?:iam)?[_-]?api[_-]?key',
    '[A-Za-z0-9_-]{44}',
    { minEntropy: 3.5, priority: 2 },
  ),
  token('scaleway-secret-key', 'Scaleway access key', ['scw'], 'SCW[A-Z0-9]{17}', { minEntropy: 3 }),
  contextual(
    'linode-token',
    'Linode personal access token',
    ['linode'],
    'linode[\\w.-]{0,20}token',
    '[a-f0-9]{64}',
    { priority: 2 },
  ),
  contextual(
    'vultr-api-key',
    'Vultr API key',
    ['vultr'],
    'vultr[\\w.-]{0,20}(?:api)?[_-]?key',
    '[A-Z0-9]{36}',
    { priority: 2 },
  ),
  // Issue 22. OpenShift OAuth access tokens (OpenShift 4.6+): `sha256~` + 43 base64url
  // characters (32 random bytes), the form `oc whoami -t` prints.
  token(
    'openshift-user-token',
    'OpenShift OAuth access token (sha256~ + 43 base64url)',
    ['sha256~'],
    'sha256~[A-Za-z0-9_-]{43}',
  ),
  // Yandex Cloud API keys (IAM API key secrets): `AQVN` + 35-38 base64url characters.
  token(
    'yandex-cloud-api-key',
    'Yandex Cloud API key (AQVN + 35-38 base64url)',
    ['AQVN'],
    'AQVN[A-Za-z0-9_-]{35,38}',
    {
      caseSensitiveKeywords: true,
    },
  ),
]
