/** Small builders for policy tests: spec objects, and endpoints in both the evaluator's and the reference's shape. */
import type { PolicyEndpoint } from '../../src/policy/evaluate.js';
import { defaultPolicyTypes, type PolicyType } from '../../src/policy/policy-types.js';
import type { ReferenceEndpoint } from '../../src/policy/reference.js';
import type {
  ContainerPort,
  LabelSelector,
  LabelSelectorRequirement,
  Labels,
  NamespaceSpec,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  NetworkPolicySpec,
  PodSpec,
  Protocol,
} from '../../src/spec/types.js';

export function sel(matchLabels: Labels = {}, matchExpressions: readonly LabelSelectorRequirement[] = []): LabelSelector {
  return { matchLabels, matchExpressions };
}

export function namespace(name: string, labels: Labels = {}): NamespaceSpec {
  return { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } };
}

export interface TestEndpoint {
  readonly policy: PolicyEndpoint;
  readonly reference: ReferenceEndpoint;
}

export function podSpec(
  ref: string,
  opts: { node: string; labels?: Labels; ports?: readonly ContainerPort[]; hostNetwork?: boolean; ip: string },
): PodSpec {
  const [ns, name] = ref.split('/') as [string, string];
  return {
    name,
    namespace: ns,
    node: opts.node,
    labels: opts.labels ?? {},
    ports: opts.ports ?? [],
    ip: opts.ip,
    hostNetwork: opts.hostNetwork ?? false,
    ready: true,
    terminating: false,
    dnsPolicy: 'ClusterFirst',
    generation: 0,
  };
}

export function podEndpoint(pod: PodSpec): TestEndpoint {
  const ip = pod.ip as string;
  return {
    policy: {
      ip,
      pod: {
        namespace: pod.namespace,
        name: pod.name,
        labels: pod.labels,
        node: pod.node,
        hostNetwork: pod.hostNetwork,
        ports: pod.ports,
      },
      ...(pod.hostNetwork ? { node: pod.node } : {}),
    },
    reference: { kind: 'pod', pod, ip },
  };
}

export function nodeEndpoint(node: string, ip: string): TestEndpoint {
  return { policy: { ip, node }, reference: { kind: 'node', node, ip } };
}

export function externalEndpoint(ip: string): TestEndpoint {
  return { policy: { ip }, reference: { kind: 'external', ip } };
}

export function port(name: string | undefined, containerPort: number, protocol: Protocol = 'TCP'): ContainerPort {
  return name === undefined ? { containerPort, protocol } : { name, containerPort, protocol };
}

export function policy(
  ref: string,
  opts: {
    podSelector?: LabelSelector;
    policyTypes?: readonly PolicyType[];
    ingress?: readonly NetworkPolicyRule[];
    egress?: readonly NetworkPolicyRule[];
  } = {},
): NetworkPolicySpec {
  const [ns, name] = ref.split('/') as [string, string];
  const egress = opts.egress ?? [];
  return {
    name,
    namespace: ns,
    podSelector: opts.podSelector ?? sel(),
    policyTypes: defaultPolicyTypes(egress.length > 0, opts.policyTypes),
    ingress: opts.ingress ?? [],
    egress,
  };
}

export function rule(peers: readonly NetworkPolicyPeer[] = [], ports: readonly NetworkPolicyPort[] = []): NetworkPolicyRule {
  return { peers, ports };
}

export const peer = {
  pods: (labels: Labels): NetworkPolicyPeer => ({ podSelector: sel(labels) }),
  namespaces: (labels: Labels): NetworkPolicyPeer => ({ namespaceSelector: sel(labels) }),
  both: (nsLabels: Labels, podLabels: Labels): NetworkPolicyPeer => ({
    namespaceSelector: sel(nsLabels),
    podSelector: sel(podLabels),
  }),
  ipBlock: (cidr: string, except: readonly string[] = []): NetworkPolicyPeer => ({ ipBlock: { cidr, except } }),
};

export const ports = {
  tcp: (p?: number, endPort?: number): NetworkPolicyPort => entry('TCP', p, endPort),
  udp: (p?: number, endPort?: number): NetworkPolicyPort => entry('UDP', p, endPort),
  sctp: (p?: number, endPort?: number): NetworkPolicyPort => entry('SCTP', p, endPort),
  named: (name: string, protocol: Protocol = 'TCP'): NetworkPolicyPort => ({ protocol, port: name }),
};

function entry(protocol: Protocol, p: number | undefined, endPort: number | undefined): NetworkPolicyPort {
  return { protocol, ...(p === undefined ? {} : { port: p }), ...(endPort === undefined ? {} : { endPort }) };
}
