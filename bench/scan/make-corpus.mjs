// Seeded, labelled synthetic corpus: realistic code and config files with true secrets of
// every provider the scanner knows (in varied contexts) and hard negatives (placeholders,
// references, documented examples, UUIDs, SHAs, integrity hashes, base64 images, public keys).
//
// Usage: node bench/scan/make-corpus.mjs --seed 7 --files 5000 --kb 10 --out bench/.work/corpus-7
// Writes OUT/tree/** (the files) and OUT/labels.jsonl (one true secret per line:
// {path, line, rule}). Labels live outside the tree so scanners never read them.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { B62, B64, HEX, SAMPLES, rng } from './secret-samples.mjs'

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    files: { type: 'string', default: '1000' },
    kb: { type: 'string', default: '10' },
    out: { type: 'string' },
    'secret-rate': { type: 'string', default: '0.12' },
    'negative-rate': { type: 'string', default: '0.5' },
  },
})
const seed = Number(values.seed)
const fileCount = Number(values.files)
const targetBytes = Number(values.kb) * 1024
const out = values.out ?? `bench/.work/corpus-${seed}`
const r = rng(seed)

// Rules whose secret is only recognisable with a provider word or a structure around it:
// those keep the sample's own line. Everything else is embedded in file-typed contexts.
const OWN_LINE = new Set(
  Object.keys(SAMPLES).filter((id) => {
    const s = SAMPLES[id]
    const probe = s.make(rng(1))
    return s.line(probe) !== `client = Client(token="${probe}")`
  }),
)
const RULES = Object.keys(SAMPLES)

const WORDS =
  'user order invoice cart session account profile report metric event queue cache item price stock shipment customer payment address region cluster node task job worker build release'.split(
    ' ',
  )
const word = () => r.pick(WORDS)
const camel = () => word() + word().replace(/^./, (c) => c.toUpperCase())
const snake = () => `${word()}_${word()}`
const uuid = () => `${r.str(HEX, 8)}-${r.str(HEX, 4)}-4${r.str(HEX, 3)}-8${r.str(HEX, 3)}-${r.str(HEX, 12)}`

