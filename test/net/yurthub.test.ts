/**
 * OpenYurt's YurtHub filters as ACK Edge applies them (clouds.md A+10, A+11, from the OpenYurt
 * code): NodePort listening isolation (first mention of a pool wins, `*`, `-pool`, empty value,
 * nodes in no pool) and service topology (hostname, then pool, then `*`, else nothing).
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/model/index.js';
import type { ClusterState } from '../../src/model/state.js';
import { hiddenByNodePortIsolation, topologyFilter } from '../../src/net/yurthub.js';

function state(annotations: string, provider = 'ack-edge'): ClusterState {
  const text = `cluster edge {
  provider ${provider}
  pool foo
  pool bar
  node f1 ip 192.168.1.1 pool foo
  node f2 ip 192.168.1.2 pool foo
  node b1 ip 192.168.2.1 pool bar
  node loose ip 192.168.3.1
  pod g-f1 on f1 labels app=g ports 80
  pod g-b1 on b1 labels app=g ports 80
  service s type nodeport selector app=g port 80 annotations ${annotations}
}
`;
  const r = parseAndCheck(text, 't.netscn');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return buildState(r.scenario!.cluster);
}

const listens = (value: string): string[] => {
  const st = state(`nodeport.openyurt.io/listen="${value}"`);
  const svc = st.servicesByKey.get('default/s')!;
  return st.nodes.filter((n) => hiddenByNodePortIsolation(st, svc, n) === undefined).map((n) => n.name);
};

describe('NodePort listening isolation', () => {
  it.each([
    ['foo', ['f1', 'f2', 'loose']],
    ['foo,bar', ['f1', 'f2', 'b1', 'loose']],
    ['foo,*', ['f1', 'f2', 'b1', 'loose']],
    ['-foo,-bar', ['loose']],
    ['-foo,*', ['b1', 'loose']],
    ['-foo', ['loose']],
    ['foo,-foo', ['f1', 'f2', 'loose']],
    ['-foo,foo', ['loose']],
    ['', ['loose']],
  ])('%j listens on %j (nodes in no pool are never filtered)', (value, nodes) => {
    expect(listens(value)).toEqual(nodes);
  });

  it('only on providers that run YurtHub', () => {
    const st = state('nodeport.openyurt.io/listen=foo', 'vanilla');
    const svc = st.servicesByKey.get('default/s')!;
    expect(st.nodes.every((n) => hiddenByNodePortIsolation(st, svc, n) === undefined)).toBe(true);
  });
});

describe('service topology', () => {
  const endpoints = (keys: string, node: string): string[] => {
    const st = state(`openyurt.io/topologyKeys="${keys}"`);
    const svc = st.servicesByKey.get('default/s')!;
    const n = st.nodesByName.get(node)!;
    return topologyFilter(st, svc, n, svc.endpointsByPort[0]!).endpoints.map((e) => e.targetPod?.name ?? e.address);
  };
  it('hostname keeps same-node endpoints when there are any, else falls through', () => {
    expect(endpoints('kubernetes.io/hostname', 'f1')).toEqual(['g-f1']);
    expect(endpoints('kubernetes.io/hostname', 'f2')).toEqual([]);
    expect(endpoints('kubernetes.io/hostname,openyurt.io/nodepool', 'f2')).toEqual(['g-f1']);
  });
  it('nodepool keeps the pool’s endpoints; a node in no pool keeps its own node’s; * keeps all as a last resort', () => {
    expect(endpoints('openyurt.io/nodepool', 'f2')).toEqual(['g-f1']);
    expect(endpoints('openyurt.io/nodepool', 'b1')).toEqual(['g-b1']);
    expect(endpoints('openyurt.io/nodepool', 'loose')).toEqual([]);
    expect(endpoints('openyurt.io/nodepool,*', 'loose').sort()).toEqual(['g-b1', 'g-f1']);
  });
});
