/**
 * Paths alike: how one connection that fans out over nodes × endpoints (a load balancer or a
 * NodePort over every node, kube-proxy's pick among endpoints) is answered without enumerating
 * every path. Past `summarise-above` paths (default 1000) at a fan-out, the engine walks one representative of
 * each class of equivalent nodes, and at each node one representative of each class of
 * equivalent endpoints, and the flow it returns stands for the whole class (`Flow.alike`: how
 * many paths, which nodes, every backend with its share, every source address seen).
 *
 * Equivalence is decided by signatures, conservatively (two objects with equal signatures are
 * interchangeable: no rule, setting or name in the cluster tells them apart, so their paths
 * differ only in names and addresses):
 * - An address's signature is its membership in every address block written anywhere in the
 *   cluster spec outside the nodes' and pods' own declarations (policies' ipBlocks, security
 *   group rules, source ranges, ACLs, routes, settings, hosts, Service addresses, hand-written
 *   endpoints), plus the private, shared, loopback and link-local ranges the engine tests.
 * - A pod's: namespace, labels, ports, hostNetwork, readiness, termination, DNS names, the
 *   security groups bound to it and its address's signature.
 * - A node's: pool, zone, domain, readiness, labels, its addresses' and pod CIDR's signatures,
 *   its elastic IP's, its security groups, and the sorted signatures of the pods it runs.
 * - An object whose name appears anywhere in that spec (a route via node N, a hand-written
 *   endpoint's nodeName, an ingress controller's pods) is its own class, and so are the first
 *   node of the cluster, of each domain and of each pool (the engine picks "the first node" in
 *   places), the nodes and pod of the connection's source, its target pod, and any endpoint that
 *   is the client itself.
 * - An endpoint's: its port and conditions, its pod's signature (or its address's), and where it
 *   is relative to the node choosing it: on that node, or on a node of which class.
 * The engine's tests compare summarised answers with full enumeration on generated clusters
 * (test/net/alike.test.ts): path counts, outcome shares, per-pod shares and sources seen agree.
 */
import { cidrHas, ipFamilyOf, isCidr6, parseAnyCidr, type AnyCidr } from '../address/ip.js';
import type { ClusterSpec } from '../spec/types.js';
import { ownersOf, type ClusterState, type NodeState, type PodState, type ServiceEndpoint, type ServiceState } from '../model/state.js';
import { checkFanOut, PathLimitError } from './path-limit.js';
import { podBackend } from './delivery.js';
import type { AlikeBackend, Backend } from './types.js';
import type { Origin, Walk } from './walk.js';

/** Fan-outs of more paths than the `summarise-above` setting (default 1000) are summarised; below it every path is listed. */
export function summariseAbove(state: ClusterState): number {
  return state.spec.settings.summariseAbove;
}

/** Ranges the engine itself tests addresses against (private, shared, loopback, link-local, documentation). */
const ENGINE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '198.18.0.0/15', 'fc00::/7', 'fe80::/10', '::1/128', '2001:db8::/32'];

/** The names and address blocks the spec mentions outside nodes' and pods' own declarations. */
interface References {
  readonly names: ReadonlySet<string>;
  readonly blocks: readonly AnyCidr[];
}

const referencesBySpec = new WeakMap<ClusterSpec, References>();

function referencesOf(spec: ClusterSpec): References {
  const known = referencesBySpec.get(spec);
  if (known) return known;
  const names = new Set<string>();
  const blocks = new Map<string, AnyCidr>();
  const add = (text: string): void => {
    const c = parseAnyCidr(text);
    if (c) blocks.set(c.text, c);
  };
  for (const r of ENGINE_RANGES) add(r);
  const visit = (x: unknown, depth: number): void => {
    if (depth > 64) return;
    if (typeof x === 'string') {
      names.add(x);
      if (ipFamilyOf(x.split('/')[0] ?? '') !== undefined) add(x);
      return;
    }
    if (Array.isArray(x)) {
      for (const v of x) visit(v, depth + 1);
      return;
    }
    if (x !== null && typeof x === 'object') for (const [k, v] of Object.entries(x)) if (k !== 'span') visit(v, depth + 1);
  };
  for (const [k, v] of Object.entries(spec)) if (k !== 'nodes' && k !== 'pods' && k !== 'span') visit(v, 0);
  const refs = { names, blocks: [...blocks.values()] };
  referencesBySpec.set(spec, refs);
  return refs;
}

