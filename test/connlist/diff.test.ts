/** The difference between two connectivity lists (src/connlist/diff.ts). */
import { describe, expect, it } from 'vitest';
import { formatConnections, type Connection, type Connections } from '../../src/connlist/connlist.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { ALL_CONNECTIONS } from '../../src/connlist/protocol-space.js';
import { diffConnlists, minus, type ConnectionChange, type ConnlistSide } from '../../src/connlist/diff.js';
import type { NetworkPolicySpec, PodSpec, Protocol } from '../../src/spec/types.js';

const ALL: Connections = ALL_CONNECTIONS;

function ports(spec: Partial<Record<Protocol, [number, number][]>>): Connections {
  return new Map(Object.entries(spec) as [Protocol, [number, number][]][]);
}

function line(src: string, dst: string, conns: Connections): Connection {
  return { src, dst, conns };
}

function side(connections: Connection[], workloads: string[] = []): ConnlistSide {
  return { workloads, connections };
}

/** A change as text: kind, ends, and the ports before, after, gained and lost. */
function text(c: ConnectionChange): string {
  return `${c.kind} ${c.src} => ${c.dst} [${formatConnections(c.before)} | ${formatConnections(c.after)} | +${formatConnections(c.gained)} | -${formatConnections(c.lost)}]`;
}

const A = 'shop/a[Deployment]';
const B = 'shop/b[Deployment]';
const M = 'monitoring/m[Deployment]';
const WHOLE = '0.0.0.0-255.255.255.255[External]';

describe('minus', () => {
  it('removes ranges per protocol, splitting a range around a hole', () => {
    expect(formatConnections(minus(ports({ TCP: [[80, 90]], UDP: [[53, 53]] }), ports({ TCP: [[85, 85]] })))).toBe('TCP 80-84,86-90,UDP 53');
    expect(formatConnections(minus(ALL, ports({ TCP: [[1, 65535]] })))).toBe('SCTP 1-65535,UDP 1-65535,ICMP,other protocols');
    expect(minus(ports({ TCP: [[80, 80]] }), ALL).size).toBe(0);
  });
});