/** Filler lines per language: realistic shapes, no secrets. */
const FILLER = {
  ts: () =>
    r.pick([
      `import { ${camel()} } from './${word()}/${word()}.js'`,
      `export async function ${camel()}(${word()}: ${r.pick(['string', 'number', 'User'])}): Promise<void> {`,
      `  const ${camel()} = await this.${word()}Service.find${r.pick(['One', 'Many', 'ById'])}(${word()}Id)`,
      `  if (!${camel()}) throw new NotFoundError('${word()} not found')`,
      `  return ${word()}.map((x) => x.${word()} * ${r.int(2, 99)})`,
      `}`,
      `// ${r.pick(['TODO', 'NOTE', 'FIXME'])}: ${word()} ${word()} ${word()} before ${word()}`,
      `const ${camel()}Url = \`\${baseUrl}/api/v${r.int(1, 3)}/${word()}s/\${id}\``,
      `logger.info({ ${word()}Id, ${word()} }, '${word()} ${word()} processed')`,
      ``,
    ]),
  py: () =>
    r.pick([
      `from ${word()}.${word()} import ${camel()}`,
      `def ${snake()}(self, ${word()}_id: int) -> dict:`,
      `    ${snake()} = self.${word()}_repo.get(${word()}_id)`,
      `    if not ${snake()}:`,
      `        raise ValueError("${word()} is missing")`,
      `    return {"${word()}": ${word()}.${word()}, "count": len(${word()}s)}`,
      `# ${word()} ${word()} ${word()}`,
      `logger.debug("processing %s ${word()}", ${word()}_id)`,
      ``,
    ]),
  go: () =>
    r.pick([
      `func (s *${camel()}Service) ${camel()}(ctx context.Context, id string) error {`,
      `\t${camel()}, err := s.repo.Get${camel()}(ctx, id)`,
      `\tif err != nil {\n\t\treturn fmt.Errorf("get ${word()}: %w", err)\n\t}`,
      `\treturn nil\n}`,
      `// ${camel()} ${word()}s the ${word()}.`,
      ``,
    ]),
  yaml: () =>
    r.pick([
      `  ${word()}: ${r.pick(['true', 'false', r.int(1, 900), word()])}`,
      `    - name: ${word()}-${word()}`,
      `      image: registry.example.com/${word()}:${r.int(1, 9)}.${r.int(0, 20)}.${r.int(0, 9)}`,
      `      replicas: ${r.int(1, 6)}`,
      `  labels:\n    app: ${word()}`,
      `# ${word()} ${word()}`,
    ]),
  json: () =>
    r.pick([
      `  "${camel()}": "${word()}",`,
      `  "${camel()}": ${r.int(0, 9999)},`,
      `  "${camel()}": ${r.pick(['true', 'false', 'null'])},`,
    ]),
  env: () =>
    r.pick([
      `${snake().toUpperCase()}=${word()}`,
      `${snake().toUpperCase()}=${r.int(1, 65535)}`,
      `# ${word()} settings`,
      `LOG_LEVEL=${r.pick(['debug', 'info'])}`,
    ]),
  md: () =>
    r.pick([
      `## ${camel()}`,
      `The ${word()} ${word()} handles ${word()}s for each ${word()}.`,
      `- \`${word()}\`: the ${word()} ${word()}`,
      '```sh',
      `npm run ${word()}`,
      '```',
      ``,
    ]),
  tf: () =>
    r.pick([
      `resource "aws_${word()}" "${word()}" {`,
      `  name = "${word()}-${word()}"`,
      `  count = ${r.int(1, 4)}`,
      `}`,
      `variable "${snake()}" {\n  type = string\n}`,
    ]),
  sh: () =>
    r.pick([
      `echo "${word()} ${word()}"`,
      `cd "$(dirname "$0")/.."`,
      `${word()}_dir=$(mktemp -d)`,
      `if [ -z "\${${snake().toUpperCase()}:-}" ]; then exit 1; fi`,
    ]),
}
const EXT = {
  ts: 'ts',
  py: 'py',
  go: 'go',
  yaml: 'yaml',
  json: 'json',
  env: 'env',
  md: 'md',
  tf: 'tf',
  sh: 'sh',
}

/** Places a self-identifying token in a line typical of the file type. */
function embed(kind, secret) {
  const name = r.pick([
    'api_key',
    'token',
    'client_secret',
    'auth',
    'value',
    'credentials',
    'key',
    'config_value',
    'access_token',
  ])
  switch (kind) {
    case 'ts':
      return r.pick([
        `const ${camel()} = "${secret}"`,
        `  ${name}: '${secret}',`,
        `headers.set('X-Api-Key', '${secret}')`,
        `fetch(url, { headers: { Authorization: \`token ${secret}\` } })`,
      ])
    case 'py':
      return r.pick([
        `${name.toUpperCase()} = "${secret}"`,
        `client = Client(api_key='${secret}')`,
        `    "${name}": "${secret}",`,
      ])
    case 'go':
      return r.pick([`\tconst ${camel()} = "${secret}"`, `\tclient := NewClient("${secret}")`])
    case 'yaml':
      return r.pick([`  ${name}: ${secret}`, `  ${name}: "${secret}"`, `      value: ${secret}`])
    case 'json':
      return `  "${camel()}": "${secret}",`
    case 'env':
      return `${snake().toUpperCase()}_${r.pick(['TOKEN', 'KEY', 'SECRET', 'CREDENTIAL'])}=${secret}`
    case 'md':
      return r.pick([`curl -H "X-Token: ${secret}" https://api.example.com`, `Use \`${secret}\` as the key.`])
    case 'tf':
      return `  ${name} = "${secret}"`
    default:
      return `export ${snake().toUpperCase()}_TOKEN="${secret}"`
  }
}

