/**
 * Cilium's toServices (policy/cilium.ts, 10b), from docs.cilium.io security/policy/language
 * "Services based": a `k8sService` entry allows egress to the pods its Service selects (its
 * selector as an endpoint selector, in the Service's namespace), and for a Service without a
 * selector to its EndpointSlices' addresses as CIDR selectors, which never select pods. A
 * `k8sServiceSelector` entry reads every Service whose labels its selector matches the same way
 * (cilium pkg/policy/k8s/service.go serviceSelectorMatches).
 */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { referenceAllowed } from '../../src/policy/reference.js';
import { ciliumServicesOf, type CiliumNetworkPolicySpec, type CiliumService } from '../../src/spec/cilium.js';
import { DEFAULT_SETTINGS, type ServiceSpec } from '../../src/spec/types.js';
import { externalEndpoint, namespace, podEndpoint, podSpec, type TestEndpoint } from './fixture.js';

const client = podEndpoint(podSpec('shop/client', { node: 'n1', labels: { app: 'client' }, ip: '10.0.1.10' }));
const web = podEndpoint(podSpec('shop/web', { node: 'n2', labels: { app: 'web' }, ip: '10.0.2.10' }));
const other = podEndpoint(podSpec('shop/other', { node: 'n2', labels: { app: 'other' }, ip: '10.0.2.11' }));
const guestWeb = podEndpoint(podSpec('guest/web', { node: 'n2', labels: { app: 'web' }, ip: '10.0.2.12' }));
const database = externalEndpoint('192.0.2.15');

/**
 * The Service `web` (selector app=web, labelled tier=front) in shop and guest, and `db` in shop
 * (labelled tier=data), without a selector: its EndpointSlice names an outside database and the pod other.
 */
const SERVICES: readonly CiliumService[] = [
  { namespace: 'shop', name: 'web', labels: { tier: 'front' }, selector: { app: 'web' }, addresses: [] },
  { namespace: 'guest', name: 'web', labels: { tier: 'front' }, selector: { app: 'web' }, addresses: [] },
  { namespace: 'shop', name: 'db', labels: { tier: 'data' }, selector: null, addresses: ['192.0.2.15', '10.0.2.11'] },
];

const policy = (services: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-out, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toServices:
${services}`;

/** client → dst on TCP 80 under `yaml`; the reference must agree. */
function allowed(yaml: string, dst: TestEndpoint): boolean {
  const res = objectsFromYaml(yaml, 'p.yaml');
  expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const ciliumNetworkPolicies = res.objects.flatMap((o) => (o.kind === 'cilium-network-policy' ? [o.spec as CiliumNetworkPolicySpec] : []));
  const scope = { namespaces: [namespace('shop'), namespace('guest')], settings: DEFAULT_SETTINGS, ciliumNetworkPolicies, ciliumServices: SERVICES };
  const d = evaluatePolicies(buildPolicyIndex({ ...scope, policies: [] }), { src: client.policy, dst: dst.policy, port: 80, protocol: 'TCP' });
  expect(d.allowed, 'the reference agrees').toBe(referenceAllowed({ ...scope, networkPolicies: [] }, client.reference, dst.reference, 80, 'TCP'));
  return d.allowed;
}

describe('toServices', () => {
  it("k8sService: the pods the Service's selector selects, in its namespace", () => {
    const y = policy('    - k8sService: {serviceName: web, namespace: shop}\n');
    expect(allowed(y, web)).toBe(true);
    expect(allowed(y, other)).toBe(false);
    expect(allowed(y, guestWeb)).toBe(false);
  });

  it('without a namespace, a Service of that name in any namespace', () => {
    const y = policy('    - k8sService: {serviceName: web}\n');
    expect(allowed(y, web)).toBe(true);
    expect(allowed(y, guestWeb)).toBe(true);
  });

  it("a Service without a selector: its EndpointSlices' addresses as CIDR selectors, outside the cluster only", () => {
    const y = policy('    - k8sService: {serviceName: db, namespace: shop}\n');
    expect(allowed(y, database)).toBe(true);
    // The pod `other` is an endpoint of db, but CIDR selectors do not select pods.
    expect(allowed(y, other)).toBe(false);
  });

  it("k8sServiceSelector: the Services whose labels the selector matches, in its namespace, each as k8sService reads it", () => {
    const y = policy('    - k8sServiceSelector: {selector: {matchLabels: {tier: front}}, namespace: shop}\n');
    expect(allowed(y, web)).toBe(true);
    expect(allowed(y, other)).toBe(false);
    expect(allowed(y, guestWeb)).toBe(false);
    expect(allowed(y, database)).toBe(false);
  });

  it('k8sServiceSelector without a namespace: matching Services of every namespace', () => {
    const y = policy('    - k8sServiceSelector: {selector: {matchLabels: {tier: front}}}\n');
    expect(allowed(y, web)).toBe(true);
    expect(allowed(y, guestWeb)).toBe(true);
  });

  it("k8sServiceSelector selecting a Service without a selector: its addresses as CIDR selectors, never a pod", () => {
    const y = policy("    - k8sServiceSelector: {selector: {matchExpressions: [{key: 'k8s:tier', operator: In, values: [data]}]}}\n");
    expect(allowed(y, database)).toBe(true);
    expect(allowed(y, other)).toBe(false);
    expect(allowed(y, web)).toBe(false);
  });

  it('k8sServiceSelector matching no Service matches nothing', () => {
    expect(allowed(policy('    - k8sServiceSelector: {selector: {matchLabels: {tier: back}}}\n'), web)).toBe(false);
  });

  it('an entry with both is read by its selector, with a warning', () => {
    const y = policy('    - k8sServiceSelector: {selector: {matchLabels: {tier: data}}}\n      k8sService: {serviceName: web}\n');
    const res = objectsFromYaml(y, 'p.yaml');
    expect(res.diagnostics.map((d) => [d.severity, d.message])).toEqual([['warning', expect.stringContaining('k8sService: an entry with a k8sServiceSelector is read by its selector')]]);
    expect(allowed(y, web)).toBe(false);
    expect(allowed(y, database)).toBe(true);
  });

  it('k8sServiceSelector needs a selector', () => {
    const res = objectsFromYaml(policy('    - k8sServiceSelector: {namespace: shop}\n'), 'p.yaml');
    expect(res.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('k8sServiceSelector.selector: required field is missing')]);
  });

  it("a manifest Service's labels reach toServices", () => {
    const res = objectsFromYaml('apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop, labels: {tier: front}}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n', 's.yaml');
    const svc = res.objects.flatMap((o) => (o.kind === 'service' ? [o.spec as ServiceSpec] : []));
    expect(ciliumServicesOf(svc, []).map((s) => [s.name, s.labels])).toEqual([['web', { tier: 'front' }]]);
  });

  it('k8sService needs a serviceName', () => {
    const res = objectsFromYaml(policy('    - k8sService: {namespace: shop}\n'), 'p.yaml');
    expect(res.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('serviceName: required field is missing')]);
  });
});
