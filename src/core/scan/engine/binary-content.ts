/** True when the first 8000 bytes hold a NUL, git's own test for binary content. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).indexOf(0) !== -1
}