const PASSWORD_WORDS = ['Summer', 'Winter', 'Dragon', 'Falcon', 'Rocket', 'Maple', 'Harbor', 'Cobalt']
/** Generic secrets: human passwords and random API secrets under secret-like names. */
function genericSecret(kind) {
  const human = r.next() < 0.4
  const value = human
    ? `${r.pick(PASSWORD_WORDS)}${r.pick(PASSWORD_WORDS).toLowerCase()}${r.int(10, 9999)}${r.pick(['!', '#', '$', '%', '@'])}`
    : r.str(B62 + (r.next() < 0.3 ? '+/=' : ''), r.int(20, 48))
  const name = human
    ? r.pick([
        'password',
        'db_password',
        'DB_PASS',
        'adminPassword',
        'smtp_password',
        'passwd',
        'PGPASSWORD',
        'mysql_root_password',
        'auth_pass',
        'db_pwd',
      ])
    : r.pick([
        'api_secret',
        'secret_key',
        'auth_token',
        'apiKey',
        'client_secret',
        'SECRET_KEY_BASE',
        'signing_key',
        'webhook_secret',
        'access_token',
        'jwt_secret',
        'hmacKey',
        'encryption_key',
        'DJANGO_SECRET_KEY',
        'private_token',
      ])
  switch (kind) {
    case 'ts':
      return [`const ${name} = '${value}'`, value]
    case 'py':
      return [`${name} = "${value}"`, value]
    case 'go':
      return [`\t${name} := "${value}"`, value]
    case 'yaml':
      return [`  ${name}: ${value}`, value]
    case 'json':
      return [`  "${name}": "${value}",`, value]
    case 'env':
      return [`${name.toUpperCase()}=${value}`, value]
    case 'tf':
      return [`  ${name} = "${value}"`, value]
    case 'sh':
      return [`export ${name.toUpperCase()}='${value}'`, value]
    default:
      return [`- ${name}: \`${value}\``, value]
  }
}

/** Hard negatives: look like secrets, are not. */
function negative() {
  const fakeOf = () => SAMPLES[r.pick(RULES)].fake
  return r.pick([
    fakeOf,
    fakeOf,
    fakeOf,
    () => `request_id = "${uuid()}"`,
    () => `  "correlationToken": "${uuid()}",`,
    () => `commit_sha: ${r.str(HEX, 40)}`,
    () =>
      `  "resolved": "https://registry.npmjs.org/${word()}/-/${word()}-1.0.${r.int(0, 9)}.tgz",\n  "integrity": "sha512-${r.str(B64, 86)}=="`,
    () => `background: url("data:image/png;base64,${r.str(B64, r.int(200, 1500))}");`,
    () => `password = os.environ["${snake().toUpperCase()}_PASSWORD"]`,
    () => `const apiKey = process.env.${snake().toUpperCase()}_API_KEY`,
    () => `  token: \${{ secrets.${snake().toUpperCase()}_TOKEN }}`,
    () => `  password: "{{ vault_${snake()}_password }}"`,
    () => `AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE`,
    () => `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
    () => `token_url = "https://auth.example.com/oauth/token"`,
    () => `password_min_length = ${r.int(8, 16)}`,
    () => `secret_name = "prod/${word()}/${word()}"`,
    () => `max_tokens = ${r.int(256, 8192)}`,
    () => `DB_PASSWORD=changeme`,
    () => `api_key: <your-api-key-here>`,
    () => `API_TOKEN=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
    () => `-----BEGIN PUBLIC KEY-----\n${r.str(B64, 64)}\n${r.str(B64, 64)}\n-----END PUBLIC KEY-----`,
    () => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.str(B64, 43)} ${word()}@example.com`,
    () => `etag = "${r.str(HEX, 32)}"`,
    () => `checksum: sha256:${r.str(HEX, 64)}`,
    () => `cache_key = "${word()}:${r.int(1, 999)}:${word()}"`,
    () => `password = get_secret("${word()}-db-password")`,
    () => `const token = await ${word()}Client.getToken()`,
    () => `DATABASE_URL=postgres://postgres:postgres@localhost:5432/${word()}`,
    () => `git_rev = "${r.str(HEX, 40)}"  # pinned`,
    () => `"version": "${r.int(1, 9)}.${r.int(0, 30)}.${r.int(0, 9)}",`,
    () => `      image: registry.example.com/${word()}@sha256:${r.str(HEX, 64)}`,
    () => `    caBundle: ${Buffer.from(r.str(B64, 600)).toString('base64')}`,
    () =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${word()}\ndata:\n  ${word()}: ${r.str(B64, 40)}`,
    () => `  "hash": "${r.str(B64, 43)}=",`,
    () => `nonce = "${r.str(HEX, 32)}"`,
    () => `role_arn = "arn:aws:iam::${r.str('0123456789', 12)}:role/${word()}"`,
    () => `exports[\`${word()} snapshot 1\`] = \`"${r.str(B62, 40)}"\``,
    () => `publishableKey: "pk_live_${r.str(B62, 24)}"`,
    () => `  "password": "",`,
    () =>
      `password: ENC[AES256_GCM,data:${r.str(B64, 24)},iv:${r.str(B64, 43)}=,tag:${r.str(B64, 22)}==,type:str]`,
    () => `token: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  ${r.str(HEX, 80)}\n  ${r.str(HEX, 80)}`,
    () => `var a=${r.str('abcdefghijklmnopqrstuvwxyz', 1)}(${r.str(B62, 30)}),b="${r.str(B62, 48)}";`,
    () => `session_id = "${r.str(HEX, 32)}"`,
    () => `const idempotencyKey = uuidv4() // e.g. ${uuid()}`,
  ])()
}

