import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { B62, ruleIds } from '../../helpers/scan-values.js'

// A variable given as a key/value pair under the keys its format uses, a Rust constant with a
// reference type, csh's `setenv`, a Terraform variable's default. Values: SHA-256 in counter mode (uniform, the same on every run, no
// literal token in the file).
let counter = 0
const value = (length: number) => {
  let out = ''
  while (out.length < length)
    for (const byte of createHash('sha256').update(`pair-${counter++}`).digest())
      if (byte < 248 && out.length < length) out += B62[byte % 62]
  return out
}

describe('secrets in key/value pairs', () => {
  it.each([
    ['a Postman environment value', `{"key": "api_key", "value": "${value(32)}", "enabled": true}`],
    ['a Postman variable, YAML', `- key: auth_token\n  value: ${value(40)}`],
    ['a CloudFormation container variable', `{"Name": "DB_PASSWORD", "Value": "${value(20)}"}`],
    ['a CloudFormation tag-style pair', `{"Key": "ACME_CLIENT_SECRET", "Value": "${value(32)}"}`],
    ['a CloudFormation parameter file', `{"ParameterKey": "DbPassword", "ParameterValue": "${value(18)}"}`],
    ['AWS CLI parameter shorthand', `--parameters ParameterKey=ApiToken,ParameterValue=${value(32)}`],
    [
      'an Elastic Beanstalk option',
      `- namespace: aws:elasticbeanstalk:application:environment\n  option_name: STRIPE_SECRET\n  value: ${value(32)}`,
    ],
    ['a Rust constant', `const ACME_CLIENT_SECRET: &str = "${value(32)}";`],
    ['a csh setenv', `setenv ACME_CLIENT_SECRET ${value(32)}`],
    ['a Terraform variable default, one line', `variable "datadog_api_key" { default = "${value(32)}" }`],
    [
      'a Terraform variable default, a block',
      `variable "db_password" {\n  type      = string\n  sensitive = true\n  default   = "${value(14)}"\n}`,
    ],
    ['a Rust static', `static API_TOKEN: &'static str = "${value(32)}";`],
  ])('reports %s', (_label, text) => {
    expect(ruleIds(`${text}\n`).length).toBeGreaterThan(0)
  })

  it.each([
    ['a Postman header that is a reference', '{"key": "Authorization", "value": "Bearer {{access_token}}"}'],
    ['a Postman header name', '{"key": "Content-Type", "value": "application/json"}'],
    ['a resource tag', '{"Key": "Name", "Value": "prod-web-01"}'],
    ['a secret reference in a task definition', '{"Name": "DB_PASSWORD", "Value": "${DB_PASSWORD}"}'],
    [
      'a parameter that names a secret',
      '{"ParameterKey": "DbPasswordSecretName", "ParameterValue": "prod/db/password"}',
    ],
    [
      'a parameter read from SSM',
      '{"ParameterKey": "ApiToken", "ParameterValue": "{{resolve:ssm-secure:/prod/api-token}}"}',
    ],
    ['a secretKeyRef', 'valueFrom:\n  secretKeyRef: {name: api, key: token}'],
    ['a csh setenv of a reference', 'setenv API_TOKEN $VAULT_TOKEN'],
    [
      'a Terraform variable without a default',
      'variable "db_password" {\n  type      = string\n  sensitive = true\n}',
    ],
    [
      'a Terraform variable naming a secret',
      'variable "api_key_secret_name" {\n  default = "prod/payments/api-key"\n}',
    ],
    ['a Rust constant naming a header', 'const TOKEN_HEADER: &str = "x-api-token";'],
  ])('does not report %s', (_label, text) => {
    expect(ruleIds(`${text}\n`)).toEqual([])
  })
})

describe('secrets in collections named for them', () => {
  it.each([
    ['a YAML map of service credentials', `credentials:\n  username: deploy\n  acme: ${value(32)}`],
    [
      'a second entry after a short one',
      `secrets:\n  region: eu-west-1\n  stripe_live: ${value(40)}\n  acme: ${value(32)}`,
    ],
    ['a YAML list of API keys', `api_keys:\n  - ${value(40)}`],
    ['a JSON map', `{"credentials": {"acme": "${value(32)}"}}`],
    ['pretty-printed JSON', `{\n  "tokens": {\n    "acme": "${value(32)}"\n  }\n}`],
    ['a JSON array', `"tokens": ["${value(32)}", "${value(32)}"]`],
    ['a JS object literal', `const apiKeys = {\n  acme: "${value(32)}",\n}`],
    ['a Ruby hash', `API_KEYS = { "acme" => '${value(32)}' }`],
  ])('reports %s', (_label, text) => {
    expect(ruleIds(`${text}\n`).length).toBeGreaterThan(0)
  })

  it.each([
    [
      'a Kubernetes secret mount',
      'secrets:\n  enabled: true\n  name: app-secrets\n  mountPath: /run/secrets/app',
    ],
    ['identity entries', 'credentials:\n  username: svc_deploy\n  host: db.internal.example'],
    ['references', 'api_keys:\n  - ${ACME_API_KEY}\n  - ${OTHER_API_KEY}'],
    ['secret names', '{"secrets": ["DB_PASSWORD", "API_TOKEN"]}'],
    ['a tokenizer output', '"tokens": ["the", "quick", "brown", "jumped"]'],
    ['an LLM usage count', 'tokens:\n  prompt: 1024\n  completion: 512'],
    ['an entry past the end of the block', `secrets:\n  inherit: true\nother:\n  acme: ${value(32)}`],
    ['an entry of a nested block', `credentials:\n  acme:\n    region: eu-west-1\n    build: ${value(32)}`],
    [
      'a list of field names',
      'non_aggregate_keys = ["StreamDescription.StreamARN", "StreamDescription.KeyId"]',
    ],
    ['SES DKIM tokens (published in DNS)', `"DkimTokens": [\n  "${value(40).toLowerCase()}"\n]`],
    ['Object.keys of a map', `const keys = Object.keys({ acme: "${value(32)}" })`],
  ])('does not report %s', (_label, text) => {
    expect(ruleIds(`${text}\n`)).toEqual([])
  })
})
