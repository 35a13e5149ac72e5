export { formatFlow, formatFlows, formatHops, formatDns, formatPacket, verdictLine } from './trace.js';
export { formatEvidence } from './explain.js';
export { formatPretty, formatFile, formatCheck, formatSummary, location } from './pretty.js';
export { formatJson, reportToJson, checkToJson, JSON_SCHEMA_VERSION } from './json.js';
export { formatJunit, xmlEscape } from './junit.js';
export { summarize, fileStatus, formatDuration, type RunReport, type TimedRun, type Summary, type FileStatus } from './summary.js';
export type { StyleOptions } from './style.js';
