import { availableParallelism } from 'node:os'

/**
 * How many cores a scan uses by default (the main thread included), for a tree scan and for
 * `--history`. A worker thread has a fixed cost of its own, ≈ 0.3–0.5 CPU-s measured here on
 * a 2-vCPU VM (its Node bootstrap, module loading, rule compilation, keyword table, and JIT
 * warm-up of every hot function and regex, all repeated per isolate), so it pays only where
 * it gets a core of its own for long enough:
 * - a tree: every core (at most 8) from three cores up; on one or two cores the main thread
 *   alone (on two cores the worker cost 0.3–0.5 CPU-s more and no wall time, measured on
 *   the node_modules tree and a 31 MB subset, bench/scan/RESULTS.md);
 * - `--history`: one core is git's (cat-file inflates every blob the scan reads), the
 *   others the scan's, so no worker on two cores either.
 */
export function defaultScanThreads(kind: 'tree' | 'history', cores: number = availableParallelism()): number {
  if (kind === 'history') return Math.max(1, Math.min(cores - 1, 8))
  return cores <= 2 ? 1 : Math.min(cores, 8)
}
