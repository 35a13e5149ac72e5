/** Mermaid diagrams of a check's paths and of a scenario's cluster. */
import { noFiles } from '../../src/check/file-read.js';
import { describe, expect, it } from 'vitest';
import { buildState } from '../../src/model/index.js';
import { clusterMermaid, flowsMermaid } from '../../src/report/mermaid.js';
import { defaultEngine } from '../../src/run/engine-default.js';
import { runSourceWith } from '../../src/run/source.js';

const SCENARIO = `cluster lab {
  pool workers
  node n1 ip 192.168.0.11 pool workers
  namespace shop
  pod web in shop on n1 labels app=web ports 8080
  pod client in shop on n1 labels app=client
  pod intruder in shop on n1 labels app=intruder
  service web in shop type loadbalancer selector app=web port 80 -> 8080
  ingress site in shop {
    rule host shop.example.com path /app -> svc web:80
  }
  network-policy only-client in shop {
    select app=web
    allow ingress from pods app=client
  }
}
table port 8080 {
                  | pod shop/web
  pod shop/client | allow
  pod shop/intruder | deny
}
`;

function run() {
  const r = runSourceWith(defaultEngine, SCENARIO, '/virtual/d.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!;
}

describe('cluster diagrams', () => {
  it('draw pools, nodes, pods, Services and what they select, load balancers, Ingress routes and table edges', () => {
    const result = run();
    const text = clusterMermaid(buildState(result.scenario.cluster), result);
    expect(text.startsWith('flowchart TB\n')).toBe(true);
    expect(text).toContain('subgraph pool_workers["pool workers"]');
    expect(text).toContain('subgraph node_n1["node n1 192.168.0.11"]');
    expect(text).toMatch(/pod_shop_web\["pod shop\/web<br\/>10\.244\.\d+\.\d+"\]/);
    expect(text).toContain('svc_shop_web -.-> pod_shop_web');
    expect(text).not.toContain('svc_shop_web -.-> pod_shop_client');
    expect(text).toMatch(/lb_shop_web_[\d_]+\(\["cloud load balancer [\d.]+"\]\) --> svc_shop_web/);
    expect(text).toContain('ing_shop_site -->|"shop.example.com/app"| svc_shop_web');
    expect(text).toContain('pod_shop_client ==>|"allow"| pod_shop_web');
    expect(text).toContain('pod_shop_intruder -.->|"timeout"| pod_shop_web');
    // The denied edge is the last link: it is coloured.
    const links = text.split('\n').filter((l) => /-->|-\.->|==>/.test(l)).length;
    expect(text).toContain(`linkStyle ${links - 1} stroke:#d33`);
  });
});

describe('path diagrams', () => {
  it('chain the hops of each path, colour the end, and escape quotes', () => {
    const text = flowsMermaid([
      { hops: [{ stage: 'source', text: 'a "quoted" <word>' }, { stage: 'policy', at: 'n1', text: 'dropped' }], outcome: 'timeout', cause: 'policy', sourceIp: '10.0.0.1', masqueraded: false, branch: 'via node n1' },
    ]);
    expect(text).toBe(
      [
        'flowchart LR',
        '  subgraph p1["path 1: via node n1"]',
        '    direction LR',
        '    p1h0["source: a #quot;quoted#quot; #lt;word#gt;"] --> p1h1["policy @ n1: dropped"] --> p1end(("timeout (policy)"))',
        '  end',
        '  style p1end fill:#f7c5c5',
        '',
      ].join('\n'),
    );
  });
});
