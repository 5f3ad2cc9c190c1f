/**
 * Need to know: what a project declares it needs (`needs`, `isolate` in .secretsrc.json) turned
 * into the child's scoped AWS identity (an STS session policy), the production IAM policy
 * (`secrets policy`) and the isolated child (`run --isolate`, bubblewrap). Imports shared/ and
 * the config, keychain (the agent's socket), run (env files) and store (paths) areas through
 * their index.
 */
export { decideScope, roleSessionName, type ScopeDecision, type ScopeInput } from './identity-scope.js'
export {
  buildPolicy,
  packedPolicy,
  sessionPolicyText,
  SESSION_POLICY_LIMIT,
  MANAGED_POLICY_LIMIT,
  type PolicyDocument,
  type PolicyStatement,
} from './policy-document.js'
export {
  productionPolicy,
  explainScope,
  scopeExplanationText,
  appParameters,
  kmsFromKeyIds,
  type ProductionPolicy,
  type ScopeExplanation,
  type PolicyDeps,
  type PolicyRequest,
} from './production-policy.js'
export {
  isolationSupport,
  isolateCommand,
  signalSandboxed,
  hiddenPathsFor,
  bwrapArgv,
  UNSET_WHEN_ISOLATED,
  type IsolationSupport,
  type IsolationDeps,
} from './isolation.js'
