/** Exports of experiment results (JSON, CSV) and of a run's load (ghz, k6). Pure: text in, text out. */
export {
  runToJson,
  runFromJson,
  runToCsv,
  runsSummaryCsv,
  RUN_EXPORT_VERSION,
  type RunExportOptions,
} from './run-export';
export { flowLabToJson, flowLabToCsv } from './flow-export';
export { ghzCommand, goDuration, type LoadExport, type LoadExportOptions } from './ghz';
export { k6Script } from './k6';
