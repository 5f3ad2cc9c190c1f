export { verifyFindings, sortByVerification } from './registry.js'
export type { VerifyOptions } from './registry.js'
export { awsStsVerifier } from './aws-sts.js'
export type { Candidate, Verification, VerificationStatus, Verifier } from './types.js'

import { awsStsVerifier } from './aws-sts.js'
import type { Verifier } from './types.js'

/** The built-in verifiers, one per issuer. */
export function builtinVerifiers(env: NodeJS.ProcessEnv = process.env): Verifier[] {
  return [awsStsVerifier({ env })]
}
export { applyVerification } from './apply.js'
