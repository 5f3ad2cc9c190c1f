import { BaseCommand } from '../../cli/base-command.js'
import { appContext } from '../../cli/context.js'
import { printResult } from '../../cli/present.js'
import { devCaCertificate } from '../../core/imds/index.js'

export default class ImdsCert extends BaseCommand {
  static override summary = 'Print the PEM certificate that verifies the local instance identity signatures'
  static override description =
    'The local development CA (its key in the keychain) signs dynamic/instance-identity/{signature,pkcs7,rsa2048}. Created on first use.'
  static override examples = [
    '<%= config.bin %> imds cert > imds-dev-ca.pem',
    'openssl smime -verify -inform PEM -in pkcs7.pem -content document.json -certfile imds-dev-ca.pem -noverify',
  ]

  async run(): Promise<void> {
    await this.parse(ImdsCert)
    printResult(await devCaCertificate({ keychain: appContext().keychain }))
  }
}
