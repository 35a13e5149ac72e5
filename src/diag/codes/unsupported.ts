/** Codes of scenario features netscn does not simulate (NS90xx). */
import { entry } from './entry.js';

export const UNSUPPORTED = {
  notSupported: entry({
    code: 'NS9002',
    title: 'not simulated',
    severity: 'error',
    template: '{what} {isAre} not simulated',
    explanation:
      'The scenario asks for something netscn does not simulate (IPv6-primary clusters, IPv6 on a single-stack cluster, …). netscn refuses it rather than give an answer that would not hold on a real cluster. Describe the cluster without it.',
    example: { kind: 'scenario', scenario: 'cluster c {\n  pod-cidr fd00:10:244::/56\n  node n1 ip 192.168.0.11\n}\n' },
  }),
} as const;
