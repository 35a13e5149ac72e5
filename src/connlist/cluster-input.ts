/**
 * A scenario's cluster (a ClusterSpec, as declared or as a step left it) → the input of
 * `connlist`: its pods, namespaces, policies of every kind and networks (input.ts objectInput,
 * as for manifests), and what its Ingresses
 * (Service backends) and OpenShift Routes (their `to` Service, when the Route names a target port)
 * expose to the ingress controller — the same input connlistInputFromManifests (input.ts) makes of
 * manifests, so `netscn diff` compares a scenario's steps as it compares manifest folders;
 * Istio's meshConfig outbound mode (`set mesh-outbound-traffic-policy`) when it is REGISTRY_ONLY.
 * Calico's objects are left out where Calico does not enforce them (setting calicoPolicy 'off');
 * and, under `cni cilium`, that Cilium enforces its policies (spec/cilium.ts ciliumEnforces).
 */
import { withoutCalico } from '../spec/calico.js';
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
  // meshConfig's REGISTRY_ONLY drops unknown outbound traffic with or without Sidecar objects (mesh-fold.ts).
  const registryOnly = spec.settings.meshOutboundTrafficPolicy === 'REGISTRY_ONLY'
    ? { meshOutboundTrafficPolicy: spec.settings.meshOutboundTrafficPolicy, serviceEntries: spec.serviceEntries, registryServices: spec.services }
    : {};
  const objects = objectInput((kind) => objectsOf(spec, kind));
  return { ...(spec.settings.calicoPolicy === 'enforced' ? objects : withoutCalico(objects)), ...registryOnly, exposed: { backends, services }, ...(spec.cni === CILIUM_CNI ? { ciliumCni: true } : {}) };
}
