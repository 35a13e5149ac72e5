/** The node and pod handlers with logic of their own: addresses, elastic IPs, pool defaults, host ports. */
import { describe, expect, it } from 'vitest';
import { convertNode, eipClause, ipClause, type NodeParts } from '../../../src/check/declarations/node.js';
import { applyHostPorts, convertPod, type PodDraft } from '../../../src/check/declarations/pod.js';
import type { NodeClause } from '../../../src/syntax/ast.js';
import { decl, env, messages, stmts } from './fixtures.js';

const parts = (): NodeParts => ({ addresses: [], ready: true, labels: {} });
const nodeClauses = (line: string): NodeClause[] => [...decl('Node', line).clauses];

describe('node clauses', () => {
  it('takes each address once and one primary address per family', () => {
    const { ctx } = env();
    const p = parts();
    for (const c of nodeClauses('node n1 ip 10.0.0.1 ip 10.0.0.1 ip 10.0.0.2 primary ip 10.0.0.3 primary')) if (c.kind === 'Ip') ipClause(ctx, c, p);
    expect(p.addresses).toEqual([
      { ip: '10.0.0.1', primary: false },
      { ip: '10.0.0.2', primary: true },
    ]);
    expect(messages(ctx)).toEqual(['address 10.0.0.1 is given twice', 'a second primary IPv4 address']);
  });
  it('takes a public IPv4 address as an elastic IP only', () => {
    const { ctx } = env();
    const p = parts();
    for (const c of nodeClauses('node n1 eip 10.1.2.3 eip 203.0.113.7')) if (c.kind === 'Eip') eipClause(ctx, c, p);
    expect(p.eip).toBe('203.0.113.7');
    expect(messages(ctx)).toEqual(['10.1.2.3 is not a public IPv4 address']);
  });
  it('fills what the node does not give from its pool, the node winning', () => {
    const { ctx, env: e } = env();
    const [pool, node] = stmts('pool workers zone z1 domain d1 labels tier=a,team=x not-ready', 'node n1 ip 10.0.0.1 pool workers zone z2 labels tier=b');
    const withPool = { ...e, pools: new Map([['workers', pool as Extract<typeof pool, { kind: 'Pool' }>]]) };
    const c = convertNode(ctx, withPool, node as Extract<typeof node, { kind: 'Node' }>);
    expect(messages(ctx)).toEqual([]);
    expect(c.object).toMatchObject({ spec: { zone: 'z2', domain: 'd1', ready: false, labels: { tier: 'b', team: 'x' } } });
  });
});

describe('pod host ports', () => {
  const draft = (over: Partial<PodDraft>): PodDraft => ({ labels: {}, ports: [], hostNetwork: false, ready: true, terminating: false, dnsPolicy: 'ClusterFirst', hostPorts: [], ...over });
  it('sets the host port of a named port, or adds the port by number', () => {
    const { ctx, env: e } = env();
    const c = convertPod(ctx, e, decl('Pod', 'pod p on n1 ports http:8080 host-port 80 -> http host-port 443 -> 8443'));
    expect(messages(ctx)).toEqual([]);
    expect(c?.object).toMatchObject({ spec: { ports: [{ name: 'http', containerPort: 8080, hostPort: 80 }, { containerPort: 8443, hostPort: 443 }] } });
  });
  it('names an unknown port name with a suggestion, and ignores host ports of a host-network pod', () => {
    const { ctx } = env();
    const pod = decl('Pod', 'pod p on n1 host-port 80 -> htp');
    const hp = pod.clauses.find((c) => c.kind === 'HostPort');
    if (hp?.kind !== 'HostPort') throw new Error('no host-port');
    const named = draft({ ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], hostPorts: [{ hostPort: 80, target: hp.target, span: hp.span }] });
    applyHostPorts(ctx, named);
    expect(ctx.diagnostics.map((d) => [d.message, d.help])).toEqual([['this pod has no port named `htp`', 'did you mean `http`?']]);
    const hostNet = draft({ hostNetwork: true, hostPorts: [{ hostPort: 80, target: hp.target, span: hp.span }] });
    applyHostPorts(ctx, hostNet);
    expect(hostNet.ports).toEqual([]);
    expect(ctx.diagnostics[1]?.severity).toBe('warning');
  });
});
