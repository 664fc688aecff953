/** @module Public API of the IAM policy engine (re-exports only). */
export type { AuthzRequest, Decision, DecisionValue, Effect, Policy, PolicyRef, PolicyType, PolicyVersion, PrincipalMatchKind, PrincipalType, Reason, RequestPrincipal, Statement, StatementElement, StatementRef, ViaEndpoint } from './types.js';
export { DECISIONS, POLICY_TYPES, PRINCIPAL_TYPES } from './types.js';
export { parsePolicy, validatePolicy, SIZE_LIMITS, type IdentityKind, type PolicyError, type ValidateOptions, type ValidationResult } from './validate.js';
export { compilePolicy, compileDocument, PolicyCompileCache, type CompiledPolicy } from './compile.js';
export { evaluate, evaluatePrepared, type CompiledEndpointPolicy, type CompiledPolicySet } from './evaluate.js';
export { prepareRequest, type PreparedRequest } from './context.js';
export { checkScenario, evaluateScenario, type Scenario, type ScenarioCheck, type ScenarioError, type ScenarioResult } from './scenario.js';
export { formatDecision } from './explain.js';
