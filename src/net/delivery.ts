/**
 * Delivery: the packet at its destination's door — primary-network isolation
 * (network-isolation.ts), NetworkPolicy, then Cilium's L7 proxy for a request an L7 rule filters
 * (cilium-proxy.ts), then a pod's Istio sidecar (sidecar.ts), then whoever listens.
 *
 * Listeners: a pod listens on its declared container ports (every port when it declares none);
 * a node address delivers to a hostNetwork pod declaring the port, else to the node's own
 * daemons, which the model lets listen on 22 (sshd), 10250 (kubelet), 10256 (kube-proxy
 * health), every healthCheckNodePort, and 6443 on the first node (the API server); outside
 * hosts accept every port. A probe without a port (port 0) only tests that the address answers.
 * An ICMP echo request is answered by whoever owns the address, whatever listens (net/icmp.ts).
 * A packet from a pod address reaches an outside host but its reply has no way back from outside
 * an overlay, or from the internet.
 */
import { podListener } from '../spec/pod-listener.js';
import type { ClusterState, NodeState, PodState } from '../model/state.js';
import { inAnyCidr, ipPort } from '../address/ip.js';
import { ownersOf } from '../model/state.js';
import { describeConnection } from '../policy/describe.js';
import { outsideKind } from './egress.js';
import { addressEndpoint, checkPolicy, needsPolicy, podEndpoint } from './policy-check.js';
import { isolationHop } from './network-isolation.js';
import type { PolicyEndpoint } from '../policy/evaluate.js';
import type { Backend, Flow, Hop } from './types.js';
import { deliver, fail, hop, hops as appendHops, type Walk } from './walk.js';
import { deferredHop } from './deferred-hop.js';
import { sidecarGate } from './sidecar.js';
import { ciliumProxyGate } from './cilium-proxy.js';
import { echoAnswered } from './icmp.js';

const NODE_DAEMONS: ReadonlyMap<number, string> = new Map([
  [22, 'sshd'],
  [10250, 'the kubelet'],
  [10256, "kube-proxy's health server"],
]);

function policyGate(state: ClusterState, w: Walk, dst: PolicyEndpoint, at: string | undefined): Walk | Flow {
  if (!needsPolicy(w.origin, dst)) return w;
  const verdict = checkPolicy(state, w, dst);
  const hops: Hop[] = verdict.hops.map((h) => (h.at === undefined && at !== undefined ? { ...h, at } : h));
  const next: Walk = appendHops(w, hops);
  return verdict.allowed ? next : fail(next, 'timeout', 'policy');
}

/** What a connection delivered to `pod` at `ip:port` reports as its backend. */
export function podBackend(pod: PodState, ip: string, port: number): Backend {
  return { pod: { namespace: pod.namespace, name: pod.name }, node: pod.spec.node, ip, port };
}

export function deliverToPod(state: ClusterState, pod: PodState, w: Walk): Flow {
  const at = pod.spec.node;
  const isolated = w.origin.kind === 'pod' && w.origin.pod ? isolationHop(state, w.origin.pod, pod) : undefined;
  if (isolated) return fail(w, 'timeout', 'no-route', isolated);
  const admitted = policyGate(state, w, podEndpoint(pod, w.packet.dst), at);
  if ('outcome' in admitted) return admitted;
  const proxied = ciliumProxyGate(state, pod, admitted, at);
  if ('outcome' in proxied) return proxied;
  const gated = sidecarGate(state, pod, proxied, at);
  if ('outcome' in gated) return gated;
  return deliverToListener(pod, gated);
}

