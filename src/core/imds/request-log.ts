/**
 * `secrets imds --verbose`: one line per answered request. A line carries only what the
 * request's line and the socket tell (server, method, path without its query, status, the
 * client's uid, duration): never a header, so neither the IMDSv2 token nor the ECS
 * Authorization value can reach it, and never a response body (the credentials).
 */
export interface RequestLogEntry {
  /** Which server answered: `IMDS` or `ECS`. */
  server: string
  method: string
  /** The request path without its query string. */
  path: string
  status: number
  /** The uid owning the client socket; undefined when it could not be found. */
  uid: number | undefined
  durationMs: number
}

/** Paths are client-chosen text: long ones are cut so one line stays one line. */
const MAX_PATH = 160

/**
 * Formats one entry as a fixed-width line (so consecutive lines align): time, server,
 * method, status, uid, duration, then the path last (its width varies).
 */
export function formatRequestLine(entry: RequestLogEntry, at: Date): string {
  const time = at.toISOString().slice(11, 23)
  const uid = entry.uid === undefined ? 'uid ?' : `uid ${entry.uid}`
  const ms = `${entry.durationMs < 10 ? entry.durationMs.toFixed(1) : Math.round(entry.durationMs)} ms`
  return [
    time,
    entry.server.padEnd(4),
    printable(entry.method, 7).padEnd(7),
    String(entry.status),
    uid.padEnd(10),
    ms.padStart(8),
    printable(entry.path, MAX_PATH),
  ].join('  ')
}

/** Escapes control and non-ASCII characters (a path cannot draw on the terminal) and cuts. */
function printable(text: string, max: number): string {
  const escaped = text.replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped
}
