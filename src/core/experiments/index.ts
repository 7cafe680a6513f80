/**
 * Latency and backpressure experiments (issue 4), headless: the method panel
 * and `grpc-explorer bench` call these; nothing here imports vscode.
 */
export * from './types';
export { runMethodLoad, type MethodLoadOptions } from './runner';
export { runLoad, checkPlan, type LoadCall, type LoadCallResult, type LoadOptions } from './load-loop';
export { compareRuns, type RunComparison } from './compare';
export { measureRunnerOverhead, type RunnerOverhead } from './overhead';
export { latencyHistogram, latencyOverTime, type LatencyHistogram, type TimeBin } from './samples';
export { exactSummary } from './exact-summary';
export { parseFieldPath, getField, setField, type PathStep } from './field-path';
export {
  pairByOrder,
  pairByField,
  interArrival,
  oneWayDelays,
  oneWayDelaySteps,
  stampToEpochUs,
  type RoundTrips,
  type CorrelationPaths,
  type InterArrival,
  type OneWayDelays,
} from './stream-latency';
export {
  startFlowLab,
  FLOW_MESSAGE_STAMPS,
  type FlowLab,
  type FlowLabOptions,
  type FlowLabResult,
  type FlowSample,
  type FlowServerProbe,
  type FlowStampPaths,
} from './backpressure';
export { FlowLog, flowTimeline, type FlowMessageRow, type FlowTimeline } from './flow-log';
export { explainFlow, DEFAULT_WINDOW_BYTES, type FlowExplanation, type FlowSetting } from './flow-explain';
