/**
 * Verdict table from reference §6 and §10 items 12–17. Every case runs through both the indexed
 * evaluator and the naive reference; both must give the expected verdict.
 */
import { describe, expect, it } from 'vitest';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { referenceAllowed } from '../../src/policy/reference.js';
import type { NamespaceSpec, NetworkPolicySpec, Protocol, Settings } from '../../src/spec/types.js';
import { namespace, peer, policy, ports, rule, sel, type TestEndpoint } from './fixture.js';
import { ep, namespaces, settings } from './world.js';

type Expected = 'allow' | 'deny-egress' | 'deny-ingress';

interface Case {
  readonly name: string;
  readonly policies: readonly NetworkPolicySpec[];
  readonly settings?: Partial<Settings>;
  readonly namespaces?: readonly NamespaceSpec[];
  readonly src: TestEndpoint;
  /** The source the destination sees, when masquerade rewrote it. */
  readonly seenSrc?: TestEndpoint;
  readonly dst: TestEndpoint;
  readonly port: number;
  readonly protocol?: Protocol;
  readonly expect: Expected;
}

const denyAllIngress = policy('shop/default-deny');
const denyAllEgress = policy('shop/deny-egress', { policyTypes: ['Egress'] });
const allowWebFromClient = policy('shop/allow-web', {
  podSelector: sel({ app: 'web' }),
  ingress: [rule([peer.pods({ app: 'client' })], [ports.tcp(8080)])],
});
const webIngress = (...rules: Parameters<typeof rule>[]): NetworkPolicySpec =>
  policy('shop/web-in', { podSelector: sel({ app: 'web' }), ingress: rules.map((r) => rule(...r)) });
const clientEgress = (...rules: Parameters<typeof rule>[]): NetworkPolicySpec =>
  policy('shop/client-out', { podSelector: sel({ app: 'client' }), policyTypes: ['Egress'], egress: rules.map((r) => rule(...r)) });

