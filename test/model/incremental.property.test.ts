/**
 * The incremental path for pod condition changes must give the state a full rebuild gives:
 * same endpoints (slices, per port, per Service), same address owners, same probe verdicts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildState } from '../../src/model/build-state.js';
import { withPodConditions } from '../../src/model/incremental.js';
import { ownersOf, type ClusterState } from '../../src/model/state.js';
import { probe } from '../../src/net/index.js';
import type { ClusterSpec, PodSpec } from '../../src/spec/types.js';
import { cluster, node, pod, ports, service, svcPort } from '../helpers/spec.js';

const APPS = ['a', 'b', 'c'];
const NAMESPACES = ['default', 'shop'];

const podArb = fc.record({
  app: fc.constantFrom(...APPS),
  ns: fc.constantFrom(...NAMESPACES),
  node: fc.constantFrom('n1', 'n2', 'n3'),
  ready: fc.boolean(),
  terminating: fc.boolean(),
});

const serviceArb = fc.record({
  app: fc.constantFrom(...APPS),
  ns: fc.constantFrom(...NAMESPACES),
  type: fc.constantFrom('ClusterIP', 'NodePort', 'LoadBalancer') as fc.Arbitrary<'ClusterIP' | 'NodePort' | 'LoadBalancer'>,
  pnr: fc.boolean(),
  headless: fc.boolean(),
  etpLocal: fc.boolean(),
});

type PodGen = { app: string; ns: string; node: string; ready: boolean; terminating: boolean };
type SvcGen = { app: string; ns: string; type: 'ClusterIP' | 'NodePort' | 'LoadBalancer'; pnr: boolean; headless: boolean; etpLocal: boolean };

function specOf(pods: readonly PodGen[], services: readonly SvcGen[]): ClusterSpec {
  return cluster({
    nodes: [node('n1', '192.168.0.11', { zone: 'z1' }), node('n2', '192.168.0.12', { zone: 'z2' }), node('n3', '192.168.0.13', { zone: 'z1' })],
    pods: pods.map((p, i) => pod(`p${i}`, p.node, { namespace: p.ns, labels: { app: p.app }, ports: ports('8080'), ready: p.ready, terminating: p.terminating })),
    services: services.map((s, i) =>
      service(`s${i}`, {
        namespace: s.ns,
        selector: { app: s.app },
        type: s.headless ? 'ClusterIP' : s.type,
        headless: s.headless && s.type === 'ClusterIP',
        publishNotReadyAddresses: s.pnr,
        ...(s.etpLocal && s.type !== 'ClusterIP' ? { externalTrafficPolicy: 'Local' as const } : {}),
        ports: [svcPort(80, 8080)],
      }),
    ),
  });
}

/** Everything kube-proxy and DNS read from the Services, in a comparable form. */
function view(state: ClusterState) {
  return state.services.map((s) => ({
    key: s.key,
    clusterIP: s.clusterIP,
    slices: s.slices.map((x) => ({ ...x })),
    byPort: s.endpointsByPort.map((l) => l.map((e) => ({ ...e }))),
    endpoints: s.endpoints.map((e) => ({ ...e })),
    owners: s.clusterIP === undefined ? [] : ownersOf(state, s.clusterIP).map((o) => (o.kind === 'cluster-ip' ? o.service.endpoints.map((e) => e.ready) : o.kind)),
  }));
}

