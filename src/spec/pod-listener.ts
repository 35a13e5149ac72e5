/**
 * Who answers at a pod's port, in the model. Kubernetes does not know what a container listens
 * on: the Container API says of `ports` that "Not specifying a port here DOES NOT prevent that
 * port from being exposed" (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports).
 * The model's stand-in for the process inside is one rule, used by every part that needs it:
 * - a pod that declares container ports listens on those (port and protocol) only;
 * - a pod that declares none listens on every port.
 * The trace engine resets a connection to a port nobody listens on (net/delivery.ts, the
 * loopback in net/probe.ts); connlist's ingress-controller lines list only the backend ports a
 * pod listens on (connlist.ts exposedPorts), since a request routed to another would be reset.
 */
import type { ContainerPort, Protocol } from './types.js';

export type PodListener =
  /** The pod declares no container port: the model lets it listen on every port. */
  | { readonly kind: 'every-port' }
  /** The declared container port that listens. */
  | { readonly kind: 'declared'; readonly port: ContainerPort }
  /** The pod declares ports, none of them this one: nothing listens. */
  | { readonly kind: 'none' };

export function podListener(ports: readonly ContainerPort[], port: number, protocol: Protocol): PodListener {
  if (ports.length === 0) return { kind: 'every-port' };
  const declared = ports.find((c) => c.containerPort === port && c.protocol === protocol);
  return declared ? { kind: 'declared', port: declared } : { kind: 'none' };
}