/** Per cluster state: the signatures, computed once. */
interface Signatures {
  readonly refs: References;
  readonly address: Map<string, string>;
  readonly pod: Map<PodState, string>;
  readonly node: Map<NodeState, string>;
  readonly podsOnNode: ReadonlyMap<string, readonly PodState[]>;
  /** Nodes the engine singles out by position: the first of the cluster, of each domain, of each pool. */
  readonly firstNodes: ReadonlySet<string>;
}

const signaturesByState = new WeakMap<ClusterState, Signatures>();

function signatures(state: ClusterState): Signatures {
  const known = signaturesByState.get(state);
  if (known) return known;
  const podsOnNode = new Map<string, PodState[]>();
  for (const p of state.pods) {
    const list = podsOnNode.get(p.spec.node);
    if (list) list.push(p);
    else podsOnNode.set(p.spec.node, [p]);
  }
  const firstNodes = new Set<string>();
  const seenDomain = new Set<string>();
  const seenPool = new Set<string>();
  state.nodes.forEach((n, i) => {
    const domain = n.spec.domain ?? '';
    const pool = n.pool ?? '';
    if (i === 0 || !seenDomain.has(domain) || !seenPool.has(pool)) firstNodes.add(n.name);
    seenDomain.add(domain);
    seenPool.add(pool);
  });
  const sigs: Signatures = { refs: referencesOf(state.spec), address: new Map(), pod: new Map(), node: new Map(), podsOnNode, firstNodes };
  signaturesByState.set(state, sigs);
  return sigs;
}

/** Which blocks hold the address: one character per block. */
function addressSignature(s: Signatures, ip: string | undefined): string {
  if (ip === undefined) return '-';
  const known = s.address.get(ip);
  if (known !== undefined) return known;
  let sig = '';
  for (const b of s.refs.blocks) sig += cidrHas(b, ip) ? '1' : '0';
  s.address.set(ip, sig);
  return sig;
}

/** How a block relates to every referenced block: 0 apart, 1 inside it, 2 holding it, 3 overlapping. */
function blockSignature(s: Signatures, text: string | undefined): string {
  const c = text === undefined ? undefined : parseAnyCidr(text);
  if (!c) return '-';
  let sig = '';
  for (const b of s.refs.blocks) {
    if (isCidr6(b) !== isCidr6(c)) sig += '0';
    else {
      const inside = cidrHas(b, firstAddress(c));
      const holds = cidrHas(c, firstAddress(b));
      sig += inside && b.prefix <= c.prefix ? '1' : holds && c.prefix <= b.prefix ? '2' : inside || holds ? '3' : '0';
    }
  }
  return sig;
}

