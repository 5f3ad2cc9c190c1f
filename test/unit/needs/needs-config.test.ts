import { describe, expect, it } from 'vitest'
import { parseProjectConfig } from '../../../src/core/config/index.js'
import { resolveSettings } from '../../../src/core/config/index.js'

const FILE = '/p/.secretsrc.json'
const parse = (data: unknown) => parseProjectConfig(JSON.stringify(data), FILE)
const s3 = { actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }

describe('"needs" in .secretsrc.json', () => {
  it('accepts a role and statements, sorted and de-duplicated', () => {
    const config = parse({
      needs: {
        role: 'arn:aws:iam::123456789012:role/app',
        aws: [
          {
            actions: ['s3:PutObject', 's3:GetObject', 's3:GetObject'],
            resources: ['arn:aws:s3:::b/*'],
            conditions: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
          },
        ],
      },
      isolate: true,
    })
    expect(config.needs).toEqual({
      role: 'arn:aws:iam::123456789012:role/app',
      aws: [
        {
          actions: ['s3:GetObject', 's3:PutObject'],
          resources: ['arn:aws:s3:::b/*'],
          conditions: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
        },
      ],
      notes: [],
    })
    expect(config.isolate).toBe(true)
  })

  it.each([
    [{ needs: { rol: 'x' } }, /"needs\.rol" is not a known key \(expected one of: role, aws\)/],
    [{ needs: { role: 'arn:aws:iam::123:role/x' } }, /"needs\.role" is not an IAM role ARN/],
    [{ needs: { aws: [] } }, /"needs\.aws" is an empty list/],
    [{ needs: { aws: [{ ...s3, actions: [] }] } }, /"needs\.aws\[0\]\.actions" is an empty list/],
    [{ needs: { aws: [{ actions: ['s3:GetObject'] }] } }, /"needs\.aws\[0\]\.resources" is missing/],
    [{ needs: { aws: [{ ...s3, effect: 'Deny' }] } }, /"needs\.aws\[0\]\.effect" is not a known key/],
    [
      { needs: { aws: [{ ...s3, resources: ['s3://b/x'] }] } },
      /"needs\.aws\[0\]\.resources\[0\]" \("s3:\/\/b\/x"\) is not an ARN/,
    ],
    [
      { needs: { aws: [{ ...s3, actions: ['GetObject'] }] } },
      /"needs\.aws\[0\]\.actions\[0\]" .* is not an IAM action/,
    ],
    [
      { needs: { aws: [{ actions: ['*'], resources: ['*'] }] } },
      /"needs\.aws\[0\]" allows every action on every resource/,
    ],
    [{ needs: { aws: [{ ...s3, actions: ['*'] }] } }, /"needs\.aws\[0\]\.actions" allows every action/],
    [{ needs: { aws: [{ ...s3, conditions: { 'Not An Op': {} } }] } }, /is not an IAM condition operator/],
    [{ isolate: 'yes' }, /"isolate" must be true or false/],
    [{ environments: { prod: { needs: { aws: 1 } } } }, /"environments\.prod\.needs\.aws" must be a list/],
  ])('%j is refused, naming the key', (data, message) => {
    expect(() => parse(data)).toThrow(message)
  })

  it('the error names the fix', () => {
    try {
      parse({ needs: { aws: [{ actions: ['*'], resources: ['*'] }] } })
      expect.unreachable()
    } catch (error) {
      expect((error as { hint: string }).hint).toMatch(/Name the actions and resources/)
      expect((error as { exitCode: number }).exitCode).toBe(2)
    }
  })

  it('"resources": ["*"] with named actions is a note, not an error', () => {
    const config = parse({ needs: { aws: [{ actions: ['sts:GetCallerIdentity'], resources: ['*'] }] } })
    expect(config.needs?.notes).toEqual([expect.stringMatching(/"needs\.aws\[0\]\.resources" is "\*"/)])
  })

  it('an environment overrides "needs" and "isolate" as a whole', () => {
    const config = parse({
      needs: { role: 'arn:aws:iam::123456789012:role/dev', aws: [s3] },
      isolate: false,
      environments: { prod: { needs: { role: 'arn:aws:iam::123456789012:role/prod' }, isolate: true } },
    })
    const dev = resolveSettings({}, config, '/p')
    const prod = resolveSettings({ env: 'prod' }, config, '/p')
    expect(dev.needs?.role).toMatch(/role\/dev$/)
    expect(dev.isolate).toBe(false)
    expect(prod.needs).toEqual({ role: 'arn:aws:iam::123456789012:role/prod', notes: [] })
    expect(prod.isolate).toBe(true)
  })
})
