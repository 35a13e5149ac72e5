/** connlist with Cilium policies (cilium.io/v2), from manifests read by connlistInputFromManifests: the pairwise evaluator decides. */
import { describe, expect, it } from 'vitest';
import { connlistLines as lines } from '../helpers/connlist-lines.js';

const workloads = `
apiVersion: v1
kind: Namespace
metadata: {name: front}
---
apiVersion: v1
kind: Namespace
metadata: {name: back}
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

describe('connlist with Cilium policies', () => {
  it('endpoints by namespace, CIDR sets with except (the world only), deny rules without default deny', () => {
    const out = lines(`${workloads}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-in, namespace: back}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: front}}]
    toPorts: [{ports: [{port: pg, protocol: TCP}]}]
  - fromCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]
    toPorts: [{ports: [{port: "5432"}]}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: no-world-egress}
spec:
  endpointSelector: {}
  enableDefaultDeny: {egress: false}
  egressDeny: [{toEntities: [world]}]
`);
    // db: from front's pods TCP 5432 (the named port), from the world outside 10.0.0.0/8 port 5432
    // of any protocol, nothing else. No pod reaches the world; pods reach each other otherwise.
    expect(out).toEqual([
      '0.0.0.0-9.255.255.255[External] => back/db[Pod] : SCTP 5432,TCP 5432,UDP 5432',
      '0.0.0.0-9.255.255.255[External] => front/web[Pod] : All Connections',
      '10.0.0.0-10.255.255.255[External] => front/web[Pod] : All Connections',
      '11.0.0.0-255.255.255.255[External] => back/db[Pod] : SCTP 5432,TCP 5432,UDP 5432',
      '11.0.0.0-255.255.255.255[External] => front/web[Pod] : All Connections',
      'back/db[Pod] => front/web[Pod] : All Connections',
      'front/web[Pod] => back/db[Pod] : TCP 5432',
    ]);
  });
});
