/**
 * Masked forms of secret values. Only the last four characters of long values are shown,
 * the way chamber and the AWS console do, so a user can tell two versions apart.
 */

/** Returns `****wxyz` for values of 12+ characters, else `****`. */
export function maskValue(value: string): string {
  const chars = Array.from(value)
  if (chars.length < 12) return '****'
  return `****${chars.slice(-4).join('')}`
}

/**
 * Replaces every occurrence of each secret in `text` with its mask. A last line of defence
 * for messages that embed text from elsewhere (an AWS error, a child's stderr).
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  let out = text
  for (const secret of secrets) {
    if (secret.length < 4) continue
    out = out.split(secret).join(maskValue(secret))
  }
  return out
}
