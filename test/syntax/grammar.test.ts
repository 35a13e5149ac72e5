import { describe, expect, it } from 'vitest';
import { parse } from '../../src/syntax/generated/parser.js';

describe('grammar', () => {
  it('parses the reach assertion exactly as written in the brief', () => {
    const file = parse(
      'cluster c {\n  node n1 ip 10.0.0.1\n}\nfrom pod a reach svc b via nodeport expect allow\n',
      { grammarSource: 'x.netscn' },
    );
    const item = file.items[1];
    expect(item?.kind).toBe('Reach');
    if (item?.kind !== 'Reach') return;
    expect(item.source).toMatchObject({ kind: 'PodRef', name: { name: 'a' } });
    expect(item.target).toMatchObject({ kind: 'SvcRef', name: { name: 'b' } });
    expect(item.via?.value).toBe('nodeport');
    expect(item.expect.outcome).toBe('allow');
    expect(item.span.start).toMatchObject({ line: 4, column: 1 });
    expect(item.span.file).toBe('x.netscn');
  });

  it('parses the design sample with every construct (yaml block, policy, slice, table, step)', () => {
    const file = parse(SAMPLE, { grammarSource: 'sample.netscn' });
    expect(file.items.map((i) => i.kind)).toEqual(['Cluster', 'Reach', 'Reach', 'Reach', 'Resolve', 'Table', 'Step']);
    const cluster = file.items[0];
    expect(cluster?.kind === 'Cluster' && cluster.body.map((s) => s.kind)).toContain('Yaml');
  });
});

const SAMPLE = `# What this scenario teaches, in one line.
scenario "NodePort on CCE needs the security group open"

cluster demo {
  provider cce
  network overlay                      # overlay | underlay | vpc-native
  pod-cidr 172.16.0.0/16
  service-cidr 10.247.0.0/16

  node n1 ip 192.168.0.11 pool workers
  node n2 ip 192.168.0.12 pool workers

  namespace shop labels team=a
  pod web-1 in shop on n1 labels app=web ports http:8080
  pod web-2 in shop on n2 labels app=web,tier=x ports http:8080, dns:53/udp
  pod client in shop on n1 labels app=client

  service web in shop type nodeport selector app=web port 80 -> http node-port 30080
  security-group workers allow tcp 30000-32767 from 0.0.0.0/0
  network-policy allow-web in shop {
    select app=web
    allow ingress from pods app=client or namespaces team=a and pods app in (x,y) ports 8080, 53/udp, 8000-9000
    deny egress
  }
  yaml """
apiVersion: v1
kind: Namespace
metadata:
  name: x
"""
  endpoint-slice db-1 in shop for db ports pg:5432 {
    endpoint 10.0.0.5 node n1 not-ready
  }
}

from pod client reach svc web expect allow
from pod a reach svc b via nodeport expect allow       # must parse exactly as written
from internet reach svc shop/web via nodeport at node n2 port 80 expect allow, source masqueraded, backends shop/web-1, shop/web-2
from pod client resolve web.shop expect address in 10.247.0.0/16

table via clusterip port 80 {
           | svc shop/web | pod shop/db
  pod shop/a | allow      | deny
  pod shop/b | *          | allow
}

step "close the node ports" {
  security-group workers remove allow tcp 30000-32767
  from internet reach svc web via nodeport expect timeout
  label pod shop/web-1 app=x unset tier
  recreate pod shop/web-1
}
`;