describe('incremental pod condition changes', () => {
  it('equal a full rebuild: endpoints, owners, probes, after a chain of changes', () => {
    fc.assert(
      fc.property(
        fc.array(podArb, { minLength: 1, maxLength: 8 }),
        fc.array(serviceArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.record({ pod: fc.nat(), ready: fc.boolean(), terminating: fc.boolean() }), { minLength: 1, maxLength: 4 }),
        (pods, services, changes) => {
          let spec = specOf(pods, services);
          let state = buildState(spec);
          for (const ch of changes) {
            const i = ch.pod % spec.pods.length;
            const target = spec.pods[i] as PodSpec;
            spec = { ...spec, pods: spec.pods.map((p, j) => (j === i ? { ...p, ready: ch.ready, terminating: ch.terminating } : p)) };
            const next = withPodConditions(state, spec, `${target.namespace}/${target.name}`, { ready: ch.ready, terminating: ch.terminating });
            expect(next).toBeDefined();
            state = next as ClusterState;
            const rebuilt = buildState(spec);
            expect(view(state)).toEqual(view(rebuilt));
            expect(state.pods.map((p) => [p.key, p.spec.ready, p.spec.terminating])).toEqual(rebuilt.pods.map((p) => [p.key, p.spec.ready, p.spec.terminating]));
            for (const s of rebuilt.services) {
              for (const via of s.spec.type === 'ClusterIP' ? (['clusterip'] as const) : (['clusterip', 'nodeport'] as const)) {
                const pr = { source: { kind: 'pod', namespace: 'default', name: 'p0' } as const, target: { kind: 'service', namespace: s.namespace, name: s.name, via } as const };
                if (!rebuilt.podsByKey.has('default/p0')) continue;
                const a = probe(state, pr).flows.map((f) => `${f.outcome}:${f.cause ?? ''}:${f.backend?.pod?.name ?? ''}`);
                const b = probe(rebuilt, pr).flows.map((f) => `${f.outcome}:${f.cause ?? ''}:${f.backend?.pod?.name ?? ''}`);
                expect(a).toEqual(b);
              }
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('falls back (undefined) where it does not apply: hostNetwork pods, topology-mode Auto', () => {
    const base = specOf([{ app: 'a', ns: 'default', node: 'n1', ready: true, terminating: false }], [{ app: 'a', ns: 'default', type: 'ClusterIP', pnr: false, headless: false, etpLocal: false }]);
    const auto: ClusterSpec = { ...base, services: base.services.map((s) => ({ ...s, annotations: { 'service.kubernetes.io/topology-mode': 'Auto' } })) };
    expect(withPodConditions(buildState(auto), auto, 'default/p0', { ready: false, terminating: false })).toBeUndefined();
    const host: ClusterSpec = { ...base, pods: base.pods.map((p) => ({ ...p, hostNetwork: true })) };
    expect(withPodConditions(buildState(host), host, 'default/p0', { ready: false, terminating: false })).toBeUndefined();
  });

  it('a mutation of the patch is caught: ignoring publishNotReadyAddresses differs from the rebuild', () => {
    // Guards the property above against passing vacuously: a Service with publishNotReadyAddresses
    // keeps a not-ready pod ready; the incremental state must say so too.
    const spec = specOf([{ app: 'a', ns: 'default', node: 'n1', ready: true, terminating: false }], [{ app: 'a', ns: 'default', type: 'ClusterIP', pnr: true, headless: false, etpLocal: false }]);
    const after: ClusterSpec = { ...spec, pods: spec.pods.map((p) => ({ ...p, ready: false })) };
    const next = withPodConditions(buildState(spec), after, 'default/p0', { ready: false, terminating: false });
    const svc = next?.servicesByKey.get('default/s0');
    expect(svc?.endpoints.map((e) => [e.ready, e.serving])).toEqual([[true, true]]);
    const plain = specOf([{ app: 'a', ns: 'default', node: 'n1', ready: true, terminating: false }], [{ app: 'a', ns: 'default', type: 'ClusterIP', pnr: false, headless: false, etpLocal: false }]);
    const plainAfter: ClusterSpec = { ...plain, pods: plain.pods.map((p) => ({ ...p, ready: false })) };
    expect(withPodConditions(buildState(plain), plainAfter, 'default/p0', { ready: false, terminating: false })?.servicesByKey.get('default/s0')?.endpoints.map((e) => e.ready)).toEqual([false]);
  });
});
