/**
 * nodePort allocation from `--service-node-port-range` (reference §2.3). The range has a low
 * static band of `min(max(16, size/32), 128)` ports (30000-30085 with the default range);
 * automatic allocation uses the upper, dynamic band first, starting at a hash of
 * namespace/name/port and probing forward, then the static band. A Service's ports with the
 * same port number (e.g. TCP and UDP 53) share one nodePort. healthCheckNodePort is allocated
 * the same way for LoadBalancer Services with externalTrafficPolicy Local.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ServiceSpec } from '../spec/types.js';
import { probe } from './cluster-ips.js';
import { fnv1a } from '../address/ip.js';
import { problem } from './problems.js';
import { DIAG, message } from '../diag/catalogue.js';
import { objectKey } from './state.js';

export function nodePortStaticBandSize(rangeSize: number): number {
  return Math.min(Math.max(16, Math.floor(rangeSize / 32)), 128);
}

export function hasNodePorts(s: ServiceSpec): boolean {
  return s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts);
}

export function needsHealthCheckNodePort(s: ServiceSpec): boolean {
  return s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
}

export interface NodePortAllocation {
  /** Parallel to services, then to their ports. */
  readonly nodePorts: readonly (readonly (number | undefined)[])[];
  readonly healthCheckNodePorts: readonly (number | undefined)[];
}

export function allocateNodePorts(services: readonly ServiceSpec[], range: readonly [number, number], problems: Diagnostic[]): NodePortAllocation {
  const [lo, hi] = range;
  const used = new Map<number, ServiceSpec>();
  const nodePorts = services.map((s) => s.ports.map((p) => (hasNodePorts(s) || p.nodePort !== undefined ? p.nodePort : undefined)));
  const health = services.map((s) => (needsHealthCheckNodePort(s) ? s.healthCheckNodePort : undefined));

  const claim = (s: ServiceSpec, port: number, span: ServiceSpec['span'], what: string): void => {
    if (port < lo || port > hi) {
      problems.push(
        problem(DIAG.nodePortOutsideRange, message(DIAG.nodePortOutsideRange, { what, port, service: `${s.namespace}/${s.name}`, range: `${lo}-${hi}` }), span, [
          'the API server rejects it',
        ]),
      );
      return;
    }
    const owner = used.get(port);
    if (owner && owner !== s) {
      problems.push(
        problem(DIAG.nodePortTaken, message(DIAG.nodePortTaken, { what, port, service: `${s.namespace}/${s.name}`, owner: `${owner.namespace}/${owner.name}` }), span, [
          'the API server rejects it: "provided port is already allocated"',
        ]),
      );
      return;
    }
    used.set(port, s);
  };
  services.forEach((s, i) => {
    s.ports.forEach((p, j) => {
      const pinned = nodePorts[i]?.[j];
      if (pinned !== undefined) claim(s, pinned, p.span ?? s.span, 'nodePort');
    });
    const h = health[i];
    if (h !== undefined) claim(s, h, s.span, 'healthCheckNodePort');
  });

  const staticSize = Math.min(nodePortStaticBandSize(hi - lo + 1), hi - lo + 1);
  const bands: [number, number][] = [
    [lo + staticSize, hi],
    [lo, lo + staticSize - 1],
  ];
  const take = (s: ServiceSpec, seed: string): number | undefined => {
    const port = probe(bands, fnv1a(seed), used);
    if (port === undefined) {
      problems.push(problem(DIAG.nodePortRangeExhausted, message(DIAG.nodePortRangeExhausted, { range: `${lo}-${hi}`, service: `${s.namespace}/${s.name}` }), s.span));
      return undefined;
    }
    used.set(port, s);
    return port;
  };
  const resolved = services.map((s, i) => {
    const row = [...(nodePorts[i] ?? [])];
    if (!hasNodePorts(s)) return row;
    s.ports.forEach((p, j) => {
      if (row[j] !== undefined) return;
      const sibling = s.ports.findIndex((q, k) => k !== j && q.port === p.port && row[k] !== undefined);
      row[j] = sibling >= 0 ? row[sibling] : take(s, `${objectKey(s.namespace, s.name)}:${p.port}/${p.protocol}`);
    });
    return row;
  });
  const healthCheckNodePorts = services.map((s, i) =>
    needsHealthCheckNodePort(s) && health[i] === undefined ? take(s, `${objectKey(s.namespace, s.name)}:health`) : health[i],
  );
  return { nodePorts: resolved, healthCheckNodePorts };
}
