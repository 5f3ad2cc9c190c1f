import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ruleIds, seededRandom } from '../../helpers/scan-values.js'
import { isGenericSecret } from '../../../src/core/scan/engine/index.js'
import { looksGenerated, randomness } from '../../../src/core/scan/engine/randomness.js'
import { isLiveJwt } from '../../../src/core/scan/engine/rules/rule-builders.js'
import { withTokenChecksum } from '../../../src/core/scan/engine/checksum.js'

// Issue 22: conventions every scanner should know (framework variables, percent-encoded
// tokens, short generated tokens, JWT expiry) and the generic detector's randomness measure.
// Values are generated at run time so the repository's self-scan sees no literal token here.

const ids = ruleIds
const random = seededRandom(7)
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
const jwt = (payload: object, alg = 'HS256') =>
  `${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}.${randomBytes(32).toString('base64url')}`

describe('randomness: generated strings versus words and identifiers', () => {
  it.each([random(12), random(20), random(32, '0123456789abcdef'), random(40)])('generated: %s', (value) => {
    expect(looksGenerated(value)).toBe(true)
  })
  it.each([
    'ProductionDatabase',
    'mySecretValue2',
    'release-2024-01-15',
    'applicationToken1',
    'Sunflower1987',
  ])('not generated: %s', (value) => {
    expect(looksGenerated(value)).toBe(false)
  })
  it('measures class changes and word runs', () => {
    expect(randomness('aaaa').transitions).toBe(0)
    expect(randomness('a1B2c3').transitions).toBe(1)
    expect(randomness('Production').wordiness).toBe(1)
  })
})

describe('generic detector conventions', () => {
  const cases: [string, string, boolean][] = [
    // Framework prefixes that ship to the client stay quiet; server-side ones are reported.
    ['NEXT_PUBLIC_API_TOKEN', random(24), false],
    ['PUBLIC_SUPABASE_KEY', random(32), false],
    ['EXPO_PUBLIC_API_KEY', random(32), false],
    ['REACT_APP_API_SECRET', random(24), true],
    ['VITE_STRIPE_TOKEN', random(24), true],
    ['SPRING_DATASOURCE_PASSWORD', random(12), true],
    // Short generated tokens count when quoted; short words and identifiers do not.
    ['token', `'${random(12)}'`, true],
    ['token', "'helloWorld'", false],
    ['token', "'release_candidate'", false],
    // A percent-encoded token is judged decoded.
    ['bearer_token', `'${random(30)}%2B${random(20)}%3D%3D'`, true],
    ['token', "'hello%20world%20again'", false],
    // `@ $ ! |` are in no encoding's alphabet: only known separated shapes, or passwords.
    ['api_token', `'${random(20)}@${random(12)}'`, false],
    ['api_token', `'${random(20)}$${random(12)}'`, false],
    ['api_token', `'42|${random(40)}'`, true],
    ['access_token', `'${random(15)}!${random(60)}'`, true],
    ['db_password', `'${random(10)}@${random(4)}'`, true],
  ]
  it.each(cases)('%s = %s → %s', (name, value, expected) => {
    expect(isGenericSecret(name, value, { path: '.env' })).toBe(expected)
  })
})

describe('JWT: signed and unexpired only', () => {
  const now = Date.UTC(2026, 0, 1)
  it.each([
    [jwt({ sub: '1', iat: 1_700_000_000 }), true],
    [jwt({ sub: '1', exp: now / 1000 + 3600 }), true],
    [jwt({ sub: '1', exp: now / 1000 - 3600 }), false],
    [jwt({ sub: '1' }, 'none'), false],
    [`${b64url({ alg: 'HS256' })}.${b64url({ sub: '1' })}.`, false],
  ])('%s → %s', (token, live) => {
    expect(isLiveJwt(token, now)).toBe(live)
  })

  it('the jwt rule reports a live token and skips an expired one', () => {
    expect(ids(`client = Client(token="${jwt({ sub: '1', exp: Date.now() / 1000 + 3600 })}")`)).toEqual([
      'jwt',
    ])
    expect(ids(`client = Client(token="${jwt({ sub: '1', exp: 1_416_239_122 })}")`)).toEqual([])
  })
})

