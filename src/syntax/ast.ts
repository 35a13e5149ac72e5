/**
 * The AST of a `.netscn` file, as the Peggy grammar builds it. Every node is immutable data
 * with a `kind` and a `span`. Values are kept as written (strings for addresses and ports);
 * `check` validates them and turns the tree into a ClusterSpec.
 */
import type { Span } from '../spec/types.js';
import type { ChangeExpectation, OUTCOME_WORDS } from './keywords.js';

export type { Span };

export interface Str { readonly kind: 'Str'; readonly value: string; readonly span: Span }
export interface Word { readonly kind: 'Word'; readonly value: string; readonly span: Span }
/** `name` or `namespace/name`. */
export interface QName { readonly kind: 'QName'; readonly namespace?: string; readonly name: string; readonly span: Span }
export interface Num { readonly kind: 'Num'; readonly value: number; readonly text: string; readonly span: Span }
/** An IPv4/IPv6 address or CIDR, as written; validated by `check`. */
export interface Addr { readonly kind: 'Addr'; readonly text: string; readonly span: Span }
export interface PortRange { readonly kind: 'PortRange'; readonly from: Num; readonly to: Num; readonly span: Span }

export interface LabelPair { readonly kind: 'LabelPair'; readonly key: string; readonly value: string; readonly span: Span }

/** One requirement of a kubectl-style selector: `a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`. */
export interface SelectorTerm {
  readonly kind: 'SelectorTerm';
  readonly key: string;
  readonly op: '=' | '!=' | 'in' | 'notin' | 'exists' | '!exists';
  readonly values: readonly string[];
  readonly span: Span;
}
/** `all` / `{}` is an empty term list: selects everything. */
export interface Selector { readonly kind: 'Selector'; readonly terms: readonly SelectorTerm[]; readonly span: Span }

/** `[name:]port[/proto]` in a pod's `ports`. */
export interface PodPort { readonly kind: 'PodPort'; readonly name?: Word; readonly port: Num; readonly protocol?: Word; readonly span: Span }
/** `[name:]port[/proto]` as a destination port of an assertion or a policy port (may be a name). */
export interface PortRef { readonly kind: 'PortRef'; readonly port: Num | Word; readonly endPort?: Num; readonly protocol?: Word; readonly span: Span }

// ---- file structure ----

export interface File {
  readonly kind: 'File';
  readonly header?: ScenarioHeader;
  readonly items: readonly TopItem[];
  readonly span: Span;
}
export interface ScenarioHeader { readonly kind: 'Scenario'; readonly title: Str; readonly span: Span }
export type TopItem = ParamDecl | ClusterBlock | Assertion | StepBlock | TaskBlock;

/** `param NAME DOMAIN`: a parameter of an exercise, bound per variant (src/params). */
export interface ParamDecl { readonly kind: 'Param'; readonly name: Word; readonly domain: ParamDomain; readonly span: Span }
/** The values a parameter may take. */
export type ParamDomain =
  /** `choose a, b, c`: one of the values listed (names, numbers, addresses). */
  | { readonly kind: 'ParamChoose'; readonly values: readonly Word[]; readonly span: Span }
  /** `label a, b, c`: one of the listed label values (each checked as a label value). */
  | { readonly kind: 'ParamLabel'; readonly values: readonly Word[]; readonly span: Span }
  /** `range 1-9`: an integer from..to, both included. */
  | { readonly kind: 'ParamRange'; readonly range: PortRange; readonly span: Span }
  /** `port range 8000-8999`: a port number from..to (within 1-65535). */
  | { readonly kind: 'ParamPort'; readonly range: PortRange; readonly span: Span }
  /** `subnet of 10.0.0.0/8 size 24`: a /size CIDR carved from the block. */
  | { readonly kind: 'ParamSubnet'; readonly block: Addr; readonly size: Num; readonly span: Span };

export interface ClusterBlock { readonly kind: 'Cluster'; readonly name: Word; readonly body: readonly ClusterStmt[]; readonly span: Span }

