/**
 * Allocation problems the model reports as Diagnostics (codes NS3xxx): what a real API server
 * or controller would refuse or fail to do. The model still builds a state around them.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Span } from '../spec/types.js';

export const PROBLEM = {
  podCidrExhausted: 'NS3001',
  nodeCidrExhausted: 'NS3002',
  podIpOutsideCidr: 'NS3003',
  addressTaken: 'NS3004',
  clusterIpOutsideRange: 'NS3005',
  serviceCidrExhausted: 'NS3006',
  nodePortOutsideRange: 'NS3007',
  nodePortTaken: 'NS3008',
  nodePortRangeExhausted: 'NS3009',
  unknownNode: 'NS3010',
  ipFamilyUnavailable: 'NS3011',
} as const;

const NOWHERE: Span = { file: '<cluster>', start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

export function problem(code: string, message: string, span: Span | undefined, notes?: readonly string[]): Diagnostic {
  return { code, severity: 'error', message, span: span ?? NOWHERE, ...(notes ? { notes } : {}) };
}
