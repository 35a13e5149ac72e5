/**
 * What `resolve … expect address of X` means in a cluster state: a pod's IP; a Service's
 * ClusterIP; for a headless Service the addresses of its ready endpoints (all of them with
 * publishNotReadyAddresses), as CoreDNS answers (reference: DNS for Services and Pods).
 */
import { objectKey, type ClusterState } from '../model/index.js';
import type { ProbeTarget } from '../net/types.js';

export function expectedAddresses(state: ClusterState, target: ProbeTarget): readonly string[] | undefined {
  switch (target.kind) {
    case 'pod': {
      const pod = state.podsByKey.get(objectKey(target.namespace, target.name));
      return pod ? (pod.ip !== undefined ? [pod.ip] : []) : undefined;
    }
    case 'service': {
      const svc = state.servicesByKey.get(objectKey(target.namespace, target.name));
      if (!svc) return undefined;
      if (svc.clusterIP !== undefined) return [svc.clusterIP];
      if (svc.spec.type === 'ExternalName' || !svc.spec.headless) return [];
      return [...new Set(svc.endpoints.filter((e) => e.ready || svc.spec.publishNotReadyAddresses).map((e) => e.address))];
    }
    case 'node': {
      const node = state.nodesByName.get(target.name);
      return node ? [node.ip] : undefined;
    }
    case 'host': {
      const host = state.hostsByName.get(target.name);
      return host ? [host.ip] : undefined;
    }
    case 'ip':
      return [target.ip];
    case 'internet':
    case 'dns':
      return undefined;
    default: {
      const never: never = target;
      return never;
    }
  }
}
