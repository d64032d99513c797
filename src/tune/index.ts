/** The live-tuning engine: plan, measure, restore. Depends on ports, never on the SDK. */
export { runTune } from './run.js';
export { planTune, checkBudget, costBound, costEstimate, renderTunePlan } from './plan.js';
export { describeTuneEvent } from './progress.js';
export { normalisePayloads, encodePayloads, payloadSchedule, MAX_PAYLOAD_BYTES, type WeightedPayload } from './payloads.js';
export { TUNE_MARKS, TUNE_ALIAS_PREFIX, TUNE_VERSION_PREFIX, tuneAliasName, tuneVersionDescription, type TuneMarks } from './marks.js';
export { NoReportsError, PartialRunError, RestoreIncompleteError, TuneFailedError } from './errors.js';
export type { TuneDeps, TuneEvent, TuneOptions, TunePlan } from './types.js';
export type {
  AliasDescription,
  FunctionConfiguration,
  InvokeResult,
  LambdaGateway,
  PublishRequest,
  PublishedVersion,
  ReportLookup,
  ReportQuery,
  VersionDescription,
} from './ports.js';