export type ClusterStmt =
  | SettingStmt
  | NodeDecl
  | PoolDecl
  | NamespaceDecl
  | PodDecl
  | ServiceDecl
  | EndpointSliceDecl
  | PolicyDecl
  | YamlDecl
  | LoadStmt
  | HostDecl
  | SecurityGroupDecl
  | IngressDecl
  | IngressClassDecl
  | IngressControllerDecl
  | LinkDecl
  | LbAclDecl;

/** `link A B KIND`: connectivity between two network domains. */
export interface LinkDecl { readonly kind: 'Link'; readonly a: Word; readonly b: Word; readonly linkKind: Word; readonly span: Span }
export interface LbAclDecl { readonly kind: 'LbAcl'; readonly name: Word; readonly addrs: readonly Addr[]; readonly span: Span }

export type ControllerWhere =
  | { readonly kind: 'ControllerService'; readonly service: QName; readonly span: Span }
  | { readonly kind: 'ControllerCloud'; readonly span: Span };

/** `ingress-class NAME controller CTRL [service NS/NAME | cloud] [default]` */
export interface IngressClassDecl {
  readonly kind: 'IngressClass';
  readonly name: Word;
  readonly controller: Word;
  readonly where?: ControllerWhere;
  readonly isDefault: boolean;
  readonly span: Span;
}

/** `ingress-controller CTRL service NS/NAME | cloud` */
export interface IngressControllerDecl { readonly kind: 'IngressController'; readonly controller: Word; readonly where: ControllerWhere; readonly span: Span }

/** `provider cce`, `network overlay`, `pod-cidr 10.0.0.0/16`, `set localhost-nodeports false`, ... */
export interface SettingStmt {
  readonly kind: 'Setting';
  readonly key: Word;
  readonly values: readonly (Word | Addr | Num | PortRange | Str)[];
  readonly span: Span;
}

export interface NodeDecl { readonly kind: 'Node'; readonly name: Word; readonly clauses: readonly NodeClause[]; readonly span: Span }
export type NodeClause =
  | { readonly kind: 'Ip'; readonly addr: Addr; readonly primary: boolean; readonly span: Span }
  | { readonly kind: 'Pool'; readonly pool: Word; readonly span: Span }
  /** `eip ADDR`: a public address the cloud maps one-to-one onto the node (Node ExternalIP). */
  | { readonly kind: 'Eip'; readonly addr: Addr; readonly span: Span }
  | { readonly kind: 'Zone'; readonly zone: Word; readonly span: Span }
  | { readonly kind: 'Domain'; readonly domain: Word; readonly span: Span }
  | { readonly kind: 'PodCidr'; readonly cidr: Addr; readonly span: Span }
  | { readonly kind: 'Labels'; readonly labels: readonly LabelPair[]; readonly span: Span }
  | { readonly kind: 'Flag'; readonly flag: Word; readonly span: Span };

export interface PoolDecl { readonly kind: 'Pool'; readonly name: Word; readonly clauses: readonly NodeClause[]; readonly span: Span }

export interface NamespaceDecl { readonly kind: 'Namespace'; readonly name: Word; readonly labels: readonly LabelPair[]; readonly span: Span }

export interface PodDecl { readonly kind: 'Pod'; readonly name: QName; readonly clauses: readonly PodClause[]; readonly span: Span }
export type PodClause =
  | { readonly kind: 'In'; readonly namespace: Word; readonly span: Span }
  | { readonly kind: 'On'; readonly node: Word; readonly span: Span }
  | { readonly kind: 'Labels'; readonly labels: readonly LabelPair[]; readonly span: Span }
  | { readonly kind: 'Ports'; readonly ports: readonly PodPort[]; readonly span: Span }
  /** `ip ADDR [ADDR6]`: a pinned address, and on a dual-stack cluster the pinned IPv6 one. */
  | { readonly kind: 'Ip'; readonly addr: Addr; readonly addr6?: Addr; readonly primary: boolean; readonly span: Span }
  | { readonly kind: 'HostPort'; readonly hostPort: Num; readonly target: PortRef; readonly span: Span }
  | { readonly kind: 'Hostname'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'Subdomain'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'DnsPolicy'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'Owner'; readonly ownerKind: Word; readonly name: Word; readonly span: Span }
  | { readonly kind: 'Flag'; readonly flag: Word; readonly span: Span };

