/** One-line, learner-readable text for policy objects and endpoints, used in trace hops. */
import type { LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule } from '../spec/types.js';
import type { IcmpMessage, PolicyProtocol } from '../spec/packet-protocol.js';
import type { EndpointRole } from './endpoint-role.js';
import { assertNever } from '../spec/never.js';

/** kubectl-style: `app=web,tier in (a,b),!legacy`; '' for the empty selector. */
export function describeSelector(sel: LabelSelector): string {
  const parts = Object.entries(sel.matchLabels).map(([k, v]) => `${k}=${v}`);
  for (const req of sel.matchExpressions) {
    switch (req.operator) {
      case 'In':
        parts.push(`${req.key} in (${req.values.join(',')})`);
        break;
      case 'NotIn':
        parts.push(`${req.key} notin (${req.values.join(',')})`);
        break;
      case 'Exists':
        parts.push(req.key);
        break;
      case 'DoesNotExist':
        parts.push(`!${req.key}`);
        break;
      default:
        return assertNever(req.operator);
    }
  }
  return parts.join(',');
}

/** E.g. `pods app=client`, `all pods in namespaces team=a`, `10.0.0.0/8 except 10.1.0.0/16`. */
export function describePeer(peer: NetworkPolicyPeer): string {
  if (peer.ipBlock !== undefined) {
    const except = peer.ipBlock.except;
    return except.length === 0 ? peer.ipBlock.cidr : `${peer.ipBlock.cidr} except ${except.join(', ')}`;
  }
  const pods = peer.podSelector === undefined ? '' : describeSelector(peer.podSelector);
  const podText = pods === '' ? 'all pods' : `pods ${pods}`;
  if (peer.namespaceSelector === undefined) return peer.podSelector === undefined ? 'nothing' : podText;
  const namespaces = describeSelector(peer.namespaceSelector);
  return `${podText} in ${namespaces === '' ? 'all namespaces' : `namespaces ${namespaces}`}`;
}

/** E.g. `TCP 8080`, `TCP 8000-8100`, `UDP all ports`, `TCP port named http`. */
export function describePort(entry: NetworkPolicyPort): string {
  if (entry.port === undefined) return `${entry.protocol} all ports`;
  if (typeof entry.port === 'string') return `${entry.protocol} port named ${entry.port}`;
  return entry.endPort === undefined ? `${entry.protocol} ${entry.port}` : `${entry.protocol} ${entry.port}-${entry.endPort}`;
}

/** E.g. `from pods app=client or 10.0.0.0/8; port TCP 8080`. */
export function describeRule(rule: NetworkPolicyRule, direction: 'ingress' | 'egress'): string {
  const word = direction === 'ingress' ? 'from' : 'to';
  const peers = rule.peers.length === 0 ? `${word} anywhere` : `${word} ${rule.peers.map(describePeer).join(' or ')}`;
  const ports =
    rule.ports.length === 0
      ? 'all ports'
      : `${rule.ports.length === 1 ? 'port' : 'ports'} ${rule.ports.map(describePort).join(', ')}`;
  return `${peers}; ${ports}`;
}

/** E.g. `10.0.1.5 (pod shop/x)`, `192.168.0.11 (node n1)`, `198.19.0.10`. */
export function describeEndpoint(ip: string, role: EndpointRole): string {
  switch (role.kind) {
    case 'pod':
      return `${ip} (pod ${role.pod.namespace}/${role.pod.name})`;
    case 'node':
      return role.hostNetworkPod === undefined
        ? `${ip} (node ${role.node})`
        : `${ip} (hostNetwork pod ${role.hostNetworkPod.namespace}/${role.hostNetworkPod.name}, counted as node ${role.node})`;
    case 'other':
      return ip;
    default:
      return assertNever(role);
  }
}

/**
 * `TCP 80`. Port 0 is the unspecified port: an assertion without `port` to a pod that declares
 * none (listeners and security-group rules admit it, policy rules that name ports do not).
 */
export function describeConnection(port: number, protocol: PolicyProtocol, detail: { readonly icmp?: IcmpMessage; readonly ipProtocol?: number } = {}): string {
  if (protocol === 'ICMP') return detail.icmp === undefined ? 'ICMP echo (ping)' : `ICMP type ${detail.icmp.type} code ${detail.icmp.code}`;
  if (protocol === 'IP') return `IP protocol ${detail.ipProtocol ?? '(unspecified)'}`;
  return port === 0 ? `${protocol} (unspecified port)` : `${protocol} ${port}`;
}