describe('URL credentials of any scheme', () => {
  const pw = random(14)
  it.each([
    [`smtp://mailer:${pw}@smtp.example.org:587`, 'url-credentials'],
    [`ldaps://binder:${pw}@ldap.example.org:636`, 'url-credentials'],
    [`redis://:${pw}@cache.example.org:6379/0`, 'url-credentials'],
    [`couchbases://app:${pw}@cb.example.net`, 'url-credentials'],
    [`postgres://app:${pw}@db.example.org/app`, 'database-url-password'],
  ])('%s → %s', (line, rule) => {
    expect(ids(line)).toEqual([rule])
  })
  it.each([
    'smtp://mailer:${SMTP_PASSWORD}@smtp.example.org',
    'smtp://mailer:%SMTP_PASSWORD%@smtp.example.org',
    'smtp://mailer:$SMTP_PASSWORD@smtp.example.org',
    'smtp://mailer:<password>@smtp.example.org',
    'amqp://guest:guest@localhost:5672',
    'ldap://admin:changeme@ldap.example.org',
    'http://jschmoe:xyzzy@www.example.net:8000/foo/bar.tml',
    'dotenv://:key_1234@dotenvx.example.org/vault/.env.vault?environment=prod',
    'https://user:P@ssw0rd@git.example.org/repo.git',
    'smtp://mailer:key_1…@smtp.example.org',
  ])('placeholder: %s', (line) => {
    expect(ids(line)).toEqual([])
  })
})

describe('Oracle connect strings: user/password@connect_identifier', () => {
  const pw = random(10)
  it.each([
    `url = "jdbc:oracle:thin:app_user/${pw}@//db.example.org:1521/ORCLPDB1"`,
    `jdbc.url=jdbc:oracle:thin:app_user/${pw}@db.example.org:1521:ORCL`,
    `sqlplus -S app_user/${pw}@ORCLPDB1 @migrate.sql`,
  ])('%s → database-url-password', (line) => {
    expect(ids(line)).toEqual(['database-url-password'])
  })
  it.each([
    'jdbc:oracle:thin:scott/tiger@localhost:1521:orcl',
    'jdbc:oracle:thin:@//db.example.org:1521/ORCL',
    'sqlplus / as sysdba',
    'sqlplus app_user@ORCLPDB1',
  ])('not a credential: %s', (line) => {
    expect(ids(line)).toEqual([])
  })
})

describe('http(s) URL credentials: short passwords, loopback and single-label hosts', () => {
  it.each([
    `http://admin:${random(3)}7a@localhost:8080/manage`,
    `https://ci:${random(4)}7a@127.0.0.1/job`,
    `http://svc:${random(6)}7a@[::1]:9000`,
    `git clone https://deploy:${random(5)}7a@gitserver/repo.git`,
    `proxy = "http://first.last:${random(2)}7a%21@proxy.corp.example:3128"`,
  ])('%s → url-basic-auth', (line) => {
    expect(ids(line)).toEqual(['url-basic-auth'])
  })
  it.each([
    'http://user:password@localhost:8080',
    'http://admin:changeme@localhost',
    'https://user:${GIT_TOKEN}@localhost/repo.git',
    'https://user:%GIT_TOKEN%@localhost/repo.git',
    'https://user:$GIT_TOKEN@localhost/repo.git',
    'https://user:<password>@localhost/repo.git',
    'http://root:root@127.0.0.1:3306',
    'http://registry.example.org:5000@sha256',
    'https://user:abc@localhost',
  ])('not a credential: %s', (line) => {
    expect(ids(line)).toEqual([])
  })
})

