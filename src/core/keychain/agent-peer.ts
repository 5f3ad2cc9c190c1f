import { mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Who is on the other end of an agent connection, and is it inside a `secrets run` child's
 * process tree (issue #19 item 1)? Node has no SO_PEERCRED, so the kernel is asked through
 * sock_diag, as `ss -xn` (iproute2) prints it: our end's inode (from /proc/self/fd) and its
 * peer's inode. The registered runs' descendants are found from /proc/PID/stat (field 4, the
 * parent), and the connection is theirs when one of them holds the peer socket
 * (/proc/PID/fd). (`ss -xp` would name the peer's pid directly, but it reads every process's
 * fds to do so: 4-15 times slower here.)
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

/** Every process that descends from one of `runs` (not the runs themselves), from one pass over /proc. */
function descendantsOf(runs: RunRegistration[]): number[] {
  const children = new Map<number, number[]>()
  let names: string[] = []
  try {
    names = readdirSync('/proc')
  } catch {
    return []
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue
    const ppid = parentOf(Number(name))
    if (ppid === undefined) continue
    const list = children.get(ppid) ?? []
    list.push(Number(name))
    children.set(ppid, list)
  }
  const found: number[] = []
  const queue = runs.filter((run) => processStart(run.pid) === run.start).map((run) => run.pid)
  // Bounded by the process count: each pid is queued at most once.
  const seen = new Set(queue)
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      if (seen.has(child)) continue
      seen.add(child)
      found.push(child)
      queue.push(child)
    }
  }
  return found
}

/** True when one of `pids` holds the socket with inode `inode` (a /proc/PID/fd entry reading socket:[inode]). */
function holdsSocket(pids: number[], inode: string): boolean {
  const target = `socket:[${inode}]`
  for (const pid of pids) {
    let fds: string[]
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true
      } catch {
        // closed meanwhile
      }
    }
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
 * The inode of the other end of the Unix socket open here as `fd`, from the kernel's sock_diag
 * table as `ss -xn` prints it (`u_str ESTAB 0 0 <path|*> <inode> <peer path|*> <peer inode>`).
 * Undefined when it cannot be told (no `ss`, no /proc, the peer already gone).
 */
export async function peerInode(fd: number, timeoutMs = 2000): Promise<string | undefined> {
  const mine = socketInode(fd)
  if (!mine) return undefined
  const { execFile } = await import('node:child_process')
  const table = await new Promise<string | undefined>((resolve) =>
    execFile('ss', ['-xn'], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    ),
  )
  if (table === undefined) return undefined
  for (const line of table.split('\n')) {
    const row = line.trim().split(/\s+/)
    if (row[5] === mine && /^\d+$/.test(row[7] ?? '')) return row[7]
  }
  return undefined
}

/**
 * True when the peer of the connection open here as `fd` is inside the process tree of one of
 * `runs` (a strict descendant: the run itself is the CLI); undefined when the peer cannot be told.
 * Cost: one `ss -xn` and one pass over every /proc/PID/stat, then the fds of the runs' descendants only.
 */
export async function peerInRunTree(fd: number, runs: RunRegistration[]): Promise<boolean | undefined> {
  const inode = await peerInode(fd)
  if (!inode) return undefined
  return holdsSocket(descendantsOf(runs), inode)
}