describe('diffConnlists', () => {
  it('reports ports gained and lost of a connection allowed on both sides, per protocol', () => {
    const d = diffConnlists(side([line(A, B, ports({ TCP: [[80, 90]] }))]), side([line(A, B, ports({ TCP: [[85, 100]], UDP: [[53, 53]] }))]));
    expect(d.connections.map(text)).toEqual([`changed ${A} => ${B} [TCP 80-90 | TCP 85-100,UDP 53 | +TCP 91-100,UDP 53 | -TCP 80-84]`]);
  });

  it('reports added and removed connections, and leaves out unchanged ones', () => {
    const same = line(B, A, ports({ TCP: [[8080, 8080]] }));
    const d = diffConnlists(side([same, line(A, B, ports({ TCP: [[5432, 5432]] }))]), side([same, line(M, A, ports({ TCP: [[9090, 9090]] }))]));
    expect(d.connections.map(text)).toEqual([`added ${M} => ${A} [ | TCP 9090 | +TCP 9090 | -]`, `removed ${A} => ${B} [TCP 5432 |  | + | -TCP 5432]`]);
  });

  it('lists workloads present on one side only, connected or not', () => {
    const d = diffConnlists(side([], [A, B, 'shop/old[Pod]']), side([], [A, B, M, 'x/idle[StatefulSet]']));
    expect(d.workloadsAdded).toEqual([M, 'x/idle[StatefulSet]']);
    expect(d.workloadsRemoved).toEqual(['shop/old[Pod]']);
    expect(d.connections).toEqual([]);
  });

  it('orders widening first, then by scope (external in, ingress controller, external out, other namespaces, own namespace), wider ranges first', () => {
    const tcp = (p: number): Connections => ports({ TCP: [[p, p]] });
    const before = side([line(A, B, tcp(1)), line(M, A, tcp(2)), line('10.0.0.0-10.255.255.255[External]', B, tcp(3))]);
    const after = side([
      line(B, A, tcp(4)),
      line(M, B, tcp(5)),
      line(A, WHOLE, tcp(6)),
      line('{ingress-controller}', A, tcp(7)),
      line('10.0.0.0-10.0.0.255[External]', A, tcp(8)),
      line(WHOLE, 'shop/c[Deployment]', tcp(9)),
    ]);
    expect(diffConnlists(before, after).connections.map((c) => `${c.kind} ${c.scope} ${c.src} => ${c.dst}`)).toEqual([
      `added from-external ${WHOLE} => shop/c[Deployment]`,
      `added from-external 10.0.0.0-10.0.0.255[External] => ${A}`,
      `added from-ingress-controller {ingress-controller} => ${A}`,
      `added to-external ${A} => ${WHOLE}`,
      `added cross-namespace ${M} => ${B}`,
      `added same-namespace ${B} => ${A}`,
      `removed from-external 10.0.0.0-10.255.255.255[External] => ${B}`,
      `removed cross-namespace ${M} => ${A}`,
      `removed same-namespace ${A} => ${B}`,
    ]);
  });

  it('counts a change that gains some ports and loses others as widening', () => {
    const d = diffConnlists(
      side([line(A, B, ports({ TCP: [[5432, 5432]] })), line(WHOLE, A, ports({ TCP: [[80, 80]] }))]),
      side([line(A, B, ports({ TCP: [[5433, 5433]] }))]),
    );
    expect(d.connections.map((c) => `${c.kind} ${c.src}`)).toEqual([`changed ${A}`, `removed ${WHOLE}`]);
  });

  it('compares external ranges split differently on the two sides piece by piece', () => {
    const before = side([line(WHOLE, A, ports({ TCP: [[80, 80]] }))]);
    const after = side([
      line('0.0.0.0-9.255.255.255[External]', A, ports({ TCP: [[80, 80]] })),
      line('10.0.0.0-10.255.255.255[External]', A, ports({ TCP: [[80, 80], [443, 443]] })),
      line('11.0.0.0-255.255.255.255[External]', A, ports({ TCP: [[80, 80]] })),
    ]);
    expect(diffConnlists(before, after).connections.map(text)).toEqual([`changed 10.0.0.0-10.255.255.255[External] => ${A} [TCP 80 | TCP 80,443 | +TCP 443 | -]`]);
    const resplit = side(after.connections.map((c) => ({ ...c, conns: ports({ TCP: [[80, 80]] }) })));
    expect(diffConnlists(before, resplit).connections).toEqual([]);
  });

  it('joins neighbouring pieces with the same change, per direction, and keeps workload pairs apart from ranges', () => {
    const before = side([line(A, '0.0.0.0-127.255.255.255[External]', ALL), line(A, '128.0.0.0-255.255.255.255[External]', ALL), line(WHOLE, A, ALL)]);
    const after = side([line(WHOLE, A, ALL)]);
    expect(diffConnlists(before, after).connections.map(text)).toEqual([`removed ${A} => ${WHOLE} [All Connections |  | + | -All Connections]`]);
  });

  it('diffs real lists: a policy that admits an ipBlock changes only the addresses it covers', () => {
    const pod = (name: string, labels: Record<string, string>): PodSpec => ({
      name,
      namespace: 'shop',
      node: 'n1',
      labels,
      ports: [{ containerPort: 8080, protocol: 'TCP' }],
      hostNetwork: false,
      ready: true,
      terminating: false,
      dnsPolicy: 'ClusterFirst',
      generation: 0,
    });
    const pods = [pod('web', { app: 'web' }), pod('client', { app: 'client' })];
    const namespaces = [{ name: 'shop', labels: {} }];
    const policy = (ipBlock: boolean): NetworkPolicySpec => ({
      name: 'web',
      namespace: 'shop',
      podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] },
      policyTypes: ['Ingress'],
      ingress: [
        {
          peers: [{ podSelector: { matchLabels: { app: 'client' }, matchExpressions: [] } }, ...(ipBlock ? [{ ipBlock: { cidr: '192.0.2.0/24', except: [] } }] : [])],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
      egress: [],
    });
    const list = (ipBlock: boolean): ConnlistSide => {
      const input = { pods, namespaces, policies: [policy(ipBlock)] };
      return { workloads: ['shop/web[Pod]', 'shop/client[Pod]'], connections: connlist(input) };
    };
    expect(diffConnlists(list(false), list(true)).connections.map(text)).toEqual([`added 192.0.2.0-192.0.2.255[External] => shop/web[Pod] [ | TCP 8080 | +TCP 8080 | -]`]);
  });
});
