import type { Rule } from '../types.js'

/**
 * Rules over a whole file's bytes: key containers stored in binary formats that the text
 * rules never read (binary files are otherwise skipped).
 */

/** DER/BER length octets at `at`: the content length and where the content starts. */
function derLength(bytes: Uint8Array, at: number): { length: number; start: number } | undefined {
  const first = bytes[at]
  if (first === undefined) return undefined
  if (first < 0x80) return { length: first, start: at + 1 }
  // 0x80 is BER's indefinite length (older PKCS#12 writers use BER): content runs to end.
  if (first === 0x80) return { length: -1, start: at + 1 }
  const count = first & 0x7f
  if (count > 4) return undefined
  let length = 0
  for (let i = 1; i <= count; i++) {
    const b = bytes[at + i]
    if (b === undefined) return undefined
    length = length * 256 + b
  }
  return { length, start: at + 1 + count }
}

/** The OID 1.2.840.113549.1.7 (PKCS #7 content types) as DER content octets, `data`/`signedData` follow. */
const PKCS7_OID = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07]

/**
 * PKCS #12 (RFC 7292 §4): `PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo,
 * macData MacData OPTIONAL }`, the authSafe's content type PKCS #7 `data` (password
 * integrity) or `signedData` (public-key integrity).
 */
export function isPkcs12(bytes: Uint8Array): boolean {
  if (bytes[0] !== 0x30) return false
  const outer = derLength(bytes, 1)
  if (!outer || outer.length > bytes.length - outer.start) return false
  let at = outer.start
  // version INTEGER 3
  if (bytes[at] !== 0x02 || bytes[at + 1] !== 0x01 || bytes[at + 2] !== 0x03) return false
  at += 3
  // authSafe ContentInfo ::= SEQUENCE { contentType OBJECT IDENTIFIER, content [0] … }
  if (bytes[at] !== 0x30) return false
  const info = derLength(bytes, at + 1)
  if (!info) return false
  at = info.start
  if (bytes[at] !== 0x06 || bytes[at + 1] !== 0x09) return false
  at += 2
  for (const [i, b] of PKCS7_OID.entries()) if (bytes[at + i] !== b) return false
  const type = bytes[at + PKCS7_OID.length]
  return type === 0x01 || type === 0x02
}

export const containerRules: Rule[] = [
  // PKCS #12 key stores (`.p12`, `.pfx`): a private key with its certificate chain, the format
  // of Google Cloud service-account keys created as P12 (cloud.google.com, "Create and delete
  // service account keys") and of Windows / Azure certificate exports. Reported once per file
  // (line 1); the secret is the container itself (base64 of its bytes).
  {
    id: 'pkcs12-key-file',
    title: 'PKCS #12 key store (.p12/.pfx), e.g. a Google service account P12 key',
    keywords: ['.p12', '.pfx'],
    // Never runs over text: the rule reads whole files whose path matches `container.path`.
    pattern: /(?!)/g,
    container: { path: /\.(?:p12|pfx)$/i, test: isPkcs12 },
  },
]