const cases: readonly Case[] = [
  // §6.1 / trap 12: isolation per pod, per direction; both ends must allow; rules only add.
  { name: 'no policy: everything allowed', policies: [], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'default-deny ingress blocks pod to pod', policies: [denyAllIngress], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'default-deny ingress blocks the internet', policies: [denyAllIngress], src: ep.internet, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'default-deny ingress leaves egress to the internet open', policies: [denyAllIngress], src: ep.web, dst: ep.internet, port: 443, expect: 'allow' },
  { name: 'default-deny egress blocks the source', policies: [denyAllEgress], src: ep.client, dst: ep.otherWeb, port: 9090, expect: 'deny-egress' },
  { name: 'default-deny egress leaves ingress from outside open', policies: [denyAllEgress], src: ep.internet, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'policies of another namespace do not isolate', policies: [policy('other/deny')], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'a policy selecting other pods does not isolate', policies: [policy('shop/db-only', { podSelector: sel({ app: 'db' }) })], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'rules add to a default deny (union)', policies: [denyAllIngress, allowWebFromClient], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'allowed ingress but denied egress is denied', policies: [allowWebFromClient, clientEgress([[peer.pods({ app: 'db' })]])], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-egress' },
  { name: 'allowed egress but denied ingress is denied', policies: [denyAllIngress, clientEgress([[peer.pods({ app: 'web' })]])], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'allowed at both ends is allowed', policies: [allowWebFromClient, clientEgress([[peer.pods({ app: 'web' })], [ports.tcp(8080)]])], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'ingress: [{}] allows every source and port', policies: [policy('shop/open', { ingress: [rule()] })], src: ep.internet, dst: ep.web, port: 1234, protocol: 'UDP', expect: 'allow' },
  { name: 'ingress rules of an Egress-only policy are ignored', policies: [policy('shop/egress-typed', { policyTypes: ['Egress'], ingress: [rule([peer.pods({ app: 'nobody' })])], egress: [rule()] })], src: ep.internet, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'subject chosen by matchExpressions', policies: [policy('shop/not-db', { podSelector: sel({}, [{ key: 'app', operator: 'NotIn', values: ['db'] }]) })], src: ep.client, dst: ep.db, port: 5432, expect: 'allow' },
  { name: 'subject chosen by matchExpressions (selected)', policies: [policy('shop/not-db', { podSelector: sel({}, [{ key: 'app', operator: 'NotIn', values: ['db'] }]) })], src: ep.db, dst: ep.web, port: 8080, expect: 'deny-ingress' },

  // §6.2 / trap 13: policyTypes defaulting.
  { name: 'egress: [] without policyTypes does not deny egress', policies: [policy('shop/empty-egress', { egress: [] })], src: ep.web, dst: ep.internet, port: 443, expect: 'allow' },
  { name: 'egress: [] without policyTypes still denies ingress', policies: [policy('shop/empty-egress', { egress: [] })], src: ep.internet, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'egress-only rules without policyTypes deny all ingress', policies: [policy('shop/web-to-db', { podSelector: sel({ app: 'web' }), egress: [rule([peer.pods({ app: 'db' })])] })], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'egress-only rules without policyTypes isolate egress too', policies: [policy('shop/web-to-db', { podSelector: sel({ app: 'web' }), egress: [rule([peer.pods({ app: 'db' })])] })], src: ep.web, dst: ep.client, port: 7000, expect: 'deny-egress' },
  { name: 'egress-only rules without policyTypes allow their egress', policies: [policy('shop/web-to-db', { podSelector: sel({ app: 'web' }), egress: [rule([peer.pods({ app: 'db' })])] })], src: ep.web, dst: ep.db, port: 5432, expect: 'allow' },

  // §6.3 / trap 14: peer shapes.
  { name: 'podSelector alone: same-namespace pod matches', policies: [allowWebFromClient], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: "podSelector alone: matching labels in another namespace don't", policies: [allowWebFromClient], src: ep.otherClient, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'namespaceSelector alone: any pod of a matching namespace', policies: [webIngress([[peer.namespaces({ team: 'b' })]])], src: ep.otherWeb, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'namespaceSelector alone: pods of other namespaces do not match', policies: [webIngress([[peer.namespaces({ team: 'b' })]])], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'ns+pod in one element is AND: both match', policies: [webIngress([[peer.both({ team: 'b' }, { app: 'client' })]])], src: ep.otherClient, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'ns+pod in one element is AND: namespace only', policies: [webIngress([[peer.both({ team: 'b' }, { app: 'client' })]])], src: ep.otherWeb, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'ns+pod in one element is AND: labels only', policies: [webIngress([[peer.both({ team: 'b' }, { app: 'client' })]])], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'separate elements are OR: namespace side', policies: [webIngress([[peer.namespaces({ team: 'b' }), peer.pods({ app: 'client' })]])], src: ep.otherWeb, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'separate elements are OR: pod side', policies: [webIngress([[peer.namespaces({ team: 'b' }), peer.pods({ app: 'client' })]])], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'separate elements are OR: neither', policies: [webIngress([[peer.namespaces({ team: 'b' }), peer.pods({ app: 'client' })]])], src: ep.db, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'namespaceSelector {} matches pods of every namespace', policies: [webIngress([[peer.namespaces({})]])], src: ep.otherClient, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'namespaceSelector {} does not match the internet', policies: [webIngress([[peer.namespaces({})]])], src: ep.internet, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'namespaceSelector {} does not match another node', policies: [webIngress([[peer.namespaces({})]])], src: ep.n2, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'podSelector {} + namespaceSelector {} does not match the internet', policies: [webIngress([[peer.both({}, {})]])], src: ep.internet, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'empty peer list matches the internet', policies: [webIngress([[], [ports.tcp(8080)]])], src: ep.internet, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'namespace selected by kubernetes.io/metadata.name', policies: [webIngress([[peer.namespaces({ 'kubernetes.io/metadata.name': 'other' })]])], src: ep.otherClient, dst: ep.web, port: 8080, expect: 'allow' },
  {
    name: 'kubernetes.io/metadata.name works when the namespace spec lacks it',
    namespaces: [{ name: 'shop', labels: { team: 'a' } }, { name: 'other', labels: { team: 'b' } }],
    policies: [webIngress([[peer.namespaces({ 'kubernetes.io/metadata.name': 'other' })]])],
    src: ep.otherClient,
    dst: ep.web,
    port: 8080,
    expect: 'allow',
  },
  { name: 'egress namespaceSelector {} does not reach the internet', policies: [clientEgress([[peer.namespaces({})]])], src: ep.client, dst: ep.internet, port: 443, expect: 'deny-egress' },
  { name: 'egress namespaceSelector {} reaches pods', policies: [clientEgress([[peer.namespaces({})]])], src: ep.client, dst: ep.otherWeb, port: 9090, expect: 'allow' },

  // §6.3 / trap 15: ipBlock.
  { name: 'ipBlock matches a pod IP', policies: [webIngress([[peer.ipBlock('10.0.0.0/16', ['10.0.2.0/24'])]])], src: ep.otherWeb, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'ipBlock except carves out', policies: [webIngress([[peer.ipBlock('10.0.0.0/16', ['10.0.2.0/24'])]])], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'ipBlock outside the cidr', policies: [webIngress([[peer.ipBlock('10.0.0.0/16', ['10.0.2.0/24'])]])], src: ep.internet, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'excepted IP allowed by another policy (union)', policies: [webIngress([[peer.ipBlock('10.0.0.0/16', ['10.0.2.0/24'])]]), allowWebFromClient], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'excepted IP allowed by another rule of the same policy', policies: [webIngress([[peer.ipBlock('10.0.0.0/16', ['10.0.2.0/24'])]], [[peer.ipBlock('10.0.2.20/32')]])], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'ipBlock 0.0.0.0/0 admits the internet', policies: [webIngress([[peer.ipBlock('0.0.0.0/0')]])], src: ep.internet, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'ipBlock 0.0.0.0/0 does not admit an IPv6 client', policies: [webIngress([[peer.ipBlock('0.0.0.0/0')]])], src: ep.internet6, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'ipBlock ::/0 does not admit an IPv4 client', policies: [webIngress([[peer.ipBlock('::/0')]])], src: ep.internet, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'IPv6 ipBlock admits a client inside it', policies: [webIngress([[peer.ipBlock('2001:db8::/32', ['2001:db8:1::/48'])]])], src: ep.internet6, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'egress ipBlock of a pod IP reaches that pod', policies: [clientEgress([[peer.ipBlock('10.0.1.10/32')]])], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'egress ipBlock of a pod IP does not reach others', policies: [clientEgress([[peer.ipBlock('10.0.1.10/32')]])], src: ep.client, dst: ep.otherWeb, port: 9090, expect: 'deny-egress' },
  { name: 'ipBlock matches a node address', policies: [webIngress([[peer.ipBlock('192.168.0.0/24')]])], src: ep.n2, dst: ep.web, port: 8080, expect: 'allow' },

  // §6.3 / trap 16: ports.
  { name: 'numeric port matches', policies: [webIngress([[], [ports.tcp(8080)]])], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'numeric port: other port denied', policies: [webIngress([[], [ports.tcp(8080)]])], src: ep.client, dst: ep.web, port: 8081, expect: 'deny-ingress' },
  { name: 'endPort: lower bound inclusive', policies: [webIngress([[], [ports.tcp(8000, 8100)]])], src: ep.client, dst: ep.web, port: 8000, expect: 'allow' },
  { name: 'endPort: upper bound inclusive', policies: [webIngress([[], [ports.tcp(8000, 8100)]])], src: ep.client, dst: ep.web, port: 8100, expect: 'allow' },
  { name: 'endPort: below the range', policies: [webIngress([[], [ports.tcp(8000, 8100)]])], src: ep.client, dst: ep.web, port: 7999, expect: 'deny-ingress' },
  { name: 'endPort: above the range', policies: [webIngress([[], [ports.tcp(8000, 8100)]])], src: ep.client, dst: ep.web, port: 8101, expect: 'deny-ingress' },
  { name: 'endPort: protocol still applies', policies: [webIngress([[], [ports.tcp(8000, 8100)]])], src: ep.client, dst: ep.web, port: 8050, protocol: 'UDP', expect: 'deny-ingress' },
  { name: 'protocol-only entry matches every port of it', policies: [webIngress([[], [ports.udp()]])], src: ep.client, dst: ep.web, port: 9100, protocol: 'UDP', expect: 'allow' },
  { name: 'protocol-only UDP entry does not allow TCP', policies: [webIngress([[], [ports.udp()]])], src: ep.client, dst: ep.web, port: 9100, expect: 'deny-ingress' },
  { name: 'SCTP-only rule isolates the pod for TCP', policies: [webIngress([[], [ports.sctp(8080)]])], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'SCTP-only rule allows SCTP', policies: [webIngress([[], [ports.sctp(8080)]])], src: ep.client, dst: ep.web, port: 8080, protocol: 'SCTP', expect: 'allow' },
  { name: 'UDP-only egress rule does not allow TCP', policies: [clientEgress([[], [ports.udp(53)]])], src: ep.client, dst: ep.db, port: 53, expect: 'deny-egress' },
  { name: 'UDP-only egress rule allows UDP', policies: [clientEgress([[], [ports.udp(53)]])], src: ep.client, dst: ep.db, port: 53, protocol: 'UDP', expect: 'allow' },
  { name: 'empty ports allow every protocol', policies: [webIngress([[peer.pods({ app: 'client' })]])], src: ep.client, dst: ep.web, port: 5000, protocol: 'SCTP', expect: 'allow' },
  { name: 'ingress named port resolves on the selected pod', policies: [webIngress([[], [ports.named('http')]])], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'ingress named port: other port of the pod', policies: [webIngress([[], [ports.named('http')]])], src: ep.client, dst: ep.web, port: 9090, expect: 'deny-ingress' },
  { name: 'named port needs the same protocol', policies: [webIngress([[], [ports.named('http', 'UDP')]])], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'named UDP port matches its UDP container port', policies: [webIngress([[], [ports.named('metrics', 'UDP')]])], src: ep.client, dst: ep.web, port: 9100, protocol: 'UDP', expect: 'allow' },
  { name: 'same name resolves per selected pod', policies: [policy('other/web-in', { podSelector: sel({ app: 'web' }), ingress: [rule([], [ports.named('http')])] })], src: ep.client, dst: ep.otherWeb, port: 9090, expect: 'allow' },
  { name: 'egress named port resolves on the destination pod', policies: [clientEgress([[], [ports.named('http')]])], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'egress named port resolves on each destination (other/web http=9090)', policies: [clientEgress([[], [ports.named('http')]])], src: ep.client, dst: ep.otherWeb, port: 9090, expect: 'allow' },
  { name: "egress named port: the destination's port under that name only", policies: [clientEgress([[], [ports.named('http')]])], src: ep.client, dst: ep.otherWeb, port: 8080, expect: 'deny-egress' },
  { name: "egress named port never resolves on the source pod", policies: [clientEgress([[], [ports.named('http')]])], src: ep.client, dst: ep.db, port: 7000, expect: 'deny-egress' },
  { name: 'egress named port never matches an outside address', policies: [clientEgress([[], [ports.named('http')]])], src: ep.client, dst: ep.internet, port: 8080, expect: 'deny-egress' },
  { name: 'egress named port never matches a hostNetwork pod counted as node', policies: [clientEgress([[], [ports.named('probe')]])], src: ep.client, dst: ep.agent, port: 9000, expect: 'deny-egress' },

  // §6.1, §6.7, §6.9 / trap 17: nodes, self, hostNetwork.
  { name: 'ingress from the own node is always allowed', policies: [denyAllIngress], src: ep.n1, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'ingress from another node is not', policies: [denyAllIngress], src: ep.n2, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'a hostNetwork pod on the own node counts as the node', policies: [denyAllIngress], src: ep.agent, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'a hostNetwork pod on another node is an ordinary source', policies: [denyAllIngress], src: ep.agent, dst: ep.db, port: 5432, expect: 'deny-ingress' },
  { name: 'hostNetwork pods are not selectable peers', policies: [policy('shop/db-in', { podSelector: sel({ app: 'db' }), ingress: [rule([peer.namespaces({})])] })], src: ep.agent, dst: ep.db, port: 5432, expect: 'deny-ingress' },
  { name: 'hostNetwork pods are matched by ipBlock of the node IP', policies: [policy('shop/db-in', { podSelector: sel({ app: 'db' }), ingress: [rule([peer.ipBlock('192.168.0.11/32')])] })], src: ep.agent, dst: ep.db, port: 5432, expect: 'allow' },
  { name: 'hostNetwork pods are not subjects for ingress', policies: [policy('kube-system/deny')], src: ep.internet, dst: ep.agent, port: 9000, expect: 'allow' },
  { name: 'hostNetwork pods are not subjects for egress', policies: [policy('kube-system/deny', { policyTypes: ['Egress'] })], src: ep.agent, dst: ep.internet, port: 443, expect: 'allow' },
  {
    name: "hostNetworkPolicy 'pod': selectable as a peer",
    settings: { hostNetworkPolicy: 'pod' },
    policies: [policy('shop/db-in', { podSelector: sel({ app: 'db' }), ingress: [rule([peer.namespaces({})])] })],
    src: ep.agent,
    dst: ep.db,
    port: 5432,
    expect: 'allow',
  },
  { name: "hostNetworkPolicy 'pod': a subject", settings: { hostNetworkPolicy: 'pod' }, policies: [policy('kube-system/deny')], src: ep.internet, dst: ep.agent, port: 9000, expect: 'deny-ingress' },
  { name: "hostNetworkPolicy 'pod': no own-node exception", settings: { hostNetworkPolicy: 'pod' }, policies: [denyAllIngress], src: ep.agent, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: "hostNetworkPolicy 'pod': named ports resolve", settings: { hostNetworkPolicy: 'pod' }, policies: [clientEgress([[], [ports.named('probe')]])], src: ep.client, dst: ep.agent, port: 9000, expect: 'allow' },
  { name: 'egress to the own node allowed under egress isolation', policies: [denyAllEgress], src: ep.web, dst: ep.n1, port: 10250, expect: 'allow' },
  { name: 'egress to a hostNetwork pod on the own node likewise', policies: [denyAllEgress], src: ep.web, dst: ep.agent, port: 9000, expect: 'allow' },
  { name: 'egress to another node denied under egress isolation', policies: [denyAllEgress], src: ep.web, dst: ep.n2, port: 10250, expect: 'deny-egress' },
  { name: 'podToOwnNodeAllowed false: own node denied too', settings: { podToOwnNodeAllowed: false }, policies: [denyAllEgress], src: ep.web, dst: ep.n1, port: 10250, expect: 'deny-egress' },
  { name: 'a pod reaching itself is allowed', policies: [denyAllIngress, denyAllEgress], src: ep.web, dst: ep.web, port: 8080, expect: 'allow' },
  { name: 'selfTrafficAllowed false: self traffic is evaluated', settings: { selfTrafficAllowed: false }, policies: [denyAllIngress], src: ep.web, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'selfTrafficAllowed false: egress first', settings: { selfTrafficAllowed: false }, policies: [denyAllIngress, denyAllEgress], src: ep.web, dst: ep.web, port: 8080, expect: 'deny-egress' },

  // §6.3 SIM DEFAULT: ingress sees the masqueraded source, egress the sending pod.
  { name: 'masqueraded: ingress matches the node address, not the pod', policies: [allowWebFromClient], src: ep.client, seenSrc: ep.n2, dst: ep.web, port: 8080, expect: 'deny-ingress' },
  { name: 'masqueraded: an ipBlock of the node address admits it', policies: [webIngress([[peer.ipBlock('192.168.0.12/32')]])], src: ep.client, seenSrc: ep.n2, dst: ep.web, port: 8080, expect: 'allow' },
  { name: "masqueraded: egress is still the sending pod's", policies: [denyAllEgress, webIngress([[peer.ipBlock('192.168.0.12/32')]])], src: ep.client, seenSrc: ep.n2, dst: ep.web, port: 8080, expect: 'deny-egress' },
  { name: 'masqueraded to the own node: ingress always allowed', policies: [denyAllIngress], src: ep.client, seenSrc: ep.n1, dst: ep.web, port: 8080, expect: 'allow' },

  // Enforcement settings.
  { name: "enforcement 'none' ignores every policy", settings: { networkPolicyEnforcement: 'none' }, policies: [denyAllIngress, denyAllEgress], src: ep.client, dst: ep.web, port: 8080, expect: 'allow' },
  { name: "enforcement 'ingress-only' never enforces egress", settings: { networkPolicyEnforcement: 'ingress-only' }, policies: [denyAllEgress], src: ep.client, dst: ep.internet, port: 443, expect: 'allow' },
  { name: "enforcement 'ingress-only' still enforces ingress", settings: { networkPolicyEnforcement: 'ingress-only' }, policies: [denyAllIngress, denyAllEgress], src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress' },
];

describe('NetworkPolicy verdicts (reference §6, traps 12–17)', () => {
  it.each(cases)('$name', (c) => {
    const s = settings(c.settings);
    const nss = c.namespaces ?? namespaces;
    const protocol = c.protocol ?? 'TCP';
    const index = buildPolicyIndex({ policies: c.policies, namespaces: nss, settings: s });
    const decision = evaluatePolicies(index, {
      src: c.src.policy,
      ...(c.seenSrc === undefined ? {} : { ingressSrc: c.seenSrc.policy }),
      dst: c.dst.policy,
      port: c.port,
      protocol,
    });
    const got: Expected = decision.allowed ? 'allow' : decision.deniedBy === 'egress' ? 'deny-egress' : 'deny-ingress';
    expect(got).toBe(c.expect);
    expect(decision.allowed).toBe(decision.deniedBy === undefined);
    const reference = referenceAllowed(
      { namespaces: nss, networkPolicies: c.policies, settings: s },
      c.src.reference,
      c.dst.reference,
      c.port,
      protocol,
      c.seenSrc?.reference,
    );
    expect(reference).toBe(c.expect === 'allow');
  });
});

describe('namespace labels', () => {
  it('namespaceSelector sees user labels of namespaces given without the name label', () => {
    const index = buildPolicyIndex({
      policies: [policy('shop/web-in', { podSelector: sel({ app: 'web' }), ingress: [rule([peer.namespaces({ team: 'b' })])] })],
      namespaces: [{ name: 'other', labels: { team: 'b' } }],
      settings: settings(),
    });
    expect(evaluatePolicies(index, { src: ep.otherClient.policy, dst: ep.web.policy, port: 8080, protocol: 'TCP' }).allowed).toBe(true);
  });

  it('a namespace missing from the list is still selectable by its name', () => {
    const index = buildPolicyIndex({
      policies: [policy('shop/web-in', { podSelector: sel({ app: 'web' }), ingress: [rule([peer.namespaces({ 'kubernetes.io/metadata.name': 'other' })])] })],
      namespaces: [namespace('shop')],
      settings: settings(),
    });
    expect(evaluatePolicies(index, { src: ep.otherClient.policy, dst: ep.web.policy, port: 8080, protocol: 'TCP' }).allowed).toBe(true);
  });
});

describe('index', () => {
  it('evaluation reads only the policies of the namespaces involved', () => {
    const poisoned = {
      ...policy('elsewhere/p'),
      get podSelector(): never {
        throw new Error('a policy of an uninvolved namespace was evaluated');
      },
    } as NetworkPolicySpec;
    const index = buildPolicyIndex({ policies: [poisoned, allowWebFromClient], namespaces, settings: settings() });
    const decision = evaluatePolicies(index, { src: ep.client.policy, dst: ep.web.policy, port: 8080, protocol: 'TCP' });
    expect(decision.allowed).toBe(true);
  });
});