export interface ServiceDecl { readonly kind: 'Service'; readonly name: QName; readonly clauses: readonly ServiceClause[]; readonly span: Span }
export interface ServicePortClause {
  readonly kind: 'Port';
  readonly name?: Word;
  readonly port: Num;
  readonly protocol?: Word;
  readonly target?: Num | Word;
  readonly nodePort?: Num;
  readonly span: Span;
}
export type ServiceClause =
  | { readonly kind: 'In'; readonly namespace: Word; readonly span: Span }
  | { readonly kind: 'Type'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'Selector'; readonly labels: readonly LabelPair[]; readonly span: Span }
  | ServicePortClause
  | { readonly kind: 'ClusterIp'; readonly addr: Addr | Word; readonly second?: Addr; readonly span: Span }
  | { readonly kind: 'IpFamilyPolicy'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'IpFamilies'; readonly families: readonly Word[]; readonly span: Span }
  | { readonly kind: 'TrafficPolicy'; readonly which: 'external' | 'internal'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'SessionAffinity'; readonly value: Word; readonly timeout?: Num; readonly span: Span }
  | { readonly kind: 'AddrList'; readonly which: 'external-ips' | 'source-ranges' | 'lb-ip'; readonly addrs: readonly Addr[]; readonly span: Span }
  | { readonly kind: 'LbIpMode'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'ExternalName'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'TrafficDistribution'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'Annotations'; readonly labels: readonly LabelPair[]; readonly span: Span }
  | { readonly kind: 'Flag'; readonly flag: Word; readonly span: Span };

/** A hand-written EndpointSlice: `endpoint-slice NAME in NS for SVC port ... { endpoint ... }`. */
export interface EndpointSliceDecl {
  readonly kind: 'EndpointSlice';
  readonly name: QName;
  readonly namespace?: Word;
  readonly service: Word;
  readonly ports: readonly PodPort[];
  readonly endpoints: readonly EndpointDecl[];
  readonly span: Span;
}
export interface EndpointDecl { readonly kind: 'Endpoint'; readonly addr: Addr; readonly clauses: readonly EndpointClause[]; readonly span: Span }
export type EndpointClause =
  | { readonly kind: 'Node'; readonly node: Word; readonly span: Span }
  | { readonly kind: 'Zone'; readonly zone: Word; readonly span: Span }
  | { readonly kind: 'Hostname'; readonly value: Word; readonly span: Span }
  | { readonly kind: 'Hints'; readonly which: 'zones' | 'nodes'; readonly values: readonly Word[]; readonly span: Span }
  | { readonly kind: 'Flag'; readonly flag: Word; readonly span: Span };

/** The compact NetworkPolicy form. */
export interface PolicyDecl { readonly kind: 'Policy'; readonly name: QName; readonly namespace?: Word; readonly body: readonly PolicyStmt[]; readonly span: Span }
export type PolicyStmt =
  | { readonly kind: 'Select'; readonly selector: Selector; readonly span: Span }
  | { readonly kind: 'PolicyTypes'; readonly types: readonly Word[]; readonly span: Span }
  | PolicyRule;
export interface PolicyRule {
  readonly kind: 'Rule';
  readonly direction: 'ingress' | 'egress';
  /** `deny ingress`: isolate the direction with no rule (no connection allowed by this policy). */
  readonly deny: boolean;
  /** Empty: every peer. */
  readonly peers: readonly PolicyPeer[];
  /** Empty: every port. */
  readonly ports: readonly PortRef[];
  readonly span: Span;
}
export interface PolicyPeer {
  readonly kind: 'Peer';
  readonly pods?: Selector;
  readonly namespaces?: Selector;
  readonly cidr?: Addr;
  readonly except: readonly Addr[];
  readonly span: Span;
}

/** Raw Kubernetes YAML embedded between triple quotes. */
export interface YamlDecl { readonly kind: 'Yaml'; readonly text: string; readonly textSpan: Span; readonly span: Span }
/** `load "path" [learner "name"]`: with `learner`, a grader reads the learner's file of that name instead. */
export interface LoadStmt { readonly kind: 'Load'; readonly path: Str; readonly learner?: Str; readonly span: Span }

