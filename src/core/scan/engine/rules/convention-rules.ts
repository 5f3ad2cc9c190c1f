import { hasFiller, isDocumentedOrMarked, isPlaceholderOrReference } from '../hard-negatives.js'
import type { Rule } from '../types.js'
import { isGenericSecret } from './generic-rules.js'
import { decodeBase64, percentDecode } from './rule-builders.js'

/**
 * Rules for the shapes people leak credentials in whatever the provider: URLs with a password
 * in their authority (RFC 3986 `userinfo`), command lines whose tools take a password argument,
 * package-manager and build-tool credential files, private keys in other containers, and
 * session tokens. Each rule names the documented format or convention it follows.
 */

/**
 * Placeholders and defaults written where a password goes (`${DB_PASS}`, `%PASS%`, `<password>`),
 * and the stock sample passwords of documentation (`foobar`, `xyzzy`, `hunter2`, `P@ssw0rd`).
 */
const PLACEHOLDER =
  /^(?:\$\{?[\w.-]*\}?|%[\w.-]+%|<[^>]*>|\{\{?[^}]*\}?\}|\[[^\]]*\]|\*+|x+|\.+|(?:my)?(?:pass(?:word|wd)?|secret|changeme|change_me|admin|root|test|guest|user|default|example|dummy|none|null|pw|pwd)|foo|bar|baz|foobar|xyzzy|hunter2|p[@a]ssw[o0]rd|letmein|qwerty)$/i

/** A password a person would write for real: no placeholder, reference or marker word. */
export function isRealPassword(value: string): boolean {
  if (value.length < 4 || value.length > 200) return false
  if (PLACEHOLDER.test(value) || isPlaceholderOrReference(value) || isDocumentedOrMarked(value)) return false
  if (/^\$/.test(value) || /(.)\1{5,}/.test(value)) return false
  // An upper-case word (`PASSWORD`, `LITERAL`, `YOUR_TOKEN`) names what goes there, in docs.
  if (/^[A-Z]+(?:_[A-Z]+)*$/.test(value)) return false
  // An ellipsis elides the value (`key_1…`); a counting run (`key_1234`, `abcd`) is typed filler.
  if (value.includes('…') || /1234|abcd/i.test(value)) return false
  return true
}

/** Between a command and one of its options: other arguments, not a pipe or a second command. */
const TOOL_ARGS = String.raw`[^\n|;&]{0,200}?`

/**
 * Passwords tools ship as their documented defaults or samples: the JDK `cacerts` trust store
 * (`changeit`), the Android debug key store (`android`), Oracle's demo schema (`tiger`),
 * redis.conf's commented example (`requirepass foobared`).
 */
const TOOL_DEFAULT_PASSWORDS = new Set(['changeit', 'android', 'tiger', 'foobared'])

/** Schemes that the URL rules in credential-rules.ts already own (db URLs, http/ftp). */
const OWNED_SCHEMES =
  /^(?:https?|ftps?|sftp|ssh|git\+https?|postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|clickhouse|cockroachdb|couchdb|neo4j(?:\+s)?|oracle|db2|jdbc:[a-z]+)$/i

/** `user:password` decoded from base64, with a real-looking password. */
function base64UserPass(secret: string): boolean {
  const text = decodeBase64(secret)
  if (!text || !/^[\x20-\x7e]+$/.test(text)) return false
  const colon = text.indexOf(':')
  return colon > 0 && isRealPassword(text.slice(colon + 1))
}

/** A base64 run that decodes to a PEM private key (a Kubernetes secret, a CI variable). */
function isBase64PrivateKey(secret: string): boolean {
  const text = decodeBase64(secret.slice(0, 120).replace(/=+$/, '').slice(0, 116))
  return text !== undefined && /^-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/.test(text)
}