describe('cli-password-argument: the documented password options of command-line tools', () => {
  const pw = random(11)
  it.each([
    `ldapsearch -x -H ldaps://ldap.example.org -D "cn=admin,dc=example,dc=org" -w ${pw} -b dc=example,dc=org`,
    `ldapmodify -x -D cn=Manager,dc=example,dc=org -w '${pw}' -f change.ldif`,
    `ldappasswd -x -D cn=admin,dc=example,dc=org -w${pw} uid=jo,ou=people,dc=example,dc=org`,
    `redis-cli -h cache.internal -a ${pw} ping`,
    `redis-cli --pass ${pw} -h cache.internal info`,
    `mongosh "mongodb+srv://cluster0.example.net/app" -u app -p ${pw}`,
    `mongodump --host db01 -u backup -p ${pw} --out /backups`,
    `sqlcmd -S db01 -U sa -P '${pw}' -Q "select 1"`,
    `bcp dbo.orders out orders.dat -S db01 -U loader -P ${pw} -c`,
    `mosquitto_pub -h broker -p 1883 -u sensor -P ${pw} -t temp -m 21`,
    `ipmitool -I lanplus -H 10.0.0.5 -U ADMIN -P ${pw} chassis status`,
    `xfreerdp /v:host.example.org /u:ops /p:${pw}`,
    `smbclient //fs01/share -U backup%${pw} -c ls`,
    `keytool -genkeypair -alias app -keystore app.jks -storepass ${pw}`,
    `jarsigner -keystore release.jks -keypass ${pw} app.jar release`,
    `openssl pkcs12 -export -in c.pem -inkey k.pem -out c.p12 -passout pass:${pw}`,
    `apksigner sign --ks release.jks --ks-pass pass:${pw} app.apk`,
    `htpasswd -bc /etc/nginx/.htpasswd admin ${pw}`,
    `htpasswd -nb deploy ${pw}`,
    `sshpass -p ${pw} ssh deploy@build.example.org`,
  ])('%s', (line) => {
    expect(ids(line, 'deploy.sh')).toEqual(['cli-password-argument'])
  })
  it.each([
    'ldapadd -x -D "cn=admin,dc=example,dc=com" -W -f users.ldif',
    'ldapsearch -x -D cn=admin,dc=example,dc=com -w $LDAP_PASSWORD -b dc=example,dc=com',
    'ldapsearch -x -D cn=admin,dc=example,dc=com -y /run/secrets/ldap -b dc=example,dc=com',
    'redis-cli -h cache.internal -p 6379 ping',
    'mosquitto_pub -h broker -p 1883 -t temp -m 21',
    'ipmitool -I lanplus -H 10.0.0.5 -p 623 -U ADMIN chassis status',
    'sqlcmd -S db01 -E -p -Q "select 1"',
    'keytool -importcert -keystore cacerts -storepass changeit -file ca.crt',
    'keytool -list -keystore app.jks -storepass:env STORE_PASS',
    'keytool -list -keystore debug.keystore -storepass android',
    'openssl rsa -in k.pem -passin env:KEY_PASS',
    'openssl rsa -in k.pem -passin pass:${KEY_PASS}',
    'htpasswd -c /etc/nginx/.htpasswd admin',
    'htpasswd -B /etc/nginx/.htpasswd admin',
    'mysql -u root -p -h db.example.org app',
  ])('not a credential: %s', (line) => {
    expect(ids(line, 'deploy.sh')).toEqual([])
  })
})

describe('cli-password-argument: positional passwords (net use, rabbitmqctl)', () => {
  const pw = random(10)
  it.each([
    `net use Z: \\\\fs01.example.org\\share ${pw} /user:CORP\\svc_backup`,
    `NET USE \\\\10.0.0.4\\c$ ${pw} /USER:Administrator`,
    `rabbitmqctl add_user app_user ${pw}`,
    `rabbitmqctl change_password app_user '${pw}'`,
  ])('%s', (line) => {
    expect(ids(line, 'setup.bat')).toEqual(['cli-password-argument'])
  })
  it.each([
    'net use \\\\fs01\\share /user:CORP\\svc_backup',
    'net use \\\\fs01\\share * /user:CORP\\svc_backup',
    'net use \\\\fs01\\share /persistent:yes',
    'rabbitmqctl add_user app_user guest',
    'rabbitmqctl list_users',
  ])('not a credential: %s', (line) => {
    expect(ids(line, 'setup.bat')).toEqual([])
  })
})

