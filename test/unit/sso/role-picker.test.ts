import { search } from '@inquirer/prompts'
import { render } from '@inquirer/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  choiceLabel,
  filterChoices,
  listRoleChoices,
  throttleDelayMs,
} from '../../../src/core/sso/role-choice.js'
import { rolePickerConfig } from '../../../src/core/sso/role-picker.js'
import { sdkOidcClient } from '../../../src/core/sso/oidc-client.js'
import { sdkPortalClient } from '../../../src/core/sso/portal-client.js'
import {
  identityCenterEnv,
  startIdentityCenter,
  type IdentityCenter,
} from '../../fakes/identity-center/index.js'

const CHOICES = [
  { accountId: '111111111111', accountName: 'dev', roleName: 'Developer' },
  { accountId: '111111111111', accountName: 'dev', roleName: 'ReadOnly' },
  { accountId: '222222222222', accountName: 'staging', roleName: 'Developer' },
  { accountId: '333333333333', roleName: 'ReadOnly' },
]

describe('filterChoices / choiceLabel / throttleDelayMs', () => {
  it.each([
    ['', 4],
    ['dev', 3],
    ['staging dev', 1],
    ['READONLY', 2],
    ['3333', 1],
    ['nothing', 0],
  ])('%j matches %i', (term, n) => expect(filterChoices(CHOICES, term)).toHaveLength(n))
  it.each([
    [CHOICES[0]!, 'dev (111111111111) / Developer'],
    [CHOICES[3]!, '333333333333 / ReadOnly'],
  ])('labels %j', (choice, label) => expect(choiceLabel(choice)).toBe(label))
  it.each([
    [0, 250],
    [1, 500],
    [5, 8000],
    [10, 8000],
  ])('attempt %i waits %i ms', (attempt, ms) => expect(throttleDelayMs(attempt)).toBe(ms))
})

/** Waits (bounded) until the rendered screen satisfies `ok`. */
async function screenWhere(getScreen: () => string, ok: (screen: string) => boolean): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const screen = getScreen()
    if (ok(screen)) return screen
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`screen never matched:\n${getScreen()}`)
}

describe('the searchable role picker (@inquirer/testing)', () => {
  it('filters as the user types and returns the highlighted choice', async () => {
    const { answer, events, getScreen } = await render(search, rolePickerConfig(CHOICES))
    await screenWhere(getScreen, (s) => s.includes('dev (111111111111) / Developer'))
    events.type('staging')
    const screen = await screenWhere(getScreen, (s) => !s.includes('/ ReadOnly'))
    expect(screen).toContain('staging (222222222222) / Developer')
    events.keypress('enter')
    await expect(answer).resolves.toEqual(CHOICES[2])
  })

  it('moves with the arrow keys', async () => {
    const { answer, events, getScreen } = await render(search, rolePickerConfig(CHOICES))
    await screenWhere(getScreen, (s) => s.includes('333333333333 / ReadOnly'))
    events.keypress('down')
    events.keypress('enter')
    await expect(answer).resolves.toEqual(CHOICES[1])
  })
})

describe('listRoleChoices over the fake portal', () => {
  let ic: IdentityCenter
  let token: string
  beforeAll(async () => {
    ic = await startIdentityCenter({ enforceInterval: false, decision: 'approve' })
    const oidc = sdkOidcClient('us-east-1', identityCenterEnv(ic))
    const reg = await oidc.registerClient({
      clientName: 't',
      scopes: [],
      grantTypes: ['urn:ietf:params:oauth:grant-type:device_code'],
      issuerUrl: 'u',
    })
    const auth = await oidc.startDeviceAuthorization({ ...reg, startUrl: 'u' })
    token = (
      await oidc.createToken({
        ...reg,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode: auth.deviceCode,
      })
    ).accessToken
  })
  afterAll(() => ic.close())

  it('follows nextToken through pages of one item and backs off on TooManyRequestsException', async () => {
    const sleeps: number[] = []
    ic.throttle(3)
    const before = ic.requests.length
    const choices = await listRoleChoices(
      sdkPortalClient('us-east-1', identityCenterEnv(ic)),
      token,
      async (ms) => {
        sleeps.push(ms)
      },
    )
    expect(choices.map(choiceLabel)).toEqual([
      'dev (111111111111) / Developer',
      'dev (111111111111) / ReadOnly',
      'staging (222222222222) / Developer',
      'prod (333333333333) / ReadOnly',
    ])
    expect(sleeps).toEqual([250, 500, 1000])
    const calls = ic.requests.slice(before)
    expect(calls.filter((r) => r.status === 429)).toHaveLength(3)
    // 3 account pages + 2 + 1 + 1 role pages, each of one item.
    expect(calls.filter((r) => r.status === 200)).toHaveLength(7)
  })

  it('an invalid token is an AuthError', async () => {
    await expect(
      listRoleChoices(sdkPortalClient('us-east-1', identityCenterEnv(ic)), 'bogus', async () => undefined),
    ).rejects.toMatchObject({ exitCode: 3 })
  })
})
