/**
 * Local-only fault injection for the product's AWS calls (CONTRACT "Local cloud only": `/local/faults`,
 * `--faults`). Never imported by deployable code. See `install.ts` (how), `responses.ts` (the wire formats, with
 * sources), `file.ts` (the state shared across processes) and `state.ts` (the input forms).
 */
export { FAULTS_FILE_ENV, type FaultSource, FaultStateFile } from './file.ts';
export { type FaultInjection, installFaults, installFaultsFromEnv, type SdkClient, targetOf } from './install.ts';
export {
  DYNAMODB_THROTTLING_MESSAGE,
  KMS_THROTTLING_MESSAGE,
  refusedConnection,
  throttlingResponse,
} from './responses.ts';
export {
  applyFaults,
  FAULT_MODES,
  FAULT_SERVICES,
  type FaultMode,
  type FaultService,
  type FaultState,
  faultValidationError,
  type FieldProblem,
  HEALTHY,
  isFaultService,
  normaliseFaultState,
  type Parsed,
  parseFaultBody,
  parseFaultFlag,
} from './state.ts';