describe('package-manager credentials', () => {
  const pw = random(16)
  it.each([
    [`  npmAuthIdent: "deploy:${pw}"`, 'registry-config-credential'],
    [`  npmAuthIdent: ${Buffer.from(`deploy:${pw}`).toString('base64')}`, 'registry-config-credential'],
    [
      `BUNDLE_GEMS__CONTRIBSYS__COM: "${random(8, '0123456789abcdef')}:${random(8, '0123456789abcdef')}"`,
      'registry-config-credential',
    ],
    [`export BUNDLE_RUBYGEMS__PKG__GITHUB__COM=deploy:${pw}`, 'registry-config-credential'],
    [`poetry config http-basic.private deploy ${pw}`, 'cli-password-argument'],
    [`poetry config pypi-token.private ${pw}`, 'cli-password-argument'],
    [`composer config --global http-basic.repo.example.org deploy ${pw}`, 'cli-password-argument'],
    [`composer config --global github-oauth.github.com ${pw}`, 'cli-password-argument'],
    [
      `dotnet nuget add source https://nuget.example.org/v3/index.json -n corp -u deploy -p ${pw}`,
      'cli-password-argument',
    ],
  ])('%s → %s', (line, rule) => {
    expect(ids(line, 'setup.sh')).toEqual([rule])
  })
  it.each([
    'BUNDLE_BUILD__NOKOGIRI="--use-system-libraries"',
    'BUNDLE_MIRROR__HTTPS://RUBYGEMS__ORG/: "https://gems.example.org"',
    'BUNDLE_GEMS__EXAMPLE__ORG="${GEM_USER}:${GEM_PASS}"',
    'BUNDLE_GITHUB__COM=x-access-token:$GITHUB_TOKEN',
    'npmAuthIdent: "${NPM_AUTH_IDENT}"',
    'poetry config http-basic.private deploy "$POETRY_PASSWORD"',
    'dotnet nuget add source https://nuget.example.org/v3/index.json -u deploy -p %NUGET_PASS%',
  ])('not a credential: %s', (line) => {
    expect(ids(line, 'setup.sh')).toEqual([])
  })
})

describe('config-directive-password: directives whose argument is the password', () => {
  const pw = random(14)
  it.each([
    `requirepass ${pw}`,
    `masterauth ${pw}`,
    `rootpw ${pw}`,
    `olcRootPW: ${pw}`,
    `bindpw ${pw}`,
    `  psk="${pw}"`,
    `wpa_passphrase=${pw}`,
    `username admin privilege 15 password 7 ${random(18, '0123456789ABCDEF')}`,
    `username ops secret 0 ${pw}`,
    `enable password ${pw}`,
    `[smtp.example.org]:587 relay@example.org:${pw}`,
  ])('%s', (line) => {
    expect(ids(line, 'server.conf')).toEqual(['config-directive-password'])
  })
  it.each([
    '# requirepass foobared',
    'requirepass foobared',
    'requirepass ${REDIS_PASSWORD}',
    'username admin secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0',
    'psk=${WIFI_PSK}',
    'bindpw secret',
  ])('not a credential: %s', (line) => {
    expect(ids(line, 'server.conf')).toEqual([])
  })
})

describe('cli-password-argument: az login and echo … | login --password-stdin', () => {
  const pw = random(12)
  it.each([
    `az login -u admin@corp.example.org -p ${pw}`,
    `echo "${pw}" | docker login -u deploy --password-stdin registry.example.org`,
    `echo '${pw}' | helm registry login registry.example.org -u ci --password-stdin`,
  ])('%s', (line) => {
    expect(ids(line, 'ci.sh')).toEqual(['cli-password-argument'])
  })
  it.each([
    'az login --service-principal -u 0f1e2d3c -p ~/certs/sp.pem --tenant corp',
    'az login --service-principal -u 0f1e2d3c -p sp-cert.pem --tenant corp',
    'echo "$REGISTRY_PASSWORD" | docker login -u deploy --password-stdin',
    'echo LITERAL | docker login -u deploy --password-stdin',
    'ldapsearch -x -D cn=admin,dc=example,dc=org -w BIND_PASSWORD -b dc=example,dc=org',
    `echo "${pw}"`,
  ])('not a credential: %s', (line) => {
    expect(ids(line, 'ci.sh')).toEqual([])
  })
})

