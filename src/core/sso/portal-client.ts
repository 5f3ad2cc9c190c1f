import { lazyAwsClient } from '../../shared/aws-client.js'
import type { RoleCredentials } from './sso-session.js'

export interface AccountInfo {
  accountId: string
  accountName?: string
  emailAddress?: string
}

/** The IAM Identity Center portal calls (a port; tests use the fake service). */
export interface PortalClient {
  getRoleCredentials(input: {
    accessToken: string
    accountId: string
    roleName: string
  }): Promise<RoleCredentials>
  listAccounts(input: {
    accessToken: string
    nextToken?: string
  }): Promise<{ accounts: AccountInfo[]; nextToken?: string }>
  listAccountRoles(input: {
    accessToken: string
    accountId: string
    nextToken?: string
  }): Promise<{ roles: string[]; nextToken?: string }>
  logout(input: { accessToken: string }): Promise<void>
}

/**
 * The portal client for a region, over the real SDK. Retries are ours (listing backs off on
 * TooManyRequestsException with the injected sleep), so the SDK makes one attempt per call.
 */
export function sdkPortalClient(region: string, env: NodeJS.ProcessEnv): PortalClient {
  const get = lazyAwsClient('sso', { region }, { maxAttempts: 1, env })
  return {
    async getRoleCredentials(input) {
      const { sdk, client } = await get()
      const out = await client.send(new sdk.GetRoleCredentialsCommand(input))
      const c = out.roleCredentials
      return {
        accessKeyId: c?.accessKeyId ?? '',
        secretAccessKey: c?.secretAccessKey ?? '',
        sessionToken: c?.sessionToken ?? '',
        expiration: new Date(c?.expiration ?? 0).toISOString(),
      }
    },
    async listAccounts(input) {
      const { sdk, client } = await get()
      const out = await client.send(new sdk.ListAccountsCommand(input))
      return {
        accounts: (out.accountList ?? []).map((a) => ({
          accountId: a.accountId ?? '',
          ...(a.accountName ? { accountName: a.accountName } : {}),
          ...(a.emailAddress ? { emailAddress: a.emailAddress } : {}),
        })),
        ...(out.nextToken ? { nextToken: out.nextToken } : {}),
      }
    },
    async listAccountRoles(input) {
      const { sdk, client } = await get()
      const out = await client.send(new sdk.ListAccountRolesCommand(input))
      return {
        roles: (out.roleList ?? []).map((r) => r.roleName ?? '').filter(Boolean),
        ...(out.nextToken ? { nextToken: out.nextToken } : {}),
      }
    },
    async logout(input) {
      const { sdk, client } = await get()
      await client.send(new sdk.LogoutCommand(input))
    },
  }
}
