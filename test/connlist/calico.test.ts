/** connlist with Calico policies (projectcalico.org/v3), from manifests read by connlistInputFromManifests: the pairwise evaluator decides. */
import { describe, expect, it } from 'vitest';
import { connlistLines as lines } from '../helpers/connlist-lines.js';


const workloads = `
apiVersion: v1
kind: Namespace
metadata: {name: front, labels: {tier: front}}
---
apiVersion: v1
kind: Namespace
metadata: {name: back, labels: {tier: back}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: front, labels: {app: web}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: back, labels: {app: db}}
spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
`;

describe('connlist with Calico policies', () => {
  it('an ordered Deny before a Kubernetes allow; ports, notPorts and nets cut the lines', () => {
    const out = lines(`${workloads}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-open, namespace: back}
spec:
  podSelector: {}
  ingress: [{}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: guard-db}
spec:
  order: 10
  selector: app == 'db'
  types: [Ingress]
  ingress:
  - action: Deny
    protocol: TCP
    destination: {notPorts: [pg]}
  - action: Deny
    source: {nets: [10.0.0.0/8]}
`);
    // db: TCP other than pg (5432) denied at order 10, everything from 10.0.0.0/8 denied at order
    // 10; the rest allowed by the Kubernetes policy (order 1000). web: no policy, profile allows.
    const dbAllowed = 'SCTP 1-65535,TCP 5432,UDP 1-65535,ICMP,other protocols';
    expect(out).toEqual([
      `0.0.0.0-9.255.255.255[External] => back/db[Pod] : ${dbAllowed}`,
      '0.0.0.0-9.255.255.255[External] => front/web[Pod] : All Connections',
      '10.0.0.0-10.255.255.255[External] => front/web[Pod] : All Connections',
      `11.0.0.0-255.255.255.255[External] => back/db[Pod] : ${dbAllowed}`,
      '11.0.0.0-255.255.255.255[External] => front/web[Pod] : All Connections',
      'back/db[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'back/db[Pod] => front/web[Pod] : All Connections',
      'front/web[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      `front/web[Pod] => back/db[Pod] : ${dbAllowed}`,
    ]);
  });
});