/** A graded task: a description and checks, some hidden from the learner. */
export interface TaskBlock {
  readonly kind: 'Task';
  readonly title: Str;
  readonly points: Num;
  readonly body: readonly TaskItem[];
  readonly span: Span;
}
export type TaskItem =
  | { readonly kind: 'TaskText'; readonly text: Str; readonly span: Span }
  | { readonly kind: 'TaskCheck'; readonly hidden: boolean; readonly assertion: Assertion; readonly span: Span };

export interface HostDecl {
  readonly kind: 'Host';
  readonly name: Word;
  readonly ip: Addr;
  readonly where?: Word;
  readonly domain?: Word;
  /** `route CIDR via node N`: static routes of the host (e.g. the service CIDR to a node). */
  readonly routes: readonly HostRouteAst[];
  readonly span: Span;
}
export interface HostRouteAst { readonly kind: 'HostRoute'; readonly cidr: Addr; readonly node: Word; readonly span: Span }

export interface SecurityGroupDecl {
  readonly kind: 'SecurityGroup';
  readonly name: Word;
  readonly action: SgAction;
  readonly span: Span;
}
export type SgAction =
  | { readonly kind: 'Attach'; readonly target: 'pool' | 'node' | 'host'; readonly names: readonly Word[]; readonly span: Span }
  /** `attach pods SELECTOR [in namespace NS]`: bound to pods' network interfaces (ENI pod networking). */
  | { readonly kind: 'AttachPods'; readonly selector: Selector; readonly namespace?: Word; readonly span: Span }
  | SgRuleAst;
export interface SgRuleAst {
  readonly kind: 'SgRule';
  /** `allow ...` adds; `remove allow ...` (in a step) takes the same rule away. */
  readonly remove: boolean;
  readonly protocol: Word;
  /** undefined: all ports. */
  readonly ports?: PortRange;
  readonly direction: 'ingress' | 'egress';
  readonly cidr?: Addr;
  /** `from group NAME` / `to group NAME`: the members of another security group. */
  readonly group?: Word;
  readonly span: Span;
}

/** Parsed now, simulated by the Ingress work (reported as not yet supported until then). */
export interface IngressDecl { readonly kind: 'Ingress'; readonly name: QName; readonly namespace?: Word; readonly rules: readonly IngressLine[]; readonly className?: Word; readonly span: Span }
export type IngressLine =
  | IngressRuleAst
  | { readonly kind: 'IngressDefault'; readonly service: Word; readonly port: Num | Word; readonly span: Span }
  | { readonly kind: 'IngressTls'; readonly hosts: readonly Word[]; readonly secret?: Word; readonly span: Span }
  | { readonly kind: 'IngressAnnotations'; readonly pairs: readonly LabelPair[]; readonly span: Span };
export interface IngressRuleAst {
  readonly kind: 'IngressRule';
  readonly host?: Word;
  readonly path?: Str | Word;
  readonly pathType?: Word;
  readonly service: Word;
  readonly port: Num | Word;
  readonly span: Span;
}

// ---- assertions ----

export type SourceRef =
  | { readonly kind: 'PodRef'; readonly name: QName; readonly span: Span }
  | { readonly kind: 'NodeRef'; readonly name: Word; readonly span: Span }
  | { readonly kind: 'HostRef'; readonly name: Word; readonly span: Span }
  | { readonly kind: 'InternetRef'; readonly span: Span }
  | { readonly kind: 'IpRef'; readonly addr: Addr; readonly span: Span };

export type TargetRef =
  | SourceRef
  | { readonly kind: 'SvcRef'; readonly name: QName; readonly span: Span }
  | { readonly kind: 'DnsRef'; readonly name: Word; readonly span: Span };

export type OutcomeWord = (typeof OUTCOME_WORDS)[number];

