/**
 * Loopback (127.0.0.0/8, ::1) is the sender's own network namespace: a pod's, shared by its
 * containers, or a node's, where kube-proxy (iptables, localhost-nodeports) serves NodePorts on
 * 127.0.0.1 and never on ::1 (route_localnet is IPv4-only).
 */
import { describe, expect, it } from 'vitest';
import { buildState } from '../../src/net/index.js';
import { cluster, node, pod, ports, service, svcPort } from '../helpers/spec.js';
import { flows, fromPod, outcomes } from './probe-helpers.js';

const lab = (over: Parameters<typeof cluster>[0] = {}) =>
  buildState(
    cluster({
      nodes: [node('n1', '192.168.0.11')],
      pods: [pod('web', 'n1', { labels: { app: 'web' }, ports: ports('8080', 'metrics:9090') }), pod('other', 'n1')],
      services: [service('web', { type: 'NodePort', ports: [svcPort(80, 8080, { nodePort: 30080 })] })],
      ...over,
    }),
  );
const ip = (address: string) => ({ kind: 'ip', ip: address }) as const;

describe('loopback', () => {
  it("a pod's 127.0.0.1 and ::1 are its own namespace: its ports, never another pod, never a wire", () => {
    const ok = flows(lab(), fromPod('web'), ip('127.0.0.1'), { port: 9090 });
    expect(outcomes(ok)).toEqual(['allow']);
    expect(ok[0]?.backend?.pod?.name).toBe('web');
    expect(ok[0]?.sourceSeen ?? ok[0]?.sourceIp).toBe('127.0.0.1');
    expect(ok[0]?.hops.map((h) => h.stage)).toEqual(['source', 'delivery']);
    expect(outcomes(flows(lab(), fromPod('web'), ip('127.0.0.1'), { port: 7070 }))).toEqual(['refused:no-listener']);
    expect(outcomes(flows(lab(), fromPod('web'), ip('::1'), { port: 8080 }))).toEqual(['allow']);
    expect(outcomes(flows(lab(), fromPod('web'), ip('127.0.0.5'), { port: 8080 }))).toEqual(['allow']);
    // Named ports mean the pod's own container ports.
    expect(outcomes(flows(lab(), fromPod('web'), ip('127.0.0.1'), { port: 'metrics' }))).toEqual(['allow']);
    expect(outcomes(flows(lab(), fromPod('web'), ip('127.0.0.1'), { port: 30080 }))).toEqual(['refused:no-listener']);
  });
  it("a node's localhost: NodePorts on 127.0.0.1 (iptables), masqueraded; never on ::1", () => {
    const np = flows(lab(), { kind: 'node', name: 'n1' }, ip('127.0.0.1'), { port: 30080 });
    expect(outcomes(np)).toEqual(['allow']);
    expect(np[0]?.masqueraded).toBe(true);
    expect(np[0]?.sourceIp).toBe('127.0.0.1');
    expect(outcomes(flows(lab(), { kind: 'node', name: 'n1' }, ip('::1'), { port: 30080 }))).toEqual(['refused:no-listener']);
    expect(outcomes(flows(lab({ proxyMode: 'ipvs' }), { kind: 'node', name: 'n1' }, ip('127.0.0.1'), { port: 30080 }))).toEqual(['refused:no-listener']);
    // The node's own daemons answer there.
    expect(outcomes(flows(lab(), { kind: 'node', name: 'n1' }, ip('127.0.0.1'), { port: 10250 }))).toEqual(['allow']);
  });
  it('a loopback source must name its machine', () => {
    const fs = flows(lab(), ip('127.0.0.1'), { kind: 'node', name: 'n1' }, { port: 22 });
    expect(outcomes(fs)).toEqual(['unreachable']);
    expect(fs[0]?.hops.at(-1)?.text).toContain('own loopback');
  });
});
