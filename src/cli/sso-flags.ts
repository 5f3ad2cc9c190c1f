import { Flags } from '@oclif/core'

/** Flags shared by the SSO commands (login, logout, whoami, credentials). */
export const ssoFlags = {
  profile: Flags.string({
    description: 'AWS profile in ~/.aws/config (default: $AWS_PROFILE, else default)',
  }),
  'sso-start-url': Flags.string({
    description: 'Start URL for ad-hoc use without a profile',
    helpGroup: 'AD-HOC',
  }),
  'sso-region': Flags.string({
    description: 'IAM Identity Center region for ad-hoc use',
    helpGroup: 'AD-HOC',
  }),
  'account-id': Flags.string({ description: 'AWS account when the profile names none' }),
  'role-name': Flags.string({ description: 'Role (permission set) when the profile names none' }),
}

export { ssoInput } from './sso-input.js'
