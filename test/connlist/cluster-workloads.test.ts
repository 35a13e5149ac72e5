/** `--cluster-workloads`: cluster DNS and an ingress controller added when the manifests lack them, so rules naming them show their effect. */
import { describe, expect, it } from 'vitest';
import { formatConnlistText } from '../../src/connlist/connlist.js';
import { withClusterWorkloads } from '../../src/connlist/cluster-workloads.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { objectsFromYaml } from '../../src/manifests/index.js';

function input(yaml: string) {
  const loaded = objectsFromYaml(yaml, 'm.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return connlistInputFromManifests(loaded).input;
}

const lines = (yaml: string, add: boolean): string[] => {
  const i = input(yaml);
  return formatConnlistText(connlist(add ? withClusterWorkloads(i) : i)).split('\n').filter(Boolean);
};

/** A web pod whose egress allows only DNS to the cluster DNS pods, and whose ingress admits only the ingress controller on 8080. */
const app = `
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  egress:
    - to:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
          podSelector: {matchLabels: {k8s-app: kube-dns}}
      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
  ingress:
    - from:
        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
      ports: [{protocol: TCP, port: 8080}]
`;

describe('connlist --cluster-workloads', () => {
  it('adds cluster DNS and an ingress controller, so the DNS egress rule and the controller ingress rule show', () => {
    const out = lines(app, true);
    expect(out).toContain('shop/web[Pod] => kube-system/coredns[Deployment] : TCP 53,UDP 53');
    expect(out).toContain('ingress-nginx/ingress-nginx-controller[Deployment] => shop/web[Pod] : TCP 8080');
    expect(out).toContain('ingress-nginx/ingress-nginx-controller[Deployment] => kube-system/coredns[Deployment] : All Connections');
    expect(out.filter((l) => l.startsWith('shop/web[Pod] =>'))).toEqual(['shop/web[Pod] => kube-system/coredns[Deployment] : TCP 53,UDP 53']);
  });

  it('adds nothing when off, and nothing the manifests already run', () => {
    expect(lines(app, false).some((l) => l.includes('coredns') || l.includes('ingress-nginx'))).toBe(false);
    const ownDns = `${app}---
apiVersion: v1
kind: Pod
metadata: {name: dns, namespace: kube-system, labels: {k8s-app: kube-dns}}
spec: {containers: [{name: c, ports: [{containerPort: 53, protocol: UDP}]}]}
`;
    const out = lines(ownDns, true);
    expect(out.some((l) => l.includes('coredns'))).toBe(false);
    expect(out).toContain('shop/web[Pod] => kube-system/dns[Pod] : TCP 53,UDP 53');
    expect(out.some((l) => l.includes('ingress-nginx/ingress-nginx-controller[Deployment]'))).toBe(true);
  });
});