describe('credential-api-literal: a literal in the password position of a credential API', () => {
  const pw = `${random(6)}!${random(5)}`
  it.each([
    `var cred = new NetworkCredential("svc_report", "${pw}");`,
    `return new PasswordAuthentication("mailer", "${pw}".toCharArray());`,
    `creds = new UsernamePasswordCredentials("deploy", "${pw}");`,
    `r = requests.get(url, auth=HTTPBasicAuth('api', '${pw}'))`,
    `r = requests.get(url, auth=('api', '${pw}'))`,
    `server.login("alerts@example.org", "${pw}")`,
    `req.SetBasicAuth("admin", "${pw}")`,
    `req.basic_auth 'ci', '${pw}'`,
    `curl_setopt($ch, CURLOPT_USERPWD, "api:${pw}");`,
    `$pw = ConvertTo-SecureString "${pw}" -AsPlainText -Force`,
    `$pw = ConvertTo-SecureString -AsPlainText -Force -String '${pw}'`,
  ])('%s', (line) => {
    expect(ids(line, 'client.code')).toEqual(['credential-api-literal'])
  })
  it.each([
    'var cred = new NetworkCredential(user, password);',
    'var cred = new NetworkCredential("svc_report", password);',
    'r = requests.get(url, auth=(user, pw))',
    'server.login(os.environ["SMTP_USER"], os.environ["SMTP_PASS"])',
    'curl_setopt($ch, CURLOPT_USERPWD, "$user:$pass");',
    '$pw = ConvertTo-SecureString "$env:ADMIN_PASSWORD" -AsPlainText -Force',
    '$pw = ConvertTo-SecureString "01000000d08c9ddf0115d1118c7a00c04fc297eb" -Key $key',
    "cy.login('admin', 'password')",
    "client.login('alice', 'P@ssw0rd')",
  ])('not a credential: %s', (line) => {
    expect(ids(line, 'client.code')).toEqual([])
  })
})

describe('a token right after an escape starts at that escape', () => {
  const ghp = withTokenChecksum('ghp_', random(30))
  const npm = withTokenChecksum('npm_', random(30))
  it.each([
    [`{"log": "export GITHUB_TOKEN=\\n${ghp}\\n"}`, 'github-pat'],
    [`{"body": "{\\u0022token\\u0022: \\u0022${ghp}\\u0022}"}`, 'github-pat'],
    [`payload=%7B%22token%22%3A%22${ghp}%22%7D`, 'github-pat'],
    [`"source": ["//registry.npmjs.org/:_authToken=\\t${npm}\\n"]`, 'npm-access-token'],
  ])('%s → %s', (line, rule) => {
    expect(ids(line, 'log.json')).toEqual([rule])
  })
  it('a prefix inside a longer word is not a token start', () => {
    expect(ids(`id = "x${ghp}"`)).toEqual([])
  })
})

describe('AWS session tokens', () => {
  it('reports an STS session token with the runs of `/` real tokens carry', () => {
    const value = `IQoJb3JpZ2luX2Vj${random(40)}//////////${random(120)}`
    expect(ids(`aws_session_token = ${value}`)).toEqual(['aws-session-token'])
  })
})

describe('htpasswd lines written by a script', () => {
  const htRandom = seededRandom(67)
  const crypt = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
  const apr1 = () => `$apr1$${htRandom(8, crypt)}$${htRandom(22, crypt)}`
  it.each([
    () => `RUN echo 'admin:${apr1()}' > /etc/nginx/.htpasswd`,
    () => `printf "deploy:${apr1()}\\n" >> .htpasswd`,
    () => `admin:${apr1()}`,
  ])('form %#', (form) => {
    expect(ids(form())).toEqual(['htpasswd-hash'])
  })
  it.each([() => `echo 'the format is user:$apr1$salt$hash'`, () => `password_hash = "${apr1()}"`])(
    'not an entry: %#',
    (form) => {
      expect(ids(form())).toEqual([])
    },
  )
})