function firstAddress(c: AnyCidr): string {
  return c.text.split('/')[0] ?? '';
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

function podSignature(state: ClusterState, s: Signatures, pod: PodState): string {
  const known = s.pod.get(pod);
  if (known !== undefined) return known;
  const sig = JSON.stringify(podFields(state, s, pod, true));
  s.pod.set(pod, sig);
  return sig;
}

/** A pod's signature as a list; `policy`: with its namespace and labels (else blanks). */
function podFields(state: ClusterState, s: Signatures, pod: PodState, policy: boolean): unknown[] {
  const p = pod.spec;
  const named = s.refs.names.has(pod.name) || s.refs.names.has(pod.key);
  return [
    named ? pod.key : '',
    policy ? pod.namespace : '',
    policy ? labelsText(p.labels) : '',
    // What the Istio sidecar stage reads beside namespace and labels (sidecar.ts).
    policy ? `${p.serviceAccount ?? ''} ${p.sidecarInject ?? ''}` : '',
    p.ports.map((c) => [c.name ?? '', c.containerPort, c.protocol, c.hostPort ?? '']),
    p.hostNetwork,
    p.ready,
    p.terminating,
    p.hostname ?? '',
    p.subdomain ?? '',
    p.dnsPolicy,
    pod.builtin,
    (state.securityGroupsByPod.get(pod.key) ?? []).map((g) => g.name),
    addressSignature(s, pod.ip),
  ];
}

function nodeSignature(state: ClusterState, s: Signatures, node: NodeState): string {
  const known = s.node.get(node);
  if (known !== undefined) return known;
  const sig = JSON.stringify([...nodeFields(state, s, node), (s.podsOnNode.get(node.name) ?? []).map((p) => podSignature(state, s, p)).sort()]);
  s.node.set(node, sig);
  return sig;
}

/** A node's signature as a list, without the signatures of its pods. */
function nodeFields(state: ClusterState, s: Signatures, node: NodeState): unknown[] {
  const n = node.spec;
  const named = s.refs.names.has(node.name) || s.firstNodes.has(node.name);
  return [
    named ? node.name : '',
    node.pool ?? '',
    node.zone ?? '',
    n.domain ?? '',
    n.ready,
    labelsText(n.labels),
    node.addresses.map((a) => addressSignature(s, a)),
    n.eip === undefined ? '-' : addressSignature(s, n.eip),
    blockSignature(s, node.podCidr),
    (state.securityGroupsByNode.get(node.name) ?? []).map((g) => g.name),
  ];
}

/** The objects one connection singles out: its source, its target pod, the client's address. */
export interface Distinct {
  readonly nodes: ReadonlySet<string>;
  readonly pods: ReadonlySet<PodState>;
  readonly addresses: ReadonlySet<string>;
}

export function distinctOf(state: ClusterState, origin: Origin, src: string, targetPod: PodState | undefined): Distinct {
  const nodes = new Set<string>();
  const pods = new Set<PodState>();
  if (origin.kind !== 'outside') nodes.add(origin.node.name);
  if (origin.kind === 'pod' && origin.pod) pods.add(origin.pod);
  if (targetPod) {
    pods.add(targetPod);
    nodes.add(targetPod.spec.node);
  }
  for (const o of ownersOf(state, src)) if (o.kind === 'node' || o.kind === 'eip') nodes.add(o.node.name);
  return { nodes, pods, addresses: new Set([src, origin.ip]) };
}

export function distinctOfWalk(state: ClusterState, w: Walk): Distinct {
  return distinctOf(state, w.origin, w.packet.src, w.targetPod);
}

/**
 * Classes of equivalent nodes, in the order of their first member (the representative); `extra`
 * adds what the caller tells nodes apart by (a load balancer's weight for the node).
 */
export function nodeClasses(state: ClusterState, nodes: readonly NodeState[], distinct: Distinct, extra?: (n: NodeState) => string): NodeState[][] {
  const s = signatures(state);
  const classes = new Map<string, NodeState[]>();
  for (const n of nodes) {
    const key = distinct.nodes.has(n.name) ? `node ${n.name}` : `${nodeSignature(state, s, n)}|${extra ? extra(n) : ''}`;
    const list = classes.get(key);
    if (list) list.push(n);
    else classes.set(key, [n]);
  }
  return [...classes.values()];
}

/**
 * Classes of equivalent nodes when a fan-out to `nodes`, each picking among the Service's
 * endpoints, is past `summarise-above` paths (src/net/alike.ts); undefined: every node is walked.
 * Past MAX_PATHS classes of paths even so, the connection fails with the numbers.
 */
export function summariseNodes(state: ClusterState, svc: ServiceState, j: number, distinct: Distinct, nodes: readonly NodeState[], extra?: (n: NodeState) => string): NodeState[][] | undefined {
  if (svc.spec.externalTrafficPolicy === 'Local') return undefined;
  const eps = svc.endpointsByPort[j] ?? [];
  if (nodes.length * Math.max(1, eps.length) <= summariseAbove(state)) return undefined;
  const why = `${nodes.length} nodes × ${eps.length} endpoints of Service ${svc.key}`;
  if (!summarisable(eps)) {
    checkFanOut(nodes.length, eps.length, why);
    return undefined;
  }
  const classes = nodeClasses(state, nodes, distinct, extra);
  checkFanOut(classes.length, endpointPathClasses(state, eps, distinct), `${why}, in ${classes.length} classes of nodes alike`);
  return classes;
}

/**
 * A walk that already stands for a class of paths meeting a second fan-out (an endpoint at a
 * load balancer's address, say): paths within summarised paths are not summarised, so the
 * connection fails with the numbers instead of miscounting.
 */
export function refuseNested(w: Walk, fanOut: number, what: string): void {
  if (w.alike) throw new PathLimitError(w.alike.paths * fanOut, `a summarised path meets a second fan-out, ${what}: netscn does not summarise paths within summarised paths`);
}

/** `via node n1`, or `via node n1 (1 of 2,000 nodes alike)`. */
export function alikeNodesText(node: NodeState, n: number): string {
  return n > 1 ? `via node ${node.name} (1 of ${n.toLocaleString('en-US')} nodes alike)` : `via node ${node.name}`;
}

/** One class of paths from kube-proxy's pick at a node. */
export interface EndpointClass {
  /** The representative: on the choosing node (`local`) or not. */
  readonly representative: ServiceEndpoint;
  readonly local: boolean;
  /** How many of the choosing node's picks the class holds. */
  readonly count: number;
  /** The fraction of the node's picks that fall in this class (members it picks / all it picks). */
  readonly fraction: number;
  /** Concrete paths the class stands for, over every node of the walk's node class. */
  readonly paths: number;
  /** Every backend of those paths with its share of all connections (`walkShare` × …). */
  readonly backends: readonly AlikeBackend[];
}

function podOfEndpoint(state: ClusterState, ep: ServiceEndpoint): PodState | undefined {
  if (ep.targetPod) {
    const p = state.podsByKey.get(`${ep.targetPod.namespace}/${ep.targetPod.name}`);
    if (p) return p;
  }
  return state.podsByIp.get(ep.address);
}

function backendOf(state: ClusterState, ep: ServiceEndpoint): Backend {
  const pod = podOfEndpoint(state, ep);
  return pod ? podBackend(pod, ep.address, ep.port) : { ip: ep.address, port: ep.port };
}

/** An endpoint's class: its own conditions, its pod's (or address's) signature, its node's. */
function endpointKey(state: ClusterState, s: Signatures, ep: ServiceEndpoint, distinct: Distinct): string {
  const pod = podOfEndpoint(state, ep);
  const epNode = ep.nodeName === undefined ? undefined : state.nodesByName.get(ep.nodeName);
  const self = distinct.addresses.has(ep.address) || (pod !== undefined && distinct.pods.has(pod));
  const where = epNode === undefined ? `off ${ep.nodeName ?? '-'}` : distinct.nodes.has(epNode.name) ? `node ${epNode.name}` : nodeSignature(state, s, epNode);
  return JSON.stringify([
    self ? ep.address : '',
    ep.port,
    ep.ready,
    ep.serving,
    ep.terminating,
    ep.zone ?? '',
    ep.hostname ?? '',
    ep.hintsForZones ?? [],
    pod ? podSignature(state, s, pod) : addressSignature(s, ep.address),
    where,
  ]);
}

/** Whether kube-proxy's picks among `eps` can be summarised at all (not under per-node hints). */
export function summarisable(eps: readonly ServiceEndpoint[]): boolean {
  return !eps.some((e) => e.hintsForNodes !== undefined && e.hintsForNodes.length > 0);
}

/** An upper bound on the classes of paths one node's pick among `eps` gives (two per class of endpoints). */
export function endpointPathClasses(state: ClusterState, eps: readonly ServiceEndpoint[], distinct: Distinct): number {
  const s = signatures(state);
  const keys = new Set<string>();
  for (const ep of eps) keys.add(endpointKey(state, s, ep, distinct));
  return 2 * keys.size;
}

/**
 * kube-proxy's pick at `node` among `chosen`, by classes. `summary` is the class of nodes the
 * walk stands for (`node` first; just `node` when the walk summarises no nodes): each of them
 * picks among the same endpoints, and an endpoint is local to at most one of them. `walkShare`
 * is the walk's share before the pick, for all of those nodes together. Each class of
 * equivalent endpoints gives at most two classes of paths: to a member on the choosing node,
 * and to a member elsewhere. Undefined when summarising is unsound here (per-node hints).
 */
export function endpointClasses(
  state: ClusterState,
  node: NodeState,
  chosen: readonly ServiceEndpoint[],
  distinct: Distinct,
  summary: readonly NodeState[],
  walkShare: number,
): EndpointClass[] | undefined {
  if (!summarisable(chosen)) return undefined;
  const s = signatures(state);
  const groups = new Map<string, ServiceEndpoint[]>();
  for (const ep of chosen) {
    const key = endpointKey(state, s, ep, distinct);
    const list = groups.get(key);
    if (list) list.push(ep);
    else groups.set(key, [ep]);
  }
  const inSummary = new Set(summary.map((n) => n.name));
  const isIn = (ep: ServiceEndpoint): boolean => ep.nodeName !== undefined && inSummary.has(ep.nodeName);
  const each = walkShare / summary.length / chosen.length;
  const out: EndpointClass[] = [];
  // One class of paths: `picked` are the members this node picks in it, `backends` every
  // backend the class's paths land on over the summary, each with its share.
  const add = (picked: readonly ServiceEndpoint[], local: boolean, paths: number, backends: readonly AlikeBackend[]): void => {
    const representative = picked[0];
    if (representative !== undefined) out.push({ representative, local, count: picked.length, fraction: picked.length / chosen.length, paths, backends });
  };
  for (const members of groups.values()) {
    const own = members.filter(isIn);
    // On the node: each node of the summary picks its own members of the class.
    add(
      members.filter((ep) => ep.nodeName === node.name),
      true,
      own.length,
      own.map((ep) => ({ backend: backendOf(state, ep), share: each })),
    );
    // Elsewhere: every node of the summary picks every member but its own.
    add(
      members.filter((ep) => ep.nodeName !== node.name),
      false,
      summary.length * members.length - own.length,
      members.flatMap((ep) => (isIn(ep) && summary.length === 1 ? [] : [{ backend: backendOf(state, ep), share: each * (summary.length - (isIn(ep) ? 1 : 0)) }])),
    );
  }
  return out;
}

/**
 * Where a for-all assertion (src/run/forall-classes.ts) may count two pods as one: which parts
 * of the engine a connection between them can reach.
 * - `any`: every path the engine has (Services and their fan-outs, node addresses, hostPorts):
 *   the pod's signature and its node's full signature, which holds the signatures of every pod
 *   on the node (the endpoints a fan-out may find local).
 * - `pod-ip`: only connections from a pod or node to a pod's own address (not a hostNetwork
 *   pod, whose address is its node's). The packet is then walked through the source node's
 *   rules, where kube-proxy (kube-proxy.ts, `kubeProxy`) finds only the destination pod among
 *   the address's owners, routed over the bridge or across nodes (routing.ts, `routeFromNode`:
 *   network domains, encapsulation, the receiving instance's or pod's security groups) and
 *   delivered by delivery.ts `deliverToPod` (NetworkPolicy, the pod's declared ports). None of
 *   these reads which other pods run on a node: the hostNetwork pods and hostPorts of a node are
 *   read only for a packet to a node address (delivery.ts `deliverToNode`, routing.ts `atNode`),
 *   and Service endpoints only for a Service address. So the node's part of the signature drops
 *   its ordinary pods and keeps, for safety, the signatures of its hostNetwork pods (which
 *   NetworkPolicy treats as the node itself).
 * - `pod-ip-path`: as `pod-ip`, with the pod's namespace and labels left out: what NetworkPolicy
 *   alone reads of them, for a caller that takes the policy verdict of each pair from the
 *   reachability matrix (src/run/forall-matrix.ts says why that is sound).
 * Whether the source and target pods share a node, and which node a check names, is the
 * caller's part of the key, not the signature's.
 */
export type ForAllScope = 'any' | 'pod-ip' | 'pod-ip-path';

const forAllByState = new WeakMap<ClusterState, Map<string, string>>();

/** A pod's for-all signature in `scope` (see ForAllScope); undefined when the state has no such pod. */
export function forAllSignature(state: ClusterState, namespace: string, name: string, scope: ForAllScope): string | undefined {
  const pod = state.podsByKey.get(`${namespace}/${name}`);
  if (!pod) return undefined;
  let memo = forAllByState.get(state);
  if (!memo) {
    memo = new Map();
    forAllByState.set(state, memo);
  }
  const memoKey = `${scope} ${pod.key}`;
  const known = memo.get(memoKey);
  if (known !== undefined) return known;
  const s = signatures(state);
  const node = pod.node;
  const nodeSig = node === undefined ? '-' : scope === 'any' ? nodeSignature(state, s, node) : nodePathSignature(state, s, node, memo);
  const podSig = scope === 'pod-ip-path' ? JSON.stringify(podFields(state, s, pod, false)) : podSignature(state, s, pod);
  const sig = `${podSig}|${nodeSig}`;
  memo.set(memoKey, sig);
  return sig;
}

/** A node's signature for pod-ip connections: its full signature's fields without its ordinary pods. */
function nodePathSignature(state: ClusterState, s: Signatures, node: NodeState, memo: Map<string, string>): string {
  const known = memo.get(`node ${node.name}`);
  if (known !== undefined) return known;
  const hostNetwork = (s.podsOnNode.get(node.name) ?? []).filter((p) => p.spec.hostNetwork).map((p) => podSignature(state, s, p)).sort();
  const sig = JSON.stringify([...nodeFields(state, s, node), hostNetwork]);
  memo.set(`node ${node.name}`, sig);
  return sig;
}
