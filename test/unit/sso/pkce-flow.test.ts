import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sdkOidcClient } from '../../../src/core/sso/oidc-client.js'
import {
  LOOPBACK_REDIRECT_URI,
  authorizationUrl,
  pkcePair,
  runPkceFlow,
} from '../../../src/core/sso/pkce-flow.js'
import {
  identityCenterEnv,
  startIdentityCenter,
  type IdentityCenter,
} from '../../fakes/identity-center/index.js'
import { fakeBrowser } from './sso-harness.js'

describe('PKCE helpers', () => {
  it('makes an S256 challenge of a 64-character verifier', () => {
    const { verifier, challenge } = pkcePair()
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{64}$/)
    expect(challenge).toBe(createHash('sha256').update(verifier).digest('base64url'))
    expect(pkcePair().verifier).not.toBe(verifier)
  })

  it.each([
    ['client_id', 'cid'],
    ['response_type', 'code'],
    ['redirect_uri', 'http://127.0.0.1:5000/oauth/callback'],
    ['state', 'st'],
    ['code_challenge_method', 'S256'],
    ['code_challenge', 'ch'],
    ['scopes', 'sso:account:access other'],
  ])('authorization URL carries %s', (key, value) => {
    const url = new URL(
      authorizationUrl('https://oidc.us-east-1.amazonaws.com/authorize', {
        clientId: 'cid',
        redirectUri: 'http://127.0.0.1:5000/oauth/callback',
        state: 'st',
        challenge: 'ch',
        scopes: ['sso:account:access', 'other'],
      }),
    )
    expect(url.searchParams.get(key)).toBe(value)
  })
})

/** GET with an explicit Host header (fetch does not allow setting it). */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the loopback callback server', () => {
  let ic: IdentityCenter
  beforeAll(async () => {
    ic = await startIdentityCenter({ decision: 'approve' })
  })
  afterAll(() => ic.close())

  it('rejects a wrong Host and a wrong state, accepts the real redirect, then closes', async () => {
    const oidc = sdkOidcClient('us-east-1', identityCenterEnv(ic))
    const reg = await oidc.registerClient({
      clientName: 't',
      scopes: ['sso:account:access'],
      grantTypes: ['authorization_code', 'refresh_token'],
      issuerUrl: 'https://x.awsapps.com/start',
      redirectUris: [LOOPBACK_REDIRECT_URI],
    })
    const statuses: Record<string, number> = {}
    let callback = ''
    const tokens = await runPkceFlow(
      {
        registration: { ...reg, expiresAt: '', grantTypes: [], scopes: [] },
        scopes: ['sso:account:access'],
        loginCommand: 'secrets login --profile dev',
      },
      {
        oidc,
        notify: () => undefined,
        timeoutMs: 10_000,
        openUrl: async (url) => {
          callback = new URL(url).searchParams.get('redirect_uri') ?? ''
          const port = new URL(callback).port
          statuses.host = await getWithHost(`${callback}?state=x&code=y`, `localhost:${port}`)
          statuses.state = (await fetch(`${callback}?state=wrong&code=y`)).status
          statuses.path = (await fetch(`http://127.0.0.1:${port}/other`)).status
          await fakeBrowser(url)
        },
      },
    )
    expect(statuses).toEqual({ host: 400, state: 400, path: 404 })
    expect(tokens.accessToken).toBeTruthy()
    expect(tokens.refreshToken).toBeTruthy()
    await expect(fetch(callback)).rejects.toThrow()
  })
})
