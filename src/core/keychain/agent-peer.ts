import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Who is on the other end of an agent connection, and is it inside a `secrets run` child's
 * process tree (issue #19 item 1)? Node has no SO_PEERCRED, so the kernel is asked through
 * sock_diag, as `ss -xp` (iproute2) prints it: our end's inode (from /proc/self/fd), its peer's
 * inode, and the pids holding the peer. Each pid's ancestry (/proc/PID/stat, field 4) is walked
 * against the registered runs.
 *
 * A run registers itself before it spawns its child: a file `runs/<pid>` in the agent's 0700
 * directory holding its start time (field 22 of /proc/PID/stat, so a reused pid is not taken for
 * it), removed when it ends. The agent reads the directory on each connection and remembers
 * every live run it has seen (a child that removes its parent's file after the agent saw it
 * changes nothing). Only when some registered run is alive is the peer looked up, so a
 * connection costs nothing extra while no `run` is going on (bench/README.md has the figure).
 *
 * What escapes: a process that leaves the tree (a double fork, re-parented to init or a
 * subreaper) is no longer a descendant, and one that removes the registration before the agent
 * first reads it is not seen. `secrets run --isolate` is the complete answer: the child cannot
 * reach the socket at all.
 */

export interface RunRegistration {
  pid: number
  start: string
}

const RUNS = 'runs'

/** Field `n` (1-based, as proc(5) counts) of /proc/PID/stat; undefined when there is no such process. */
function statField(pid: number, n: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 2 (comm) is parenthesised and may hold spaces and parentheses: split after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return rest[n - 3]
  } catch {
    return undefined
  }
}

export function processStart(pid: number): string | undefined {
  return statField(pid, 22)
}

function parentOf(pid: number): number | undefined {
  const ppid = Number(statField(pid, 4))
  return Number.isInteger(ppid) ? ppid : undefined
}

/**
 * Registers this process as a `run` with the agent directory `dir`; returns the function that
 * removes the registration. Linux only (elsewhere there is no /proc to check against).
 */
export function registerRun(dir: string, pid = process.pid): () => void {
  const start = processStart(pid)
  if (start === undefined) return () => {}
  const file = join(dir, RUNS, String(pid))
  try {
    mkdirSync(join(dir, RUNS), { recursive: true, mode: 0o700 })
    writeFileSync(file, start, { mode: 0o600 })
  } catch {
    return () => {}
  }
  return () => rmSync(file, { force: true })
}

/** Merges the registrations in `dir` into `known` and drops the runs that have ended. */
export function liveRuns(dir: string, known: Map<number, string>): RunRegistration[] {
  let names: string[] = []
  try {
    names = readdirSync(join(dir, RUNS))
  } catch {
    // none registered yet
  }
  for (const name of names) {
    const pid = Number(name)
    if (!Number.isInteger(pid) || pid <= 1 || known.has(pid)) continue
    try {
      known.set(pid, readFileSync(join(dir, RUNS, name), 'utf8').trim())
    } catch {
      // removed meanwhile
    }
  }
  const live: RunRegistration[] = []
  for (const [pid, start] of known) {
    if (processStart(pid) === start) live.push({ pid, start })
    else {
      known.delete(pid)
      rmSync(join(dir, RUNS, String(pid)), { force: true })
    }
  }
  return live
}

/** True when `pid` is a strict descendant of one of `runs` (the run itself is the CLI: allowed). */
export function descendsFromRun(pid: number, runs: RunRegistration[]): boolean {
  const registered = new Map(runs.map((run) => [run.pid, run.start]))
  let current = parentOf(pid)
  // Bounded: a process tree is never deeper than this in practice; a cycle cannot occur.
  for (let depth = 0; current !== undefined && current > 1 && depth < 256; depth++) {
    if (registered.get(current) === processStart(current)) return true
    current = parentOf(current)
  }
  return false
}

/** The inode of the socket open as `fd` in this process (`socket:[123]`). */
function socketInode(fd: number): string | undefined {
  try {
    return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1]
  } catch {
    return undefined
  }
}

/**
 * The pids holding the other end of the Unix socket open here as `fd`, from `ss -xpn`'s table
 * (`u_str ESTAB 0 0 <path|*> <inode> <peer path|*> <peer inode> users:(("node",pid=N,fd=M),…)`).
 * Undefined when it cannot be told (no `ss`, no /proc, the peer already gone).
 */
export async function peerPids(fd: number, timeoutMs = 2000): Promise<number[] | undefined> {
  const mine = socketInode(fd)
  if (!mine) return undefined
  const { execFile } = await import('node:child_process')
  const table = await new Promise<string | undefined>((resolve) =>
    execFile('ss', ['-xpn'], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    ),
  )
  if (table === undefined) return undefined
  const rows = table.split('\n').map((line) => line.trim().split(/\s+/))
  const peer = rows.find((row) => row[5] === mine)?.[7]
  if (!peer) return undefined
  const owner = rows.find((row) => row[5] === peer && row[7] === mine)
  const pids = [...(owner?.slice(8).join(' ') ?? '').matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]))
  return pids.length > 0 ? pids : undefined
}
