/**
 * Seeded `.netscn` texts for B6: small scenarios whose every assertion passes (the harness's
 * passing path), and one large file of a given line count (a big cluster block plus assertions).
 */
import { seededRandom, type Random } from './random.js';

/** A small scenario: 2–3 nodes, 5 pods, 3 Services of different types, a policy, 7–9 assertions. */
export function smallScenario(seed: number): string {
  const r = seededRandom(seed);
  const ns = `ns${r.int(50)}`;
  const nodes = 2 + r.int(2);
  const node = (i: number): string => `n${(i % nodes) + 1}`;
  const port = 8000 + r.int(1000);
  const np = 30000 + r.int(2700);
  const lines = [
    `# Generated for benchmark B6 (seed ${seed}).`,
    `scenario "bench scenario ${seed}"`,
    '',
    'cluster lab {',
    '  pod-cidr 10.244.0.0/16',
    '  service-cidr 10.96.0.0/12',
    ...Array.from({ length: nodes }, (_, i) => `  node n${i + 1} ip 192.168.0.${11 + i} eip 198.18.0.${11 + i}`),
    `  namespace ${ns}`,
    '',
    `  pod web-1 in ${ns} on ${node(0)} labels app=web,tier=front ports http:${port}`,
    `  pod web-2 in ${ns} on ${node(1)} labels app=web,tier=front ports http:${port}`,
    `  pod db-1 in ${ns} on ${node(2)} labels app=db ports 5432`,
    `  pod client in ${ns} on ${node(r.int(nodes))} labels app=client`,
    `  pod intruder in ${ns} on ${node(r.int(nodes))} labels app=intruder`,
    '',
    `  service web in ${ns} selector app=web port 80 -> http`,
    `  service web-np in ${ns} type nodeport selector app=web port 80 -> http node-port ${np}`,
    `  service db in ${ns} selector app=db port 5432 -> 5432`,
    '',
    `  network-policy db-allow in ${ns} {`,
    '    select app=db',
    '    allow ingress from pods app=web ports 5432',
    '  }',
    '}',
    '',
  ];
  const backends = `backends ${ns}/web-1, ${ns}/web-2`;
  const asserts = [
    `from pod ${ns}/client reach svc ${ns}/web expect allow, source preserved, ${backends}`,
    `from pod ${ns}/client reach svc ${ns}/web port ${port} expect timeout`,
    `from internet reach svc ${ns}/web-np via nodeport at node ${node(r.int(nodes))} expect allow, source masqueraded, ${backends}`,
    `from pod ${ns}/web-${1 + r.int(2)} reach svc ${ns}/db expect allow`,
    `from pod ${ns}/client reach svc ${ns}/db expect deny by policy`,
    `from pod ${ns}/intruder reach svc ${ns}/db expect deny by policy`,
    `from pod ${ns}/intruder reach pod ${ns}/web-${1 + r.int(2)} port ${port} expect allow`,
    `from pod ${ns}/client resolve web.${ns} expect address in 10.96.0.0/12`,
    `from pod ${ns}/web-1 reach svc ${ns}/web-np via clusterip expect allow`,
  ];
  const keep = 7 + r.int(3);
  return [...lines, ...pickSome(r, asserts, keep), ''].join('\n');
}

function pickSome<T>(r: Random, items: readonly T[], n: number): T[] {
  const order = items.map((item, i) => ({ item, key: r.next() + i * 0 }));
  const chosen = new Set(order.sort((a, b) => a.key - b.key).slice(0, n).map((o) => o.item));
  return items.filter((item) => chosen.has(item));
}

/**
 * A file of about `targetLines` lines: a cluster block of nodes, namespaces, pods and Services
 * (one Service per 4 pods), then assertions between pods and Services of one namespace.
 */
export function largeScenario(targetLines: number, seed: number): string {
  const r = seededRandom(seed);
  const namespaces = 20;
  const nodes = 50;
  // Budget: header + nodes + namespaces + per group of 4 pods: 4 pods + 1 service; + assertions.
  const assertions = Math.floor(targetLines * 0.2);
  const groups = Math.floor((targetLines - 8 - nodes - namespaces - assertions) / 5);
  const out: string[] = [
    '# Generated for benchmark B6: one large file.',
    `scenario "bench large ${targetLines}"`,
    '',
    'cluster big {',
    '  pod-cidr 10.128.0.0/9',
    '  service-cidr 10.96.0.0/12',
  ];
  for (let i = 0; i < nodes; i++) out.push(`  node n${i} ip 192.168.${i >> 8}.${(i & 255) + 1}`);
  for (let i = 0; i < namespaces; i++) out.push(`  namespace ns${i}`);
  for (let g = 0; g < groups; g++) {
    const ns = `ns${g % namespaces}`;
    for (let k = 0; k < 4; k++) {
      out.push(`  pod app${g}-${k} in ${ns} on n${r.int(nodes)} labels app=app${g},tier=t${k % 2} ports http:8080`);
    }
    out.push(`  service app${g} in ${ns} selector app=app${g} port 80 -> http`);
  }
  out.push('}', '');
  while (out.length < targetLines) {
    const g = r.int(groups);
    const h = (g + namespaces * (1 + r.int(3))) % groups;
    const ns = `ns${g % namespaces}`;
    const other = `ns${h % namespaces}`;
    out.push(
      r.int(2) === 0
        ? `from pod ${ns}/app${g}-${r.int(4)} reach svc ${other}/app${h} expect allow`
        : `from pod ${ns}/app${g}-${r.int(4)} reach pod ${other}/app${h}-${r.int(4)} port 8080 expect allow`,
    );
  }
  return `${out.join('\n')}\n`;
}
