/**
 * A scenario's cluster (a ClusterSpec, as declared or as a step left it) → the input of
 * `connlist`: its pods, namespaces, policies of every kind and networks (input.ts objectInput,
 * as for manifests), and what its Ingresses
 * (Service backends) and OpenShift Routes (their `to` Service, when the Route names a target port)
 * expose to the ingress controller — the same input connlistInputFromManifests (input.ts) makes of
 * manifests, so `netscn diff` compares a scenario's steps as it compares manifest folders; and,
 * under `cni cilium`, that Cilium enforces its policies (spec/cilium.ts ciliumEnforces).
 */
import { objectsOf } from '../spec/kinds.js';
import { CILIUM_CNI } from '../spec/cilium.js';
import type { ClusterSpec, IngressBackendSpec } from '../spec/types.js';
import type { ConnlistInput } from './connlist.js';
import type { Backend, LenientService } from './exposure.js';
import { objectInput } from './input.js';

export function connlistInputFromCluster(spec: ClusterSpec): ConnlistInput {
  const backends: Backend[] = [];
  const fromIngress = (namespace: string, b: IngressBackendSpec | undefined): void => {
    if (b?.kind === 'service') backends.push({ namespace, service: b.service, port: b.port, via: 'ingress' });
  };
  for (const ing of spec.ingresses) {
    fromIngress(ing.namespace, ing.defaultBackend);
    for (const rule of ing.rules) for (const path of rule.paths) fromIngress(ing.namespace, path.backend);
  }
  for (const route of spec.routes) {
    const to = route.backends[0];
    if (to && route.targetPort !== undefined) backends.push({ namespace: route.namespace, service: to.service, port: route.targetPort, via: 'route' });
  }
  const services: LenientService[] = spec.services.map((s) => ({
    namespace: s.namespace,
    name: s.name,
    selector: s.selector ?? {},
    ports: s.ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, targetPort: p.targetPort, protocol: p.protocol })),
  }));
  return { ...objectInput((kind) => objectsOf(spec, kind)), exposed: { backends, services }, ...(spec.cni === CILIUM_CNI ? { ciliumCni: true } : {}) };
}
