/**
 * Codes of allocation problems the model finds while building the cluster state (NS30xx): what a
 * real API server or controller would refuse or fail to do. They are reported when a scenario
 * runs, for what check does not see (pins in manifests, the state after a step); pins written in
 * the scenario language are checked earlier (NS2003, NS2005).
 */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';
const svc = (name: string, spec: string): string => `  yaml """\n    apiVersion: v1\n    kind: Service\n    metadata: {name: ${name}}\n    spec: ${spec}\n  """\n`;
const run = 'from node n1 reach node n1 port 22 expect allow\n';

export const ALLOCATION = {
  podCidrExhausted: entry({
    code: 'NS3001',
    title: 'node pod CIDR exhausted',
    severity: 'error',
    template: 'pod CIDR {cidr} of node {node} is exhausted: pod {pod} gets no IP',
    explanation: 'Each node hands its pods addresses from its own slice of the pod CIDR (`node-cidr-mask`); a node with more pods than its slice holds leaves the rest without an address, as the CNI would. Use a shorter `node-cidr-mask`, or more nodes.',
    example: { kind: 'scenario', scenario: `cluster c {\n  node-cidr-mask 29\n  node n1 ip 192.168.0.11\n${Array.from({ length: 7 }, (_, i) => `  pod p${i} on n1\n`).join('')}}\n${run}` },
  }),
  nodeCidrExhausted: entry({
    code: 'NS3002',
    title: 'cluster pod CIDR exhausted',
    severity: 'error',
    template: 'no pod CIDR left for node {node}: {cidr} holds no more /{mask} blocks',
    explanation: 'The node IPAM controller gives every node one block of the cluster pod CIDR; with more nodes than blocks, the last nodes get none and their pods no address. Use a larger `pod-cidr` or a longer `node-cidr-mask`.',
    example: { kind: 'scenario', scenario: `cluster c {\n  pod-cidr 10.244.0.0/24\n  node-cidr-mask 25\n  node n1 ip 192.168.0.11\n  node n2 ip 192.168.0.12\n  node n3 ip 192.168.0.13\n}\n${run}` },
  }),
  podIpOutsideCidr: entry({
    code: 'NS3003',
    title: 'pinned pod IP outside its node pod CIDR',
    severity: 'error',
    template: 'pod IP {ip} of {pod} is outside the pod CIDR {cidr} of node {node}',
    explanation: 'A pod IP given in a manifest (status.podIP) must lie in the pod CIDR of the node it runs on. Give an address of that node\'s slice, or move the pod. (A pod IP pinned in the scenario language is checked earlier, as NS2003.)',
    example: {
      kind: 'scenario',
      scenario: `${C}  node n2 ip 192.168.0.12\n  yaml """\n    apiVersion: v1\n    kind: Pod\n    metadata: {name: web}\n    spec: {nodeName: n1, containers: [{name: web}]}\n    status: {podIP: 10.244.1.50}\n  """\n}\n${run}`,
    },
  }),
  addressTaken: entry({
    code: 'NS3004',
    title: 'pinned address already taken',
    severity: 'error',
    template: 'clusterIP {ip} of Service {service} is already allocated to {owner}',
    explanation: 'Two objects pin the same pod IP or cluster IP; the second is refused, as the API server refuses an allocated ClusterIP. Give one of them another address.',
    example: { kind: 'scenario', scenario: `${C}${svc('a', '{selector: {app: a}, clusterIP: 10.96.0.50, ports: [{port: 80}]}')}${svc('b', '{selector: {app: a}, clusterIP: 10.96.0.50, ports: [{port: 80}]}')}}\n${run}` },
  }),
  clusterIpOutsideRange: entry({
    code: 'NS3005',
    title: 'pinned cluster IP outside the service CIDR',
    severity: 'error',
    template: 'clusterIP {ip} of Service {service} is outside the service CIDR {cidr}',
    explanation: 'A Service\'s clusterIP must lie in the service CIDR; the API server refuses one outside it. Pick an address inside `service-cidr`, or leave it out. (A cluster IP pinned in the scenario language is checked earlier, as NS2003.)',
    example: { kind: 'scenario', scenario: `${C}${svc('a', '{selector: {app: a}, clusterIP: 10.200.0.10, ports: [{port: 80}]}')}}\n${run}` },
  }),
  serviceCidrExhausted: entry({
    code: 'NS3006',
    title: 'service CIDR exhausted',
    severity: 'error',
    template: 'service CIDR {cidr} is exhausted: Service {service} gets no ClusterIP',
    explanation: 'Every ClusterIP Service takes one address of the service CIDR; when none is left, the next Service is refused. Use a larger `service-cidr`.',
    example: { kind: 'scenario', scenario: `cluster c {\n  service-cidr 10.96.0.0/30\n  node n1 ip 192.168.0.11\n  service a selector app=a port 80\n  service b selector app=b port 80\n  service d selector app=d port 80\n}\n${run}` },
  }),
  nodePortOutsideRange: entry({
    code: 'NS3007',
    title: 'pinned node port outside the node port range',
    severity: 'error',
    template: '{what} {port} of Service {service} is outside the node port range {range}',
    explanation: 'A nodePort given in a manifest must lie in the node port range (`node-port-range`); the API server refuses one outside it. Pick a port inside the range, or leave it out. (A node port pinned in the scenario language is checked earlier, as NS2005.)',
    example: { kind: 'scenario', scenario: `${C}${svc('a', '{type: NodePort, selector: {app: a}, ports: [{port: 80, nodePort: 40000}]}')}}\n${run}` },
  }),
  nodePortTaken: entry({
    code: 'NS3008',
    title: 'pinned node port already allocated',
    severity: 'error',
    template: '{what} {port} of Service {service} is already allocated to {owner}',
    explanation: 'A node port belongs to one Service; a second Service pinning it is refused ("provided port is already allocated"). Pick another port, or leave it out. (Two Services of the scenario language pinning one node port are reported earlier, as NS2005.)',
    example: {
      kind: 'scenario',
      scenario: `${C}${svc('a', '{type: NodePort, selector: {app: a}, ports: [{port: 80, nodePort: 30080}]}')}${svc('b', '{type: LoadBalancer, externalTrafficPolicy: Local, healthCheckNodePort: 30080, selector: {app: a}, ports: [{port: 80}]}')}}\n${run}`,
    },
  }),
  nodePortRangeExhausted: entry({
    code: 'NS3009',
    title: 'node port range exhausted',
    severity: 'error',
    template: 'node port range {range} is exhausted: Service {service} gets no nodePort',
    explanation: 'Every NodePort and LoadBalancer Service port takes one node port; when the range has none left, the next Service gets none. Use a larger `node-port-range`, or fewer node ports.',
    example: {
      kind: 'scenario',
      scenario: `cluster c {\n  node-port-range 30000-30001\n  node n1 ip 192.168.0.11\n  service a type nodeport selector app=a port 80\n  service b type nodeport selector app=b port 80\n  service d type nodeport selector app=d port 80\n}\n${run}`,
    },
  }),
  unknownNode: entry({
    code: 'NS3010',
    title: 'pod on a node that does not exist',
    severity: 'error',
    template: 'pod {pod} is on node {node}, which does not exist',
    explanation: 'A pod from a manifest names a node (spec.nodeName) that the cluster does not have; it gets no address. Declare the node, or correct the name.',
    example: {
      kind: 'scenario',
      scenario: `${C}  node n2 ip 192.168.0.12\n  yaml """\n    apiVersion: v1\n    kind: Pod\n    metadata: {name: web}\n    spec: {nodeName: n2, containers: [{name: web}]}\n  """\n}\nstep "drain" {\n  remove node n2\n  ${run}}\n`,
    },
  }),
  ipFamilyUnavailable: entry({
    code: 'NS3011',
    title: 'Service needs an IP family the cluster lacks',
    severity: 'error',
    template: 'Service {service} needs {family}, but the cluster is single-stack IPv{stack}',
    explanation: 'A Service that asks for IPv6 or for both families (ipFamilies, ipFamilyPolicy RequireDualStack) cannot get it on a single-stack cluster; the API server refuses it. Make the cluster dual-stack (an IPv6 `pod-cidr` and `service-cidr`), or drop the request.',
    example: { kind: 'scenario', scenario: `${C}${svc('a', '{ipFamilies: [IPv6], selector: {app: a}, ports: [{port: 80}]}')}}\n${run}` },
  }),
} as const;
