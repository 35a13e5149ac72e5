/** The same object (kind, namespace, name) declared twice in one input is an error. */
import type { SpecObject } from '../spec/objects.js';
import { DIAG, message } from '../diag/catalogue.js';
import { report } from './read.js';
import type { Reader } from './read.js';

const KIND_NAMES: Readonly<Record<SpecObject['kind'], string>> = {
  node: 'Node',
  namespace: 'Namespace',
  pod: 'Pod',
  service: 'Service',
  'endpoint-slice': 'EndpointSlice',
  'network-policy': 'NetworkPolicy',
  host: 'host',
  'security-group': 'security group',
  'admin-network-policy': 'AdminNetworkPolicy',
  'baseline-admin-network-policy': 'BaselineAdminNetworkPolicy',
  ingress: 'Ingress',
  'ingress-class': 'IngressClass',
  'ingress-controller': 'ingress controller',
  link: 'link',
  'lb-acl': 'load balancer ACL',
  gateway: 'Gateway',
  'http-route': 'HTTPRoute',
  route: 'Route',
};

export function dropDuplicates(r: Reader, objects: readonly SpecObject[]): SpecObject[] {
  const seen = new Set<string>();
  return objects.filter((o) => {
    const ns = 'namespace' in o.spec && o.kind !== 'namespace' ? `${o.spec.namespace}/` : '';
    const key = `${o.kind} ${ns}${o.spec.name}`;
    if (!seen.has(key)) {
      seen.add(key);
      return true;
    }
    if (o.spec.span) {
      report(r, DIAG.manifestDuplicate, 'error', message(DIAG.manifestDuplicate, { kind: KIND_NAMES[o.kind], name: `${ns}${o.spec.name}` }), o.spec.span, {
        help: 'rename one of them (a workload names its pods <name>-0, <name>-1, …)',
      });
    }
    return false;
  });
}
