/** The live-tuning engine: plan, measure, restore. Depends on ports, never on the SDK. */
export { runTune } from './run.js';
export { planTune, checkBudget, costBound, costEstimate, renderTunePlan } from './plan.js';
export { describeTuneEvent } from './progress.js';
export { normalisePayloads, encodePayloads, payloadSchedule, MAX_PAYLOAD_BYTES, type WeightedPayload } from './payloads.js';
export { TUNE_MARKS, TUNE_ALIAS_PREFIX, TUNE_VERSION_PREFIX, tuneAliasName, tuneVersionDescription, type TuneMarks } from './marks.js';
export { RUN_MARKER_TAG, isOfRun, ALIVE_MS, decodeRunMarker, isAlive, heardFromRecently, isoSeconds } from './marks.js';
export { startBeat } from './marker.js';
export { planRecovery, describeRecovery, describeRunChanges, aliveText, SILENT_FOR_S, type RecoveryPlan } from './recover.js';
export { executeUndo, describeUndo, emptyPlan, undoItems, type TemporaryFunction, type UndoDeps, type UndoOutcome, type UndoPlan } from './undo.js';
export { functionRef, type FunctionRef } from './function-ref.js';
export { runCopyTune, checkApplyTarget, type CopyDeps, type CopyRunOptions } from './copy.js';
export {
  planCopy,
  renderCopyPlan,
  checkCopyBudget,
  copyName,
  copyLogGroup,
  decodeCopyTag,
  encodeCopyTag,
  isCopy,
  isFreshCopy,
  COPY_PREFIX,
  COPY_TAG,
  COPY_LOG_GROUP_PREFIX,
  INLINE_ZIP_LIMIT_BYTES,
  type CopyOptions,
  type CopyPlan,
} from './copy-plan.js';
export type { CopyCode, CopyGateway, CopySpec, SourceFunction } from './copy-ports.js';
export { carriedReport, InterruptedRunError, NoReportsError, PartialRunError, RestoreIncompleteError, TuneFailedError } from './errors.js';
export type { TuneDeps, TuneEvent, TuneOptions, TunePlan } from './types.js';
export type { DriverPlan, DriverStep, Observations, SearchFactory, SearchRequest, SizingDriver } from './driver.js';
export type {
  AliasDescription,
  FunctionConfiguration,
  InvokeResult,
  LambdaGateway,
  PublishRequest,
  PublishedVersion,
  ReportLookup,
  ReportQuery,
  TemporaryFunctions,
  VersionDescription,
} from './ports.js';
