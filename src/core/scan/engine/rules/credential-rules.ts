import type { Rule } from '../types.js'
import { isRealPassword } from './convention-rules.js'
import { decodeBase64, isLiveJwt, percentDecode, token } from './rule-builders.js'

/** A PEM private key of one kind; the body must be base64 (real or `\n`-escaped newlines). */
function privateKey(id: string, title: string, label: string): Rule {
  const header = `-----BEGIN ${label}-----`
  const footer = `-----END ${label}-----`
  return {
    id,
    title,
    keywords: [header.toLowerCase()],
    window: { before: 0, after: 16384 },
    pattern: new RegExp(`${header}(?<secret>(?:\\\\[nr]|[A-Za-z0-9+/=\\s:,"'-]){64,16000}?)${footer}`, 'g'),
    allowStructured: true,
    minEntropy: 3.5,
    validate: (secret) => {
      const body = secret
        .replace(/\\[nr]/g, '')
        .split(/\s+/)
        .filter((line) => !/^[\w-]+:/.test(line))
        .join('')
      return /^[A-Za-z0-9+/="',]{64,}$/.test(body)
    },
  }
}

const DB_SCHEMES =
  'postgres(?:ql)?|mysql|mariadb|mongodb(?:\\+srv)?|redis|rediss|amqps?|mssql|sqlserver|clickhouse|cockroachdb|couchdb|neo4j(?:\\+s)?|oracle|db2|jdbc:[a-z]+'

/** Passwords the tooling ships as defaults in local docker-compose files. */
const DEFAULT_PASSWORDS = new Set([
  'password',
  'pass',
  'passwd',
  'postgres',
  'root',
  'admin',
  'mysql',
  'guest',
  'test',
  'secret',
  'dev',
  'user',
  'example',
  'changeme',
  'redis',
  'mongo',
  'tiger',
])

/** Credentials that are not tokens: keys, certificates, URLs, manifests, JWTs. */
export const credentialRules: Rule[] = [
  privateKey('private-key-rsa', 'RSA private key', 'RSA PRIVATE KEY'),
  privateKey('private-key-ec', 'EC private key', 'EC PRIVATE KEY'),
  privateKey('private-key-dsa', 'DSA private key', 'DSA PRIVATE KEY'),
  privateKey('private-key-openssh', 'OpenSSH private key', 'OPENSSH PRIVATE KEY'),
  privateKey('private-key-pkcs8', 'PKCS#8 private key', 'PRIVATE KEY'),
  privateKey('private-key-encrypted', 'Encrypted PKCS#8 private key', 'ENCRYPTED PRIVATE KEY'),
  privateKey('pgp-private-key', 'PGP private key block', 'PGP PRIVATE KEY BLOCK'),
  {
    id: 'putty-private-key',
    title: 'PuTTY private key',
    keywords: ['putty-user-key-file-'],
    window: { before: 0, after: 8192 },
    pattern:
      /PuTTY-User-Key-File-\d: [\w-]+\r?\n[\s\S]{0,600}?Private-Lines: \d+\r?\n(?<secret>[A-Za-z0-9+/=\r\n]{40,6000})/g,
    allowStructured: true,
  },
  token(
    'jwt',
    'JSON Web Token',
    ['eyj'],
    'eyJ[A-Za-z0-9_-]{10,2000}\\.eyJ[A-Za-z0-9_-]{10,4000}\\.[A-Za-z0-9_-]{16,1000}',
    {
      validate: (secret) => isLiveJwt(secret),
      priority: 0.5,
    },
  ),
  // `scheme://user:password@host` for database schemes, and Oracle's own connect strings,
  // `user/password@connect_identifier`: the JDBC thin/OCI URL (`jdbc:oracle:thin:scott/…@//host:1521/svc`,
  // Oracle JDBC developer's guide) and SQL*Plus `sqlplus user/password@db` (SQL*Plus user's guide).
  {
    id: 'database-url-password',
    title: 'Database URL with a password',
    keywords: ['://', 'jdbc:oracle:', 'sqlplus'],
    pattern: new RegExp(
      `(?:(?<![\\w+])(?:${DB_SCHEMES})://(?<name>[^\\s:/@'"\`]{1,64}):` +
        `|(?:\\bjdbc:oracle:(?:thin|oci8?):|\\bsqlplus(?:[ \\t]+-[A-Za-z]{1,10})*[ \\t]+["']?)(?<oname>[A-Za-z][\\w$#]{0,29})/)` +
        `(?<secret>[^\\s@/'"\`]{3,128})@[\\w./[-]`,
      'g',
    ),
    minEntropy: 2,
    validate: (secret, { groups }) =>
      !DEFAULT_PASSWORDS.has(secret.toLowerCase()) && secret !== (groups.name ?? groups.oname),
  },
  // RFC 3986 §3.2.1 `userinfo` in an http(s)/ftp/sftp/ssh URL (`https://user:password@host`).
  // People pick short passwords and point such URLs at loopback hosts and single-label service
  // names (`http://admin:<short>@localhost:8080`, `http://ci:<pw>@jenkins/`), so any host and any
  // real password of 4+ characters count; placeholders (`${PASS}`, `%PASS%`, `$PASS`,
  // `password`, `changeme`), the tools' defaults and a `host:port@` typo (digits after a
  // dotted name) do not. The password is judged percent-decoded (RFC 3986 §2.1).
  {
    id: 'url-basic-auth',
    title: 'Credentials in an http(s)/ftp URL',
    keywords: ['://'],
    pattern:
      /(?<![\w+])(?:https?|ftps?|sftp|ssh|git\+https?):\/\/(?<name>[A-Za-z0-9._~%!$&*+-]{1,64}):(?<secret>[A-Za-z0-9._~%!$&*+=-]{4,128})@(?:\[[0-9A-Fa-f:.]{2,45}\]|[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10})(?![\w@-])/g,
    minEntropy: 0,
    priority: 0.5,
    validate: (secret, { groups }) => {
      const name = groups.name ?? ''
      const password = percentDecode(secret)
      if (/^\d{1,5}$/.test(password) && /^(?:localhost|[\w-]+(?:\.[\w-]+)+)$/i.test(name)) return false
      return (
        isRealPassword(password) &&
        !DEFAULT_PASSWORDS.has(password.toLowerCase()) &&
        password !== name &&
        password !== 'x-oauth-basic'
      )
    },
  },
  {
    id: 'connection-string-password',
    title: 'Password in an ADO.NET/JDBC-style connection string',
    keywords: ['password=', 'pwd='],
    pattern:
      /(?:Server|Data Source|Host|Address)\s*=[^;"'\n]{1,200};[^"'\n]{0,300}?(?:Password|Pwd)\s*=\s*(?<secret>[^;"'\s]{6,128})/gi,
    minEntropy: 2.5,
    validate: (secret) => !DEFAULT_PASSWORDS.has(secret.toLowerCase()),
  },
  {
    id: 'authorization-basic',
    title: 'HTTP Basic credentials',
    keywords: ['basic '],
    pattern:
      /Authorization["']?\s*[:=,]\s*["']?Basic\s+(?<secret>[A-Za-z0-9+/]{12,400}={0,2})(?![A-Za-z0-9+/=])/gi,
    validate: (secret) => {
      const decoded = decodeBase64(secret)
      if (!decoded || !/^[\x20-\x7e]+:[\x20-\x7e]{4,}$/.test(decoded)) return false
      const password = decoded.slice(decoded.indexOf(':') + 1)
      return !DEFAULT_PASSWORDS.has(password.toLowerCase())
    },
    allowStructured: true,
  },
  {
    id: 'authorization-bearer',
    title: 'HTTP Bearer token',
    keywords: ['bearer '],
    pattern:
      /Authorization["']?\s*[:=,]\s*["']?Bearer\s+(?<secret>[A-Za-z0-9._~+/-]{20,2000}=*)(?![A-Za-z0-9._~+/=-])/gi,
    minEntropy: 3.5,
    priority: 0.4,
  },
  {
    // Every value under `data:` of a `kind: Secret` manifest is a base64-encoded secret.
    id: 'kubernetes-secret-manifest',
    title: 'Kubernetes Secret manifest with data',
    keywords: ['kind: secret', '"kind": "secret"'],
    window: { before: 3000, after: 6000 },
    pattern:
      /(?<=^(?:data|stringData):[ \t]*\r?\n(?:[ \t]+[\w.-]+:[^\n]*\n){0,30})[ \t]+(?<name>[\w.-]+):[ \t]*["']?(?<secret>[A-Za-z0-9+/=_.@!#%^&*-]{8,4096})["']?[ \t]*\r?$/gm,
    minEntropy: 3,
    validate: (_secret, { window }) => /^kind:[ \t]*Secret[ \t]*\r?$/m.test(window),
  },
]
