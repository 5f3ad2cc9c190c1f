import { withAwsClient } from '../../../shared/aws-client.js'
import type { Finding } from '../engine/types.js'
import type { Candidate, Verifier } from './types.js'

const KEY_ID_RULE = 'aws-access-key-id'
const SECRET_RULE = 'aws-secret-access-key'
/** STS answers these for a key that does not exist or a secret that does not match it. */
const REFUSED = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'UnrecognizedClientException',
  'AuthFailure',
])
/** Pairs tried per key id: the secrets of the same file (and commit), nearest first. */
const MAX_SECRETS_PER_KEY = 3

/** Where a finding was: its file and, in history scans, its commit. */
const placeOf = (f: Finding) => `${f.commit?.sha ?? ''}\u0000${f.path}`

export interface AwsStsVerifierOptions {
  env?: NodeJS.ProcessEnv
}

/**
 * AWS access keys, checked with sts:GetCallerIdentity signed by the key pair (every IAM key
 * may call it; it reads nothing and changes nothing). The client comes from the one AWS client
 * factory, so AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL decide the endpoint as everywhere else
 * (default: the global STS endpoint of the key's issuer). A key id with no secret beside it is
 * not checked (`unknown`). Temporary `ASIA` keys need their session token and are not paired.
 */
export function awsStsVerifier(options: AwsStsVerifierOptions = {}): Verifier {
  return {
    id: 'aws-sts',
    rules: [KEY_ID_RULE, SECRET_RULE],
    candidates(findings) {
      const secrets = new Map<string, Finding[]>()
      for (const f of findings)
        if (f.ruleId === SECRET_RULE) secrets.set(placeOf(f), [...(secrets.get(placeOf(f)) ?? []), f])
      const out: Candidate[] = []
      const seen = new Set<string>()
      for (const id of findings) {
        if (id.ruleId !== KEY_ID_RULE || !id.secret.startsWith('AKIA')) continue
        const near = [...(secrets.get(placeOf(id)) ?? [])]
          .sort((a, b) => Math.abs(a.line - id.line) - Math.abs(b.line - id.line))
          .slice(0, MAX_SECRETS_PER_KEY)
        for (const secret of near) {
          const pair = `${id.secret}\u0000${secret.secret}`
          const found = [id, secret]
          if (seen.has(pair)) {
            // The same pair elsewhere in the file: its findings share the one check's result.
            out
              .find((c) => c.parts.accessKeyId === id.secret && c.parts.secretAccessKey === secret.secret)
              ?.findings.push(...found)
            continue
          }
          seen.add(pair)
          out.push({ findings: found, parts: { accessKeyId: id.secret, secretAccessKey: secret.secret } })
        }
      }
      return out
    },
    async check(candidate, signal) {
      const credentials = {
        accessKeyId: candidate.parts.accessKeyId ?? '',
        secretAccessKey: candidate.parts.secretAccessKey ?? '',
      }
      const context = { region: 'us-east-1', credentials }
      return withAwsClient(
        'sts',
        context,
        { maxAttempts: 1, ...(options.env ? { env: options.env } : {}) },
        async (sdk, client) => {
          try {
            const out = await client.send(new sdk.GetCallerIdentityCommand({}), { abortSignal: signal })
            return { status: 'verified' as const, ...(out.Arn ? { identity: out.Arn } : {}) }
          } catch (error) {
            const name = (error as { name?: string; Code?: string }).name ?? ''
            const http = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
            if (REFUSED.has(name) || (http === 403 && !/Throttl/i.test(name)))
              return { status: 'unverified' as const }
            throw error
          }
        },
      )
    },
  }
}