export const conventionRules: Rule[] = [
  // RFC 3986 `scheme://user:password@host` for every scheme not owned by a more specific rule:
  // smtp(s), ldap(s), couchbase(s), nats, mqtt, kafka, sentinel, svn, rtsp, vnc, … The user
  // part may be empty (`redis://:password@host`, Redis AUTH without ACL users). A scheme
  // starts a URL: it never follows `?` or `&` directly (query parameters are `name=value`).
  {
    id: 'url-credentials',
    title: 'Password in a URL',
    keywords: ['://'],
    priority: 0.4,
    minEntropy: 0,
    allowStructured: true,
    pattern:
      /(?<![\w+.?&-])(?<scheme>[a-z][a-z0-9+.-]{1,24}):\/\/(?<name>[^\s:/@'"`<>]{0,64}):(?<secret>[^\s@/'"`<>]{3,128})@(?=[\w[])/gi,
    validate: (secret, { groups }) => {
      const scheme = groups.scheme ?? ''
      if (OWNED_SCHEMES.test(scheme) && (groups.name ?? '') !== '') return false
      const password = percentDecode(secret)
      // A CVSROOT after a scheme (`cvs://:pserver:anoncvs@host`) names an access method.
      if (/^(?:pserver|ext|gserver|kserver|fork|local):/i.test(password)) return false
      return isRealPassword(password) && password !== groups.name
    },
  },
  // Command-line tools whose documented option takes the password itself. Flags are matched
  // case-sensitively: `-P` is the password where `-p` is the port (mosquitto, ipmitool) and
  // `-W`/`-w` mean prompt/password (OpenLDAP).
  // - MySQL/MariaDB clients: glued to `-p` (`mysql -pSECRET`; MySQL manual "Specifying a
  //   password on the command line": `-p SECRET` with a space prompts and names a database).
  // - `-p PASSWORD`: sshpass, Sysinternals PsExec/PAExec, winexe, rdesktop, the MongoDB shell
  //   and database tools (`mongosh -u USER -p PASSWORD`).
  // - OpenLDAP clients (ldapsearch(1), ldapmodify(1), …): `-w passwd` with `-D binddn`.
  // - redis-cli: `-a PASSWORD` / `--pass PASSWORD` (Redis CLI docs).
  // - `-P PASSWORD`: sqlcmd and bcp (SQL Server docs), mosquitto_pub/sub/rr, ipmitool.
  // - FreeRDP `/p:PASSWORD`; Samba clients `-U USER%PASSWORD` (smbclient(1)).
  // - Java keytool/jarsigner `-storepass`/`-keypass PASSWORD` (`:env`/`:file` name where it
  //   is instead); OpenSSL passphrase arguments `-passin|-passout|-pass|-password pass:PASSWORD`
  //   (openssl-passphrase-options(1)) and apksigner `--ks-pass|--key-pass pass:PASSWORD`.
  // - Apache htpasswd batch mode `-b` (`htpasswd -b FILE USER PASSWORD`, `-nb USER PASSWORD`).
  // - Positional passwords: Windows `net use \\HOST\SHARE PASSWORD /user:NAME` (Microsoft
  //   docs "net use"), `rabbitmqctl add_user|change_password USER PASSWORD` (RabbitMQ CLI).
  // - Azure CLI `az login [--service-principal] -u NAME -p PASSWORD` (a certificate path there
  //   is not a password); `echo PASSWORD | docker|podman|helm registry|oras login
  //   --password-stdin`, the form the login commands' docs recommend, with a literal echoed.
  // - Package-manager credential settings: `poetry config http-basic.REPO USER PASSWORD` /
  //   `pypi-token.REPO TOKEN` (Poetry docs "Repositories"), `composer config [--global]
  //   http-basic.HOST USER PASSWORD` / `bearer.HOST|github-oauth.HOST|gitlab-token.HOST TOKEN`
  //   (Composer docs "Authentication"), `dotnet nuget add|update source … -p|--password PASSWORD`.
  {
    id: 'cli-password-argument',
    title:
      'Password as a command-line argument (mysql -p…, sshpass -p, ldapsearch -w, keytool -storepass, …)',
    keywords: [
      'mysql',
      'mariadb',
      'sshpass',
      'psexec',
      'paexec',
      'winexe',
      'rdesktop',
      'mongo',
      'ldapsearch',
      'ldapmodify',
      'ldapadd',
      'ldapdelete',
      'ldapmodrdn',
      'ldapcompare',
      'ldapwhoami',
      'ldappasswd',
      'ldapexop',
      'redis-cli',
      'sqlcmd',
      'bcp',
      'mosquitto_',
      'ipmitool',
      'freerdp',
      'smbclient',
      'rpcclient',
      'smbcacls',
      'smbget',
      'storepass',
      'keypass',
      'pass:',
      'htpasswd',
      'net use',
      'rabbitmqctl',
      'az login',
      'password-stdin',
      'poetry config',
      'composer config',
      'dotnet nuget',
    ],
    generic: true,
    priority: 0.5,
    minEntropy: 0,
    allowStructured: true,
    pattern: new RegExp(
      '(?:' +
        [
          String.raw`\b(?:mysql(?:dump|admin|import|check|sh)?|mariadb(?:-dump|-admin)?)\b${TOOL_ARGS}\s-p`,
          String.raw`\b(?:sshpass|[Pp]s[Ee]xec(?:64)?(?:\.exe)?|[Pp][Aa][Ee]xec(?:\.exe)?|winexe|rdesktop|mongo(?:sh|dump|restore|export|import|stat|top|files)?)\b${TOOL_ARGS}\s-p[ \t]+`,
          String.raw`\bldap(?:search|modify|add|delete|modrdn|compare|whoami|passwd|exop)\b${TOOL_ARGS}\s-w[ \t]*`,
          String.raw`\bredis-cli\b${TOOL_ARGS}\s(?:-a|--pass)[ \t]+`,
          String.raw`\b(?:sqlcmd|SQLCMD|bcp|BCP|mosquitto_(?:pub|sub|rr)|ipmitool)(?:\.exe)?\b${TOOL_ARGS}\s-P[ \t]*`,
          String.raw`\b(?:x|wl|sdl-)?freerdp\d?\b${TOOL_ARGS}\s[/+]p:`,
          String.raw`\b(?:smbclient|rpcclient|smbcacls|smbget)\b${TOOL_ARGS}\s(?:-U[ \t]*|--user=)["']?[^\s%"'|;&]{1,64}%`,
          String.raw`(?<![\w-])-(?:src|dest|new)?(?:storepass|keypass)[ \t]+`,
          String.raw`(?<![\w-])(?:-pass(?:in|out|word)?|--(?:ks|key)-pass)[ \t]+pass:`,
          String.raw`\b(?:net|NET)[ \t]+(?:use|USE)(?:[ \t]+(?:[A-Za-z]:|\*))?[ \t]+\\\\[^\s"']{1,200}[ \t]+`,
          String.raw`\brabbitmqctl(?:\.bat)?\b${TOOL_ARGS}\s(?:add_user|change_password)[ \t]+(?:"[^"\n]{1,64}"|'[^'\n]{1,64}'|[^\s"'|;&]{1,64})[ \t]+`,
          String.raw`\baz[ \t]+login\b${TOOL_ARGS}\s(?:-p|--password)[ \t]+`,
          String.raw`\b(?<echo>echo|printf)[ \t]+(?:-[neE][ \t]+)?`,
          String.raw`\bpoetry[ \t]+config(?:[ \t]+--?[\w-]{1,20})*[ \t]+(?:http-basic\.[\w.-]{1,80}[ \t]+[^\s"'|;&]{1,64}|pypi-token\.[\w.-]{1,80})[ \t]+`,
          String.raw`\bcomposer[ \t]+config(?:[ \t]+--?[\w-]{1,20})*[ \t]+(?:http-basic\.[\w.-]{1,120}[ \t]+[^\s"'|;&]{1,64}|(?:bearer|github-oauth|gitlab-token|gitlab-oauth|bitbucket-oauth)\.[\w.-]{1,120})[ \t]+`,
          String.raw`\bdotnet[ \t]+nuget[ \t]+(?:add|update)[ \t]+source\b${TOOL_ARGS}\s(?:-p|--password)[ \t]+`,
          String.raw`\bhtpasswd(?:[ \t]+-[a-zA-Z]{1,6})*?[ \t]+-[a-zA-Z]{0,5}b[a-zA-Z]{0,5}(?:[ \t]+[^\s<>|;&-][^\s|;&]{0,200}){1,2}[ \t]+`,
        ].join('|') +
        ')' +
        String.raw`(?<secret>"[^"\n]{4,128}"|'[^'\n]{4,128}'|[^\s"'<>-][^\s"'` +
        '`' +
        String.raw`;|&]{3,127})(?:(?=(?<stdin>[ \t]*\|[ \t]*[^\n|]{0,200}--password-stdin\b))|)`,
      'g',
    ),
    validate: (secret, { groups }) => {
      if (groups.echo !== undefined && groups.stdin === undefined) return false
      const value = secret.replace(/^(["'])(.*)\1$/, '$2')
      if (/\.(?:pem|crt|cer|pfx|p12|key)$/i.test(value)) return false
      // A leading `/` is the next option (`/user:`) or a path, never the password.
      return (
        isRealPassword(value) && !value.startsWith('/') && !TOOL_DEFAULT_PASSWORDS.has(value.toLowerCase())
      )
    },
  },
  // A password literal handed to a standard library's credential API, where the parameter
  // position says it is the password (each from the API's reference): .NET
  // `new NetworkCredential(user, password)`, Java `new PasswordAuthentication(user,
  // "…".toCharArray())`, Apache HttpClient `UsernamePasswordCredentials(user, password)`,
  // Python requests `HTTPBasicAuth`/`HTTPDigestAuth`/`HTTPProxyAuth(user, password)` and
  // `auth=(user, password)`, `smtplib`/`imaplib`/`ftplib` `.login(user, password)`, Go
  // `req.SetBasicAuth(user, password)`, Ruby Net::HTTP `basic_auth(user, password)`, PHP
  // `CURLOPT_USERPWD, "user:password"`, PowerShell `ConvertTo-SecureString "…" -AsPlainText`.
  // Both arguments must be literals: a variable is where the secret comes from, not a leak.
  {
    id: 'credential-api-literal',
    title:
      'Password literal passed to a credential API (NetworkCredential, HTTPBasicAuth, SetBasicAuth, ConvertTo-SecureString, …)',
    keywords: [
      'networkcredential',
      'passwordauthentication',
      'usernamepasswordcredentials',
      'basicauth',
      'digestauth',
      'proxyauth',
      'basic_auth',
      'auth=',
      '.login(',
      'curlopt_userpwd',
      'convertto-securestring',
    ],
    generic: true,
    priority: 0.5,
    minEntropy: 0,
    allowStructured: true,
    pattern: new RegExp(
      '(?:' +
        [
          String.raw`\b(?:NetworkCredential|PasswordAuthentication|UsernamePasswordCredentials|HTTP(?:Basic|Digest|Proxy)Auth|SetBasicAuth|basic_auth|\.login)[ \t]*\(?[ \t]*(?<uq>["'])[^"'\n]{1,100}\k<uq>[ \t]*,[ \t]*(?<o1>["'])`,
          String.raw`\bauth[ \t]*=[ \t]*\([ \t]*(?<aq>["'])[^"'\n]{1,100}\k<aq>[ \t]*,[ \t]*(?<o2>["'])`,
          String.raw`\bCURLOPT_USERPWD[ \t]*,[ \t]*(?<o3>["'])[^:"'\n]{1,100}:`,
          String.raw`\bConvertTo-SecureString(?:[ \t]+-(?:AsPlainText|Force)\b)*(?:[ \t]+-String)?[ \t]+(?<o4>["'])`,
        ].join('|') +
        ')' +
        String.raw`(?<secret>[^"'\n]{4,128})(?<close>["'])`,
      'gi',
    ),
    validate: (secret, { groups, line, path }) => {
      const open = groups.o1 ?? groups.o2 ?? groups.o3 ?? groups.o4
      if (open !== groups.close) return false
      if (groups.o4 !== undefined && !/-AsPlainText/i.test(line)) return false
      // A double-quoted `$name`/`${…}`/`$(…)`/`#{…}` is interpolated (PowerShell, PHP, Ruby).
      if (open === '"' && /\$[\w{(]|#\{/.test(secret)) return false
      // Judged as the generic rule judges `password = "…"` in code, so both agree on a literal.
      return isRealPassword(secret) && isGenericSecret('password', secret, { path, literal: true })
    },
  },
  // Server configuration directives whose documented argument is the password itself:
  // redis.conf `requirepass`/`masterauth`, OpenLDAP slapd.conf `rootpw` and cn=config
  // `olcRootPW:` (a `{SSHA}` hash there is reported like an htpasswd hash), nslcd.conf/pam_ldap `bindpw`, wpa_supplicant.conf `psk="…"` and hostapd
  // `wpa_passphrase=`, Cisco IOS `username NAME [privilege N] password|secret [0|7] VALUE` and
  // `enable password [0|7] VALUE` (type 0 is clear text, type 7 a reversible encoding; the
  // hash types 5/8/9 are left to nobody), Postfix `sasl_passwd` lines `[relay]:port user:password`
  // (Postfix SASL README).
  {
    id: 'config-directive-password',
    title:
      'Password in a server config directive (requirepass, rootpw, bindpw, psk=, Cisco IOS, Postfix sasl_passwd)',
    keywords: [
      'requirepass',
      'masterauth',
      'rootpw',
      'bindpw',
      'psk=',
      'wpa_passphrase',
      'username',
      'enable password',
      ']:587',
      ']:465',
      ']:25',
      ']:2525',
    ],
    generic: true,
    priority: 0.6,
    minEntropy: 0,
    allowStructured: true,
    pattern: new RegExp(
      String.raw`^[ \t]*(?:` +
        [
          String.raw`(?:requirepass|masterauth|rootpw|bindpw)[ \t]+`,
          String.raw`olcRootPW:[ \t]+`,
          String.raw`(?:psk|wpa_passphrase)[ \t]*=[ \t]*`,
          String.raw`username[ \t]+[^\s]{1,64}(?:[ \t]+privilege[ \t]+\d{1,2})?[ \t]+(?:password|secret)[ \t]+(?:[07][ \t]+)?`,
          String.raw`enable[ \t]+password[ \t]+(?:level[ \t]+\d{1,2}[ \t]+)?(?:[07][ \t]+)?`,
          String.raw`\[[A-Za-z0-9.-]{1,253}\](?::\d{1,5})?[ \t]+[^\s:]{1,128}:`,
        ].join('|') +
        String.raw`)(?<q>"?)(?<secret>[^\s"]{4,200})\k<q>[ \t]*\r?$`,
      'gm',
    ),
    validate: (secret) => isRealPassword(secret) && !TOOL_DEFAULT_PASSWORDS.has(secret.toLowerCase()),
  },
  // Apache htpasswd lines: `user:` + an MD5-crypt (`$apr1$`), bcrypt (`$2y$`), SHA-crypt
  // (`$5$`/`$6$`) or `{SHA}` hash (Apache httpd "htpasswd" manual). A crackable password hash.
  // Also the line a Dockerfile or script writes into the file (`echo 'admin:$apr1$…' >
  // /etc/nginx/.htpasswd`, `printf "user:{SHA}…\n"`).
  {
    id: 'htpasswd-hash',
    title: 'Password hash in an htpasswd file',
    keywords: ['$apr1$', '$2y$', '$2a$', '$2b$', '$5$', '$6$', '{sha}'],
    minEntropy: 0,
    allowStructured: true,
    pattern:
      /(?:^[ \t]*|(?<=(?:^|[ \t])(?:echo|printf)[ \t]+["']))[\w.@-]{1,64}:(?<secret>\$(?:apr1|2[aby]|[56])\$[./A-Za-z0-9$=]{20,120}|\{SHA\}[A-Za-z0-9+/]{27}=)(?:[ \t]*\r?$|(?=(?:\\n)?["']))/gm,
    validate: (secret) => !hasFiller(secret),
  },
  // netrc(5): `machine HOST login USER password PASSWORD` tokens, on one line or several
  // (curl, git, ftp, pip and Heroku read ~/.netrc / _netrc).
  {
    id: 'netrc-password',
    title: 'Password in a .netrc file',
    keywords: ['machine'],
    window: { before: 0, after: 400 },
    minEntropy: 0,
    allowStructured: true,
    pattern:
      /(?<![\w-])(?:machine[ \t]+[^\s]{1,253}|default)(?:\s+(?:login|account|port)[ \t]+[^\s]{1,128}){0,3}\s+password[ \t]+(?<secret>[^\s]{4,200})/g,
    // Prose quoting the format (`… password PASSWORD`) ends in its quote: not a value.
    validate: (secret) => !/[`'"]$/.test(secret) && isRealPassword(secret),
  },
  // .npmrc `_auth` / `_password` (npm docs "npmrc": base64 `user:password`, or the base64
  // password beside `username`).
  {
    id: 'npmrc-basic-auth',
    title: 'npm registry credentials in .npmrc (_auth / _password)',
    keywords: ['_auth', '_password'],
    minEntropy: 0,
    allowStructured: true,
    pattern:
      /(?:^|:)(?<name>_auth|_password)[ \t]*=[ \t]*["']?(?<secret>[A-Za-z0-9+/]{8,400}={0,2})["']?[ \t]*\r?$/gm,
    validate: (secret, { groups }) => {
      if (groups.name === '_auth') return base64UserPass(secret)
      const text = decodeBase64(secret)
      return text !== undefined && /^[\x20-\x7e]+$/.test(text) && isRealPassword(text)
    },
  },
  // Registry credentials in package-manager settings, stored as `user:password`: Yarn 2+
  // `.yarnrc.yml` `npmAuthIdent` (Yarn docs, "npmAuthIdent": `username:password`, or the same
  // in base64), and Bundler's per-source credentials `BUNDLE_<HOST>=user:password`, the host's
  // dots written `__` (Bundler docs "bundle config", credentials for gem sources; Sidekiq
  // Pro/Enterprise licences are handed out this way). `BUNDLE_BUILD__*` and `BUNDLE_MIRROR__*`
  // hold build flags and URLs, not credentials.
  {
    id: 'registry-config-credential',
    title:
      'Registry credentials in package-manager settings (.yarnrc.yml npmAuthIdent, Bundler BUNDLE_<HOST>)',
    keywords: ['npmauthident', 'bundle_'],
    minEntropy: 0,
    allowStructured: true,
    pattern:
      /(?:\bnpmAuthIdent|(?<![\w-])BUNDLE_(?!BUILD__|MIRROR__)[A-Z0-9_]{1,120}__[A-Z0-9_]{1,60})["']?[ \t]*[:=][ \t]*(?<q>["']?)(?<secret>[^\s"']{4,300})\k<q>[ \t]*(?:[ \t]#.*)?\r?$/gm,
    validate: (secret) => {
      const pair = secret.includes(':') ? secret : (decodeBase64(secret) ?? '')
      const colon = pair.indexOf(':')
      if (colon < 1 || /[\s/]/.test(pair.slice(0, colon))) return false
      return isRealPassword(percentDecode(pair.slice(colon + 1)))
    },
  },
  // Gradle `credentials { username …; password '…' }` blocks (Gradle docs "Declaring
  // repositories: authentication"), Groovy and Kotlin DSL. An interpolation or a property
  // reference (`password = providers.gradleProperty(…)`, `"$repoPassword"`) is not a value.
  {
    id: 'gradle-credentials-password',
    title: 'Password in a Gradle credentials block',
    keywords: ['credentials'],
    window: { before: 0, after: 600 },
    minEntropy: 0,
    allowStructured: true,
    pattern:
      /\bcredentials\b(?:[ \t]{0,8}\([^)\n]{0,80}\))?[ \t]{0,8}\{[^}]{0,400}?\bpassword[ \t]{0,8}(?:=[ \t]{0,8})?(?<q>["'])(?<secret>[^"'\n]{4,128})\k<q>/g,
    validate: (secret) => isRealPassword(secret) && !/\$/.test(secret),
  },
  // .NET `<add key="…" value="…"/>`: NuGet.config `packageSourceCredentials`
  // (`ClearTextPassword`) and `appSettings` in web.config/app.config, where the key names
  // the setting; the same attribute pair on other elements (`<entry key=… value=…/>`).
  {
    id: 'xml-key-value-secret',
    title: 'Secret in an XML key/value setting (.NET <add key=… value=…>, <entry key=… value=…>)',
    keywords: ['key='],
    generic: true,
    priority: 0.2,
    minEntropy: 0,
    allowStructured: true,
    pattern:
      /<[A-Za-z][\w:.-]{0,40}[ \t]+key[ \t]*=[ \t]*"(?<name>[^"\n]{1,80})"[ \t]+value[ \t]*=[ \t]*"(?<secret>[^"\n]{1,400})"/gi,
    validate: (secret, { groups, path }) => {
      const name = groups.name ?? ''
      if (/^ClearTextPassword$/i.test(name)) return isRealPassword(secret)
      return isGenericSecret(name, secret, { path, literal: true })
    },
  },
  // Django's `SECRET_KEY` setting: `django.core.management.utils.get_random_secret_key()`
  // draws 50 characters from `a-z0-9!@#$%^&*(-_=+)`; `startproject` writes it, since Django
  // 3.2 behind `django-insecure-`. Its symbols are outside the token alphabets the generic
  // rule accepts, so this format has its own rule.
  {
    id: 'django-secret-key',
    title: 'Django SECRET_KEY (get_random_secret_key: 50 of a-z0-9!@#$%^&*(-_=+))',
    keywords: ['SECRET_KEY'],
    caseSensitiveKeywords: true,
    minEntropy: 0,
    allowStructured: true,
    pattern:
      /(?<![\w.])SECRET_KEY[ \t]{0,4}=[ \t]{0,4}(?<q>["'])(?<secret>(?:django-insecure-)?[a-z0-9!@#$%^&*(\-_=+)]{50})\k<q>/g,
    validate: (secret) => {
      const key = secret.replace(/^django-insecure-/, '')
      return (
        /[0-9]/.test(key) &&
        /[!@#$%^&*(\-_=+)]/.test(key) &&
        new Set(key).size >= 25 &&
        !isDocumentedOrMarked(key) &&
        !hasFiller(key)
      )
    },
  },
  // Amazon MWS auth tokens: `amzn.mws.` + a UUID (Amazon MWS developer guide).
  {
    id: 'amazon-mws-auth-token',
    title: 'Amazon MWS auth token',
    keywords: ['amzn.mws.'],
    minEntropy: 0,
    pattern:
      /(?<![\w.])(?<secret>amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/g,
  },
  // A PEM private key, base64-encoded once more (Kubernetes Secret data, CI variables,
  // Helm values): `-----BEGIN ` encodes to `LS0tLS1CRUdJTi`.
  {
    id: 'private-key-base64',
    title: 'Base64-encoded PEM private key',
    keywords: ['ls0tls1crudjti'],
    caseSensitiveKeywords: false,
    minEntropy: 0,
    allowStructured: true,
    pattern: /(?<![A-Za-z0-9+/])(?<secret>LS0tLS1CRUdJTi[A-Za-z0-9+/]{200,20000}={0,2})(?![A-Za-z0-9+/=])/g,
    validate: isBase64PrivateKey,
  },
  // A JSON Web Key with its private member `d` (RFC 7518 §6.2.2 EC / §6.3.2 RSA, RFC 8037 OKP).
  {
    id: 'jwk-private-key',
    title: 'JSON Web Key with a private part',
    keywords: ['"kty"'],
    window: { before: 4000, after: 4000 },
    minEntropy: 3,
    pattern: /"d"[ \t]*:[ \t]*"(?<secret>[A-Za-z0-9_-]{32,2000})"/g,
    validate: (secret, { window }) => {
      // `kty` must be a member of the same object: between the `{` before `d` and the `}` after.
      const at = window.indexOf(secret)
      if (at < 0) return false
      const open = window.lastIndexOf('{', at)
      const close = window.indexOf('}', at)
      const object = window.slice(open < 0 ? 0 : open, close < 0 ? window.length : close)
      return /"kty"[ \t]*:[ \t]*"(?:EC|RSA|OKP)"/.test(object)
    },
  },
]
