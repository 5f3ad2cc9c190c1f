/** Resolves with the first of SIGINT, SIGTERM or SIGHUP: how a foreground server is told to stop. */
export function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(name, () => resolve(name))
  })
}
