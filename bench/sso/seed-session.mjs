// Seeds a keychain (the one SECRETS_KEYCHAIN selects) with a synthetic SSO session and fresh
// cached role credentials for profile "dev", so `secrets credentials --profile dev` runs its
// cached path without any network. Values are random placeholders, not real credentials.
import { randomBytes } from 'node:crypto'
import { openKeychain, KeychainItem } from '../../dist/core/keychain/index.js'

const keychain = openKeychain({ env: process.env })
const inAnHour = new Date(Date.now() + 3600_000).toISOString()
const rnd = (n) => randomBytes(n).toString('base64url')
await keychain.set(
  KeychainItem.ssoSession('corp'),
  JSON.stringify({
    version: 1,
    sessionName: 'corp',
    startUrl: 'https://bench.awsapps.com/start',
    ssoRegion: 'us-east-1',
    registration: {
      clientId: 'bench',
      clientSecret: rnd(32),
      expiresAt: inAnHour,
      grantTypes: ['refresh_token'],
      scopes: [],
    },
    tokens: { accessToken: rnd(48), refreshToken: rnd(48), expiresAt: inAnHour },
    signedInAt: new Date().toISOString(),
  }),
)
await keychain.set(
  KeychainItem.roleCredentials('dev'),
  JSON.stringify({
    version: 1,
    sessionName: 'corp',
    accountId: '111111111111',
    roleName: 'Developer',
    credentials: {
      accessKeyId: `ASIA${rnd(12)}`,
      secretAccessKey: rnd(30),
      sessionToken: rnd(96),
      expiration: inAnHour,
    },
  }),
)
