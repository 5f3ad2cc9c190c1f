import { createHash } from 'node:crypto'
import { UsageError } from '../../shared/errors.js'
import type { LifecycleState } from './catalogue.js'

/** The simulations, named as `--spot-interruption` etc. and `secrets imds trigger EVENT`. */
export const SIMULATIONS = ['spot-interruption', 'rebalance', 'maintenance-event', 'asg-terminate'] as const
export type SimulationKind = (typeof SIMULATIONS)[number]
export const SPOT_ACTIONS = ['terminate', 'stop', 'hibernate'] as const
export type SpotAction = (typeof SPOT_ACTIONS)[number]

export interface SimulationRequest {
  kind: SimulationKind
  /** Milliseconds from now until the event is served. */
  delayMs: number
  /** Spot only: what the interruption does (default terminate). */
  action?: SpotAction
}

/** A simulation on the clock: due at `at`. */
export interface ScheduledSimulation {
  kind: SimulationKind
  at: Date
  action?: SpotAction
}

/** EC2 gives two minutes between the Spot notice and the interruption. */
const SPOT_NOTICE_MS = 2 * 60_000
/** Maintenance: the window opens a day after the event is announced, and lasts two hours. */
const MAINTENANCE_LEAD_MS = 24 * 3_600_000
const MAX_DELAY_MS = 7 * 86_400_000
/** The state with nothing scheduled: one object, so the request path allocates nothing. */
const NOTHING = Object.freeze({ key: 'od;', state: Object.freeze({}) })

/**
 * The lifecycle of the emulated instance: simulations scheduled at start (flags) or at
 * run time (`secrets imds trigger`), read as a state of one moment. The state is computed
 * from the clock at each request, so no timer is involved and a state change costs one
 * re-render of the tree (keyed by `key`).
 */
export class Lifecycle {
  private readonly scheduled: ScheduledSimulation[] = []

  schedule(request: SimulationRequest, now: Date): ScheduledSimulation {
    const entry: ScheduledSimulation = {
      kind: request.kind,
      at: new Date(now.getTime() + request.delayMs),
      ...(request.kind === 'spot-interruption' ? { action: request.action ?? 'terminate' } : {}),
    }
    // One of each kind: a new trigger replaces the earlier schedule (as restarting AEMM would).
    const index = this.scheduled.findIndex((s) => s.kind === request.kind)
    if (index === -1) this.scheduled.push(entry)
    else this.scheduled[index] = entry
    return entry
  }

  /** The state at `now`, and a key that changes exactly when the state does. */
  stateAt(now: Date): { key: string; state: LifecycleState } {
    if (this.scheduled.length === 0) return NOTHING
    const state: LifecycleState = {}
    let key = ''
    for (const s of this.scheduled) {
      if (s.kind === 'spot-interruption') state.spotInstance = true
      if (now < s.at) continue
      key += `${s.kind}@${s.at.getTime()};`
      if (s.kind === 'spot-interruption')
        state.spot = { action: s.action ?? 'terminate', time: new Date(s.at.getTime() + SPOT_NOTICE_MS) }
      else if (s.kind === 'rebalance') state.rebalance = { noticeTime: s.at }
      else if (s.kind === 'maintenance-event')
        state.maintenance = {
          notBefore: new Date(s.at.getTime() + MAINTENANCE_LEAD_MS),
          eventId: `instance-event-${createHash('sha256').update(String(s.at.getTime())).digest('hex').slice(0, 17)}`,
        }
      else state.asgTerminated = true
    }
    return { key: `${state.spotInstance ? 'spot' : 'od'};${key}`, state }
  }

  list(): readonly ScheduledSimulation[] {
    return this.scheduled
  }
}

/** Parses a delay: `0`, `30` (seconds), `5s`, `2m`, `1h`; at most 7 days. */
export function parseDelay(value: string, flag: string): number {
  const match = /^(\d{1,7})(ms|s|m|h)?$/.exec(value.trim())
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[match?.[2] ?? 's'] ?? 1_000
  const ms = match ? Number(match[1]) * unit : NaN
  if (!Number.isFinite(ms) || ms > MAX_DELAY_MS)
    throw new UsageError(`${flag} ${value} is not a delay.`, {
      hint: 'Give a delay such as 0, 5s, 2m or 1h (at most 7 days).',
      code: 'BadDelay',
    })
  return ms
}

/** Checks an event name (`secrets imds trigger EVENT`). */
export function parseSimulationKind(value: string): SimulationKind {
  if ((SIMULATIONS as readonly string[]).includes(value)) return value as SimulationKind
  throw new UsageError(`${value} is not a simulation.`, {
    hint: `Use one of: ${SIMULATIONS.join(', ')}.`,
    code: 'BadSimulation',
  })
}

/**
 * One scheduled simulation for `imds trigger`, saying which time is which: when the notice
 * appears in the metadata, and (Spot, maintenance) when the announced action itself is due.
 */
export function describeScheduled(s: { kind: string; at: string; action?: string }): string {
  const [kind, when] = scheduledCells(s)
  return `${kind}: ${when}`
}

/** The same as two cells, `[kind, when]`, for the columns of `imds trigger`. */
export function scheduledCells(s: { kind: string; at: string; action?: string }): [string, string] {
  const at = Date.parse(s.at)
  const plus = (ms: number) => new Date(at + ms).toISOString()
  switch (s.kind) {
    case 'spot-interruption':
      return [
        s.kind,
        `notice served from ${s.at}; the ${s.action ?? 'terminate'} action at ${plus(SPOT_NOTICE_MS)}`,
      ]
    case 'maintenance-event':
      return [
        s.kind,
        `notice served from ${s.at}; the maintenance window opens at ${plus(MAINTENANCE_LEAD_MS)}`,
      ]
    case 'rebalance':
      return [s.kind, `recommendation served from ${s.at} (a notice; no action follows)`]
    case 'asg-terminate':
      return [s.kind, `target lifecycle state Terminated from ${s.at} (the action)`]
    default:
      return [s.kind, `at ${s.at}`]
  }
}
