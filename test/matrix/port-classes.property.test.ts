/**
 * Port classes by one sweep over sorted cut points equal the straightforward computation (every
 * entry tested against every interval), on generated policies of up to R port rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CompiledPolicy } from '../../src/matrix/compiled-policy.js';
import { portClassIndex } from '../../src/matrix/port-classes.js';
import type { PortClass } from '../../src/matrix/types.js';
import type { Cell } from '../../src/matrix/universe.js';
import type { ContainerPort, NetworkPolicyPort, Protocol } from '../../src/spec/types.js';

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const MAX_PORT = 65535;

/** The computation before the sweep: for each interval, filter every entry. */
function straightforward(entries: readonly NetworkPolicyPort[], cells: readonly Cell[]): { classes: PortClass[]; starts: Map<Protocol, { from: number[]; cls: number[] }> } {
  const clamp = (p: number): number => Math.min(Math.max(p, 1), MAX_PORT + 1);
  const classes: { id: number; port: number; protocol: Protocol; ranges: { protocol: Protocol; from: number; to: number }[] }[] = [];
  const bySignature = new Map<string, number>();
  const starts = new Map<Protocol, { from: number[]; cls: number[] }>();
  for (const protocol of PROTOCOLS) {
    const mine = entries.filter((e) => e.protocol === protocol);
    const names = new Set(mine.flatMap((e) => (typeof e.port === 'string' ? [e.port] : [])));
    const named = new Set<number>();
    for (const cell of cells) {
      if (!cell.policyPod) continue;
      for (const cp of cell.ports) if (cp.protocol === protocol && cp.name !== undefined && names.has(cp.name)) named.add(cp.containerPort);
    }
    const points = new Set<number>([1, MAX_PORT + 1]);
    for (const e of mine) {
      if (typeof e.port !== 'number') continue;
      points.add(clamp(e.port));
      points.add(clamp((e.endPort ?? e.port) + 1));
    }
    for (const x of named) {
      points.add(clamp(x));
      points.add(clamp(x + 1));
    }
    const sorted = [...points].sort((a, b) => a - b);
    const from: number[] = [];
    const cls: number[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const lo = sorted[i]!;
      const hi = sorted[i + 1]! - 1;
      if (lo > hi) continue;
      const matching = [
        ...new Set(
          mine
            .filter((e) => e.port === undefined || (typeof e.port === 'number' && e.port <= lo && lo <= (e.endPort ?? e.port)))
            .map((e) => `${e.protocol}/${e.port ?? '*'}/${e.endPort ?? ''}`),
        ),
      ].sort();
      const signature = `${matching.join(',')}|${named.has(lo) ? `${protocol}:${lo}` : ''}`;
      let id = bySignature.get(signature);
      if (id === undefined) {
        id = classes.length;
        bySignature.set(signature, id);
        classes.push({ id, port: lo, protocol, ranges: [] });
      }
      classes[id]!.ranges.push({ protocol, from: lo, to: hi });
      from.push(lo);
      cls.push(id);
    }
    starts.set(protocol, { from, cls });
  }
  return { classes, starts };
}

/** R port rules over a small port space, so entries overlap, nest and repeat. */
const portEntry: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP'), port: fc.integer({ min: 1, max: 40 }) }),
  fc
    .record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP'), port: fc.integer({ min: 1, max: 40 }), span: fc.integer({ min: 0, max: 20 }) })
    .map(({ protocol, port, span }) => ({ protocol, port, endPort: port + span })),
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP') }),
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP'), port: fc.constantFrom('http', 'dns') }),
  fc.constant<NetworkPolicyPort>({ protocol: 'TCP', port: MAX_PORT }),
);

function policyWith(rules: readonly (readonly NetworkPolicyPort[])[]): CompiledPolicy {
  const compiled = rules.map((ports) => ({ cellAtoms: [], ipAtoms: [], ports }));
  return { id: 0, spec: undefined as never, ingressTyped: true, egressTyped: true, ingress: compiled, egress: [] };
}

const cellPorts: ContainerPort[] = [
  { name: 'http', containerPort: 8, protocol: 'TCP' },
  { name: 'dns', containerPort: 30, protocol: 'UDP' },
];
const cells: Cell[] = [
  { id: 0, namespace: '', labels: {}, ports: [], policyPod: false, atoms: [] },
  { id: 1, namespace: 'a', labels: {}, ports: cellPorts, policyPod: true, atoms: [] },
];

describe('port classes', () => {
  it('equal the straightforward computation for policies of up to 60 port rules', () => {
    fc.assert(
      fc.property(fc.array(fc.array(portEntry, { minLength: 0, maxLength: 3 }), { maxLength: 60 }), (rules) => {
        const index = portClassIndex([policyWith(rules)], cells);
        const expected = straightforward(rules.flat(), cells);
        // Then one class for what has no port: every ICMP message (type × 256 + code) and every
        // other IP protocol (0-255 but ICMP 1, TCP 6, UDP 17, ICMPv6 58, SCTP 132), by an echo request.
        const portless = {
          id: expected.classes.length,
          port: 0,
          protocol: 'ICMP',
          ranges: [
            { protocol: 'ICMP', from: 0, to: 65535 },
            ...[[0, 0], [2, 5], [7, 16], [18, 57], [59, 131], [133, 255]].map(([from, to]) => ({ protocol: 'IP', from, to })),
          ],
        };
        expect(index.classes).toEqual([...expected.classes, portless]);
        expect(index.classOf(0, 'ICMP')).toBe(index.classes[portless.id]);
        for (const protocol of PROTOCOLS) {
          for (const port of [1, 2, 7, 8, 9, 20, 29, 30, 31, 40, 41, 60, 61, 65534, MAX_PORT]) {
            const s = expected.starts.get(protocol)!;
            let i = s.from.length - 1;
            while (s.from[i]! > port) i--;
            expect(index.classOf(port, protocol)).toBe(index.classes[s.cls[i]!]);
          }
        }
      }),
      { numRuns: 200, seed: 14 },
    );
  });
});