rmSync(out, { recursive: true, force: true })
const labels = []
const kinds = Object.keys(FILLER)
let totalBytes = 0
for (let i = 0; i < fileCount; i++) {
  const kind = r.pick(kinds)
  const dir = `${r.pick(['src', 'services', 'deploy', 'config', 'docs', 'scripts', 'lib'])}/${word()}${i % 50}`
  const path = kind === 'env' ? `${dir}/${word()}-${i}.env` : `${dir}/${word()}_${i}.${EXT[kind]}`
  const lines = []
  const size = Math.max(200, Math.round(targetBytes * (0.3 + r.next() * 1.4)))
  let bytes = 0
  const push = (text) => {
    lines.push(text)
    bytes += text.length + 1
  }
  const secretAt =
    r.next() < Number(values['secret-rate']) ? r.int(0, Math.max(0, Math.floor(size / 60))) : -1
  const negativeAt =
    r.next() < Number(values['negative-rate']) ? r.int(0, Math.max(0, Math.floor(size / 60))) : -1
  let n = 0
  while (bytes < size || n <= Math.max(secretAt, negativeAt)) {
    if (n === secretAt) {
      const line = lines.join('\n').split('\n').length + (lines.length === 0 ? 0 : 0)
      if (r.next() < 0.25) {
        const [text] = genericSecret(kind)
        labels.push({ path, line: lines.length === 0 ? 1 : line + 1, rule: 'generic' })
        push(text)
      } else {
        const rule = r.pick(RULES.filter((id) => !id.startsWith('generic-')))
        const secret = SAMPLES[rule].make(r)
        const text = OWN_LINE.has(rule) ? SAMPLES[rule].line(secret) : embed(kind, secret)
        const offset = text.split('\n').findIndex((l) => l.includes(secret.split('\n')[0]))
        labels.push({ path, line: (lines.length === 0 ? 1 : line + 1) + Math.max(0, offset), rule })
        push(text)
      }
    } else if (n === negativeAt) {
      push(negative())
    } else {
      push(FILLER[kind]())
    }
    n++
  }
  const abs = join(out, 'tree', path)
  mkdirSync(dirname(abs), { recursive: true })
  const text = `${lines.join('\n')}\n`
  writeFileSync(abs, text)
  totalBytes += Buffer.byteLength(text)
}
writeFileSync(join(out, 'labels.jsonl'), labels.map((l) => JSON.stringify(l)).join('\n') + '\n')
console.error(
  `corpus seed=${seed}: ${fileCount} files, ${(totalBytes / 1e6).toFixed(1)} MB, ${labels.length} labelled secrets → ${out}`,
)
