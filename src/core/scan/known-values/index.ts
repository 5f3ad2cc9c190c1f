export { KnownValueIndex, MIN_KNOWN_VALUE_LENGTH } from './value-index.js'
export type { KnownValue } from './value-index.js'
export { collectKnownValues } from './collect.js'
export type { KnownValueSources } from './collect.js'
