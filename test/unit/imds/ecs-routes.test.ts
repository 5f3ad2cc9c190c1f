import { describe, expect, it } from 'vitest'
import { compileEcs, routeEcs } from '../../../src/core/imds/ecs-routes.js'
import { snapshot } from './fixtures.js'

const TOKEN = 'per-run-token-abc'
const snap = compileEcs(snapshot())

describe('routeEcs', () => {
  it.each([
    ['right token', 'GET', '/credentials', TOKEN, 200],
    ['no Authorization', 'GET', '/credentials', undefined, 401],
    ['wrong token', 'GET', '/credentials', 'per-run-token-abd', 401],
    ['token prefix', 'GET', '/credentials', 'per-run', 401],
    ['Bearer-prefixed token', 'GET', '/credentials', `Bearer ${TOKEN}`, 401],
    ['wrong token on an unknown path', 'GET', '/other', 'x', 401],
    ['right token, unknown path', 'GET', '/other', TOKEN, 404],
    ['right token, POST', 'POST', '/credentials', TOKEN, 405],
  ])('%s → %d', (_name, method, path, authorization, status) => {
    const res = routeEcs(
      { method, path, headers: authorization === undefined ? {} : { authorization } },
      snap,
      TOKEN,
    )
    expect(res.status).toBe(status)
    if (status !== 200) expect(res.body).not.toContain('unit-secret-access-key')
  })

  it('answers the container credentials shape', () => {
    const res = routeEcs(
      { method: 'GET', path: '/credentials', headers: { authorization: TOKEN } },
      snap,
      TOKEN,
    )
    expect(JSON.parse(res.body)).toEqual({
      AccessKeyId: 'ASIAUNITTESTKEY00001',
      SecretAccessKey: 'unit-secret-access-key',
      Token: 'unit-session-token',
      Expiration: '2026-01-02T04:04:05Z',
      RoleArn: 'arn:aws:iam::123456789012:role/app-role',
      AccountId: '123456789012',
    })
  })
})