export interface Expectation {
  readonly kind: 'Expect';
  readonly outcome: OutcomeWord;
  /** `expect intermittent`: some paths succeed and some do not (`outcome` is then allow). */
  readonly intermittent?: boolean;
  readonly outcomeSpan: Span;
  /** `deny by policy`: the cause that must have decided. */
  readonly cause?: Word;
  readonly extras: readonly ExpectExtra[];
  readonly span: Span;
}
export type ExpectExtra =
  | { readonly kind: 'SourceSeen'; readonly mode: 'preserved' | 'masqueraded' | 'address'; readonly addr?: Addr; readonly node?: Word; readonly span: Span }
  | { readonly kind: 'Backends'; readonly only: boolean; readonly pods: readonly QName[]; readonly span: Span }
  /** `share POD N%`: the fraction of connections that land on this pod. */
  | { readonly kind: 'PodShare'; readonly name: QName; readonly percent: number; readonly span: Span }
  /** `[not] through STAGE`: every path passes (or none passes) a stage, e.g. the cloud load balancer. */
  | { readonly kind: 'Through'; readonly negated: boolean; readonly stage: Word; readonly span: Span }
  /** `masquerade-mark yes|no`: kube-proxy marks (or does not mark) the packet for masquerade. */
  | { readonly kind: 'MasqueradeMark'; readonly value: Word; readonly span: Span };

/** What a reach assertion says beside its two sides, in its one-connection and its for-all form. */
interface ReachClauses {
  readonly via?: Word;
  readonly atNode?: Word;
  readonly port?: PortRef;
  /** `on any port`: the span of those words. */
  readonly anyPort?: Span;
  /** `over ipv4|ipv6`: the IP family of the connection (dual-stack clusters). */
  readonly over?: Word;
  /** `on network NAME`: the Multus secondary network (NetworkAttachmentDefinition) the connection travels on. */
  readonly network?: QName;
  readonly expect: Expectation;
  /** The assertion's text as written, for test names. */
  readonly text: string;
  readonly span: Span;
}

export interface ReachAssertion extends ReachClauses {
  readonly kind: 'Reach';
  /** Written with the verb `ping`: an ICMP echo request (no port) instead of a connection. */
  readonly ping?: boolean;
  readonly source: SourceRef;
  readonly target: TargetRef;
}

/** `all pods`, `pods SELECTOR`, `pods [SELECTOR] in namespace NAME | in namespaces SELECTOR`. */
export interface PodGroupRef {
  readonly kind: 'PodGroup';
  /** Written `all pods`. */
  readonly all: boolean;
  readonly pods?: Selector;
  readonly namespace?: Word;
  readonly namespaces?: Selector;
  /** As written. */
  readonly text: string;
  readonly span: Span;
}

/** A "for all" reach assertion: a pod group on either side. */
export interface GroupReachAssertion extends ReachClauses {
  readonly kind: 'GroupReach';
  readonly source: SourceRef | PodGroupRef;
  readonly target: TargetRef | PodGroupRef;
}

export interface ResolveAssertion {
  readonly kind: 'Resolve';
  readonly source: SourceRef;
  readonly name: Word;
  readonly recordType?: Word;
  readonly expect: DnsExpectation;
  readonly text: string;
  readonly span: Span;
}
export type DnsExpectation =
  | { readonly kind: 'DnsNx'; readonly span: Span }
  | { readonly kind: 'DnsNoData'; readonly span: Span }
  | { readonly kind: 'DnsAddrIn'; readonly cidr: Addr; readonly span: Span }
  | { readonly kind: 'DnsAddrs'; readonly addrs: readonly Addr[]; readonly span: Span }
  | { readonly kind: 'DnsAddrOf'; readonly target: TargetRef; readonly span: Span }
  | { readonly kind: 'DnsCname'; readonly target: Word; readonly span: Span }
  | { readonly kind: 'DnsSrv'; readonly port: Num; readonly span: Span };

/** A truth table: header row of targets, one row per source, a cell per pair. */
export interface TableAssertion {
  readonly kind: 'Table';
  readonly via?: Word;
  readonly atNode?: Word;
  readonly port?: PortRef;
  /** `ports 80, 443/tcp`: every cell must hold on each. */
  readonly ports?: readonly PortRef[];
  /** `on network NAME`: parsed as in a reach assertion, refused by the checker (a table's cells travel on the pod network). */
  readonly network?: QName;
  /** A group column or row makes its cells "for all" cells. */
  readonly columns: readonly (TargetRef | PodGroupRef)[];
  readonly rows: readonly TableRow[];
  readonly text: string;
  readonly span: Span;
}
export interface TableRow { readonly kind: 'Row'; readonly source: SourceRef | PodGroupRef; readonly cells: readonly TableCell[]; readonly span: Span }
export interface TableCell { readonly kind: 'Cell'; readonly outcome: OutcomeWord | '*'; readonly span: Span }

