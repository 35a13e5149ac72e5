/**
 * Primary-network isolation in the trace (src/net/network-isolation.ts), from OVN-Kubernetes'
 * user-defined networks documentation: pods of one primary UDN reach each other (NetworkPolicy
 * still applies); a pod on another UDN, or on the cluster's pod network, has no path to them
 * whatever NetworkPolicy says; a namespace without the primary-UDN label is not on the UDN.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/net/index.js';
import type { ClusterState } from '../../src/model/state.js';
import { PRIMARY_UDN_LABEL } from '../../src/spec/well-known-labels.js';
import type { UserDefinedNetworkSpec } from '../../src/spec/types.js';
import { flows, fromPod, outcomes } from './probe-helpers.js';

function lab(labelled: readonly string[], udns: readonly string[], policy = ''): ClusterState {
  const text = `cluster tenants {
  node n1 ip 192.168.0.11
  node n2 ip 192.168.0.12
  namespace green
  namespace blue
  namespace plain
  pod web in green on n1 labels app=web ports 8080
  pod db in green on n2 labels app=db ports 8080
  pod api in blue on n2 labels app=api ports 8080
  pod app in plain on n1 labels app=app ports 8080
${policy}}
`;
  const r = parseAndCheck(text, 'test.netscn');
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  if (!r.scenario) throw new Error('no scenario');
  const spec = r.scenario.cluster;
  const userDefinedNetworks: UserDefinedNetworkSpec[] = udns.map((namespace) => ({ name: 'tenant', namespace, topology: 'Layer2', role: 'Primary' }));
  const namespaces = spec.namespaces.map((n) => (labelled.includes(n.name) ? { ...n, labels: { ...n.labels, [PRIMARY_UDN_LABEL]: '' } } : n));
  return buildState({ ...spec, namespaces, userDefinedNetworks });
}

const toPod = (name: string, namespace: string) => ({ kind: 'pod', namespace, name }) as const;
const lastText = (fs: ReturnType<typeof flows>): string => fs[0]?.hops.at(-1)?.text ?? '';

describe('primary network isolation', () => {
  const s = lab(['green', 'blue'], ['green', 'blue']);

  it('pods of one primary UDN reach each other', () => {
    expect(outcomes(flows(s, fromPod('web', 'green'), toPod('db', 'green'), { port: 8080 }))).toEqual(['allow']);
  });

  it('another UDN and the pod network are out of reach both ways, and the trace names both networks', () => {
    const across = flows(s, fromPod('web', 'green'), toPod('api', 'blue'), { port: 8080 });
    expect(outcomes(across)).toEqual(['timeout:no-route']);
    expect(lastText(across)).toBe('pod green/web is on the UDN green and pod blue/api on the UDN blue: primary networks are isolated, so the packet is dropped');
    expect(outcomes(flows(s, fromPod('app', 'plain'), toPod('web', 'green'), { port: 8080 }))).toEqual(['timeout:no-route']);
    expect(lastText(flows(s, fromPod('web', 'green'), toPod('app', 'plain'), { port: 8080 }))).toContain('on the pod network');
  });

  it('no NetworkPolicy opens a path across networks', () => {
    const open = lab(['green', 'blue'], ['green', 'blue'], '  network-policy from-green in blue {\n    select app=api\n    allow ingress from namespaces kubernetes.io/metadata.name=green\n  }\n');
    expect(outcomes(flows(open, fromPod('web', 'green'), toPod('api', 'blue'), { port: 8080 }))).toEqual(['timeout:no-route']);
  });

  it('a Service of another network leads nowhere: kube-proxy picks the endpoint, the networks still drop the packet', () => {
    const svc = lab(['green', 'blue'], ['green', 'blue'], '  service api in blue selector app=api port 80 -> 8080\n  service web in green selector app=web port 80 -> 8080\n');
    const across = flows(svc, fromPod('web', 'green'), { kind: 'service', namespace: 'blue', name: 'api' });
    expect(outcomes(across)).toEqual(['timeout:no-route']);
    expect(lastText(across)).toContain('primary networks are isolated');
    expect(outcomes(flows(svc, fromPod('db', 'green'), { kind: 'service', namespace: 'green', name: 'web' }))).toEqual(['allow']);
  });

  it('a namespace without the primary-UDN label stays on the pod network', () => {
    const unlabelled = lab(['green'], ['green', 'blue']);
    expect(outcomes(flows(unlabelled, fromPod('app', 'plain'), toPod('api', 'blue'), { port: 8080 }))).toEqual(['allow']);
    expect(outcomes(flows(unlabelled, fromPod('app', 'plain'), toPod('web', 'green'), { port: 8080 }))).toEqual(['timeout:no-route']);
  });
});
