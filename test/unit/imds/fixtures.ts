import { buildInstanceInfo } from '../../../src/core/imds/instance-info.js'
import type { ImdsSnapshot } from '../../../src/core/imds/imds-routes.js'

export const NOW = new Date('2026-01-02T03:04:05.678Z')

/** A snapshot with fake (not real-looking) credentials for routing tests. */
export function snapshot(): ImdsSnapshot {
  return {
    instance: buildInstanceInfo({
      accountId: '123456789012',
      region: 'eu-west-1',
      callerArn: 'arn:aws:sts::123456789012:assumed-role/app-role/secrets-dev',
      seed: 'unit',
      startedAt: NOW,
    }),
    credentials: {
      accessKeyId: 'ASIAUNITTESTKEY00001',
      secretAccessKey: 'unit-secret-access-key',
      sessionToken: 'unit-session-token',
      expiration: new Date('2026-01-02T04:04:05.999Z'),
      lastUpdated: NOW,
    },
    identity: { document: '{"doc":1}', signature: 'SIG', pkcs7: 'P7', rsa2048: 'RSA' },
  }
}