/** `from SOURCE request URL [header K=V] [cookie K=V] [method M] expect ...` */
export interface RequestAssertion {
  readonly kind: 'Request';
  readonly source: SourceRef;
  readonly url: Word;
  readonly headers: readonly LabelPair[];
  readonly cookies: readonly LabelPair[];
  readonly method?: Word;
  readonly expect: RequestExpectation;
  readonly text: string;
  readonly span: Span;
}
export interface RequestExpectation {
  readonly kind: 'RequestExpect';
  /** An outcome word (allow for `intermittent`), or undefined when `status N` was written. */
  readonly outcome?: OutcomeWord;
  /** `expect intermittent`: some paths succeed, some fail. */
  readonly intermittent: boolean;
  readonly status?: Num;
  /** The outcome word's (or status number's) span. */
  readonly outcomeSpan: Span;
  readonly cause?: Word;
  readonly extras: readonly RequestExtra[];
  readonly span: Span;
}
export type RequestExtra =
  | ExpectExtra
  | { readonly kind: 'BackendSvc'; readonly name: QName; readonly span: Span }
  | { readonly kind: 'Share'; readonly name: QName; readonly percent: number; readonly span: Span }
  | { readonly kind: 'TlsAt'; readonly where: Word; readonly span: Span }
  | { readonly kind: 'Xff'; readonly mode: 'client' | 'masqueraded' | 'address'; readonly addr?: Addr; readonly node?: Word; readonly span: Span };

/**
 * `expect no new connections [from END] [to END]` (or `no lost connections`, `connections
 * unchanged`): what a step's changes did to the connections between workloads, compared with the
 * cluster the step started from (valid in a step only).
 */
export interface ChangeAssertion {
  readonly kind: 'Change';
  readonly expect: { readonly value: ChangeExpectation; readonly span: Span };
  readonly from?: ChangeEnd;
  readonly to?: ChangeEnd;
  readonly text: string;
  readonly span: Span;
}
/** One end of a change assertion's scope. */
export type ChangeEnd =
  /** `namespace NAME`: the workloads of a namespace. */
  | { readonly kind: 'NamespaceRef'; readonly name: Word; readonly span: Span }
  /** `pod NAME`: the workload the pod belongs to. */
  | { readonly kind: 'PodRef'; readonly name: QName; readonly span: Span }
  /** `internet`: addresses outside the cluster (and, as a source, the ingress controller). */
  | { readonly kind: 'InternetRef'; readonly span: Span };

export type Assertion = ReachAssertion | GroupReachAssertion | ResolveAssertion | TableAssertion | RequestAssertion | ChangeAssertion;

// ---- steps ----

export interface StepBlock { readonly kind: 'Step'; readonly title: Str; readonly body: readonly StepItem[]; readonly span: Span }
export type StepItem = ClusterStmt | Mutation | Assertion;

export type ObjectKindWord =
  | 'pod' | 'service' | 'node' | 'namespace' | 'network-policy' | 'endpoint-slice' | 'host' | 'security-group'
  | 'admin-network-policy' | 'baseline-admin-network-policy' | 'ingress' | 'link';

export type Mutation =
  | { readonly kind: 'Remove'; readonly objectKind: ObjectKindWord; readonly name: QName; readonly span: Span }
  | { readonly kind: 'Relabel'; readonly objectKind: 'pod' | 'namespace' | 'node'; readonly name: QName; readonly set: readonly LabelPair[]; readonly unset: readonly Word[]; readonly span: Span }
  | { readonly kind: 'PodLifecycle'; readonly action: 'recreate' | 'restart' | 'ready' | 'not-ready' | 'terminate'; readonly name: QName; readonly span: Span };
