/** connlist with AdminNetworkPolicy / BaselineAdminNetworkPolicy, from manifests read by connlistInputFromManifests. */
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
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: front}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: back}
spec:
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
`;

describe('connlist with admin policies', () => {
  it('an ANP Deny on one port leaves the rest of that protocol and the other protocols', () => {
    const out = lines(`${workloads}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guard-db}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {tier: back}}}
  ingress:
  - name: no-dns
    action: Deny
    from: [{namespaces: {}}]
    ports: [{portNumber: {protocol: UDP, port: 53}}]
`);
    expect(out).toContain('front/web[Deployment] => back/db[StatefulSet] : SCTP 1-65535,TCP 1-65535,UDP 1-52,54-65535,ICMP,other protocols');
    // The outside is no namespace: the rule does not reach it.
    expect(out).toContain('0.0.0.0-255.255.255.255[External] => back/db[StatefulSet] : All Connections');
    expect(out).toContain('back/db[StatefulSet] => front/web[Deployment] : All Connections');
    expect(out.some((l) => l.startsWith('back/db[StatefulSet] => back/db'))).toBe(false);
  });

  it('Pass hands over to NetworkPolicy, and the baseline decides for pods NetworkPolicy leaves alone', () => {
    const out = lines(`${workloads}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: pass-pg}
spec:
  priority: 5
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress:
  - {name: pass-pg, action: Pass, from: [{namespaces: {matchLabels: {tier: front}}}], ports: [{namedPort: pg}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {namespaces: {}}
  ingress:
  - {name: pg-only, action: Allow, from: [{namespaces: {}}], ports: [{namedPort: pg}]}
  - {name: nothing-else, action: Deny, from: [{namespaces: {}}]}
  egress:
  - {name: no-internet, action: Deny, to: [{networks: [0.0.0.0/0]}]}
  - {name: but-dns-server, action: Allow, to: [{networks: [10.0.0.10/32]}]}
`);
    expect(out).toContain('front/web[Deployment] => back/db[StatefulSet] : TCP 5432');
    expect(out.some((l) => l.startsWith('back/db[StatefulSet] => front/web'))).toBe(false);
    // The earlier Deny of 0.0.0.0/0 wins over the later Allow; ranges still split at 10.0.0.10.
    expect(out.filter((l) => l.includes('External] :') && l.startsWith('front/'))).toEqual([]);
    expect(out).toContain('0.0.0.0-255.255.255.255[External] => front/web[Deployment] : All Connections');
  });

  it('splits egress ranges at the boundaries of networks', () => {
    const out = lines(`${workloads}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: one-host}
spec:
  priority: 1
  subject: {namespaces: {matchLabels: {tier: front}}}
  egress:
  - {name: deny-host, action: Deny, to: [{networks: [192.0.2.7/32, "2001:db8::/32"]}]}
`);
    expect(out.filter((l) => l.startsWith('front/web[Deployment] =>') && l.includes('External'))).toEqual([
      'front/web[Deployment] => 0.0.0.0-192.0.2.6[External] : All Connections',
      'front/web[Deployment] => 192.0.2.8-255.255.255.255[External] : All Connections',
    ]);
    expect(out).toContain('back/db[StatefulSet] => 192.0.2.7-192.0.2.7[External] : All Connections');
  });

  it('groups pods under a controller reference without kind as `owner[Pod]`', () => {
    const out = lines(`
apiVersion: v1
kind: Pod
metadata: {name: a-1, namespace: x, labels: {app: a}, ownerReferences: [{name: a, controller: true}]}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: a-2, namespace: x, labels: {app: a}, ownerReferences: [{name: a, controller: true}]}
spec: {containers: [{name: c}]}
`);
    expect(out).toEqual([
      '0.0.0.0-255.255.255.255[External] => x/a[Pod] : All Connections',
      'x/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
    ]);
  });
});