/** The packet at pod's interface, every gate passed: delivered when the pod listens (see the header), else reset. */
export function deliverToListener(pod: PodState, gated: Walk): Flow {
  const at = pod.spec.node;
  const { dstPort, protocol, dst } = gated.packet;
  const backend = podBackend(pod, dst, dstPort);
  if (protocol === 'ICMP') return deliver(gated, backend, echoAnswered(`pod ${pod.key} (${dst})${pod.spec.hostNetwork ? `, in node ${at}'s network namespace,` : ''}`, at));
  if (dstPort === 0) return deliver(gated, backend, deferredHop('delivery', () => `reached pod ${pod.key} (${dst}); no port given, so only the address was tested`, { at }));
  const listener = podListener(pod.spec.ports, dstPort, protocol);
  if (listener.kind === 'every-port')
    return deliver(
      gated,
      backend,
      deferredHop('delivery', () => `delivered to pod ${pod.key} on ${describeConnection(dstPort, protocol)}: it declares no container ports, so the model lets it listen on every port`, { at }),
    );
  if (listener.kind === 'declared') {
    const listening = listener.port;
    return deliver(
      gated,
      backend,
      deferredHop('delivery', () => `delivered to pod ${pod.key} ${ipPort(dst, dstPort)}${listening.name ? ` (container port ${listening.name})` : ''}`, {
        at,
        rule: () => `pod ${pod.key} containerPort ${dstPort}/${protocol}`,
      }),
    );
  }
  return fail(gated, 'refused', 'no-listener', {
    stage: 'delivery',
    at,
    text: `pod ${pod.key} does not listen on ${describeConnection(dstPort, protocol)} (it declares ${pod.spec.ports.map((c) => `${c.containerPort}/${c.protocol}`).join(', ')}): reset`,
  });
}

export function deliverToNode(state: ClusterState, node: NodeState, w: Walk): Flow {
  const { dstPort, protocol, dst } = w.packet;
  if (protocol === 'ICMP') {
    const admitted = policyGate(state, w, addressEndpoint(state, dst), node.name);
    return 'outcome' in admitted ? admitted : deliver(admitted, { node: node.name, ip: dst, port: 0 }, echoAnswered(`node ${node.name} (${dst})`, node.name));
  }
  const hostPod = (state.hostNetworkPods.get(node.name) ?? []).find((p) => p.spec.ports.some((c) => c.containerPort === dstPort && c.protocol === protocol));
  if (hostPod) return deliverToPod(state, hostPod, hop(w, { stage: 'routing', at: node.name, text: `hostNetwork pod ${hostPod.key} listens on node ${node.name} port ${dstPort}` }));
  const target = w.targetPod;
  if (target && target.spec.hostNetwork && target.spec.node === node.name && target.spec.ports.length === 0) return deliverToPod(state, target, w);
  const gated = policyGate(state, w, addressEndpoint(state, dst), node.name);
  if ('outcome' in gated) return gated;
  const backend = { node: node.name, ip: dst, port: dstPort };
  if (dstPort === 0) return deliver(gated, backend, { stage: 'delivery', at: node.name, text: `reached node ${node.name} (${dst}); no port given, so only the address was tested` });
  if (target)
    return fail(gated, 'refused', 'no-listener', {
      stage: 'delivery',
      at: node.name,
      text: `pod ${target.key} does not listen on node ${node.name} port ${describeConnection(dstPort, protocol)}: reset`,
    });
  const daemon =
    protocol !== 'TCP'
      ? undefined
      : (NODE_DAEMONS.get(dstPort) ??
        (state.services.some((s) => s.healthCheckNodePort === dstPort)
          ? "kube-proxy's health check (healthCheckNodePort)"
          : dstPort === 6443 && state.nodes[0]?.name === node.name
            ? 'the API server'
            : undefined));
  if (daemon) return deliver(gated, backend, { stage: 'delivery', at: node.name, text: `delivered to node ${node.name} ${ipPort(dst, dstPort)}: ${daemon} listens there` });
  return fail(gated, 'refused', 'no-listener', {
    stage: 'delivery',
    at: node.name,
    text: `nothing listens on node ${node.name} ${describeConnection(dstPort, protocol)} (no hostNetwork pod declares it; node daemons: 22, 10250, 10256): reset`,
  });
}

export function deliverOutside(state: ClusterState, w: Walk): Flow {
  const { dst, src, dstPort } = w.packet;
  const host = ownersOf(state, dst)?.find((o) => o.kind === 'host');
  const name = host?.kind === 'host' ? `host ${host.host.name}` : `${dst} (outside the cluster)`;
  if (inAnyCidr(state.podCidrs, src) && !ownersOf(state, src)?.some((o) => o.kind === 'node')) {
    const kind = outsideKind(state, dst);
    if (state.spec.networkMode === 'overlay' || kind === 'internet')
      return fail(w, 'timeout', 'no-route', {
        stage: 'routing',
        text: `${name} receives a packet from the pod address ${src}, but its reply has no route back (${kind === 'internet' ? 'a private address on the internet' : 'the overlay pod CIDR is not routable in the VPC'})`,
      });
  }
  const gated = policyGate(state, w, { ip: dst }, undefined);
  if ('outcome' in gated) return gated;
  const backend = { ...(host?.kind === 'host' ? { host: host.host.name } : {}), ip: dst, port: dstPort };
  if (w.packet.protocol === 'ICMP') return deliver(gated, backend, echoAnswered(name, undefined));
  return deliver(gated, backend, {
    stage: 'delivery',
    text: `delivered to ${name}${dstPort === 0 ? '' : ` port ${dstPort}`} (hosts outside the cluster accept every port in the model)`,
  });
}
