/**
 * The local EC2 IMDSv2 / ECS credentials emulator: servers, routes, the credential vendor
 * and the development CA, for `secrets run --imds/--ecs` and `secrets imds`. Imports shared/
 * and the identity, keychain and audit areas through their index.
 */
import { loadDevCa } from './dev-ca.js'
import type { Keychain } from '../keychain/index.js'

export {
  startEmulator,
  parseRoleArn,
  type Emulator,
  type EmulatorDeps,
  type EmulatorInput,
} from './emulator.js'
export {
  startChildEmulator,
  withChildEmulator,
  extendNoProxy,
  UNSET_FOR_CHILD,
  type ChildEmulator,
  type ChildEmulatorInput,
} from './child-emulator.js'

/** Returns the development CA certificate (PEM), creating the CA on first use. */
export async function devCaCertificate(deps: {
  keychain: () => Keychain
  now?: () => Date
}): Promise<string> {
  const ca = await loadDevCa(deps.keychain(), (deps.now ?? (() => new Date()))())
  return ca.certPem
}
export {
  startForegroundEmulator,
  exportLines,
  instanceInput,
  type ForegroundEmulator,
  type InstanceFlags,
} from './foreground.js'
export {
  SIMULATIONS,
  SPOT_ACTIONS,
  describeScheduled,
  parseDelay,
  scheduledCells,
  type SimulationKind,
} from './lifecycle.js'
export { sendTrigger, type TriggerInput } from './control.js'
export { formatRequestLine, type RequestLogEntry } from './request-log.js'
