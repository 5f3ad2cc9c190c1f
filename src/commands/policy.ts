import { BaseCommand } from '../cli/base-command.js'
import { appContext, resolveInvocation } from '../cli/context.js'
import { policyFlags, settingFlags } from '../cli/flags.js'
import { humanOutput, printJson, printResult } from '../cli/present.js'
import { osUser } from '../cli/run-needs.js'
import { resolveAwsContext } from '../core/identity/index.js'
import { explainScope, productionPolicy, scopeExplanationText } from '../core/needs/index.js'

export default class Policy extends BaseCommand {
  static override summary = "Print the IAM policy the project's app needs in production"
  static override description =
    'Read access to exactly the parameters under "paths" and the env files\' ssm: references, the KMS decrypt they need, and "needs.aws" from .secretsrc.json: the same declaration `run --imds` scopes the laptop with. Attach it to the app\'s production role.'
  static override examples = [
    '<%= config.bin %> policy --account-id 123456789012 --region eu-west-1 > policy.json',
    '<%= config.bin %> policy --env prod --json',
    '<%= config.bin %> policy --explain',
  ]
  static override flags = policyFlags

  async run(): Promise<void> {
    const { flags } = await this.parse(Policy)
    const ctx = appContext()
    const { settings, config, aws } = await resolveInvocation(ctx, settingFlags(flags))
    const region = flags.region ?? settings.region ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION
    if (flags.explain) {
      const explained = await explainScope(
        {
          settings,
          ...(flags['role-arn'] ? { roleArn: flags['role-arn'] } : {}),
          ...(config ? { projectDir: config.dir } : {}),
          user: osUser(ctx.env),
        },
        region ?? 'us-east-1',
      )
      return flags.json ? printJson(explained) : printResult(scopeExplanationText(explained))
    }
    const policy = await productionPolicy(
      {
        settings,
        ...(region ? { region } : {}),
        ...(flags['account-id'] ? { accountId: flags['account-id'] } : {}),
      },
      { env: ctx.env, awsContext: () => resolveAwsContext(aws, { env: ctx.env, keychain: ctx.keychain }) },
    )
    if (flags.json) return printJson(policy)
    for (const note of policy.notes) humanOutput().notice(`note: ${note}`)
    printResult(JSON.stringify(policy.document, null, 2))
  }
}
