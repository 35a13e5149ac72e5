/**
 * Small constructors for ClusterSpec objects in tests. Every field has its upstream default;
 * pass overrides for what a test is about.
 */
import {
  DEFAULT_SETTINGS,
  SERVICE_DEFAULTS,
  type ClusterSpec,
  type ContainerPort,
  type EndpointSliceSpec,
  type EndpointSpec,
  type HostSpec,
  type NetworkPolicySpec,
  type NodeSpec,
  type PodSpec,
  type Protocol,
  type SecurityGroupRule,
  type SecurityGroupSpec,
  type ServicePortSpec,
  type ServiceSpec,
  type Settings,
} from '../../src/spec/types.js';
import { emptyCluster } from '../../src/spec/cluster-defaults.js';

export function cluster(over: Partial<Omit<ClusterSpec, 'settings'>> & { settings?: Partial<Settings> } = {}): ClusterSpec {
  const { settings, ...rest } = over;
  return emptyCluster({ name: 'test', ...rest, settings: { ...DEFAULT_SETTINGS, ...settings } });
}

export function node(name: string, ip: string, over: Partial<NodeSpec> = {}): NodeSpec {
  return { name, addresses: [{ ip, primary: true }], ready: true, labels: {}, ...over };
}

/** "8080", "http:8080", "dns:53/UDP", "8080>80" (hostPort 80). */
export function ports(...specs: string[]): ContainerPort[] {
  return specs.map((s) => {
    const [main, host] = s.split('>');
    const [head, proto] = (main ?? '').split('/');
    const parts = (head ?? '').split(':');
    const name = parts.length === 2 ? parts[0] : undefined;
    const containerPort = Number(parts[parts.length - 1]);
    return {
      ...(name !== undefined ? { name } : {}),
      containerPort,
      protocol: (proto ?? 'TCP') as Protocol,
      ...(host !== undefined ? { hostPort: Number(host) } : {}),
    };
  });
}

export function pod(name: string, nodeName: string, over: Partial<PodSpec> = {}): PodSpec {
  return {
    name,
    namespace: 'default',
    node: nodeName,
    labels: {},
    ports: [],
    hostNetwork: false,
    ready: true,
    terminating: false,
    dnsPolicy: 'ClusterFirst',
    generation: 0,
    ...over,
  };
}

export function svcPort(port: number, targetPort: number | string = port, over: Partial<ServicePortSpec> = {}): ServicePortSpec {
  return { port, protocol: 'TCP', targetPort, ...over };
}

export function service(name: string, over: Partial<ServiceSpec> = {}): ServiceSpec {
  return {
    name,
    namespace: 'default',
    type: 'ClusterIP',
    ...SERVICE_DEFAULTS,
    selector: { app: name },
    ports: [svcPort(80)],
    ...over,
  };
}

export function endpointSlice(name: string, serviceName: string, endpoints: EndpointSpec[], over: Partial<EndpointSliceSpec> = {}): EndpointSliceSpec {
  return { name, namespace: 'default', service: serviceName, addressType: 'IPv4', ports: [{ port: 80, protocol: 'TCP' }], endpoints, ...over };
}

export function host(name: string, ip: string, kind: HostSpec['kind'] = 'internet'): HostSpec {
  return { name, ip, kind };
}

export function sgRule(protocol: SecurityGroupRule['protocol'], from: number, to: number, cidr: string): SecurityGroupRule {
  return { direction: 'ingress', protocol, ports: [from, to], cidr };
}

export function securityGroup(name: string, rules: SecurityGroupRule[], over: Partial<SecurityGroupSpec> = {}): SecurityGroupSpec {
  return { name, pools: [], nodes: [], rules, ...over };
}

export function denyAllIngress(namespace = 'default'): NetworkPolicySpec {
  return { name: 'deny-all', namespace, podSelector: { matchLabels: {}, matchExpressions: [] }, policyTypes: ['Ingress'], ingress: [], egress: [] };
}

export function denyAllEgress(namespace = 'default'): NetworkPolicySpec {
  return { name: 'deny-egress', namespace, podSelector: { matchLabels: {}, matchExpressions: [] }, policyTypes: ['Egress'], ingress: [], egress: [] };
}
