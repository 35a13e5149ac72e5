/** Codes about values in scenarios: addresses, ports, labels, settings, objects (NS20xx). */
import { entry, type Example } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';

export const VALUES = {
  invalidAddress: entry({
    code: 'NS2001',
    title: 'invalid or misused IP address',
    severity: 'error',
    template: 'invalid {what} `{text}`',
    explanation:
      'An IP address or CIDR does not parse, or is of the wrong kind for its place: a private address as an elastic IP, two cluster IPs of one family, an endpoint of the other family than its EndpointSlice, … The expected line shows the form wanted.',
    example: { kind: 'scenario', scenario: `${C}  pod web on n1 ip 10.244.0.300\n}\n` },
  }),
  hostBitsSet: entry({
    code: 'NS2002',
    title: 'CIDR with host bits set',
    severity: 'warning',
    template: '{what} `{text}` has host bits set',
    explanation:
      'A CIDR such as `10.244.1.0/16` has bits set past its prefix length; it is read as the network it lies in (`10.244.0.0/16`), which may not be what was meant. Write the network address, or the prefix length you meant.',
    example: { kind: 'scenario', scenario: 'cluster c {\n  pod-cidr 10.244.1.0/16\n  node n1 ip 192.168.0.11\n}\n' },
  }),
  outsideCidr: entry({
    code: 'NS2003',
    title: 'address outside the range it must lie in',
    severity: 'error',
    template: '{what} {ip} is outside the {range}',
    explanation:
      'An address given by hand must lie inside the range the cluster allocates it from: a pod IP inside its node\'s pod CIDR, a cluster IP inside the service CIDR, a node\'s pod CIDR inside the cluster\'s, an IPv6 address only on a dual-stack cluster. Pick an address inside the range, or change the range.',
    example: { kind: 'scenario', scenario: `${C}  service web selector app=web port 80 cluster-ip 10.200.0.10\n}\n` },
  }),
  portRange: entry({
    code: 'NS2004',
    title: 'port number or range out of range',
    severity: 'error',
    template: '{what} {port} is out of range',
    explanation:
      'A port is a number from 1 to 65535, a port range runs from a lower to a higher port, an assertion connects to one port (not a range), and a NetworkPolicy range needs numbers, not names. Fix the number or the range.',
    example: { kind: 'scenario', scenario: `${C}  pod web on n1 ports 70000\n}\n` },
  }),
  nodePort: entry({
    code: 'NS2005',
    title: 'node port outside the node port range or taken',
    severity: 'error',
    template: 'node port {port} is outside the node port range {range}',
    explanation:
      'A pinned node port must lie in the cluster\'s node port range (30000-32767 unless `node-port-range` says otherwise) and may be used by one Service only. Pick a free port inside the range, or leave it out to have one allocated.',
    example: { kind: 'scenario', scenario: `${C}  service web type nodeport selector app=web port 80 node-port 8080\n}\n` },
  }),
  servicePorts: entry({
    code: 'NS2006',
    title: 'Service ports that the API server refuses',
    severity: 'error',
    template: 'port {port} of a multi-port Service has no name',
    explanation:
      'A Service needs at least one port, each port/protocol once, and every port named when it has more than one (the API server refuses otherwise). Name the ports (`port http:80 port https:443`) or remove the duplicate.',
    example: { kind: 'scenario', scenario: `${C}  service web selector app=web port 80 port https:443\n}\n` },
  }),
  invalidLabel: entry({
    code: 'NS2007',
    title: 'invalid label or annotation key or value',
    severity: 'error',
    template: 'invalid label key `{key}`',
    explanation:
      'Label keys are an optional DNS-subdomain prefix and "/", then a name of at most 63 letters, digits, "-", "_" and "."; label values at most 63 such characters, starting and ending with a letter or digit. The label under the caret says which rule the key or value breaks.',
    example: { kind: 'scenario', scenario: `${C}  pod web on n1 labels my_team.io/app=web\n}\n` },
  }),
  invalidName: entry({
    code: 'NS2008',
    title: 'invalid object name',
    severity: 'error',
    template: 'invalid {what} name `{name}`',
    explanation:
      'Kubernetes object names follow DNS rules (RFC 1123 labels or subdomains: lower-case letters, digits and "-"; Services start with a letter). The label under the caret says which rule the name breaks. Rename the object.',
    example: { kind: 'scenario', scenario: `${C}  service Web_1 selector app=web port 80\n}\n` },
  }),
  hostPortClash: entry({
    code: 'NS2009',
    title: 'host port taken twice on one node',
    severity: 'error',
    template: 'host port {port} on node {node} is already taken by {owner}',
    explanation:
      'A host port binds a port on the node\'s own addresses; two pods on one node cannot bind the same port and protocol (the scheduler would not place the second). Use another host port, or put the pods on different nodes.',
    example: { kind: 'scenario', scenario: `${C}  pod a on n1 ports 8080 host-port 80 -> 8080\n  pod b on n1 ports 9090 host-port 80 -> 9090\n}\n` },
  }),
  providerLimit: entry({
    code: 'NS2010',
    title: 'provider limit exceeded',
    severity: 'error',
    template: 'namespace {namespace} has more than {limit} Services',
    explanation:
      'Some managed Kubernetes products limit how many objects of a kind a namespace may hold; the provider profile records the limit and its source. Spread the objects over namespaces, or choose another provider.',
    get example(): Example {
      return {
        kind: 'scenario',
        scenario: `cluster c {\n  provider cce\n  node n1 ip 192.168.0.11\n${Array.from({ length: 6001 }, (_, i) => `  service s${i} selector app=a port 80\n`).join('')}}\n`,
      };
    },
  }),
  serviceType: entry({
    code: 'NS2011',
    title: 'Service clauses that contradict its type',
    severity: 'error',
    template: 'an ExternalName Service needs `external-name`',
    explanation:
      'A Service\'s type decides which clauses it takes: an ExternalName Service needs `external-name`, a headless Service has no cluster IP and is of type ClusterIP, a ClusterIP Service has no node ports. Change the type or remove the clause.',
    example: { kind: 'scenario', scenario: `${C}  service billing type externalname\n}\n` },
  }),
  clauseIgnored: entry({
    code: 'NS2012',
    title: 'clause with no effect',
    severity: 'warning',
    template: '`{clause}` has no effect on a {what}',
    explanation:
      'A clause is valid but changes nothing where it is used: a load-balancer clause on a ClusterIP Service, a pinned IP or host port on a host-network pod, ports on a rule for every protocol. It is ignored; remove it, or change what makes it void.',
    example: { kind: 'scenario', scenario: `${C}  service web selector app=web port 80 lb-ip 198.51.100.10\n}\n` },
  }),
  atNode: entry({
    code: 'NS2013',
    title: '`at node` without a node-level path',
    severity: 'error',
    template: '`at node` needs `via nodeport` or `via hostport`',
    explanation:
      '`at node NODE` picks the node whose address a connection goes to, which only a node port or a host port has. Add `via nodeport` or `via hostport`, or remove `at node`.',
    example: {
      kind: 'scenario',
      scenario: `${C}  pod web on n1 labels app=web ports 8080\n  service web selector app=web port 80 -> 8080\n}\nfrom node n1 reach svc web at node n1 expect allow\n`,
    },
  }),
  tableShape: entry({
    code: 'NS2014',
    title: 'truth table row of the wrong width',
    severity: 'error',
    template: 'this row has {cells} but the header has {columns}',
    explanation: 'Every row of a truth table has one cell per column of its header. Add or remove cells, or columns.',
    example: {
      kind: 'scenario',
      scenario: `${C}  pod a on n1 ports 80\n  pod b on n1 ports 80\n}\ntable port 80 {\n        | pod a | pod b\n  pod a | allow | allow | deny\n}\n`,
    },
  }),
  settingValue: entry({
    code: 'NS2015',
    title: 'invalid setting value',
    severity: 'error',
    template: '{what}',
    explanation:
      'A cluster setting has a value it does not take, or settings contradict each other: a value of the wrong kind or count, an unknown feature gate, a node CIDR mask that does not fit the pod CIDR, a CNI preset that gives another network mode, an invalid cluster domain, … The message and the expected line say what fits.',
    example: { kind: 'scenario', scenario: 'cluster c {\n  network underlay\n  cni weave\n  node n1 ip 192.168.0.11\n}\n' },
  }),
  loadPath: entry({
    code: 'NS2016',
    title: 'manifest path that cannot be loaded',
    severity: 'error',
    template: '`load` takes a path relative to the scenario file, not `{path}`',
    explanation:
      '`load PATH` reads manifests from a file or folder relative to the scenario file, inside its project (the nearest folder with a package.json or .git): absolute paths, paths that leave the project, missing or unreadable files, special files and empty folders are refused. Fix the path.',
    example: { kind: 'scenario', scenario: `${C}  load "/etc/passwd"\n}\n` },
  }),
  noEndpoints: entry({
    code: 'NS2017',
    title: 'Service with no selector and no endpoints',
    severity: 'warning',
    template: 'service {service} has no selector and no endpoint-slice',
    explanation:
      'A Service without a selector gets its endpoints only from EndpointSlices written by hand; with none, every connection to it is refused. Add a selector, or an `endpoint-slice` for it.',
    example: { kind: 'scenario', scenario: `${C}  service legacy port 5432\n}\n` },
  }),
  policy: entry({
    code: 'NS2018',
    title: 'NetworkPolicy except outside its CIDR',
    severity: 'error',
    template: 'except {except} is not a strict subrange of {cidr}',
    explanation:
      'An `except` block of a NetworkPolicy rule must lie strictly inside the CIDR it is cut from, as the API server checks: an `except` that is the whole CIDR, or lies outside it, is refused. Make it a smaller range inside the CIDR, or drop it.',
    example: {
      kind: 'scenario',
      scenario: `${C}  network-policy out in default {\n    select all\n    allow egress to cidr 172.16.0.0/12 except 10.0.0.0/8\n  }\n}\n`,
    },
  }),
  ingress: entry({
    code: 'NS2020',
    title: 'invalid Ingress host or path',
    severity: 'error',
    template: 'invalid Ingress host `{host}`',
    explanation:
      'An Ingress rule\'s host must be a DNS name (not an IP address; a wildcard only as the whole first label, `*.example.com`), and an Exact or Prefix path must start with "/", as the API server checks. Fix the host or the path.',
    example: {
      kind: 'scenario',
      scenario: `${C}  service web selector app=web port 80\n  ingress site class nginx {\n    rule host 203.0.113.7 path / -> svc web:80\n  }\n}\n`,
    },
  }),
  annotation: entry({
    code: 'NS2021',
    title: 'invalid provider annotation',
    severity: 'error',
    template: '{detail}',
    explanation:
      'Provider profiles read annotations on Services and Ingresses (load-balancer scheme, ACLs, health checks, …) as the cloud controller does, and refuse what it refuses: a value the annotation does not take, a change to one that cannot change after creation, access control switched on with no ACL or with one that does not exist. The README\'s Provider profiles section lists the annotations each provider reads and their values.',
    example: {
      kind: 'scenario',
      scenario: `cluster c {\n  provider ack\n  node n1 ip 192.168.0.11\n  service web type loadbalancer selector app=web port 80 annotations service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-status=on\n}\n`,
    },
  }),
  annotationVoid: entry({
    code: 'NS2033',
    title: 'provider annotation with no effect',
    severity: 'warning',
    template: 'unknown {provider} annotation `{key}`; it has no effect',
    explanation:
      'An annotation under a provider\'s prefix that the profile does not know (usually a typo), or one that is read on another kind of object than the one it is on, changes nothing: the cloud controller ignores it. Correct the key, or move it to the object that reads it; the help suggests the nearest known key.',
    example: {
      kind: 'scenario',
      scenario: `cluster c {\n  provider ack\n  node n1 ip 192.168.0.11\n  service web type loadbalancer selector app=web port 80 annotations service.beta.kubernetes.io/alibaba-cloud-loadbalancer-adress-type=intranet\n}\n`,
    },
  }),
  provider: entry({
    code: 'NS2022',
    title: 'network mode the provider does not offer',
    severity: 'error',
    template: '{provider} has no {mode} network',
    explanation:
      'Each provider offers some network modes (overlay, underlay, VPC-native); a `network` setting or a CNI preset that gives a mode the provider lacks describes a cluster that cannot exist there. Choose a mode or CNI the provider offers.',
    example: { kind: 'scenario', scenario: 'cluster c {\n  provider tke\n  network overlay\n  node n1 ip 192.168.0.11\n}\n' },
  }),
  policyRuleVoid: entry({
    code: 'NS2031',
    title: 'NetworkPolicy statement with no effect',
    severity: 'warning',
    template: '`deny {direction}` adds nothing next to `allow {direction}`',
    explanation:
      'A NetworkPolicy only allows: once it selects a pod for a direction, everything its rules do not allow is denied. So `deny DIRECTION` next to an `allow` of the same direction adds nothing, and an `allow` for a direction that `policy-types` leaves out is ignored. Remove the statement, or add the direction to `policy-types`.',
    example: {
      kind: 'scenario',
      scenario: `${C}  network-policy p in default {\n    select all\n    allow ingress from pods app=client\n    deny ingress\n  }\n}\n`,
    },
  }),
  routeGoesNowhere: entry({
    code: 'NS2032',
    title: 'Ingress or route that no controller serves as written',
    severity: 'warning',
    template: 'Ingress {ingress} names the class `{class}`, which no IngressClass defines',
    explanation:
      'The API server admits it, but requests to it fail: an Ingress names a class no IngressClass defines (or several IngressClasses are marked as the default), a route sends to a Service that does not exist in its namespace (the controller answers 503), or an HTTPRoute refers to no Gateway of the cluster. Correct the name, or declare what it refers to.',
    example: {
      kind: 'scenario',
      scenario: `${C}  service web selector app=web port 80\n  ingress site class traefik {\n    rule host shop.example.com -> svc web:80\n  }\n}\n`,
    },
  }),
  linkToItself: entry({
    code: 'NS2030',
    title: 'link from a network domain to itself',
    severity: 'error',
    template: 'a link joins two different network domains',
    explanation: 'A `link` connects two network domains (a site and the VPC, two sites, …); naming one domain twice connects nothing. Name the other domain.',
    example: { kind: 'scenario', scenario: `${C}  link vpc vpc vpn\n}\n` },
  }),
} as const;
