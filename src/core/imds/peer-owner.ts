import { readFile } from 'node:fs/promises'
import { endianness } from 'node:os'
import { isIPv4 } from 'node:net'
import type { Socket } from 'node:net'

/**
 * Who is on the other end of a loopback TCP connection. Node has no `SO_PEERCRED` for TCP,
 * but on Linux the kernel lists every socket in `/proc/net/tcp{,6}` with its owner's uid:
 * the client's own socket is the line whose local address is our peer's and whose remote
 * address is ours. Any local user can read those files (and find our port there), so the
 * emulator asks them once per connection and serves only its own uid.
 */
export interface PeerOwnerGuard {
  /** Resolves true when the connection's client socket belongs to an allowed uid. */
  allowed(socket: Socket): Promise<boolean>
  /** The same verdict with the client's uid (undefined: not found), for the request log. */
  check(socket: Socket): Promise<PeerVerdict>
}

/** Whether a connection may be served, and which uid owns its client socket. */
export interface PeerVerdict {
  allowed: boolean
  uid: number | undefined
}

export interface PeerOwnerOptions {
  /** The uids served: the emulator's own (and, under sudo, the invoking user's). */
  uids: ReadonlySet<number>
  /** Called once per refused uid (undefined: the owner could not be found). */
  onRefused?: (uid: number | undefined) => void
  /** The table files (tests). */
  tables?: { tcp: string; tcp6: string }
}

/** The uids the emulator serves: its own, plus `SUDO_UID` when it runs as root under sudo. */
export function servedUids(env: NodeJS.ProcessEnv, uid: number): Set<number> {
  const uids = new Set([uid])
  const sudo = Number(env.SUDO_UID)
  if (uid === 0 && Number.isInteger(sudo) && sudo >= 0) uids.add(sudo)
  return uids
}

/**
 * The guard for this platform: Linux reads `/proc/net/tcp{,6}`; elsewhere there is no such
 * table and the result is undefined (the caller warns that any local user can connect).
 */
export function peerOwnerGuard(options: PeerOwnerOptions): PeerOwnerGuard | undefined {
  if (process.platform !== 'linux') return undefined
  const tables = options.tables ?? { tcp: '/proc/net/tcp', tcp6: '/proc/net/tcp6' }
  const told = new Set<number | undefined>()
  const check = async (socket: Socket): Promise<PeerVerdict> => {
    const uid = await socketOwner(socket, tables).catch(() => undefined)
    if (uid !== undefined && options.uids.has(uid)) return { allowed: true, uid }
    if (!told.has(uid)) {
      told.add(uid)
      options.onRefused?.(uid)
    }
    return { allowed: false, uid }
  }
  return { check, allowed: async (socket) => (await check(socket)).allowed }
}

/** The uid owning the client end of `socket` (a connection we accepted), or undefined. */
export async function socketOwner(
  socket: Pick<Socket, 'remoteAddress' | 'remotePort' | 'localAddress' | 'localPort'>,
  tables: { tcp: string; tcp6: string },
): Promise<number | undefined> {
  const { remoteAddress, remotePort, localAddress, localPort } = socket
  if (!remoteAddress || !remotePort || !localAddress || !localPort) return undefined
  // A v4 socket is listed in tcp; a v6 one (v4-mapped included) in tcp6.
  const v4 = isIPv4(remoteAddress)
  const text = await readFile(v4 ? tables.tcp : tables.tcp6, 'latin1')
  const client = `${addressKey(remoteAddress)}:${remotePort}`
  const server = `${addressKey(localAddress)}:${localPort}`
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/)
    if (fields.length < 8 || !fields[1]?.includes(':')) continue
    if (tableEndpoint(fields[1]) === client && tableEndpoint(fields[2] ?? '') === server) {
      const uid = Number(fields[7])
      return Number.isInteger(uid) ? uid : undefined
    }
  }
  return undefined
}

const LITTLE_ENDIAN = endianness() === 'LE'

/** `0100007F:1F90` → `127.0.0.1:8080` (addresses in the kernel's host-order 32-bit words). */
export function tableEndpoint(field: string): string {
  const [hex = '', port = ''] = field.split(':')
  const bytes = Buffer.from(hex, 'hex')
  if (LITTLE_ENDIAN) for (let i = 0; i + 4 <= bytes.length; i += 4) bytes.subarray(i, i + 4).reverse()
  return `${bytesKey(bytes)}:${Number.parseInt(port, 16)}`
}

/** One spelling per address: dotted IPv4 (v4-mapped v6 too), else eight 4-digit v6 groups. */
export function addressKey(address: string): string {
  if (isIPv4(address)) return address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped?.[1]) return mapped[1]
  const [head = '', tail] = address.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  return bytesKey(Buffer.from(groups.map((g) => g.padStart(4, '0')).join(''), 'hex'))
}

function bytesKey(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.')
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff
  if (mapped) return [...bytes.subarray(12)].join('.')
  return (bytes.toString('hex').match(/.{4}/g) ?? []).join(':')
}
