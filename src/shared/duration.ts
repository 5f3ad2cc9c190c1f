import { UsageError } from './errors.js'

const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/** Parses `90s`, `15m`, `24h`, `7d`, `1h30m` into milliseconds. */
export function parseDuration(input: string, flag = 'duration'): number {
  const text = input.trim()
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g
  let total = 0
  let consumed = 0
  for (const match of text.matchAll(re)) {
    if (match.index !== consumed) break
    total += Number(match[1]) * (UNITS[match[2] ?? ''] ?? 0)
    consumed += match[0].length
  }
  if (consumed === 0 || consumed !== text.length) {
    throw new UsageError(`${flag} "${input}" is not a duration.`, {
      hint: 'Use forms like 30s, 15m, 24h, 7d or 1h30m.',
    })
  }
  return Math.round(total)
}

/** Formats milliseconds for humans: `3d 4h`, `12m`, `40s`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`
  const d = Math.floor(h / 24)
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`
}
