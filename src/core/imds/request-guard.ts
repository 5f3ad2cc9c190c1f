import { isIPv4, isIPv6 } from 'node:net'

/** Returns true for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  if (address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1') return true
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  if (isIPv4(v4)) return v4.startsWith('127.')
  return isIPv6(address) && (address === '::1' || address === '0:0:0:0:0:0:0:1')
}

/**
 * Returns true when the peer may talk to us: loopback, or the bound address itself (a
 * loopback alias such as 169.254.169.254 on `lo` shows up as the peer's source address).
 * Anything else is another machine, which must never get our credentials.
 */
export function isAllowedPeer(remoteAddress: string | undefined, bindAddress: string): boolean {
  if (isLoopbackAddress(remoteAddress)) return true
  const peer = remoteAddress?.startsWith('::ffff:') ? remoteAddress.slice(7) : remoteAddress
  return peer !== undefined && peer === bindAddress && bindAddress !== '0.0.0.0' && bindAddress !== '::'
}

/**
 * Returns true when the `Host` header names this server: the bound address with the port
 * (bare when the port is 80), or `localhost` when bound to loopback. Any other name is a
 * browser tricked by DNS rebinding into calling us, and is refused.
 */
export function isAllowedHost(host: string | undefined, bindAddress: string, port: number): boolean {
  if (!host) return false
  const wanted = host.trim().toLowerCase()
  const address = isIPv6(bindAddress) ? `[${bindAddress}]` : bindAddress
  const names = [address, ...(isLoopbackAddress(bindAddress) ? ['localhost'] : [])]
  return names.some((name) => wanted === `${name}:${port}` || (port === 80 && wanted === name))
}
